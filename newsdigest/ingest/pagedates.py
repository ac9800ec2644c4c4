"""When a page says it was last changed: the modification date its structured data states
(JSON-LD ``dateModified``, ``article:modified_time``, ``og:updated_time``, microdata
``dateModified``). Only what the page states outright: a later date found somewhere in it (a
comment's, a teaser's) is not a change of the article.

trafilatura reads the publication date (through htmldate) but no modification date; htmldate's
"latest date" search would find one, but falls back to any later date on the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

MAX_JSON_CHARS = 1_000_000
"""A JSON-LD block longer than this is not read (a page's data dump, not its metadata)."""

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
     "techarticle", "scholarlyarticle", "report", "liveblogposting"}
)  # fmt: skip
"""JSON-LD types whose ``dateModified`` is the article's (a ``WebPage``'s comes after them)."""

META_NAMES = ("article:modified_time", "og:updated_time", "dcterms.modified")


def modified(tree) -> str:
    """The page's stated modification date, ``YYYY-MM-DD``, or ""."""
    for value in (*_json_ld(tree), *_meta(tree), *_microdata(tree)):
        day = _day(value)
        if day is not None:
            return day.isoformat()
    return ""


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _json_ld(tree) -> list[object]:
    """``dateModified`` of the page's JSON-LD objects, an article's before any other's."""
    articles: list[object] = []
    others: list[object] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        text = script.text or ""
        if len(text) > MAX_JSON_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        for obj in _objects(data):
            value = obj.get("dateModified")
            if value:
                kinds = obj.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                is_article = any(isinstance(k, str) and k.casefold() in ARTICLE_TYPES for k in kinds)
                (articles if is_article else others).append(value)
    return [*articles, *others]


def _objects(data: object, depth: int = 0) -> Iterator[dict]:
    """Every JSON object in the data (``@graph`` lists, nested ``mainEntity`` ...), to a depth."""
    if depth > 8:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _objects(value, depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)


def _meta(tree) -> list[str]:
    found = {}
    for el in tree.xpath("//meta[@property or @name]"):
        key = (el.get("property") or el.get("name") or "").strip().casefold()
        if key in META_NAMES and key not in found:
            found[key] = el.get("content") or ""
    return [found[k] for k in META_NAMES if k in found]


def _microdata(tree) -> list[str]:
    return [el.get("content") or el.get("datetime") or "" for el in tree.xpath('//*[@itemprop="dateModified"]')]
