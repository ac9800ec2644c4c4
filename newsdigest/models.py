"""The data passed between stages. Data only: no I/O, no rendering.

Article and its parts are frozen dataclasses *without* ``__slots__``: the build cache
pickles ten thousand of them per build, and dict-backed instances pickle about three
times faster than slotted ones (whose state goes through Python-level ``__getstate__``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property


@dataclass(frozen=True)
class Source:
    """Where an article was first published."""

    name: str = ""
    """Publication name, e.g. ``EU Today``."""
    url: str = ""
    """The original article's URL."""


@dataclass(frozen=True)
class Provenance:
    """Which raw file an ingested article came from."""

    file: str = ""
    """The raw file's name."""
    sha256: str = ""
    """Hash of the raw file's bytes; ingest skips a raw article it has seen."""


@dataclass(frozen=True)
class FrontMatter:
    """The validated YAML header of a content file."""

    title: str
    """Headline (required)."""
    date: datetime | None = None
    """Publication time, timezone-aware (the site zone when the file gives none)."""
    updated: datetime | None = None
    """Last substantive update, timezone-aware."""
    author: str = ""
    """Byline."""
    description: str = ""
    """Standfirst / summary, plain text."""
    tags: tuple[str, ...] = ()
    """Tags as written (before folding)."""
    section: str = ""
    """The site section (e.g. ``Security & Defence``)."""
    source: Source | None = None
    """Original publication."""
    slug: str = ""
    """URL slug; defaults to the file name."""
    draft: bool = False
    """Drafts are built only with ``--drafts``."""
    expires: datetime | None = None
    """From this time on the article is taken down (left out of every page, feed and the sitemap)."""
    lang: str = ""
    """Language of this article when it differs from the site's."""
    image: str = ""
    """Lead image URL or site path."""
    image_alt: str = ""
    """The lead image's text alternative (empty: decorative)."""
    id: str = ""
    """The article's identity for good: the site path it was first published at (written by
    ``new`` and ``ingest``). Its feed entries' id and GUID; the path redirects to the
    article when the article moves."""
    aliases: tuple[str, ...] = ()
    """Other site paths it was published at: each redirects to the article."""
    story: str | None = None
    """None: grouped into a story automatically; a slug: forced into that story;
    "" (``story: false`` in the file): kept out of every story."""
    provenance: Provenance | None = None
    """Set by ingest: the raw file this came from."""
    extra: dict = field(default_factory=dict)
    """Free-form data for templates (``extra:`` in front matter)."""


@dataclass(frozen=True)
class Article:
    """One content file, loaded and (after the markdown stage) rendered."""

    path: str
    """Source file, relative to the site root (POSIX), as messages name it."""
    body_line: int
    """1-based line in the file where the Markdown body starts."""
    meta: FrontMatter
    """Validated front matter."""
    body: str
    """Markdown body."""
    content_hash: str
    """Hash of the file's bytes: the cache key of everything derived from it."""
    slug: str
    """Final slug (front matter, else file name), ASCII."""
    url: str
    """Site path of the article page, including the base path (``/2024/05/slug/``)."""
    tag_slugs: tuple[str, ...] = ()
    """Folded tag slugs, in the order written, no duplicates."""
    tag_spellings: tuple[str, ...] = ()
    """The spelling of each of ``tag_slugs`` in this article (after aliases)."""
    summary: str = ""
    """Plain-text summary: the description, else the lead paragraph, cut on a word."""
    standfirst: str = ""
    """The description, shown under the headline, unless the body already opens with it."""
    reading_minutes: int = 1
    """Estimated reading time."""
    card_hash: str = ""
    """Hash of what listings show of the article (title, dates, byline, summary...): a
    body-only edit leaves it, and so the listings, alone."""
    story_terms: bytes = b""
    """Its words and names with their counts (``publish.stories.signature``): what story
    grouping compares, computed with the body, which the site's Article no longer holds."""
    sketch: bytes = b""
    """A bottom-k sketch of its word 5-shingles, to find copies of it (``signature``)."""
    numbers: str = ""
    """A hash of the numbers its text states, in order (``publish.stories.stated_numbers``):
    two short texts alike in their words are copies only when these agree."""
    id_url: str = ""
    """Site path of its identity (front matter ``id``, with the base path), else ``url``:
    what its feed entries' ids and GUIDs are made of."""
    alias_urls: tuple[str, ...] = ()
    """Site paths that redirect to it: its ``id`` when it has moved, and its ``aliases``."""

    @cached_property
    def sort_key(self) -> tuple:
        """Newest first; undated last; ties broken by URL so order never depends on disk order.
        (Computed once per article: a warm process sorts the same objects save after save.)"""
        ts = self.meta.date.timestamp() if self.meta.date else float("-inf")
        return (-ts, self.url)


@dataclass(frozen=True)
class Story:
    """One story told by several outlets (``publish.stories``)."""

    id: str
    """Its slug, for good: ``/stories/<id>/``."""
    articles: tuple[Article, ...]
    """Its articles, newest first (copies of them not included)."""
    central: Article
    """The article most like the others: the story's headline and summary come from it."""
    aliases: tuple[str, ...] = ()
    """Other members' slugs: ``/stories/<alias>/`` redirects to the story."""


@dataclass(frozen=True, slots=True)
class Tag:
    """A folded tag: every spelling that slugifies alike is one tag."""

    slug: str
    """ASCII slug, stable: ``/tags/<slug>/``."""
    name: str
    """The most common spelling among its articles."""
    articles: tuple[Article, ...]
    """Its articles, newest first."""


@dataclass(frozen=True, slots=True)
class Outlet:
    """A publication the articles come from (``source.name``): ``/sources/<slug>/``."""

    slug: str
    name: str
    articles: tuple[Article, ...]
    """Its articles, newest first."""


@dataclass(frozen=True, slots=True)
class Month:
    """One month of the archive."""

    year: int
    month: int
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Site:
    """Everything a build renders, assembled once after loading."""

    articles: tuple[Article, ...]
    """Published articles, newest first."""
    tags: tuple[Tag, ...]
    """Tags sorted by name."""
    months: tuple[Month, ...]
    """Archive months, newest first."""
    stories: tuple[Story, ...] = ()
    """Stories of two or more articles, by id."""
    story_of: dict[str, Story] = field(default_factory=dict)
    """Article URL -> its story."""
    copies: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    """Article URL -> the copies of it (same text from other outlets), not published as pages."""
    copy_of: dict[str, Article] = field(default_factory=dict)
    """A copy's URL -> the article published in its place (its URL redirects there)."""
    outlets: tuple[Outlet, ...] = ()
    """The publications the articles come from, by name."""
    related: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    """Article URL -> related reading: the most similar articles of other stories."""
