"""Tags: fold spellings into one stable ASCII slug, then index articles by tag."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from slugify import slugify

from ..models import Article, Month, Tag


@lru_cache(maxsize=1 << 16)
def tag_slug(name: str) -> str:
    """ASCII, lowercase, hyphenated; case, accents and punctuation fold away (``Zürich!`` -> ``zurich``)."""
    return slugify(name)


class Aliases:
    """The site's alias table, matched by slug so ``zelensky``, ``Zelensky`` and ``ZELENSKY`` all fold."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self._by_slug = {tag_slug(k): v for k, v in table.items()}

    def fold(self, name: str) -> str:
        """The canonical spelling of a tag."""
        return self._by_slug.get(tag_slug(name), name)


def fold_tags(names: Iterable[str], aliases: Aliases) -> list[tuple[str, str]]:
    """(slug, spelling) per distinct tag, in order written; tags whose slug is empty are dropped."""
    seen: dict[str, str] = {}
    for name in names:
        spelling = aliases.fold(name)
        slug = tag_slug(spelling)
        if slug and slug not in seen:
            seen[slug] = spelling
    return list(seen.items())


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
