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


def _outlet_article(slug: str, title: str, body: str, outlet: str, day: int) -> Article:
    from newsdigest.models import Source

    terms, sketch = signature(title, body)
    return Article(
        path=f"content/{slug}.md",
        body_line=1,
        meta=FrontMatter(
            title=title, date=datetime(2024, 5, day, tzinfo=UTC), source=Source(name=outlet) if outlet else None
        ),
        body=body,
        content_hash=slug,
        slug=slug,
        url=f"/{slug}/",
        story_terms=terms,
        sketch=sketch,
    )


def test_two_posts_of_one_outlet_need_more_in_common_than_two_outlets():
    """A digest groups what several outlets report: one outlet's posts on a running subject
    (alike by its template and the subject) stay apart unless one repeats most of the other."""
    from newsdigest.publish.similar import cosine, terms, vectors
    from newsdigest.publish.stories import SAME_OUTLET, THRESHOLD

    rng = random.Random(7)

    def words(prefix: str, n: int) -> str:
        return " ".join(f"{prefix}{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(n))

    shared, a_own, b_own = words("quay", 36), words("north", 64), words("south", 64)  # cosine 0.255
    a_body, b_body = f"{shared} {a_own}", f"{shared} {b_own}"
    pair = [("a", "Harbour board agrees quay plan", a_body), ("b", "Quay plan: the harbour board meets", b_body)]

    def stories(outlets: tuple[str, str]) -> int:
        both = enumerate(zip(pair, outlets, strict=True))
        arts = [_outlet_article(s, t, body, o, 6 + k) for k, ((s, t, body), o) in both]
        return len(group(arts)[0].stories)

    arts = [_outlet_article(s, t, body, "X", 6) for s, t, body in pair]
    va, vb = vectors([terms(a) for a in arts])
    assert THRESHOLD <= cosine(va, vb) < SAME_OUTLET  # alike enough for two outlets, not for one
    assert stories(("Harbour News", "Quay Gazette")) == 1
    assert stories(("Harbour News", "Harbour News")) == 0
    assert stories(("Harbour News", "harbour  news")) == 0  # the same outlet, however it is written
    assert stories(("", "")) == 0  # no source: both are the site's own posts, one outlet
    assert stories(("Harbour News", "")) == 1
    update = [("a", pair[0][1], a_body), ("b", pair[0][1] + " (updated)", a_body + " " + text(rng, 10))]
    arts = [_outlet_article(s, t, body, "Harbour News", 6 + k) for k, (s, t, body) in enumerate(update)]
    found = group(arts)[0]
    assert found.copy_of["/b/"].url == "/a/"  # an outlet's own update of its story is put with it (a copy, here)
    subject = text(rng, 5)  # an outlet's posts on a running subject: alike by its vocabulary and template
    run = [
        ("e", "Quay works: week two", subject + " " + text(rng, 100)),
        ("f", "Quay works: week three", text(rng, 100) + " " + subject),
    ]
    arts = [_outlet_article(s, t, body, "Harbour News", 6 + k) for k, (s, t, body) in enumerate(run)]
    va, vb = vectors([terms(a) for a in arts])
    assert THRESHOLD + 0.2 <= cosine(va, vb) < SAME_OUTLET
    assert group(arts)[0].stories == ()
    event = text(rng, 80)  # an outlet's two reports of one event, most of their words alike: one story
    two = [
        ("c", "Quay plan agreed", event + " " + text(rng, 60)),
        ("d", "What the quay plan means", text(rng, 60) + " " + event),
    ]
    arts = [_outlet_article(s, t, body, "Harbour News", 6 + k) for k, (s, t, body) in enumerate(two)]
    va, vb = vectors([terms(a) for a in arts])
    assert cosine(va, vb) >= SAME_OUTLET
    found = group(arts)[0]
    assert [sorted(a.url for a in s.articles) for s in found.stories] == [["/c/", "/d/"]] and not found.copy_of


def test_one_chance_likeness_does_not_chain_two_stories_into_one():
    """Average linkage: two stories of two reports each join only when they are alike over
    all their articles, not through one pair just over the bar; three reports of one event,
    each pair over it, are one story."""
    from newsdigest.publish.stories import THRESHOLD, _link

    outlets = ["a", "b", "c", "d"]
    bridge = THRESHOLD + 0.01
    pairs = [(0, 1, 0.6), (2, 3, 0.6), (1, 2, bridge)]  # the others under RELATED: not kept, 0
    union = _link(pairs, outlets, 4)
    assert union.find(0) == union.find(1) and union.find(2) == union.find(3)
    assert union.find(1) != union.find(2)
    alike = [(0, 1, 0.6), (2, 3, 0.6), (1, 2, bridge), (0, 2, bridge), (0, 3, bridge), (1, 3, bridge)]
    union = _link(alike, outlets, 4)
    assert len({union.find(i) for i in range(4)}) == 1
    union = _link([(0, 1, 0.3), (0, 2, 0.3), (1, 2, 0.3)], outlets, 3)
    assert len({union.find(i) for i in range(3)}) == 1


def test_an_outlets_own_likeness_counts_less_in_the_average():
    """A second post of an outlet joins a story through its likeness to that outlet's post
    only as the outlet bar allows (a same-outlet cosine counts SAME_OUTLET - THRESHOLD less):
    alike to the other outlet's report too, it joins; alike to its own outlet's post alone,
    it does not."""
    from newsdigest.publish.stories import SAME_OUTLET, THRESHOLD, _link

    outlets = ["x", "y", "x"]  # 0 and 1: one story by two outlets; 2: outlet x's next post
    own = SAME_OUTLET + 0.05
    strong = max(own, 0.9)
    apart = _link([(0, 1, strong), (0, 2, own), (1, 2, 0.1)], outlets, 3)
    assert apart.find(0) == apart.find(1) != apart.find(2)  # (own + 0.1) / 2 was over the bar
    assert (own + 0.1) / 2 >= THRESHOLD
    joined = _link([(0, 1, strong), (0, 2, own), (1, 2, THRESHOLD + 0.05)], outlets, 3)
    assert len({joined.find(i) for i in range(3)}) == 1


def test_dates_and_page_furniture_are_no_terms_of_a_story():
    """Two reports of one month share its name and its pages' furniture, not their story."""
    from newsdigest.publish.stories import count_terms

    terms = count_terms("Talks resume on Monday", "Updated Monday, November 4. Read more: the talks in Geneva resumed.")
    assert {"geneva", "talks", "resumed"} <= terms.keys()
    assert not {"monday", "november", "updated", "read", "more", "name:monday", "name:november"} & terms.keys()
    assert not [t for t in terms if t.startswith("name:") and ("monday" in t or "updated" in t)]
    assert "name:geneva" in terms


def test_a_signature_does_not_depend_on_the_word_memo(monkeypatch):
    """Word ids are remembered per process (and forgotten past a bound): what a signature is
    must not depend on what the process met before."""
    from newsdigest.publish import stories

    rng = random.Random(5)
    title, body = text(rng, 6), text(rng, 400)
    stories._WORD_IDS.clear()
    cold = signature(title, body)
    assert signature(title, body) == cold  # every word remembered now
    monkeypatch.setattr(stories._WordIds, "LIMIT", 7)
    stories._WORD_IDS.clear()
    assert signature(title, body) == cold  # forgotten again and again on the way
    assert len(stories._WORD_IDS) <= 7
    assert len(cold[1]) == 4 * stories.SKETCH  # the SKETCH smallest shingle hashes, 4 bytes each
