"""Articles -> Site: the published articles in order, grouped into stories, with their
tags and archive months. A copy of another article (the same text from another outlet)
is not published: its story lists it as a source and its URL redirects."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from ..models import Article, Site
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
        if m.date and m.date.timestamp() > t and not future:
            n_future += 1
            upcoming = min(upcoming, m.date.timestamp())
            continue
        out.append(a)
    return out, Left(n_drafts, n_future, n_expired, upcoming)


def assemble(
    articles: tuple[Article, ...],
    drafts: bool,
    future: bool = False,
    now: datetime | None = None,
    pairs: PairIndex | None = None,
) -> tuple[Site, Left, PairIndex]:
    """(the Site at ``now``, what was left out, the story grouping's pair index). Newest
    first. ``pairs``: the last build's index, updated rather than rebuilt where it can be."""
    published, left = published_now(articles, drafts, future, now or datetime.now(UTC))
    published.sort(key=lambda a: a.sort_key)
    stories, pairs = group(published, pairs)
    shown = [a for a in published if a.url not in stories.copy_of]
    site = Site(
        tuple(shown),
        build_tags(shown),
        build_months(shown),
        stories.stories,
        stories.story_of,
        stories.copies,
        stories.copy_of,
        build_outlets(shown),
        stories.related,
    )
    return site, left, pairs
