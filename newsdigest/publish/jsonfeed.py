"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) beside RSS and Atom, for the site, each
tag and each outlet: the same items, ids and dates as the XML feeds. Written with the
standard library's json (no library implements the format better than its one page of
spec); keys in a fixed order and no clock, so the bytes are deterministic."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urljoin

from ..config import SiteConfig
from ..models import Article
from ..xmlchars import xml_text

VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(
    config: SiteConfig,
    title: str,
    description: str,
    page_url: str,
    feed_url: str,
    items: tuple[Article, ...],
    content: Callable[[Article], str | None],
) -> bytes:
    """The feed's bytes. ``content``: an item's body HTML as feeds carry it (links made
    absolute), or None for summaries only."""
    feed: dict = {
        "version": VERSION,
        "title": xml_text(title),
        "home_page_url": config.absolute_url(page_url),
        "feed_url": config.absolute_url(feed_url),
        "description": xml_text(description or title),
        "language": config.site.language,
    }
    if config.site.author:
        feed["authors"] = [{"name": xml_text(config.site.author)}]
    feed["items"] = [_item(config, a, content(a)) for a in items]
    # Compact: indenting would leave the C encoder for the pure-Python one (5x slower).
    return (json.dumps(feed, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _item(config: SiteConfig, a: Article, html: str | None) -> dict:
    url = config.absolute_url(a.url)
    m = a.meta
    item: dict = {"id": config.absolute_url(a.id_url or a.url), "url": url, "title": xml_text(m.title)}
    if html is not None:
        item["content_html"] = html
    else:
        item["content_text"] = xml_text(a.summary)
    item["summary"] = xml_text(a.summary)
    if m.image:
        item["image"] = urljoin(config.site.base_url, m.image)  # as og:image
    if m.date:
        item["date_published"] = m.date.isoformat()
    if m.updated or m.date:
        item["date_modified"] = (m.updated or m.date).isoformat()  # type: ignore[union-attr]
    author = m.author or config.site.author
    if author:
        item["authors"] = [{"name": xml_text(author)}]
    if a.tag_spellings:
        item["tags"] = list(a.tag_spellings)  # as the tag pages spell them (aliases folded)
    if m.source and m.source.url:
        item["external_url"] = m.source.url
    if m.lang:
        item["language"] = m.lang
    return item
