"""Story grouping on a generated corpus with planted rewrites: recall of the planted pairs,
the share of predicted pairs that are false, and the time, at several sizes.

    python bench/stories.py                     # 1,000 / 10,000 / 30,000 articles
    python bench/stories.py --sizes 2000 --seed 3

The articles are real: the gold texts of ../shared/eval-train (news and blog pages of
2007-2013 and CleanEval's web pages, read from there, never copied; not Readability's
test pages, which are lorem ipsum copies of each other). A quarter of them get a
planted rewrite, as another outlet would write the same story: paragraphs reordered, a new
headline (another sentence of the text), 30 % of the sentences replaced by sentences of
texts kept out of the corpus, dated within two days. Everything else is a distractor, including the many
articles on the same subjects (2012 elections, the same companies, the same sports) that
are other events. Bigger sizes reuse texts at dates more than a month apart (other events
by the window), so cost can be measured at 30,000. Each article's outlet is its page's host
(the corpora give a URL for most pages; the rest have none); a rewrite is another outlet's.

A predicted pair is two articles grouped into one story; it is false when they are not a
planted pair (real same-story articles the corpora happen to hold count against us). A
second figure counts as right the pairs of corpus pages that report one event, read by
hand and listed in bench/stories_same_event.txt (with the rule used to judge them).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsdigest.models import Article, FrontMatter, Source  # noqa: E402
from newsdigest.publish.similar import PairIndex, cosine  # noqa: E402
from newsdigest.publish.stories import group, signature, stated_numbers  # noqa: E402

SHARED = ROOT.parent / "shared"
OUTLET: dict[str, str] = {}
"""Page key -> the outlet that published it (its URL's host; "" where the corpus gives no URL)."""
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
SAME_EVENT = Path(__file__).resolve().parent / "stories_same_event.txt"


def same_event() -> set[frozenset[str]]:
    """Pairs of page keys read as two reports of one event."""
    lines = SAME_EVENT.read_text(encoding="utf-8").splitlines()
    return {frozenset(line.split()[:2]) for line in lines if line.strip() and not line.startswith("#")}


def texts() -> list[tuple[str, str]]:
    """(page key, gold text) of every usable page."""
    truth = json.loads((SHARED / "eval-train/ground-truth.json").read_text(encoding="utf-8"))
    for key, page in truth.items():
        OUTLET[key] = (urlsplit(page["url"]).hostname or "").removeprefix("www.")
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key in sorted(truth):
        if truth[key]["set"] == "readability":
            continue  # its test pages share lorem ipsum: copies of each other, not articles
        body = truth[key]["articleBody"]
        if 120 <= len(body.split()) <= 3000 and body not in seen:  # a page two corpora hold is one text
            seen.add(body)
            out.append((key, body))
    return out


def sentences(text: str) -> list[list[str]]:
    """Paragraphs as lists of sentences."""
    return [SENTENCE.split(p.strip()) for p in text.split("\n\n") if p.strip()]


def rewrite(text: str, pool: list[str], rng: random.Random) -> tuple[str, str]:
    """(headline, body) of another outlet's version of the same story."""
    paras = sentences(text)
    rng.shuffle(paras)
    out = []
    for para in paras:
        out.append(" ".join(rng.choice(pool) if rng.random() < 0.3 else s for s in para))
    flat = [s for p in paras for s in p if 30 <= len(s) <= 160]
    title = rng.choice(flat) if flat else out[0][:80]
    return title.rstrip("."), "\n\n".join(out)


def article(n: int, title: str, body: str, when: datetime, outlet: str) -> Article:
    slug = f"a{n:06d}"
    story_terms, sketch = signature(title, body)
    return Article(
        path=f"content/{slug}.md",
        body_line=1,
        meta=FrontMatter(title=title, date=when, source=Source(name=outlet) if outlet else None),
        body=body,
        content_hash=slug,
        slug=slug,
        url=f"/{slug}/",
        story_terms=story_terms,
        sketch=sketch,
        numbers=stated_numbers(body),
    )


def corpus(size: int, seed: int) -> tuple[list[Article], set[frozenset[str]], dict[str, str]]:
    """The articles, the planted pairs (as URL pairs) and each article's page key."""
    rng = random.Random(seed)
    everything = texts()
    rng.shuffle(everything)
    # Replacement sentences come from texts that are never articles here: a rewrite must not
    # become a partial copy of some other article of the corpus.
    reserved, base = everything[:300], everything[300:]
    pool = [s for _, t in reserved for p in sentences(t) for s in p if len(s) > 40]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    arts: list[Article] = []
    planted: set[frozenset[str]] = set()
    origin: dict[str, str] = {}
    n = 0
    round_ = 0
    while len(arts) < size:
        # Each reuse of the texts lives in its own 60-day era, 90 days after the last: a text
        # never meets its own copy within the grouping window. (The era was once counted from
        # the articles made so far, which the rewrites outgrow, so a round straddled two eras
        # and put 68 exact copies of one text within days of each other at 10,000.)
        era = round_ * 90
        round_ += 1
        for key, text in rng.sample(base, len(base)):
            if len(arts) >= size:
                break
            when = start + timedelta(days=era + rng.uniform(0, 60))
            flat = [s for p in sentences(text) for s in p]
            title = (flat[0] if flat else text[:80])[:120]
            a = article(n, title, text, when, OUTLET[key])
            arts.append(a)
            origin[a.url] = key
            n += 1
            if rng.random() < 0.25 and len(arts) < size:
                t2, b2 = rewrite(text, pool, rng)
                b = article(n, t2, b2, when + timedelta(days=rng.uniform(-2, 2)), f"outlet-{n}.example")
                arts.append(b)
                origin[b.url] = key
                planted.add(frozenset((a.url, b.url)))
                n += 1
    arts.sort(key=lambda a: a.sort_key)
    return arts, planted, origin


def likeness(index: PairIndex, planted: set[frozenset[str]], origin: dict[str, str], read: set[frozenset[str]]) -> None:
    """Cosines of the planted pairs and of the real reports of one event (the listed pairs of
    pages whose originals are both in this draw): how alike the benchmark's rewrites are
    against real reports."""
    at = {a.url: i for i, a in enumerate(index.articles)}
    original: dict[str, int] = {}
    for a in index.articles:  # a page's original is the first article made of it (its rewrite is another outlet's)
        if not (a.meta.source and a.meta.source.name.startswith("outlet-")):
            original.setdefault(origin[a.url], at[a.url])

    def cos(i: int, j: int) -> float:
        return cosine(index.vectors[i], index.vectors[j])

    def quantiles(values: list[float]) -> str:
        v = sorted(values)
        return (
            ", ".join(f"{q:.0%} {v[min(len(v) - 1, int(q * len(v)))]:.2f}" for q in (0.01, 0.05, 0.25, 0.5))
            if v
            else "none"
        )

    planted_cos = [cos(at[x], at[y]) for x, y in (sorted(p) for p in planted) if x in at and y in at]
    real = [cos(original[a], original[b]) for a, b in (sorted(p) for p in read) if a in original and b in original]
    print(f"  cosine of the planted pairs ({len(planted_cos)}): {quantiles(planted_cos)}")
    print(
        f"  cosine of the pairs read as one event, originals in this draw ({len(real)}): {quantiles(real)}; all: "
        + " ".join(f"{c:.2f}" for c in sorted(real))
    )


def measure(size: int, seed: int, show_false: bool = False, show_likeness: bool = False) -> None:
    arts, planted, origin = corpus(size, seed)
    t = time.perf_counter()
    stories, index = group(arts)
    seconds = time.perf_counter() - t
    predicted: set[frozenset[str]] = set()
    for s in stories.stories:
        urls = sorted({a.url for a in s.articles} | {c.url for a in s.articles for c in stories.copies.get(a.url, ())})
        predicted.update(frozenset(p) for p in combinations(urls, 2))
    found = len(planted & predicted)
    false = len(predicted - planted)
    recall = found / len(planted) if planted else 0.0
    false_share = false / len(predicted) if predicted else 0.0
    read = same_event()
    one_event = {p for p in predicted - planted if frozenset(origin[u] for u in p) in read}
    judged = false - len(one_event)
    print(
        f"{size:6d} articles: planted-pair recall {recall:.3f} ({found}/{len(planted)}), "
        f"false share of predicted pairs {false_share:.3f} ({false}/{len(predicted)}); "
        f"{judged / len(predicted) if predicted else 0.0:.3f} ({judged}/{len(predicted)}) with the "
        f"{len(one_event)} pairs of pages read as one event counted right; "
        f"{len(stories.stories)} stories, grouping {seconds:.2f} s",
        flush=True,
    )
    if show_likeness:
        likeness(index, planted, origin, read)
    if show_false:  # for reading them: which pages of the corpora were put together
        title = {a.url: a.meta.title for a in arts}
        for pair in sorted(predicted - planted, key=sorted):
            x, y = sorted(pair)
            kind = "one event" if pair in one_event else "false"
            print(f"  {kind}: {origin[x]} {title[x][:60]!r} + {origin[y]} {title[y][:60]!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,30000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show-false", action="store_true", help="list the false pairs (page keys and headlines)")
    ap.add_argument("--likeness", action="store_true", help="cosines of planted pairs and of real reports of one event")
    args = ap.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        measure(size, args.seed, args.show_false, args.likeness)
    return 0


if __name__ == "__main__":
    sys.exit(main())
