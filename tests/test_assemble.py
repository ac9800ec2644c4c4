"""assemble: a warm process's patched tags, months and outlets equal those indexed afresh."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from newsdigest.models import Article, FrontMatter, Source
from newsdigest.publish.assemble import assemble
from newsdigest.tags import Aliases, fold_tags

NOW = datetime(2024, 7, 1, tzinfo=UTC)


def art(i: int, tags: list[str], source: str, days: int, text: str = "") -> Article:
    folded = fold_tags(tags, Aliases({}))
    date = NOW - timedelta(days=days)
    meta = FrontMatter(title=f"Article {i}", date=date, tags=tuple(tags), source=Source(source, ""))
    return Article(
        f"content/a{i}.md", 5, meta, "", f"hash{i}{text}", f"a{i}", f"/a{i}/",
        tuple(s for s, _ in folded), tuple(n for _, n in folded), summary=f"Summary {i}{text}",
    )  # fmt: skip


def shape(site) -> tuple:
    ids = lambda arts: tuple(id(a) for a in arts)
    return (
        ids(site.articles),
        tuple((t.slug, t.name, ids(t.articles)) for t in site.tags),
        tuple((m.year, m.month, ids(m.articles)) for m in site.months),
        tuple((o.slug, o.name, ids(o.articles)) for o in site.outlets),
    )


def test_patched_indexes_equal_fresh_ones_after_text_edits_and_fall_back_otherwise():
    rng = random.Random(7)
    pool = ["Kyiv", "Energy", "Talks", "Gaza", "EU"]
    articles = [
        art(i, rng.sample(pool, 2), rng.choice(["EU Today", "Kyiv Post"]), rng.randrange(90)) for i in range(60)
    ]
    last, _, _, _ = assemble(tuple(articles), drafts=False, now=NOW)
    for step in range(20):
        k = rng.randrange(len(articles))
        a = articles[k]
        if step % 4 == 3:  # a tag change: filed elsewhere, indexed from scratch
            articles[k] = replace(a, tag_slugs=("gaza",), tag_spellings=("Gaza",), content_hash=f"t{step}")
        else:  # a text edit: patched
            articles[k] = replace(a, content_hash=f"{a.content_hash}-{step}", summary=f"{a.summary} {step}")
        warm, _, _, _ = assemble(tuple(articles), drafts=False, now=NOW, pairs=None, last=last)
        cold, _, _, _ = assemble(tuple(articles), drafts=False, now=NOW)
        assert shape(warm) == shape(cold), step
        if step % 4 != 3:
            untouched = [t for t in warm.tags if t.slug not in articles[k].tag_slugs]
            assert all(any(t is u for u in last.tags) for t in untouched), "untouched tags were rebuilt"
        last = warm
