"""Articles -> Site: the published articles in order, grouped into stories, with their
tags and archive months. A copy of another article (the same text from another outlet)
is not published: its story lists it as a source and its URL redirects."""

from __future__ import annotations

from ..models import Article, Site
from .stories import group
from .taxonomy import build_months, build_outlets, build_tags


def assemble(articles: tuple[Article, ...], drafts: bool) -> tuple[Site, int]:
    """(the Site, how many drafts were left out). Newest first; drafts only when asked."""
    published = [a for a in articles if drafts or not a.meta.draft]
    published.sort(key=lambda a: a.sort_key)
    stories = group(published)
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
    return site, len(articles) - len(published)
