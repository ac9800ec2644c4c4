"""Tags, outlets and months: index the (already folded) articles by tag, by the outlet
that first published them and by archive month."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from ..models import Article, Month, Outlet, Tag
from ..slugs import slug as slugify


def build_tags(articles: Iterable[Article]) -> tuple[Tag, ...]:
    """One pass over articles (already newest first, tags folded at load) -> tags sorted by name."""
    members: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for article in articles:
        for slug, spelling in zip(article.tag_slugs, article.tag_spellings, strict=True):
            members[slug].append(article)
            spellings[slug][spelling] += 1
    tags = []
    for slug, arts in members.items():
        # Most common spelling; ties go to the alphabetically first, so the choice is stable.
        name = min(spellings[slug].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        tags.append(Tag(slug=slug, name=name, articles=tuple(arts)))
    return tuple(sorted(tags, key=lambda t: (t.name.casefold(), t.slug)))


def build_months(articles: Iterable[Article]) -> tuple[Month, ...]:
    """Archive months, newest first, from articles already sorted newest first."""
    groups: dict[tuple[int, int], list[Article]] = {}
    for article in articles:
        if article.meta.date:
            groups.setdefault((article.meta.date.year, article.meta.date.month), []).append(article)
    return tuple(Month(y, m, tuple(a)) for (y, m), a in sorted(groups.items(), reverse=True))


def outlet_key(article: Article) -> str:
    """Which outlet an article is from: its ``source.name`` as a slug (names that slugify
    alike are one outlet), "" when it names none."""
    src = article.meta.source
    return slugify(src.name, 80) if src and src.name else ""


def build_outlets(articles: Iterable[Article]) -> tuple[Outlet, ...]:
    """Articles by ``source.name`` (outlets whose names slugify alike are one, under the
    commonest spelling), sorted by name. Articles without a source name have no outlet."""
    members: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for article in articles:
        src = article.meta.source
        key = outlet_key(article)
        if key:
            members[key].append(article)
            spellings[key][src.name] += 1  # type: ignore[union-attr]
    outlets = [
        Outlet(key, min(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0], tuple(arts))
        for key, arts in members.items()
    ]
    return tuple(sorted(outlets, key=lambda o: (o.name.casefold(), o.slug)))
