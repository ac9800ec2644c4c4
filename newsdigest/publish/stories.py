"""Articles -> stories: the same story told by several outlets, found at build time, and
exact or near copies of one article, published once.

Each article becomes a TF-IDF vector over its content words (the headline counts three
times), cut to its strongest terms. Candidate pairs share at least a few of those terms
and were published within a few days of each other (an inverted index: nothing compares
every article with every other); a pair whose cosine is over the threshold (a higher one for
two articles of the same outlet) links two stories, strongest pair first, when the stories
are still alike on average over all their articles (average linkage: one chance likeness
between two articles does not chain two stories, and everything told by either, into one).
Grouping is worked out afresh each build in which anything it reads changed (``grouping``
keeps the last result for the others), so it can change as the site grows; every
article's slug answers under /stories/ (the story, or a redirect), so no story URL ever
published goes away.

A story's id is the slug of its earliest article (date, then URL): a newer article joining
it keeps the id; when two stories merge, the older one's id stays. Every other member's
slug becomes a redirect to the story, so any story URL ever published (which was some
member's slug) still answers. ``story: <slug>`` forces an article into a story of that id;
``story: false`` keeps it out.

Copies (word 5-shingle Jaccard over 0.7, within the same window) are published once: the
earliest copy is the article, the others are listed as its other sources.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..models import Article, Story
from .similar import WINDOW_DAYS, PairIndex, cosine, terms, vectors
from .taxonomy import outlet_key

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
"""A word: three or more letters (``words`` finds them faster, the same ones)."""
_NOT_LETTERS = str.maketrans(dict.fromkeys((c for c in map(chr, range(128)) if not c.isalpha()), " "))
_PUNCTUATION = "".join(c for c in map(chr, range(33, 127)) if not c.isalnum() and c != "_") + "“”‘’„‚«»‹›–—…·•¡¿"
"""Marks that are never part of a word (``\\W``), stripped from a token's ends."""
MARKUP = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+")
_DIGITS = re.compile(r"\d+")
THRESHOLD = 0.2
"""Cosine over which two articles report one story."""
SAME_OUTLET = 0.6
"""The cosine two articles of one outlet need: a digest puts together what *several* outlets
report. One outlet's posts on a running subject (daily forecasts, a team's injury notes, a
company's press releases) share its template (byline, sign-off, boilerplate) and its
subject, and read as alike as two outlets' reports of one event; an outlet's own update of
a story, or its second report of one event, repeats most of it. Among the real pages
bench/stories.py draws, the pairs of one outlet's pages over 0.3 that were read by hand
(bench/stories_same_event.txt) are 20 other events from 0.30 to 0.57 (forecasts, releases,
a series' parts) and 3 one event: at 0.32 (a company's two posts on one acquisition, which
this bar keeps apart), 0.64 (an event announced and then reminded of) and 0.97 (a wire
story under two headlines)."""
RELATED_SHOWN = 3
COPY_JACCARD = 0.7
"""Shingle overlap over which one article is a copy of another."""
MIN_TERMS = 25
"""An article with fewer distinct terms (a note, a stub) is too short to group by its words."""
MIN_SKETCH = 16
"""Nor can a text of fewer shingles be called a copy."""
SHORT_COPY_JACCARD = 0.9
"""The copy bar for texts too short to group: one word changed in a 40-word notice (another
weekday, another place) leaves 0.76 of its shingles; a brief two feeds carry is verbatim."""
SHORT_BANDS = 4
"""A short article is compared with those sharing one of its sketch's this many smallest
hashes (a copy, SHORT_COPY_JACCARD alike, shares one of them all but never)."""
SHORT_NEIGHBOURS = 8
"""In a bucket, in date order, each article is compared with this many after it: a text
repeated by many feeds chains into one group, and a hash shared by a feed's boilerplate costs
no more than its length."""
_STOP_WORDS = (
    "about above after again against also among another around because been before being below between "
    "both but can could did does doing down during each even every few for from further had has have "
    "having her here hers herself him himself his how into its itself just more most much must near not "
    "now off once only other our ours out over own said same say says she should since some such than "
    "that the their theirs them then there these they this those through too under until upon very was "
    "were what when where which while who whom why will with within without would yet you your yours also "
    "according told week year years new one two three first last mr ms mrs der die das und den dem des "
    "ein eine einer eines mit von für auf ist sich nicht als auch les des une est dans pour par sur qui "
    "que avec plus pas del las los una por con para que como más "
)
_DATE_AND_PAGE_WORDS = (
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue wed thu "
    "fri sat sun am pm today yesterday tomorrow updated posted comments comment share read more "
)
"""When a report was written and the page around it say nothing of which story it tells (two
reports of one month share its name; the time window already weighs the dates)."""
STOP = frozenset((_STOP_WORDS + _DATE_AND_PAGE_WORDS).split())


@dataclass(frozen=True, slots=True)
class Stories:
    stories: tuple[Story, ...]
    """Stories of two or more articles, by id."""
    story_of: dict[str, Story] = field(default_factory=dict)
    """Article URL -> its story (articles in a story only)."""
    copies: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    """Article URL -> the copies of it that are not published as pages."""
    copy_of: dict[str, Article] = field(default_factory=dict)
    """A copy's URL -> the article published in its place."""
    related: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    """Article URL -> the most similar articles of other stories, most similar first."""


NAME = re.compile(r"[A-ZÀ-ÖØ-Þ](?<!\w.)[\w’'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+)*")
"""A name: a run of capitalised words. The capital is matched first and the word boundary
before it checked after (no word character before it), not ``\\b`` first: a pattern that
starts with a letter class is scanned for in C, one that starts with ``\\b`` tried at
every character (4x slower, the same matches)."""


LEAD_CHARS = 6000
"""Text beyond this many characters is not read (long pages cost time and add little)."""


SIGNATURE_TERMS = 400
"""Terms an article's signature keeps (its most frequent)."""
SKETCH = 64
"""Shingle hashes in a copy sketch (bottom-k)."""
SKETCH_WORDS = 500
"""A copy is the same text: its first this many words tell it as well as the whole does."""
NUMBERS_CHARS = 3000
"""The stretch of text whose numbers ``stated_numbers`` reads."""


class _WordIds(dict[str, int]):
    """Word -> its CRC-32, each word hashed once per process (a text repeats most of its words,
    and one site's texts each other's). Cleared when it grows past ``LIMIT`` words, so a
    long-running process (serve) keeps it bounded."""

    LIMIT = 200_000

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


_WORD_IDS = _WordIds()


def words(text: str) -> list[str]:
    """``WORD.findall(text)``, the same list, at a third of the cost or less (the regex tries
    its class at every character; this is a split in C and a check per token): an ASCII text
    becomes letters and spaces by one ``translate``; another is split at white space, each
    token stripped of punctuation, and only a token that is then not all letters (a digit,
    an underscore or a rare mark inside it) is handed to the regex. Every character these
    set aside is one ``WORD`` cannot match, so no match is cut or joined."""
    if text.isascii():
        return [w for w in text.translate(_NOT_LETTERS).split() if len(w) > 2]
    out: list[str] = []
    for token in text.split():
        w = token.strip(_PUNCTUATION)
        if w.isalpha():
            if len(w) > 2:
                out.append(w)
        elif w:
            out += WORD.findall(w)
    return out


def _lead(body: str) -> str:
    """What grouping reads of a body: its first LEAD_CHARS characters, markup and links left out."""
    return MARKUP.sub(" ", body[:LEAD_CHARS])


def count_terms(title: str, body: str) -> Counter[str]:
    """Content words of the text (the headline's three times) and, as terms of their own,
    the names it mentions (capitalised runs: ``Vladimir Putin``, ``Black Sea``): outlets
    reporting one event name the same people and places in different words."""
    lead = _lead(body)
    return _count(title, lead, words(lead.casefold()))


def _count(title: str, lead: str, found: list[str]) -> Counter[str]:
    """``count_terms`` of a lead whose words (``words`` of its casefolded text) are at hand."""
    counts = Counter(found)  # counted in C; the stop words are dropped after
    for stop in STOP & counts.keys():
        del counts[stop]
    for w in words(title.casefold()):
        if w not in STOP:
            counts[w] += 3
    for name, n in Counter(NAME.findall(lead)).items():  # each distinct name once
        parts = name.casefold().split()
        while parts and parts[0] in STOP:  # ``The``, ``Updated Monday``: no part of a name
            parts.pop(0)
        while parts and parts[-1] in STOP:
            parts.pop()
        if parts:
            counts["name:" + " ".join(parts)] += 2 * n
    return counts


def signature(title: str, body: str) -> tuple[bytes, bytes]:
    """(terms, sketch) of an article, compact enough to keep on every Article (and in the
    build cache), computed once per file version where the body is at hand. The terms are
    its SIGNATURE_TERMS most frequent, as CRC-32 ids (4 bytes each) after their counts (one
    byte each, capped at 255): grouping 10,000 articles reads them back with C-level calls.
    The sketch is the SKETCH smallest hashes of the word 5-shingles of its first SKETCH_WORDS
    words (bottom-k MinHash), smallest first, packed the same way."""
    lead = _lead(body)
    found = words(lead.casefold())
    counts = _count(title, lead, found)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:SIGNATURE_TERMS]
    ids = array("I", [_WORD_IDS[t] for t, _ in top])
    terms_blob = bytes(min(k, 255) for _, k in top) + ids.tobytes()
    # A shingle's hash is the CRC-32 of its five words' ids (20 bytes of one buffer): one
    # C call per shingle, no string made for it.
    packed = array("I", map(_WORD_IDS.__getitem__, found[:SKETCH_WORDS])).tobytes()
    hashes = {zlib.crc32(packed[i : i + 20]) for i in range(0, len(packed) - 16, 4)}
    return terms_blob, array("I", sorted(hashes)[:SKETCH]).tobytes()


def stated_numbers(body: str) -> str:
    """A hash of the numbers a text states, in order. A sketch's words leave numbers out, and in
    a short text they are often all that differs between two reports (a day's weather, a
    match's score, a price): copies of a short text agree on them."""
    return zlib.crc32(" ".join(_DIGITS.findall(MARKUP.sub(" ", body[:NUMBERS_CHARS]))).encode()).to_bytes(4).hex()


def term_count(article: Article) -> int:
    return len(article.story_terms) // 5


def _hashes(article: Article) -> array[int]:
    """Its sketch's hashes, smallest first."""
    return array("I", article.sketch)


def _sketch(article: Article) -> set[int]:
    return set(_hashes(article))


def _copy(a: set[int], b: set[int], bar: float = COPY_JACCARD) -> bool:
    """Jaccard of two bottom-k sketches at least ``bar`` (estimated from the k smallest of
    their union, as MinHash does)."""
    if len(a) < MIN_SKETCH or len(b) < MIN_SKETCH:
        return False
    union = sorted(a | b)[:SKETCH]
    both = sum(1 for h in union if h in a and h in b)
    return both / len(union) >= bar


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _outlets(articles: Sequence[Article]) -> list[str]:
    """Who published each: its outlet (as on /sources/), else the host of its source URL; ""
    for an article with no source, which is the site's own (its editors wrote it): all of
    those are one outlet. Worked out once per distinct source (a site has few outlets)."""
    known: dict[object, str] = {}
    out = []
    for a in articles:
        src = a.meta.source
        if src not in known:
            known[src] = (
                (outlet_key(a) or (urlsplit(src.url).hostname or "").removeprefix("www.")) if src is not None else ""
            )
        out.append(known[src])
    return out


def _link(pairs: list[tuple[int, int, float]], outlets: list[str], n: int) -> _Union:
    """The stories among n articles. Two articles of one outlet count SAME_OUTLET - THRESHOLD
    less alike than their cosine (their bar is that much higher: an outlet's post joins a
    story by its likeness to what the other outlets report, not through the outlet's own
    report, alike by its template and its subject). Each pair so alike by at least
    THRESHOLD, strongest cosine first (ties by index), joins the stories of its two articles
    when they are still alike by THRESHOLD on average over every pair of articles across
    them (a pair the index did not keep counts 0). Two articles alone join on their own
    likeness; a story and a chance likeness to one of its articles do not."""
    union = _Union(n)
    near: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j, c in pairs:
        near[i][j] = near[j][i] = c if outlets[i] != outlets[j] else c - (SAME_OUTLET - THRESHOLD)
    members: dict[int, list[int]] = {}
    links = sorted(((c, i, j) for i, j, c in pairs if near[i][j] >= THRESHOLD), key=lambda t: (-t[0], t[1], t[2]))
    for _, i, j in links:
        a, b = union.find(i), union.find(j)
        if a == b:
            continue
        small, large = sorted((members.get(a, [a]), members.get(b, [b])), key=len)
        inside = set(large)
        total = sum(c for x in small for y, c in near[x].items() if y in inside)
        if total < THRESHOLD * len(small) * len(large):
            continue
        union.join(a, b)
        members.pop(a, None)
        members.pop(b, None)
        members[union.find(a)] = small + large
    return union


def _order(a: Article) -> tuple:
    d = a.meta.date
    return (d.timestamp() if d else float("inf"), a.url)


def group(articles: Sequence[Article], index: PairIndex | None = None) -> tuple[Stories, PairIndex]:
    """The stories among the published articles (newest first in, as ``Site.articles``),
    and the pair index they were found with. ``index``: the last build's, brought up to
    these articles when they are the same ones (edited), else built anew."""
    auto = [a for a in articles if a.meta.story is None and term_count(a) >= MIN_TERMS]
    index = (index and index.update(auto)) or PairIndex.build(auto)
    pairs = index.sorted_pairs()
    union = _link(pairs, _outlets(auto), len(auto))
    groups: dict[str, list[Article]] = defaultdict(list)
    roots = [union.find(i) for i in range(len(auto))]
    sizes = Counter(roots)
    for a, root in zip(auto, roots, strict=True):
        if sizes[root] > 1:  # an article alone is no story and has no copy: most of them
            groups[f"auto:{root}"].append(a)
    for a in articles:
        if a.meta.story:
            groups[f"forced:{a.meta.story}"].append(a)
    for members in _short_copies(articles):
        groups[f"copy:{members[0].url}"] = members
    # Copies: within a group, an article whose text is mostly another's.
    copy_of: dict[str, Article] = {}
    copies: dict[str, list[Article]] = defaultdict(list)
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=_order)
        sketches = {a.url: _sketch(a) for a in ordered}
        for k, a in enumerate(ordered):
            if a.url in copy_of:
                continue
            for b in ordered[k + 1 :]:
                if b.url in copy_of:
                    continue
                if _copy(sketches[a.url], sketches[b.url]):
                    copy_of[b.url] = a
                    copies[a.url].append(b)
    stories = []
    story_of: dict[str, Story] = {}
    for key, members in groups.items():
        published = [a for a in members if a.url not in copy_of]
        if len(published) < 2 and not key.startswith("forced:"):
            continue
        if not published:
            continue
        first = min(published, key=_order)
        story_id = key.split(":", 1)[1] if key.startswith("forced:") else first.slug
        newest = tuple(sorted(published, key=lambda a: a.sort_key))
        central = _central(newest)
        aliases = tuple(sorted({a.slug for a in members} - {story_id}))
        story = Story(story_id, newest, central, aliases)
        stories.append(story)
        for a in members:
            story_of[a.url] = story
    stories.sort(key=lambda s: s.id)
    found = Stories(
        tuple(stories),
        story_of,
        {k: tuple(v) for k, v in copies.items()},
        copy_of,
        _related(auto, pairs, union, copy_of),
    )
    return found, index


def _short_copies(articles: Sequence[Article]) -> list[list[Article]]:
    """Copies among the articles too short to group by their words (a wire brief, or a feed's
    summary that two feeds carry): each group, earliest first, of articles published within
    WINDOW_DAYS of each other (undated ones are never compared) whose sketches are alike at
    SHORT_COPY_JACCARD and whose numbers agree. Candidates share one of their sketch's
    SHORT_BANDS smallest hashes, so nothing compares every short article with every other."""
    short = sorted(
        (a for a in articles if a.meta.story is None and a.meta.date is not None and term_count(a) < MIN_TERMS),
        key=_order,
    )
    sketches = [_sketch(a) for a in short]
    times = [_order(a)[0] for a in short]
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, a in enumerate(short):
        if len(sketches[i]) >= MIN_SKETCH:
            for h in _hashes(a)[:SHORT_BANDS]:
                buckets[h].append(i)
    union = _Union(len(short))
    window = WINDOW_DAYS * 86400
    for members in buckets.values():
        for k, i in enumerate(members):
            for j in members[k + 1 : k + 1 + SHORT_NEIGHBOURS]:
                if times[j] - times[i] > window:
                    break  # members are in date order: the rest are later still
                same_numbers = short[i].numbers == short[j].numbers
                if (
                    same_numbers
                    and union.find(i) != union.find(j)
                    and _copy(sketches[i], sketches[j], SHORT_COPY_JACCARD)
                ):
                    union.join(i, j)
    found: dict[int, list[Article]] = defaultdict(list)
    for i, a in enumerate(short):
        found[union.find(i)].append(a)
    return [members for members in found.values() if len(members) > 1]


def _related(
    auto: list[Article], pairs: list[tuple[int, int, float]], union: _Union, copy_of: dict[str, Article]
) -> dict[str, tuple[Article, ...]]:
    """For each article, the RELATED_SHOWN most similar articles in other stories (one per
    story: its newest), ties broken by URL so the choice is the same every build."""
    near: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, j, c in pairs:
        if union.find(i) != union.find(j):
            near[i].append((c, j))
            near[j].append((c, i))
    out = {}
    for i, cands in near.items():
        if auto[i].url in copy_of:
            continue
        chosen: list[Article] = []
        seen_groups: set[int] = set()
        for _, j in sorted(cands, key=lambda t: (-t[0], auto[t[1]].url)):
            g = union.find(j)
            if g in seen_groups or auto[j].url in copy_of:
                continue
            seen_groups.add(g)
            chosen.append(auto[j])
            if len(chosen) == RELATED_SHOWN:
                break
        out[auto[i].url] = tuple(chosen)
    return out


def _central(articles: tuple[Article, ...]) -> Article:
    """The member with the highest summed similarity to the others (ties: the earliest)."""
    if len(articles) <= 2:
        return min(articles, key=_order)
    vecs = vectors([terms(a) for a in articles])
    scores = [sum(cosine(v, w) for w in vecs) for v in vecs]
    best = max(range(len(articles)), key=lambda i: (scores[i], -_order(articles[i])[0], articles[i].url))
    return articles[best]
