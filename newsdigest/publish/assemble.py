"""Articles -> Site: the published articles in order, with their tags and archive months."""

from __future__ import annotations

from ..models import Article, Site
from .taxonomy import build_months, build_tags


def assemble(articles: tuple[Article, ...], drafts: bool) -> tuple[Site, int]:
    """(the Site, how many drafts were left out). Newest first; drafts only when asked."""
    published = [a for a in articles if drafts or not a.meta.draft]
    published.sort(key=lambda a: a.sort_key)
    site = Site(tuple(published), build_tags(published), build_months(published))
    return site, len(articles) - len(published)
