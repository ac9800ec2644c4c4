"""Articles -> Site: the published articles in order, grouped into stories, with their
tags and archive months. A copy of another article (the same text from another outlet)
is not published: its story lists it as a source and its URL redirects."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from ..models import Article, Site
from .grouping import Grouping, key_of, recall, remember
from .similar import PairIndex
from .stories import group
from .taxonomy import build_months, build_outlets, build_tags


@dataclass(frozen=True, slots=True)
class Left:
    """What was left out of the published site, and when that next changes by itself."""

    drafts: int = 0
    scheduled: int = 0
    """Dated after the build's clock (shown with ``--future``)."""
    expired: int = 0
    next_change: float = math.inf
    """The next scheduled date or expiry after the clock (epoch seconds): a build then
    publishes or takes down an article without any file changing."""


def published_now(
    articles: tuple[Article, ...], drafts: bool, future: bool, now: datetime
) -> tuple[list[Article], Left]:
    """The articles on the site at ``now``: not drafts (unless ``drafts``), not dated later
    (unless ``future``), not expired."""
    out, n_drafts, n_future, n_expired, upcoming = [], 0, 0, 0, math.inf
    t = now.timestamp()
    for a in articles:
        m = a.meta
        if m.draft and not drafts:
            n_drafts += 1
            continue
        if m.expires and m.expires.timestamp() <= t:
            n_expired += 1
            continue
        if m.expires:
            upcoming = min(upcoming, m.expires.timestamp())
        if m.date and not future and (when := -a.sort_key[0]) > t:  # the date's timestamp, computed once
            n_future += 1
            upcoming = min(upcoming, when)
            continue
        out.append(a)
    return out, Left(n_drafts, n_future, n_expired, upcoming)


def assemble(
    articles: tuple[Article, ...],
    drafts: bool,
    future: bool = False,
    now: datetime | None = None,
    pairs: PairIndex | None = None,
    last: Site | None = None,
    grouped: Grouping | None = None,
    keep: bool = False,
) -> tuple[Site, Left, PairIndex | None, Grouping | None]:
    """(the Site at ``now``, what was left out, the story grouping's pair index, the grouping
    to keep). Newest first. ``pairs``: the last build's index, updated rather than rebuilt
    where it can be; ``last``: the last build's site, whose tags, months and outlets are
    patched rather than built again when only articles' text changed (a warm process);
    ``grouped``: the last build's grouping (from the build state), taken as it is when
    nothing it was found from has changed (no pair index is then made: None); ``keep``:
    return this build's grouping to keep (else None: a warm process keeps its pair index
    instead, and hashing every article per save would be work for nothing)."""
    published, left = published_now(articles, drafts, future, now or datetime.now(UTC))
    published.sort(key=lambda a: a.sort_key)
    key = key_of(published) if keep or grouped is not None else b""
    kept: Grouping | None
    if grouped is not None and grouped.key == key and pairs is None:
        stories, kept = recall(grouped, published), grouped
    else:
        stories, pairs = group(published, pairs)
        kept = remember(stories, published, key) if keep else None
    shown = tuple(a for a in published if a.url not in stories.copy_of)
    indexes = (last and _patched(last, shown)) or (build_tags(shown), build_months(shown), build_outlets(shown))
    tags, months, outlets = indexes
    site = Site(
        shown,
        tags,
        months,
        stories.stories,
        stories.story_of,
        stories.copies,
        stories.copy_of,
        outlets,
        stories.related,
    )
    return site, left, pairs, kept


def _filed(a: Article) -> tuple:
    """What decides where an article is indexed: its place, tags, archive month and outlet."""
    d, src = a.meta.date, a.meta.source
    return (a.url, a.sort_key, a.tag_slugs, a.tag_spellings, (d.year, d.month) if d else None, src and src.name)


PATCH_MAX = 50
"""More changed articles than this: index them all again."""


def _patched(last: Site, shown: tuple[Article, ...]) -> tuple | None:
    """(tags, months, outlets) of ``last`` with its changed articles swapped for the new
    objects, when the same articles are filed the same way (only their text and what a
    listing shows of it changed); else None. The same result as indexing from scratch."""
    before = last.articles
    if len(before) != len(shown):
        return None
    swapped: dict[int, Article] = {}
    for old, new in zip(before, shown, strict=True):
        if old is not new:
            if len(swapped) == PATCH_MAX or _filed(old) != _filed(new):
                return None
            swapped[id(old)] = new
    if not swapped:
        return last.tags, last.months, last.outlets

    def swap(group):
        if not any(id(a) in swapped for a in group.articles):
            return group
        return replace(group, articles=tuple(swapped.get(id(a), a) for a in group.articles))

    slugs = {s for new in swapped.values() for s in new.tag_slugs}
    tags = tuple(swap(t) if t.slug in slugs else t for t in last.tags)
    dated = {(d.year, d.month) for new in swapped.values() if (d := new.meta.date)}
    months = tuple(swap(m) if (m.year, m.month) in dated else m for m in last.months)
    outlets = tuple(swap(o) for o in last.outlets)
    return tags, months, outlets
