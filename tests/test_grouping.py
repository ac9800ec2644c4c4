"""publish.grouping: the grouping kept in the build state is the grouping, put back together
with a new build's articles; its key moves with everything grouping reads."""

from __future__ import annotations

import pickle
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from newsdigest.models import Article, FrontMatter, Source
from newsdigest.publish.grouping import key_of, recall, remember
from newsdigest.publish.stories import Stories, group, signature, stated_numbers

VOCAB = [f"w{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(300)]
WEIGHTS = [1 / (k + 1) for k in range(len(VOCAB))]


def make(i: int, rng: random.Random, start: datetime, body: str = "", outlet: str = "") -> Article:
    title = " ".join(rng.choices(VOCAB, WEIGHTS, k=6))
    body = body or " ".join(rng.choices(VOCAB, WEIGHTS, k=160))
    terms, sketch = signature(title, body)
    source = Source(name=outlet, url=f"https://{outlet or 'x'}.example/{i}") if outlet else None
    meta = FrontMatter(title=title, date=start + timedelta(hours=rng.randrange(0, 24 * 6)), source=source)
    return Article(
        f"content/a{i}.md", 1, meta, "", f"h{i}", f"a{i}", f"/a{i}/",
        story_terms=terms, sketch=sketch, numbers=stated_numbers(body),
    )  # fmt: skip


def site(seed: int) -> list[Article]:
    """Articles with stories (a small vocabulary makes many alike), copies (the same body
    under another outlet) and an article forced into a story."""
    rng = random.Random(seed)
    start = datetime(2024, 5, 1, tzinfo=UTC)
    articles = [make(i, rng, start, outlet=f"outlet{i % 4}") for i in range(60)]
    for i in range(60, 64):  # copies of earlier articles' text
        articles.append(make(i, rng, start, body=" ".join(rng.choices(VOCAB, k=50)) * 3, outlet="wire"))
        articles.append(replace(articles[-1], url=f"/b{i}/", slug=f"b{i}", meta=replace(articles[-1].meta)))
    articles[5] = replace(articles[5], meta=replace(articles[5].meta, story="forced"))
    articles[9] = replace(articles[9], meta=replace(articles[9].meta, story="forced"))
    return sorted(articles, key=lambda a: a.sort_key)


def as_lists(found: Stories) -> tuple:
    """Every part of a grouping, dicts as their items in order (pages list them so)."""
    return (
        found.stories,
        list(found.story_of.items()),
        list(found.copies.items()),
        list(found.copy_of.items()),
        list(found.related.items()),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_kept_grouping_is_the_grouping_with_the_new_articles(seed):
    articles = site(seed)
    found, _ = group(articles)
    assert len(found.stories) >= 3 and found.copy_of and found.related  # every part is exercised
    kept = pickle.loads(pickle.dumps(remember(found, articles, key_of(articles))))
    # A new build's articles: equal objects, not the same ones (they come from the state).
    again = [replace(a) for a in articles]
    back = recall(kept, again)
    assert as_lists(back) == as_lists(found)
    assert all(a is again[articles.index(a)] for s in back.stories for a in s.articles)


def test_the_key_moves_with_what_grouping_reads_and_only_that():
    articles = site(4)
    key = key_of(articles)
    a = articles[7]
    other_source = Source(name="Elsewhere", url="https://elsewhere.example/")
    read = [
        replace(a, url="/moved/"),
        replace(a, slug="moved"),
        replace(a, meta=replace(a.meta, date=a.meta.date + timedelta(minutes=1))),
        replace(a, meta=replace(a.meta, story="forced")),
        replace(a, meta=replace(a.meta, story="")),
        replace(a, meta=replace(a.meta, source=other_source)),
        replace(a, meta=replace(a.meta, source=None)),
        replace(a, story_terms=a.story_terms[:-5]),
        replace(a, story_terms=a.story_terms[1:] + a.story_terms[:1]),  # as long, other terms
        replace(a, sketch=a.sketch + bytes(4)),
        replace(a, numbers="12345678"),
    ]
    for changed in read:
        assert key_of([*articles[:7], changed, *articles[8:]]) != key, changed
    assert key_of(articles[::-1]) != key  # the order too
    assert key_of(articles[:-1]) != key
    not_read = [
        replace(a, meta=replace(a.meta, tags=("Kyiv",), description="New words", image="/i.png")),
        replace(a, content_hash="other", body="Other text"),
    ]
    for changed in not_read:
        assert key_of([*articles[:7], changed, *articles[8:]]) == key, changed
