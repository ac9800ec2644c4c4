"""site.toml -> SiteConfig: frozen dataclasses, defaults declared once, every problem reported.

Each ``[section]`` of site.toml maps onto one dataclass below. The field's annotation is the
type checked, its default the default, and its docstring the reference in the README.
Unknown keys are rejected with the nearest valid key suggested.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import typing
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class SiteSection:
    """``[site]``: who publishes the digest and where."""

    title: str = "News Digest"
    """The site's name, shown in every page header and feed."""
    base_url: str = "http://localhost:8000/"
    """Absolute URL the site is published at; feeds, sitemap and canonical links use it."""
    language: str = "en"
    """BCP 47 language of the site (``<html lang>``, feed language); articles may override with ``lang``."""
    description: str = ""
    """One sentence about the site, for the front page and feeds."""
    author: str = ""
    """Default author for articles that name none."""
    timezone: str = "UTC"
    """IANA zone (e.g. ``Europe/Brussels``) for dates written without an offset."""
    permalink: str = "/{year}/{month}/{slug}/"
    """URL pattern of an article; placeholders ``{year} {month} {day} {slug} {section}``."""
    per_page: int = 10
    """Articles per listing page (front page, tag pages)."""


@dataclass(frozen=True, slots=True)
class FeedSection:
    """``[feed]``: the RSS and Atom feeds."""

    items: int = 20
    """Newest items per feed (site-wide and per tag)."""
    full_content: bool = True
    """Put each article's full HTML in the feed; false gives summaries only."""


@dataclass(frozen=True, slots=True)
class SearchSection:
    """``[search]``: the static search index (Pagefind) and the search page."""

    enabled: bool = True
    """Index the built site and link the search page; false leaves both out."""


@dataclass(frozen=True, slots=True)
class PathsSection:
    """``[paths]``: folders, relative to the folder holding site.toml."""

    content: str = "content"
    """Markdown articles."""
    layouts: str = "layouts"
    """Templates that override the built-in theme, file by file."""
    static: str = "static"
    """Files copied into the output as they are."""
    output: str = "output"
    """Where the site is written (replaced whole on a successful build)."""
    cache: str = ".newsdigest-cache"
    """Build cache for incremental builds."""


@dataclass(frozen=True, slots=True)
class MarkdownSection:
    """``[markdown]``: how article bodies render."""

    unsafe_html: bool = False
    """Pass raw HTML in Markdown through. Off: scraped text must never inject markup."""


@dataclass(frozen=True, slots=True)
class TagsSection:
    """``[tags]``: tag folding."""

    aliases: dict[str, str] = field(default_factory=dict)
    """Spelling -> canonical tag, e.g. ``{ Zelensky = "Zelenskyy" }``; applied by build and ingest."""
    descriptions: dict[str, str] = field(default_factory=dict)
    """Tag -> a sentence shown on its page (matched like aliases: case and accents aside)."""
    index_min: int = 2
    """A tag is listed on the tag index once this many published articles carry it (1: every
    tag). Its page exists either way: its articles link to it."""


@dataclass(frozen=True, slots=True)
class IngestSection:
    """``[ingest]``: cleaning scraped articles."""

    disable_rules: list[str] = field(default_factory=list)
    """Names of cleaning rules to switch off (``python build.py ingest --list-rules``)."""
    drop_patterns: list[str] = field(default_factory=list)
    """Extra regular expressions: a line matching one (whole line, case-insensitive) is boilerplate."""
    end_markers: list[str] = field(default_factory=list)
    """Extra regular expressions: a line matching one ends the article (e.g. ``More from Site``)."""


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """``[[sources]]``: one feed that ``python build.py ingest`` (no PATH) polls."""

    url: str = ""
    """The feed's URL (RSS or Atom), required."""
    name: str = ""
    """The outlet's name, written as ``source.name`` (default: the feed's own title)."""
    tags: list[str] = field(default_factory=list)
    """Tags added to every article from this feed."""
    section: str = ""
    """The section given to every article from this feed (when the page names none)."""


@dataclass(frozen=True, slots=True)
class OutletConfig:
    """``[outlets.<slug>]``: what the site says of one outlet (the ``source.name`` whose slug
    is ``<slug>``) on its page and the sources index."""

    name: str = ""
    """Its name as shown (default: the most common spelling among its articles)."""
    url: str = ""
    """Its home page (http or https)."""
    description: str = ""
    """A sentence about it."""


SECTIONS: dict[str, type] = {
    "site": SiteSection,
    "feed": FeedSection,
    "search": SearchSection,
    "paths": PathsSection,
    "markdown": MarkdownSection,
    "tags": TagsSection,
    "ingest": IngestSection,
}

PERMALINK_FIELDS = {"year", "month", "day", "slug", "section"}


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The whole validated configuration. Paths are absolute, resolved against ``root``."""

    root: Path
    """Folder holding site.toml; relative paths resolve against it."""
    site: SiteSection = field(default_factory=SiteSection)
    feed: FeedSection = field(default_factory=FeedSection)
    search: SearchSection = field(default_factory=SearchSection)
    paths: PathsSection = field(default_factory=PathsSection)
    markdown: MarkdownSection = field(default_factory=MarkdownSection)
    tags: TagsSection = field(default_factory=TagsSection)
    ingest: IngestSection = field(default_factory=IngestSection)
    sources: tuple[SourceConfig, ...] = ()
    """``[[sources]]``, in the file's order (ingest only: not part of the build's fingerprint)."""
    outlets: dict[str, OutletConfig] = field(default_factory=dict)
    """``[outlets.<slug>]`` by slug. (Not ``[sources.<slug>]``: TOML cannot make ``sources``
    both the ``[[sources]]`` list of feeds and a table of outlets.)"""
    fingerprint: str = ""
    """Hash of the configuration's values, for the build cache."""

    def path(self, name: str) -> Path:
        """An absolute folder from ``[paths]`` (``content``, ``layouts``, ``static``, ``output``, ``cache``)."""
        return (self.root / getattr(self.paths, name)).resolve()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.site.timezone)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always ending in ``/`` (``/`` or ``/news/``)."""
        path = urlsplit(self.site.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def absolute_url(self, path: str) -> str:
        """``/2024/05/x/`` -> ``https://example.org/2024/05/x/`` (path already includes base_path)."""
        parts = urlsplit(self.site.base_url)
        return f"{parts.scheme}://{parts.netloc}{path}"


_TYPE_NAMES: dict[object, str] = {str: "a string", int: "an integer", bool: "true or false"}


def _type_name(tp: object) -> str:
    if tp in _TYPE_NAMES:
        return _TYPE_NAMES[tp]
    return "a table of strings" if typing.get_origin(tp) is dict else "a list of strings"


def _check_type(value: object, tp: object) -> bool:
    origin = typing.get_origin(tp)
    if origin is dict:
        return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    if origin is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, tp)  # type: ignore[arg-type]


def _suggest(key: str, valid: list[str] | tuple[str, ...], what: str = "valid keys") -> str:
    import difflib  # only on an error: not worth importing for every build

    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else f"; {what}: {', '.join(valid)}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in site.toml, located by section and key (tomllib keeps no line numbers,
    so the line is found from these when the message is made)."""

    section: str
    """``site``, ``feed``...; empty for a problem with the file as a whole."""
    key: str
    """The key inside the section; empty for the section itself."""
    message: str
    """What is wrong and how to fix it, e.g. ``expected an integer, got 'ten'``."""
    shown: str | None = None
    """How the message names the place, when not ``[section] key: `` (an unknown key or
    section names itself in the message)."""

    def where(self) -> str:
        if self.shown is not None:
            return self.shown
        if not self.section:
            return ""
        return f"[{self.section}] {self.key}: " if self.key else f"[{self.section}]: "

    def line_in(self, text: str) -> int:
        """The 1-based line of the key (else of its section's header) in the TOML text; 0 if not found."""
        if not self.section:
            return 0
        name = r"\s*\.\s*".join(rf"[\"']?{re.escape(part)}[\"']?" for part in self.section.split("."))
        header = re.compile(rf"^\s*\[\s*{name}(?P<sub>\.[\w.\"'-]+)?\s*\]")
        assign = re.compile(rf"^\s*[\"']?{re.escape(self.key)}[\"']?\s*=") if self.key else None
        found, inside = 0, False
        for number, raw in enumerate(text.splitlines(), start=1):
            m = header.match(raw)
            if raw.lstrip().startswith("["):
                inside = bool(m)
                if m and self.key and (m.group("sub") or "").strip(".\"'") == self.key:
                    return number  # [tags.aliases] for key 'aliases'
                if inside and not found:
                    found = number
                    if assign is None:
                        return found
            elif inside and assign is not None and assign.match(raw):
                return number
        return found

    def format(self, text: str) -> str:
        line = self.line_in(text)
        return f"site.toml{f':{line}' if line else ''}: {self.where()}{self.message}"


def _section(cls: type, table: object, name: str, problems: list[Problem]) -> object:
    if not isinstance(table, dict):
        problems.append(Problem(name, "", f"expected a table, got {table!r}"))
        return cls()
    hints = typing.get_type_hints(cls)
    valid = [f.name for f in fields(cls)]
    values = {}
    for key, value in table.items():
        if key not in hints:
            problems.append(Problem(name, key, f"unknown key '{key}'{_suggest(key, valid)}", f"[{name}] "))
        elif not _check_type(value, hints[key]):
            problems.append(Problem(name, key, f"expected {_type_name(hints[key])}, got {value!r}"))
        else:
            values[key] = value
    return cls(**values)


LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
"""A BCP 47 language tag's shape: ``en``, ``pt-BR``, ``zh-Hant-TW``."""
_URL_BREAKERS = re.compile(r"[\s\x00-\x1f\x7f\\\"'<>`]")
"""What has no place in a URL written out in every page and feed (encode a space as %20)."""


def _validate(cfg: SiteConfig, problems: list[Problem]) -> None:
    site = cfg.site
    url = urlsplit(site.base_url)
    if url.scheme not in ("http", "https") or not url.netloc or _URL_BREAKERS.search(site.base_url):
        problems.append(
            Problem(
                "site",
                "base_url",
                f"expected an absolute http(s) URL (no spaces or quotes: %20 for a space), got {site.base_url!r}",
            )
        )
    if not LANGUAGE_TAG.match(site.language):
        problems.append(
            Problem("site", "language", f"expected a language tag such as 'en' or 'pt-BR', got {site.language!r}")
        )
    try:
        ZoneInfo(site.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            Problem(
                "site",
                "timezone",
                f"unknown time zone {site.timezone!r}; use an IANA name such as 'UTC' or 'Europe/Brussels'",
            )
        )
    used = set(re.findall(r"\{(\w*)\}", site.permalink))
    if not (site.permalink.startswith("/") and site.permalink.endswith("/")):
        problems.append(Problem("site", "permalink", f"must start and end with '/', got {site.permalink!r}"))
    if "slug" not in used:
        problems.append(Problem("site", "permalink", f"must contain {{slug}}, got {site.permalink!r}"))
    if {".", ".."} & set(site.permalink.split("/")) or _URL_BREAKERS.search(site.permalink):
        problems.append(
            Problem(
                "site", "permalink", f"must be a plain path, without '.', '..', spaces or quotes: {site.permalink!r}"
            )
        )
    for unknown in sorted(used - PERMALINK_FIELDS):
        problems.append(
            Problem(
                "site",
                "permalink",
                f"unknown placeholder {{{unknown}}}; use {', '.join('{' + f + '}' for f in sorted(PERMALINK_FIELDS))}",
            )
        )
    if site.per_page < 1:
        problems.append(Problem("site", "per_page", f"must be at least 1, got {site.per_page}"))
    if cfg.feed.items < 1:
        problems.append(Problem("feed", "items", f"must be at least 1, got {cfg.feed.items}"))
    if cfg.tags.index_min < 1:
        problems.append(Problem("tags", "index_min", f"must be at least 1, got {cfg.tags.index_min}"))
    for key in ("drop_patterns", "end_markers"):
        for pattern in getattr(cfg.ingest, key):
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(Problem("ingest", key, f"{pattern!r} is not a regular expression ({exc})"))
    if cfg.ingest.disable_rules:
        _check_rule_names(cfg.ingest.disable_rules, problems)


def _check_rule_names(names: list[str], problems: list[Problem]) -> None:
    # Imported only when a site disables rules: compiling the rule table costs every build ~50 ms.
    from .ingest.rules import RULE_NAMES

    for name in names:
        if name not in RULE_NAMES:
            problems.append(
                Problem(
                    "ingest",
                    "disable_rules",
                    f"unknown cleaning rule '{name}'"
                    f"{_suggest(name, RULE_NAMES, 'rules')} (python build.py ingest --list-rules)",
                )
            )


def _outlets(value: object, problems: list[Problem]) -> dict[str, OutletConfig]:
    from .slugs import slug as slugify

    if not isinstance(value, dict) or not all(isinstance(t, dict) for t in value.values()):
        problems.append(Problem("outlets", "", "expected [outlets.<slug>] tables with name, url, description"))
        return {}
    out = {}
    for key, table in value.items():
        outlet = _section(OutletConfig, table, f"outlets.{key}", problems)
        assert isinstance(outlet, OutletConfig)
        parts = urlsplit(outlet.url)
        if outlet.url and (parts.scheme not in ("http", "https") or not parts.netloc):
            problems.append(Problem(f"outlets.{key}", "url", f"expected an http(s) URL, got {outlet.url!r}"))
            continue
        if slugify(key) != key:
            problems.append(
                Problem(
                    f"outlets.{key}", "", f"expected the outlet's slug, got {key!r}; write [outlets.{slugify(key)}]"
                )
            )
            continue
        out[key] = outlet
    return out


def _sources(value: object, problems: list[Problem]) -> list[SourceConfig]:
    if not isinstance(value, list):
        problems.append(Problem("sources", "", "expected [[sources]] tables (one per feed, each with a url)"))
        return []
    out = []
    for n, table in enumerate(value, start=1):
        src = _section(SourceConfig, table, "sources", problems)
        assert isinstance(src, SourceConfig)
        parts = urlsplit(src.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(Problem("sources", "url", f"source {n}: expected the feed's http(s) URL, got {src.url!r}"))
            continue
        out.append(src)
    return out


_TOML_AT = re.compile(r"^(?P<what>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")


def _toml_syntax(exc: tomllib.TOMLDecodeError) -> str:
    """``site.toml:3:7: not valid TOML: ...`` from tomllib's "... (at line 3, column 7)"."""
    m = _TOML_AT.match(str(exc))
    if not m:
        return f"site.toml: not valid TOML: {exc}"
    return (
        f"site.toml:{m.group('line')}:{m.group('col')}: not valid TOML: {m.group('what')}\n"
        "    hint: quote text values (title = \"My digest\"), one 'key = value' a line"
    )


def parse_config(text: str, root: Path) -> SiteConfig:
    """Validate the text of a site.toml; raise ConfigError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([_toml_syntax(exc)]) from None
    problems: list[Problem] = []
    sections = {}
    sources: list[SourceConfig] = []
    outlets: dict[str, OutletConfig] = {}
    for name, table in data.items():
        if name == "sources":
            sources = _sources(table, problems)
            continue
        if name == "outlets":
            outlets = _outlets(table, problems)
            continue
        if name not in SECTIONS:
            problems.append(
                Problem(name, "", f"unknown section [{name}]{_suggest(name, [*SECTIONS, 'outlets', 'sources'])}", "")
            )
            continue
        sections[name] = _section(SECTIONS[name], table, name, problems)
    cfg = SiteConfig(root=root.resolve(), sources=tuple(sources), outlets=outlets, **sections)  # type: ignore[arg-type]
    _validate(cfg, problems)
    if problems:
        raise ConfigError([p.format(text) for p in problems])
    digest = hashlib.sha256(repr([(n, getattr(cfg, n)) for n in (*SECTIONS, "outlets")]).encode()).hexdigest()
    return replace(cfg, fingerprint=digest[:16])


def load_config(path: Path) -> SiteConfig:
    """Read and validate site.toml. A missing file gives the defaults (rooted at its folder)."""
    path = Path(path)
    if not path.exists():
        raise ConfigError([f"{path}: no such file; create a site.toml (see README) or pass --config"])
    return parse_config(path.read_text(encoding="utf-8"), path.parent)
