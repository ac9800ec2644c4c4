"""The template context: every variable a template sees, and what each field holds.

This is the API theme authors write against (the README's "Templates" section points here).
Templates get these frozen objects, never the configuration or raw front matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict

from markupsafe import Markup

from ..models import Source
from .feeds import FeedLink


@dataclass(frozen=True, slots=True)
class TagRef:
    """A tag as an article shows it (no count, so a new article elsewhere leaves this page alone)."""

    name: str
    """Display spelling (the most common one among its articles, after aliases)."""
    slug: str
    """ASCII slug: ``/tags/<slug>/``."""
    url: str
    """Site path of the tag page, base path included."""


@dataclass(frozen=True, slots=True)
class TagLink:
    """A tag as the tag index and tag pages show it."""

    name: str
    """Display spelling."""
    slug: str
    """ASCII slug."""
    url: str
    """Site path of the tag page."""
    count: int
    """How many published articles carry it."""
    description: str = ""
    """``[tags] descriptions`` for it, else empty."""


@dataclass(frozen=True, slots=True)
class OutletRef:
    """An outlet as the sources index and its own page show it."""

    name: str
    """Its name (``[outlets.<slug>] name``, else the commonest ``source.name`` spelling)."""
    url: str
    """Site path of its page."""
    count: int
    """How many published articles come from it."""
    description: str = ""
    """``[outlets.<slug>] description``."""
    homepage: str = ""
    """``[outlets.<slug>] url``: its own site."""


@dataclass(frozen=True, slots=True)
class Card:
    """What a template may show of an article."""

    title: str
    """Headline, plain text (autoescaped when shown)."""
    url: str
    """Site path of the article page."""
    date: datetime | None
    """Publication time (aware), None for an undated article."""
    updated: datetime | None
    """Last update, when the front matter gives one."""
    author: str
    """Byline; the site's author when the article names none."""
    description: str
    """The standfirst to show (empty when the body opens with it)."""
    summary: str
    """Description, else the lead paragraph, cut on a word."""
    reading_minutes: int
    """Estimated reading time, at least 1."""
    tags: tuple[TagRef, ...]
    """Its tags, in the order written."""
    section: str
    """Site section, or empty."""
    source: Source | None
    """The original publication (``name``, ``url``), if any."""
    image: str
    """Lead image URL or site path, or empty."""
    lang: str
    """Language tag when it differs from the site's, else empty."""
    story: StoryRef | None = None
    """The story it belongs to (with every outlet), None for a single-source article."""
    image_alt: str = ""
    """The lead image's text alternative (empty: decorative)."""
    image_size: tuple[int, int] | None = None
    """The lead image's (width, height) in pixels when it is a file of the site, else None."""
    draft: bool = False
    """A draft shown by a preview build (``--drafts``): pages label it."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """One outlet's report of a story, as story pages and "Also covered by" show it."""

    title: str
    """The report's headline."""
    url: str
    """Our copy's site path."""
    outlet: str
    """The outlet's name (``source.name``), else the original's host, else the site's title."""
    original: str
    """The original's URL (``source.url``), or empty."""
    date: datetime | None
    summary: str


@dataclass(frozen=True, slots=True)
class StoryRef:
    """A story as a card or an article page shows it."""

    title: str
    """The story's headline (its central article's)."""
    url: str
    """``/stories/<id>/``."""
    outlets: tuple[str, ...]
    """Every outlet reporting it, newest report first, each once."""
    sources: tuple[SourceRef, ...]
    """Every report, newest first (copies of a report included)."""


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where a listing page sits among its pages."""

    number: int
    """This page's number, from 1."""
    total: int
    """How many pages the listing has (at least 1)."""
    prev_url: str | None
    """The page before (newer articles), None on the first."""
    next_url: str | None
    """The page after (older articles), None on the last."""
    first_url: str
    """The listing's first page."""
    window: tuple[tuple[int, str], ...] = ()
    """(number, URL) of the pages to link by number: the first, the last, and two either side
    of this one (the template marks this one ``aria-current="page"``)."""


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """``site``: the same on every page."""

    title: str
    """``[site] title``."""
    description: str
    """``[site] description``."""
    language: str
    """``[site] language`` (``<html lang>``)."""
    base_url: str
    """``[site] base_url``, absolute."""
    base_path: str
    """Its path, always ending in ``/`` (prefix of every site path)."""
    author: str
    """``[site] author``."""
    feeds: tuple[FeedLink, ...]
    """The site's own feeds (``title``, ``url``, ``type``)."""
    search: bool = False
    """``[search] enabled``: the search page exists (and the nav links it)."""
    preview: bool = False
    """A build with ``--drafts`` or ``--future`` (and ``serve``): every page says ``noindex``
    and robots.txt disallows everything, so a preview deployed by mistake stays out of search."""


@dataclass(frozen=True, slots=True)
class PageInfo:
    """``page``: this page."""

    title: str
    """Its title (without the site name)."""
    url: str
    """Its site path."""
    canonical: str
    """Its absolute URL."""
    description: str
    """Meta description: the article's summary, else the site's description."""
    kind: str
    """``home``, ``article``, ``tag``, ``tags``, ``archive``, ``month`` or ``404``."""
    lang: str
    """Language of the page (the article's, else the site's)."""
    feeds: tuple[FeedLink, ...]
    """Feeds to announce in ``<head>``: the site's, plus a tag page's own."""


class Context(TypedDict, total=False):
    """Every variable a template can see. ``site`` and ``page`` are always there; the rest
    depend on the page kind (see each template in the theme)."""

    site: SiteInfo
    """The site (every page)."""
    page: PageInfo
    """This page (every page)."""
    article: Card
    """The article (article pages)."""
    body: Markup
    """The article's body HTML, already safe (article pages)."""
    prev: Card | None
    """The next older article (article pages)."""
    next: Card | None
    """The next newer article (article pages)."""
    articles: tuple[Card, ...]
    """This page's articles, newest first (front page, tag and month pages)."""
    pagination: Pagination
    """Where this listing page sits (front page, tag pages)."""
    tag: TagLink
    """The tag (tag pages)."""
    tags: tuple[TagLink, ...]
    """Every tag, most used first (the tag index)."""
    months: tuple[tuple[int, int, int], ...]
    """(year, month, article count), newest first (the archive)."""
    year: int
    """The month page's year."""
    month: int
    """The month page's month, 1-12."""
    also: tuple[SourceRef, ...]
    """The story's other reports, newest first (article pages; empty for a single-source article)."""
    related: tuple[Card, ...]
    """Related reading: the most similar articles of other stories (article pages)."""
    story: StoryRef
    """The story (story pages)."""
    central: Card
    """The story's central article, whose headline and summary it shows (story pages)."""
    timeline: tuple[SourceRef, ...]
    """The story's reports, oldest first (story pages)."""
    day: date
    """The digest page's day, in the site's time zone (digest day pages)."""
    groups: tuple[tuple[str, tuple[Card, ...]], ...]
    """(section or top tag, its stories' cards), the day's (digest day pages)."""
    outlets: tuple[OutletRef, ...]
    """Every outlet, by name (the sources index)."""
    outlet: OutletRef
    """The page's outlet (source pages)."""
    days: tuple[tuple[str, str, int], ...]
    """(YYYY-MM-DD, page URL, how many stories), newest first (the digest index)."""
