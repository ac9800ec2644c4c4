"""An article's site path from the permalink pattern; site paths under the base path.
Shared: the build places pages with it, ``new`` and ``ingest`` write an article's ``id`` with it."""

from __future__ import annotations

from .models import FrontMatter
from .slugs import slug as slugify

DATE_FIELDS = ("{year}", "{month}", "{day}")


def permalink(pattern: str, meta: FrontMatter, slug: str, base_path: str) -> str:
    """The article's site path. An undated article can't fill date fields: it lives at ``/<slug>/``."""
    if meta.date is None and any(f in pattern for f in DATE_FIELDS):
        pattern = "/{slug}/"
    d = meta.date
    path = pattern.format(
        year=f"{d.year:04d}" if d else "",
        month=f"{d.month:02d}" if d else "",
        day=f"{d.day:02d}" if d else "",
        slug=slug,
        section=slugify(meta.section) or "news",
    )
    return base_path.rstrip("/") + path


def on_site(path: str, base_path: str) -> str:
    """A site path as the site serves it: under the base path (``/news/``) unless it is already."""
    base = base_path.rstrip("/")
    return path if not base or path == base or path.startswith(base + "/") else base + path


def first_id(pattern: str, meta: FrontMatter, slug: str) -> str:
    """The ``id`` a new article is written with: the path it is first published at, without
    the base path (a site that moves under another base path keeps its ids)."""
    return permalink(pattern, meta, slug, "")


def output_path(site_path: str, base_path: str) -> str:
    """A site path (``/news/images/a.png``) as a path inside output/ (``images/a.png``)."""
    return site_path[len(base_path) :] if site_path.startswith(base_path) else site_path.lstrip("/")
