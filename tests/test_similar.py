"""publish.similar: the pair index updated after edits equals the index built from scratch,
to the last bit (what a long-running serve relies on to regroup per save)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from newsdigest.models import Article, FrontMatter
from newsdigest.publish.similar import PairIndex
from newsdigest.publish.stories import group, signature

# Zipf-like draws from a small vocabulary: some words in most articles (over the "too
# common" bar of 50), many in a few, so edits move terms across it.
VOCAB = [f"w{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)}" for i in range(900)]
WEIGHTS = [1 / (k + 1) for k in range(len(VOCAB))]


def text(rng: random.Random, n: int = 160) -> str:
    return " ".join(rng.choices(VOCAB, WEIGHTS, k=n))


def make(i: int, rng: random.Random, start: datetime, body: str | None = None) -> Article:
    title = text(rng, 6)
    body = body if body is not None else text(rng)
    terms, sketch = signature(title, body)
    when = start + timedelta(hours=rng.randrange(0, 24 * 12))
    meta = FrontMatter(title=title, date=when)
    return Article(f"content/a{i}.md", 1, meta, "", f"h{i}", f"a{i}", f"/a{i}/", story_terms=terms, sketch=sketch)


def edited(a: Article, rng: random.Random) -> Article:
    words = text(rng, 40).split()
    if rng.random() < 0.5:
        words += [f"rare{rng.randrange(30)}"] * rng.randint(1, 4)  # terms few articles have
    terms, sketch = signature(a.meta.title, " ".join(words) + " " + text(rng, 120))
    return replace(a, content_hash=a.content_hash + "x", story_terms=terms, sketch=sketch)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_update_after_edits_equals_a_fresh_build(seed: int) -> None:
    rng = random.Random(seed)
    start = datetime(2024, 5, 1, tzinfo=UTC)
    articles = sorted((make(i, rng, start) for i in range(140)), key=lambda a: a.sort_key)
    index = PairIndex.build(articles)
    assert len(index.pairs) > 50  # the window and vocabulary give pairs to check
    for _round in range(6):
        for k in rng.sample(range(len(articles)), rng.choice((1, 1, 3))):
            articles[k] = edited(articles[k], rng)
        updated = index.update(articles)
        assert updated is index
        fresh = PairIndex.build(articles)
        assert index.pairs == fresh.pairs  # floats compared exactly
        assert index.vectors == fresh.vectors and index.tops == fresh.tops
        assert {t: p for t, p in index.postings.items() if p} == {t: p for t, p in fresh.postings.items() if p}
        assert +index.df == +fresh.df


def test_update_refuses_other_articles_and_group_then_builds_again() -> None:
    rng = random.Random(4)
    start = datetime(2024, 5, 1, tzinfo=UTC)
    articles = sorted((make(i, rng, start) for i in range(60)), key=lambda a: a.sort_key)
    index = PairIndex.build(articles)
    assert index.update(articles[:-1]) is None  # one fewer: the IDF's base moved
    moved = replace(articles[0], meta=replace(articles[0].meta, date=start - timedelta(days=30)))
    assert index.update([moved, *articles[1:]]) is None  # a date changed: the order may have
    stories, again = group(articles[:-1], index)
    assert again is not index and again.articles == articles[:-1]
    assert stories == group(articles[:-1])[0]
