"""Which articles are alike: TF-IDF vectors over their signature terms and the pairs whose
cosine is worth keeping, found through an inverted index of each article's strongest terms
within a time window. ``PairIndex.build`` does it from scratch; ``PairIndex.update`` redoes
only what an edit can change, with the same result bit for bit (a long-running ``serve``
regroups ten thousand articles per save this way).

What an edit of article X can change: the document frequency of the terms X gained or lost,
hence the IDF of those terms, hence the vectors of the articles holding any of them (their
weights and norms) and every pair touching one of those articles. Nothing else moves, as
long as the number of articles does not (the IDF's base and the "too common" bar depend on
it); when it does, or the articles are not the same ones in the same order, ``update`` says
so and the index is built again.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter

from ..models import Article

TOP_TERMS = 30
"""Terms of an article the candidate search uses (its strongest by TF-IDF)."""
KEEP = 80
"""Terms of an article's vector (its strongest)."""
MIN_SHARED = 3
"""Candidate pairs share at least this many of their TOP_TERMS."""
WINDOW_DAYS = 3.0
"""Articles further apart in time are not compared (undated articles never are)."""
RELATED = 0.05
"""Pairs under this cosine are not kept."""
SUBLINEAR = [0.0] + [1 + math.log(k) for k in range(1, 256)]
"""1 + ln(tf), by count."""
BACKGROUND = 50
"""IDF counts a small site as if it had this many articles: five reports of one story are
then alike by the words they share, not set apart by the few each uses alone."""
COMMON = 0.05
"""A term in more than this share of the articles (at least 50 of them) links nothing."""


def terms(article: Article) -> dict[int, int]:
    """The signature's term ids and counts (``stories.signature``)."""
    blob = article.story_terms
    n = len(blob) // 5
    ids = array("I")
    ids.frombytes(blob[n:])
    return dict(zip(ids, blob[:n], strict=True))


def _when(a: Article) -> float | None:
    d: datetime | None = a.meta.date
    return d.timestamp() if d else None


class Weights:
    """Sublinear TF times smoothed IDF (``1 + ln((1 + n) / (1 + df))``, so words every
    article uses still count a little in a small site); terms in more than COMMON of a
    large corpus have none. Each term's IDF is worked out once (on first use) and kept, so
    a vector costs a lookup per term, not a logarithm: build one after ``df`` last changes."""

    def __init__(self, df: Counter[int], n: int) -> None:
        self.df, self.n = df, n
        self.too_common = max(50, int(COMMON * n))
        self.base = max(n, BACKGROUND)
        self.idf = _Idf(self)

    def has(self, df: int) -> bool:
        return df <= self.too_common or self.n < 50

    def vector(self, counts: dict[int, int]) -> dict[int, float]:
        """L2-normalised, cut to its KEEP strongest terms (ties: signature order)."""
        idf = self.idf
        weights = {t: SUBLINEAR[k] * w for t, k in counts.items() if (w := idf[t])}
        top = sorted(weights.items(), key=itemgetter(1), reverse=True)[:KEEP]  # heapq.nlargest's result, faster here
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top}


class _Idf(dict[int, float]):
    """Term -> IDF, 0.0 for a term too common to count (a real IDF is at least 1)."""

    def __init__(self, weights: Weights) -> None:
        super().__init__()
        self.weights = weights

    def __missing__(self, term: int) -> float:
        w = self.weights
        d = w.df[term]
        value = 1 + math.log((1 + w.base) / (1 + d)) if w.has(d) else 0.0
        self[term] = value
        return value


def vectors(counts: Sequence[dict[int, int]]) -> list[dict[int, float]]:
    df: Counter[int] = Counter()
    for c in counts:
        df.update(c.keys())
    w = Weights(df, len(counts))
    return [w.vector(c) for c in counts]


def cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


@dataclass
class PairIndex:
    """The pairs of ``articles`` over RELATED, and what finding them again needs."""

    articles: list[Article]
    counts: list[dict[int, int]]
    df: Counter[int]
    vectors: list[dict[int, float]]
    tops: list[list[int]]
    times: list[float | None]
    postings: dict[int, list[tuple[float, int]]]
    """Term -> (time, index) of the dated articles having it among their TOP_TERMS, sorted."""
    pairs: dict[tuple[int, int], float]
    """(i, j) with i < j -> cosine."""

    @classmethod
    def build(cls, articles: Sequence[Article]) -> PairIndex:
        counts = [terms(a) for a in articles]
        df: Counter[int] = Counter()
        for c in counts:
            df.update(c.keys())
        w = Weights(df, len(counts))
        vecs = [w.vector(c) for c in counts]
        times = [_when(a) for a in articles]
        tops = [list(v)[:TOP_TERMS] for v in vecs]
        postings: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for t, i in sorted((t, i) for i, t in enumerate(times) if t is not None):
            for term in tops[i]:
                postings[term].append((t, i))
        index = cls(list(articles), counts, df, vecs, tops, times, postings, {})
        for i in range(len(articles)):
            index._pairs_of(i, later_only=True)
        return index

    def sorted_pairs(self) -> list[tuple[int, int, float]]:
        return sorted((i, j, c) for (i, j), c in self.pairs.items())

    def update(self, articles: Sequence[Article]) -> PairIndex | None:
        """This index brought up to ``articles`` (the same articles, in the same order,
        some edited), in place; None when they are not (build it again)."""
        old = self.articles
        if len(articles) != len(old):
            return None
        edited = []
        for i, (a, b) in enumerate(zip(old, articles, strict=True)):
            if a is b:
                continue
            if a.url != b.url or _when(a) != _when(b):
                return None
            if a.story_terms != b.story_terms:
                edited.append(i)
        self.articles = list(articles)
        if not edited:
            return self
        weights = Weights(self.df, len(articles))
        moved: set[int] = set()
        for i in edited:
            before, after = self.counts[i], terms(articles[i])
            for t in before.keys() - after.keys():
                self.df[t] -= 1
                if weights.has(self.df[t] + 1) or weights.has(self.df[t]):
                    moved.add(t)
            for t in after.keys() - before.keys():
                self.df[t] += 1
                if weights.has(self.df[t] - 1) or weights.has(self.df[t]):
                    moved.add(t)
            self.counts[i] = after
        weights = Weights(self.df, len(articles))  # the IDFs of the new document frequencies
        touched = set(edited)
        if moved:
            # dict_keys.isdisjoint(set) looks up the few moved terms, not the article's hundreds
            touched.update(j for j, c in enumerate(self.counts) if not c.keys().isdisjoint(moved))
        for j in touched:
            self.vectors[j] = weights.vector(self.counts[j])
            top = list(self.vectors[j])[:TOP_TERMS]
            when = self.times[j]
            if when is not None and top != self.tops[j]:
                for term in self.tops[j]:
                    plist = self.postings[term]
                    del plist[bisect.bisect_left(plist, (when, j))]
                for term in top:
                    bisect.insort(self.postings[term], (when, j))
            self.tops[j] = top
        self.pairs = {p: c for p, c in self.pairs.items() if p[0] not in touched and p[1] not in touched}
        for j in sorted(touched):
            self._pairs_of(j, later_only=False)
        return self

    def _pairs_of(self, i: int, later_only: bool) -> None:
        """Add the pairs of article i: with the later articles in its window, and with the
        earlier ones too unless ``later_only``. The cosine is always taken from the earlier
        article's side, as a full build does, so the sums are the same to the last bit."""
        ti = self.times[i]
        if ti is None:
            return
        window = WINDOW_DAYS * 86400
        n = len(self.times)
        shared: Counter[int] = Counter()
        for term in self.tops[i]:
            plist = self.postings[term]
            k = bisect.bisect_right(plist, (ti, i))
            end = bisect.bisect_right(plist, (ti + window, n))
            for _, j in plist[k:end]:
                shared[j] += 1
            if not later_only:
                start = bisect.bisect_left(plist, (ti - window - 1.0, -1))
                for tj, j in plist[start : k - 1 if k and plist[k - 1][1] == i else k]:
                    if ti <= tj + window:  # the earlier article's window, as its own search reads it
                        shared[j] += 1
        for j, k in shared.items():
            if k < MIN_SHARED:
                continue
            first, second = (i, j) if (ti, i) < (self.times[j], j) else (j, i)
            c = cosine(self.vectors[first], self.vectors[second])
            if c >= RELATED:
                self.pairs[(min(i, j), max(i, j))] = c
