"""``build.py new "Headline"``: a new article's file, its front matter filled, as a draft."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from . import frontmatter
from .errors import UsageError
from .models import FrontMatter
from .permalinks import first_id
from .slugs import slug as slugify


@dataclass(frozen=True, slots=True)
class NewArticle:
    title: str
    when: datetime
    """Aware: the site's zone."""
    tags: tuple[str, ...] = ()
    section: str = ""
    permalink: str = "/{year}/{month}/{slug}/"
    """The site's pattern: the article's ``id`` is the URL it will first have."""


def new_article(content: Path, spec: NewArticle) -> Path:
    """Write ``content/<slug>.md`` (``draft: true``) and return its path; never overwrite."""
    title = " ".join(spec.title.split())
    if not title:
        raise UsageError('new: give the headline, e.g. python build.py new "Talks resume in Geneva"')
    slug = slugify(title, 80)
    if not slug:
        raise UsageError(f"new: no URL slug can be made from {spec.title!r}; use some letters or digits")
    path = content / f"{slug}.md"
    meta = FrontMatter(
        title=title, date=spec.when.replace(microsecond=0), tags=spec.tags, section=spec.section, draft=True
    )
    meta = replace(meta, id=first_id(spec.permalink, meta, slug))
    content.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": refuses an existing file
            f.write(frontmatter.dump(meta) + "\nWrite the article here.\n")
    except FileExistsError:
        raise UsageError(f"{shown(path)} already exists; pick another headline, or edit that file") from None
    return path


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
