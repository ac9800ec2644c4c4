"""Tag spellings: folding through the site's alias table into one stable slug.

Shared by ingest (which writes folded tags into front matter) and the build (which folds
again at load, since editors write tags by hand).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .slugs import slug as tag_slug

__all__ = ["Aliases", "fold_tags", "tag_slug"]


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
