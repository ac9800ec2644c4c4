"""Slugs: the one place text becomes a URL path segment (python-slugify underneath).

Both halves use it: ingest names ``content/<slug>.md`` and the build turns tags, sections
and headings into URLs, so an article keeps the slug it was ingested with.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from slugify import slugify

MAX_SLUG = 120
"""Longer slugs are cut, with a hash of the whole (``<first words>-<10 hex>``): a URL segment
stays far under the 255 bytes a file name may have, and two long tags that differ only at
their end still get two URLs, the same ones from build to build."""


@lru_cache(maxsize=1 << 16)
def slug(text: str, max_length: int = 0) -> str:
    """ASCII, lowercase, hyphenated; case, accents and punctuation fold away (``Zürich!`` ->
    ``zurich``). ``max_length`` cuts on a word boundary. Empty when nothing is left."""
    out = slugify(text, max_length=max_length, word_boundary=bool(max_length))
    if len(out) <= MAX_SLUG:
        return out
    head = out[: MAX_SLUG - 11].rsplit("-", 1)[0] or out[: MAX_SLUG - 11]
    return f"{head}-{hashlib.blake2s(out.encode(), digest_size=5).hexdigest()}"


def anchor(text: str) -> str:
    """A heading's ``id``: Unicode letters kept (``Київ`` stays readable in the URL)."""
    return slugify(text, allow_unicode=True) or "section"


def is_slug(text: str) -> bool:
    """Already in slug form (what ``slug:`` in front matter must be)."""
    return bool(text) and slugify(text) == text
