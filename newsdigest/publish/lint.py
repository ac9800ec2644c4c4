"""``check``: lint a site without writing anything. Every problem the build would stop on
(errors), and what an editor should fix although the site builds (warnings): a missing
description or tags, duplicate titles, tags that differ only by spelling, internal links
and images that point nowhere, headings that skip a level, an empty body.

``lint`` is the orchestrator; each check below it is a pure function of the articles (and,
for links, of the set of URLs the build's own plan would write).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote, urljoin, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import frontmatter
from ..config import SiteConfig
from ..errors import SourceError
from ..models import Article
from ..tags import Aliases, tag_slug
from . import markdown, templates
from .articles import load_file, render_article
from .assemble import assemble
from .inputs import THEME, scan, static_files, template_files
from .load import duplicate_urls
from .plan import check_paths, make_plan


@dataclass(frozen=True, slots=True)
class Doc:
    """One valid content file as the linter reads it."""

    article: Article
    """With its body (the build's copy drops it once rendered)."""
    header: str
    """The YAML between the fences, to place findings on their key or list item."""


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem at one place, printed as ``path:line:col: error|warning: message``."""

    path: str
    line: int
    column: int
    severity: str
    """``error`` (the build would stop) or ``warning`` (it builds, but should be fixed)."""
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return text + (f"\n    hint: {self.hint}" if self.hint else "")


def lint(config: SiteConfig) -> list[Finding]:
    """Every finding for the site, sorted by file and place. Reads content/, layouts/ and
    static/; writes nothing (not even the cache). Drafts and scheduled articles are checked
    too, and count as pages that exist."""
    files = scan(config.path("content"), config.root)
    md = markdown.make_markdown(config.markdown.unsafe_html)
    aliases = Aliases(config.tags.aliases)
    errors: list[SourceError] = []
    docs: list[Doc] = []
    rendered: list[Article] = []  # as the build plans them
    for src in files:
        data, read = load_file(src, config, aliases)
        if isinstance(read, list):
            errors.extend(read)
            continue
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        docs.append(Doc(read, frontmatter.split(text).yaml_text))
        rendered.append(render_article(md, read)[0])
    errors += duplicate_urls((d.article for d in docs), config.root)
    layouts = template_files(config.path("layouts"))
    errors += templates.check(templates.make_env(config.path("layouts")), layouts, config.root)
    statics = static_files(THEME / "static", config.path("static"))
    now = datetime.now(UTC)
    site, _, _, _ = assemble(tuple(rendered), drafts=True, future=True, now=now)
    plan = make_plan(config, site, templates.template_fingerprints(layouts), statics)
    errors += check_paths(plan.outputs)
    known = site_paths((o.path for o in plan.outputs), config.base_path)
    found = [_as_finding(e) for e in errors]
    for doc in docs:
        found += article_findings(doc, md, known, now)
    found += duplicate_titles(docs)
    found += tag_spellings(docs)
    return sorted(set(found))


def _as_finding(error: SourceError) -> Finding:
    return Finding(
        str(error.path).replace("\\", "/"), error.line or 1, error.column or 1, "error", error.message, error.hint or ""
    )


def site_paths(output_paths: Iterable[str], base_path: str) -> frozenset[str]:
    """Every URL path the site answers: each file, and each folder with an index.html."""
    base = base_path.rstrip("/")
    known = set()
    for path in output_paths:
        known.add(f"{base}/{path}")
        if path == "index.html" or path.endswith("/index.html"):
            known.add(f"{base}/{path[: -len('index.html')]}")
    return frozenset(known)


# --- one article --------------------------------------------------------------------------


def article_findings(doc: Doc, md: MarkdownIt, known: frozenset[str], now: datetime) -> list[Finding]:
    """What is wrong with one article that the build lets through."""
    return [*_meta_findings(doc, known), *_schedule_findings(doc, now), *_body_findings(doc.article, md, known)]


FAR_AHEAD_DAYS = 366
"""A date further ahead than this is more often a typo (2052 for 2025) than a schedule."""


def _schedule_findings(doc: Doc, now: datetime) -> Iterator[Finding]:
    """Dates that keep an article off the site without anyone meaning it to: one years
    ahead (it is published only then), an expiry already past (it is not on the site)."""
    meta, path = doc.article.meta, doc.article.path
    if meta.date and (meta.date - now).days > FAR_AHEAD_DAYS:
        line, column = _value_place(doc, "date")
        yield Finding(
            path,
            line,
            column,
            "warning",
            f"dated {meta.date.date().isoformat()}, more than a year ahead: the site leaves it out until then",
            "check the year; an article dated later than now is published on its date (build --future shows it)",
        )
    if meta.expires and meta.expires <= now:
        line, column = _value_place(doc, "expires")
        yield Finding(
            path,
            line,
            column,
            "warning",
            f"expired on {meta.expires.date().isoformat()}: the article is not on the site",
            "remove 'expires' or move it later to publish it again",
        )


def _meta_findings(doc: Doc, known: frozenset[str]) -> Iterator[Finding]:
    meta, path = doc.article.meta, doc.article.path
    head = doc.article.body_line - 1  # the closing '---': where a missing field would go
    if not meta.description:
        yield Finding(
            path,
            head,
            1,
            "warning",
            "no description: listings, feeds and link previews fall back to the first paragraph",
            "add 'description: one or two sentences' to the front matter",
        )
    if not meta.tags:
        yield Finding(
            path, head, 1, "warning", "no tags: the article is on no tag page", "add e.g. 'tags: [Ukraine, Diplomacy]'"
        )
    for tag in meta.tags:
        if not tag_slug(tag):
            line, column = _value_place(doc, "tags")
            yield Finding(
                path,
                line,
                column,
                "warning",
                f"tag {tag!r} has no letter or digit, so it has no URL and no tag page",
                "spell it with letters or digits, or leave it out",
            )
    if meta.image and meta.image.startswith("/") and _missing(meta.image, known):
        line, column = _value_place(doc, "image")
        yield Finding(
            path, line, column, "warning", f"image {meta.image} is no file of the site", "put the file under static/"
        )


def _value_place(doc: Doc, key: str) -> tuple[int, int]:
    place = frontmatter.key_places(doc.header).get(key)
    return (place.value_line, place.value_column) if place else (1, 1)


def _body_findings(article: Article, md: MarkdownIt, known: frozenset[str]) -> Iterator[Finding]:
    path, first = article.path, article.body_line
    lines = article.body.split("\n")
    if not article.body.strip():
        yield Finding(path, max(1, first - 1), 1, "warning", "the body is empty", "write the article under the '---'")
        return
    level = 1  # the page's headline is the h1
    searched: dict[int, int] = {}  # body line -> where the last link found on it ended
    for token in md.parse(article.body):
        start = token.map[0] if token.map else 0
        if token.type == "heading_open":
            n = int(token.tag[1])
            if n > level + 1:
                yield Finding(
                    path,
                    first + start,
                    1,
                    "warning",
                    f"heading level {n} skips level {level + 1} (after a level {level})",
                    f"use {'#' * (level + 1)} for this heading",
                )
            level = n
        if token.type != "inline":
            continue
        end = token.map[1] if token.map else start + 1
        for child in _links(token):
            target = child.attrs.get("href") if child.type == "link_open" else child.attrs.get("src")
            if not isinstance(target, str) or not _internal(target):
                continue
            resolved = urljoin(article.url, target)
            if not _missing(resolved, known):
                continue
            line, column = _locate(lines, start, end, target, searched)
            image = child.type == "image"
            yield Finding(
                path,
                first + line,
                column,
                "warning",
                f"image {unquote(target)} is no file of the site"
                if image
                else f"link to {unquote(target)} points at no page of the site",
                _link_hint(resolved, known, child.type == "image"),
            )


def _links(token: Token) -> Iterator[Token]:
    for child in token.children or ():
        if child.type in ("link_open", "image"):
            yield child


def _internal(target: str) -> bool:
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and bool(parts.path)


def _missing(url: str, known: frozenset[str]) -> bool:
    path = unquote(urlsplit(url).path)
    return path not in known and f"{path}/" not in known


def _locate(lines: list[str], start: int, end: int, target: str, searched: dict[int, int]) -> tuple[int, int]:
    """(body line, 1-based column) of ``target`` in the block's source; the block's first line if not found."""
    for forms in (target, unquote(target)):
        for i in range(start, min(end, len(lines))):
            at = lines[i].find(forms, searched.get(i, 0))
            if at >= 0:
                searched[i] = at + len(forms)
                return i, at + 1
    return start, 1


def _link_hint(resolved: str, known: frozenset[str], image: bool) -> str:
    import difflib  # only when there is a finding

    if image:
        return "put the file under static/ (it is published at the same path) or fix the path"
    path = unquote(urlsplit(resolved).path)
    if path.endswith(".md"):
        return "link to the article's URL (e.g. /2024/05/its-slug/), not its Markdown file"
    pages = {k.rstrip("/").rsplit("/", 1)[-1]: k for k in sorted(known, reverse=True) if k.endswith("/")}
    close = difflib.get_close_matches(path.rstrip("/").rsplit("/", 1)[-1], list(pages), n=1, cutoff=0.75)
    if close:
        return f"did you mean {pages[close[0]]}?"
    return "check the address; internal links start with the site's base path"


# --- across articles ----------------------------------------------------------------------


def duplicate_titles(docs: Iterable[Doc]) -> list[Finding]:
    """A title already used by another article (readers can't tell them apart in listings)."""
    first: dict[str, Article] = {}
    found = []
    for doc in sorted(docs, key=lambda d: d.article.path):
        article = doc.article
        key = " ".join(article.meta.title.casefold().split())
        other = first.setdefault(key, article)
        if other is not article:
            line, column = _value_place(doc, "title")
            found.append(
                Finding(
                    article.path,
                    line,
                    column,
                    "warning",
                    f"the same title as {other.path}",
                    "give one a distinct title; if they report one story, 'story: <slug>' groups them",
                )
            )
    return found


_LOOSE = re.compile(r"[\W_]+")


def _loose(tag: str) -> str:
    """What is left of a tag when case, accents' marks and punctuation are ignored."""
    return _LOOSE.sub("", tag.casefold())


def _near(a: str, b: str) -> bool:
    """One spelling of the other: the same loose form, a plural, or one slip in a long word."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if long in (short + "s", short + "es"):
        return True
    if len(short) < 7 or len(long) - len(short) > 1:
        return False
    return _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours turns ``a`` into ``b``."""
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = sorted((a, b), key=len)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1 :]


def tag_spellings(docs: Iterable[Doc]) -> list[Finding]:
    """Tags written two ways (``Ukraine``/``ukraine``, ``E.U.``/``EU``, ``Election``/``Elections``):
    a warning at the first use of each less common spelling, naming the common one and the
    alias that folds them."""
    uses: dict[str, list[tuple[Doc, int]]] = {}
    for doc in sorted(docs, key=lambda d: d.article.path):
        for k, tag in enumerate(doc.article.tag_spellings):
            uses.setdefault(tag, []).append((doc, k))
    spellings = sorted(uses, key=lambda t: (-len(uses[t]), t))
    mains: list[str] = []
    found = []
    for tag in spellings:  # most used first: each spelling joins the first one near it
        main = next((m for m in mains if _near(_loose(tag), _loose(m))), None)
        if main is None:
            mains.append(tag)
            continue
        doc, k = uses[tag][0]
        line, column = _tag_place(doc, k)
        found.append(
            Finding(
                doc.article.path,
                line,
                column,
                "warning",
                f"tag {tag!r} differs only by spelling from {main!r} ({_articles(len(uses[main]))})",
                f'use {main!r}, or fold it in site.toml: [tags.aliases] "{tag}" = "{main}"',
            )
        )
    return found


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


def _tag_place(doc: Doc, k: int) -> tuple[int, int]:
    """Where the k-th tag as folded is written (tags the fold merged shift the count)."""
    places = frontmatter.item_places(doc.header, "tags")
    wanted = doc.article.tag_spellings[k]
    for i, name in enumerate(doc.article.meta.tags):
        if i < len(places) and name == wanted:
            return places[i]
    return places[k] if k < len(places) else _value_place(doc, "tags")
