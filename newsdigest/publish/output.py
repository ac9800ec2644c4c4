"""Output: one file the build writes. Every planning function returns these; everything
after planning (keys, the changed set, stale files, path checks, the sitemap, rendering)
works on the one list of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

Render = Callable[[Any], "bytes | str"]
"""Makes an output's bytes, given the render stage's per-process context (render.Renderer)."""


@dataclass(frozen=True, slots=True)
class Output:
    """One file in output/, planned but not yet rendered."""

    path: str
    """File path inside output/, POSIX (``2024/05/x/index.html``)."""
    key: str
    """Hash of everything the file shows and the templates that draw it: the same key as the
    last build's means the same bytes, so the file need not be rendered again."""
    render: Render
    """Makes the file's bytes (called only when the key changed, or on a cold build)."""
    kind: str
    """``page``, ``feed``, ``data`` (sitemap, robots) or ``static``: for the build's summary."""
    source: str = ""
    """The input it comes from (a content file, a static file), for error messages."""
    url: str = ""
    """The page's site URL when it belongs in the sitemap, else empty."""
    lastmod: datetime | None = None
    """Newest date the page shows (sitemap ``lastmod``)."""


@dataclass(frozen=True, slots=True)
class Data:
    """A render for bytes known when planning (sitemap.xml, robots.txt)."""

    data: bytes

    def __call__(self, _renderer: object) -> bytes:
        return self.data


@dataclass(frozen=True, slots=True)
class Static:
    """A render that copies a file from static/ (the site's, else the theme's)."""

    path: Path

    def __call__(self, _renderer: object) -> bytes:
        return self.path.read_bytes()


def leaves_output(rel: str) -> bool:
    """True for a path that isn't a plain relative path inside output/."""
    parts = rel.split("/")
    return not rel or rel.startswith("/") or ".." in parts or "" in parts[:-1] or "\\" in rel
