"""Slugs: the one place text becomes a URL path segment (python-slugify underneath).

Both halves use it: ingest names ``content/<slug>.md`` and the build turns tags, sections
and headings into URLs, so an article keeps the slug it was ingested with.
"""

from __future__ import annotations

from functools import lru_cache

from slugify import slugify


@lru_cache(maxsize=1 << 16)
def slug(text: str, max_length: int = 0) -> str:
    """ASCII, lowercase, hyphenated; case, accents and punctuation fold away (``Zürich!`` ->
    ``zurich``). ``max_length`` cuts on a word boundary. Empty when nothing is left."""
    return slugify(text, max_length=max_length, word_boundary=bool(max_length))


def anchor(text: str) -> str:
    """A heading's ``id``: Unicode letters kept (``Київ`` stays readable in the URL)."""
    return slugify(text, allow_unicode=True) or "section"


def is_slug(text: str) -> bool:
    """Already in slug form (what ``slug:`` in front matter must be)."""
    return bool(text) and slugify(text) == text
