"""One content file -> an Article or its problems; duplicate URLs across articles. Renders nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from .. import frontmatter, limits
from ..errors import SourceError
from ..hashing import file_hash
from ..models import Article, FrontMatter
from ..permalinks import on_site, permalink
from ..slugs import slug as slugify
from ..tags import Aliases, fold_tags


def read_article(
    path: Path, data: bytes, rel: Path, tz: tzinfo, pattern: str, base_path: str, aliases: Aliases
) -> Article | list[SourceError]:
    """Validate one content file's bytes into an Article, or return its problems."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return [SourceError(rel, line, f"not valid UTF-8 (byte {exc.start})", "save the file as UTF-8", column)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        parts = frontmatter.split(text)
    except frontmatter.SplitError as exc:
        return [SourceError(rel, exc.line, exc.message, exc.hint, 1)]
    meta = frontmatter.parse(parts.yaml_text, rel, tz)
    if isinstance(meta, list):
        return meta
    slug = meta.slug or slugify(path.stem)
    if not slug:
        return [
            SourceError(
                rel, 0, f"no usable slug from the file name {path.name!r}", "add 'slug: some-words' to the front matter"
            )
        ]
    over = _over_limits(rel, meta, parts.body, parts.body_line, parts.yaml_text)
    if over:
        return over
    folded = fold_tags(meta.tags, aliases)
    if meta.image.startswith("/"):  # a site path, like the text's links: under the base path
        meta = replace(meta, image=on_site(meta.image, base_path))
    url = permalink(pattern, meta, slug, base_path)
    id_url = on_site(meta.id, base_path) if meta.id else url
    moved = (id_url,) if id_url != url else ()
    extra = tuple(u for u in (on_site(x, base_path) for x in meta.aliases) if u != url and u not in moved)
    return Article(
        path=rel.as_posix(),
        body_line=parts.body_line,
        meta=meta,
        body=parts.body,
        content_hash=file_hash(data),
        slug=slug,
        url=url,
        tag_slugs=tuple(s for s, _ in folded),
        tag_spellings=tuple(n for _, n in folded),
        id_url=id_url,
        alias_urls=tuple(dict.fromkeys((*moved, *extra))),
    )


def _over_limits(rel: Path, meta: FrontMatter, body: str, body_line: int, yaml_text: str) -> list[SourceError]:
    problems = []
    if len(meta.tags) > limits.MAX_TAGS:
        place = frontmatter.key_places(yaml_text).get("tags")
        problems.append(
            SourceError(
                rel,
                place.line if place else 1,
                f"{len(meta.tags)} tags, more than the {limits.MAX_TAGS} an article may have",
                "keep the few that say what the article is about",
                place.column if place else 1,
            )
        )
    if len(body) > limits.MAX_WORDS and len(words := body.split()) > limits.MAX_WORDS:
        problems.append(
            SourceError(
                rel,
                body_line,
                f"{len(words):,} words, more than the {limits.MAX_WORDS:,} an article may have",
                "split it into several articles",
            )
        )
    return problems


def duplicate_urls(articles: Iterable[Article], root: Path | None = None) -> list[SourceError]:
    """Two articles that would write the same URL: an error naming both files."""
    return _duplicates(sorted(articles, key=lambda a: str(a.path)), root)


_SLUG_OR_TITLE = re.compile(r"^(slug|title)[ \t]*:[ \t]*", re.M)


def _url_place(path: Path) -> tuple[int, int]:
    """Where the value that decides an article's URL sits (its ``slug:``, else its ``title:``)."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace").split("\n---", 1)[0]
    except OSError:
        return 0, 0
    found = {
        m.group(1): (head.count("\n", 0, m.start()) + 1, m.end() - m.start() + 1) for m in _SLUG_OR_TITLE.finditer(head)
    }
    return found.get("slug") or found.get("title") or (1, 1)


def _duplicates(articles: Iterable[Article], root: Path | None = None) -> list[SourceError]:
    by_url: dict[str, Article] = {}
    errors = []
    for article in articles:
        first = by_url.setdefault(article.url, article)
        if first is not article:
            line, column = _url_place(root / article.path) if root else (0, 0)
            errors.append(
                SourceError(
                    Path(article.path),
                    line,
                    f"writes the same URL {article.url} as {first.path}",
                    "give one of them a different 'slug:' in its front matter",
                    column,
                )
            )
    return errors
