"""RSS 2.0 and Atom feeds with feedgen, deterministic to the byte: which feeds a site has,
their file names, links and keys, and their bytes. The one module that knows about feeds.

feedgen stamps the current time unless given dates, rejects naive datetimes and prepends
entries by default: every feed here gets its newest item's date as its build date, only
aware datetimes, and entries appended in newest-first order. An item's GUID/id is the
article's permanent absolute URL, so it never changes between builds.
"""

from __future__ import annotations

import contextlib
import mimetypes
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from html import escape as html_escape
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from ..config import SiteConfig
from ..hashing import digest
from ..models import Article, Site
from ..permalinks import output_path
from ..tags import tag_slug
from ..xmlchars import xml_text
from .cache import code_fingerprint
from .output import Output

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


KINDS = (("rss", "feed.xml", "application/rss+xml", "RSS"), ("atom", "atom.xml", "application/atom+xml", "Atom"))
"""Each XML feed format: (kind, file name beside its page, MIME type, label)."""
ALL_KINDS = (*KINDS, ("json", "feed.json", "application/feed+json", "JSON Feed"))
"""The site's, tags' and outlets' feeds also come as JSON Feed (``jsonfeed.py``)."""


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed as a page's ``<link rel=alternate>`` shows it."""

    title: str
    """``Site title (RSS)``."""
    url: str
    """Site path of the feed file."""
    type: str
    """``application/rss+xml`` or ``application/atom+xml``."""


def feed_links(title: str, page_url: str, kinds: tuple = ALL_KINDS) -> tuple[FeedLink, ...]:
    """The feeds beside the page at ``page_url`` (``/`` or ``/tags/x/``), for autodiscovery."""
    return tuple(FeedLink(f"{title} ({label})", page_url + name, mime) for _, name, mime, label in kinds)


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed pair (RSS + Atom)."""

    title: str
    description: str
    page_url: str
    """Site path of the HTML page the feed mirrors (``/`` or ``/tags/x/``); feeds sit beside it."""
    articles: tuple[Article, ...]
    """Newest first; only the first ``[feed] items`` are used."""


def feed_date(articles: tuple[Article, ...]) -> datetime:
    """The newest date among the items: the feed's build date, so rebuilds don't change it."""
    dates = [d for a in articles for d in (a.meta.date, a.meta.updated) if d]
    return max(dates) if dates else EPOCH


def feed_content(html: str, origin: str) -> str:
    """An article's body as a feed carries it: site-relative links made absolute, and no
    XML-illegal characters (markdown.render already drops them; this keeps lxml from failing
    on any that get through)."""
    if '="/' in html:  # most bodies link only elsewhere: skip the regex then
        html = _ROOT_RELATIVE.sub(lambda m: f"{m.group(1)}{origin}/", html)
    return xml_text(html)


Body = Callable[[Article], str]
"""Gives an article's body HTML (read from the build cache)."""


class Entries:
    """The feed entries of one batch of feeds, each built once and dropped after its last use.

    A dated article's entry is the same in the site feed and in every tag feed it appears in,
    and building it (with the XML feedgen makes of it) is most of a feed's cost. Counting
    each entry's uses up front keeps only the entries some later feed of the batch still
    needs, so memory stays bounded by the batch's overlap, not by the corpus. An undated
    article's entry borrows its feed's date, so it is shared only by feeds of that date.
    """

    def __init__(
        self, config: SiteConfig, specs: Iterable[FeedSpec], body: Body | None, kept: KeptEntries | None = None
    ) -> None:
        """``specs``: the feed of each feed file the batch makes (a spec once per file);
        ``kept``: entries a warm process keeps from one build to the next."""
        self.config, self.body, self.kept = config, body, kept
        self.origin = config.absolute_url("").rstrip("/")
        self._left: Counter[tuple[str, str, str]] = Counter()
        for spec in specs:
            items = spec.articles[: config.feed.items]
            updated = feed_date(items)
            self._left.update(_key(a, updated) for a in items)
        self._live: dict[tuple[str, str, str], object] = {}
        self._content: dict[tuple[str, str], str] = {}

    def get(self, article: Article, feed_updated: datetime):
        key = _key(article, feed_updated)
        left = self._left.get(key, 0)
        if left == 0:  # a feed outside the batch: nothing to share
            return self._make(article, feed_updated)
        entry = self._live.pop(key, None)
        if entry is None:
            entry = self._make(article, feed_updated)
        if left > 1:
            self._live[key] = entry
            self._left[key] = left - 1
        else:
            del self._left[key]
        return entry

    def _make(self, article: Article, feed_updated: datetime):
        if self.kept is None:
            return self._build(article, feed_updated)
        return self.kept.get(_key(article, feed_updated), lambda: self._build(article, feed_updated))

    def content(self, article: Article) -> str | None:
        """An item's body HTML as feeds carry it (the XML entries' content and JSON Feed's
        ``content_html``); None when feeds carry summaries only. Read once per article and
        batch: a dated article sits in several feeds, in three formats."""
        body = self.body
        if not self.config.feed.full_content or body is None:
            return None
        key = (article.url, article.content_hash)
        found = self._content.get(key)
        if found is None:
            found = self._content[key] = feed_content(body(article), self.origin)
        return found

    def _build(self, article: Article, feed_updated: datetime):
        return _entry(self.config, article, self.content(article), feed_updated)


class KeptEntries:
    """The feed entries of the last few builds of a warm process (``serve``), by identity:
        an article's entry (its XML included) depends only on the article's file and the
        configuration, so a save that changes one article does not build the 20 entries of every
        feed it sits in again. Bounded: the most recently used ``size`` entries (each holds its
    item's RSS and Atom XML: about 10 MB at 1,000)."""

    def __init__(self, fingerprint: str, size: int = 1000) -> None:
        self.fingerprint, self.size = fingerprint, size
        self._entries: dict[tuple[str, str, str], object] = {}

    def get(self, key: tuple[str, str, str], make: Callable[[], object]) -> object:
        entry = self._entries.pop(key, None)
        if entry is None:
            entry = make()
        self._entries[key] = entry  # the most recent last
        while len(self._entries) > self.size:
            del self._entries[next(iter(self._entries))]
        return entry


def _key(article: Article, feed_updated: datetime) -> tuple[str, str, str]:
    """An entry's identity: an undated article's entry borrows its feed's date."""
    return article.url, article.content_hash, "" if article.meta.date else feed_updated.isoformat()


@dataclass(frozen=True, slots=True)
class _Feedgen:
    FeedGenerator: type
    Entry: type
    DcExtension: type
    DcEntryExtension: type


@lru_cache(maxsize=1)
def _feedgen() -> _Feedgen:
    """feedgen's classes, imported on first use (feedgen and lxml take ~30 ms to import, which
    a rebuild that changes no feed need not pay).

    ``Entry`` is feedgen's FeedEntry made to build its item XML once: feedgen builds every
    entry's XML afresh for each feed it is added to, and a news article sits in the site feed
    and several tag feeds, so most of a cold build's feed time went into building the same
    ``<item>`` again. The one element is handed to each feed in turn; appending it to the next
    feed's tree moves it out of the previous one, which make_feeds has already serialized.
    (So a feed must be serialized before the next one is built, as make_feeds does; the
    shared-entries test compares the bytes with entries built afresh.)
    """
    from feedgen.entry import FeedEntry  # imports lxml.etree, which feedgen.ext.dc assumes
    from feedgen.ext.dc import DcEntryExtension, DcExtension
    from feedgen.feed import FeedGenerator

    class SharedEntry(FeedEntry):
        def rss_entry(self, extensions=True):
            return self._built("rss", extensions, super().rss_entry)

        def atom_entry(self, extensions=True):
            return self._built("atom", extensions, super().atom_entry)

        def _built(self, kind, extensions, make):
            memo = self.__dict__.setdefault("_xml", {})
            if (kind, extensions) not in memo:
                memo[kind, extensions] = make(extensions)
            return memo[kind, extensions]

    return _Feedgen(FeedGenerator, SharedEntry, DcExtension, DcEntryExtension)


def warm_feeds() -> None:
    """Import feedgen and lxml now (a helper process does, while its parent plans)."""
    _feedgen()


def _entry(config: SiteConfig, article: Article, html: str | None, feed_updated: datetime):
    url = config.absolute_url(article.url)
    meta = article.meta
    published = meta.date or feed_updated
    lib = _feedgen()
    fe = lib.Entry()
    # register_extension, not load_extension: the latter searches the disk for a dc_entry
    # module (which doesn't exist) on every call.
    fe.register_extension("dc", lib.DcEntryExtension, atom=False, rss=True)
    # Its identity for good: the URL it was first published at (which redirects to it).
    ident = config.absolute_url(article.id_url or article.url)
    fe.id(ident)
    fe.guid(ident, permalink=True)
    fe.title(xml_text(meta.title))
    fe.link(href=url, rel="alternate")
    fe.published(published)
    fe.updated(meta.updated or published)
    fe.pubDate(published)
    author = meta.author or config.site.author
    if author:
        fe.author({"name": xml_text(author)})
        fe.dc.dc_creator(xml_text(author))
    for tag in meta.tags:
        fe.category(term=xml_text(tag))
    summary = xml_text(article.summary)
    fe.summary(summary)
    # RSS readers show <description> as HTML: plain text goes in HTML-escaped (and then
    # XML-escaped by lxml), so a summary reading "<img onerror=...>" stays text. Atom's
    # summary is typed text and takes it as it is.
    fe.description(html_escape(summary, quote=False))
    if html is not None:
        fe.content(html, type="html")
    else:
        fe._FeedEntry__atom_content = None  # description() also set Atom content: a summary is no content
    if meta.image:
        url, length, kind = enclosure(config, meta.image)
        fe.enclosure(url, length, kind)  # RSS <enclosure>, Atom <link rel="enclosure">
    return fe


def image_stamps(config: SiteConfig, articles: Iterable[Article]) -> dict[str, str]:
    """What a feed shows of an article besides its file: its lead image's size in bytes, by
    URL (read once per plan, not once per feed the article is in)."""
    return {a.url: enclosure(config, a.meta.image)[1] for a in articles if a.meta.image}


def enclosure(config: SiteConfig, image: str) -> tuple[str, str, str]:
    """The lead image as a feed enclosure: absolute URL, size in bytes (a file of the site's
    static/; 0 when unknown, as for a remote image) and media type (from its name)."""
    kind = mimetypes.guess_type(urlsplit(image).path)[0] or "image/jpeg"
    length = 0
    if image.startswith("/"):
        with contextlib.suppress(OSError, ValueError):
            length = (config.path("static") / output_path(image, config.base_path)).stat().st_size
    return urljoin(config.site.base_url, image), str(length), kind


def describe(fg, text: str) -> None:
    """A feed's description: Atom's ``<subtitle>`` is typed text and takes it as it is; RSS
    readers show the channel's ``<description>`` as HTML, so there it goes in HTML-escaped, as
    an item's does. (feedgen's ``description()`` and ``subtitle()`` each set both: the RSS one
    is set after, on its own.)"""
    plain = xml_text(text)
    fg.subtitle(plain)
    fg._FeedGenerator__rss_description = html_escape(plain, quote=False)


def make_feed(config: SiteConfig, spec: FeedSpec, kind: str, entries: Entries) -> bytes:
    """One feed's bytes (``kind`` ``rss`` or ``atom``), the items' entries taken from ``entries``."""
    lib = _feedgen()
    items = spec.articles[: config.feed.items]
    updated = feed_date(items)
    page = config.absolute_url(spec.page_url)
    fg = lib.FeedGenerator()
    fg.register_extension("dc", lib.DcExtension, lib.DcEntryExtension, atom=False, rss=True)
    fg.id(page)
    fg.title(xml_text(spec.title))
    describe(fg, spec.description or spec.title)
    fg.language(config.site.language)
    fg.generator("newsdigest")
    fg.updated(updated)
    fg.lastBuildDate(updated)
    if config.site.author:
        fg.author({"name": xml_text(config.site.author)})
    for article in items:
        fg.add_entry(entries.get(article, updated), order="append")
    name = next(n for k, n, _, _ in KINDS if k == kind)
    # feedgen gives RSS's channel <link> the last link: the page the feed mirrors goes last.
    fg.link(
        [{"href": config.absolute_url(spec.page_url + name), "rel": "self"}, {"href": page, "rel": "alternate"}],
        replace=True,
    )
    return fg.rss_str(pretty=True) if kind == "rss" else fg.atom_str(pretty=True)


@dataclass(frozen=True, slots=True)
class FeedFile:
    """An Output's render: one feed file of a spec."""

    spec: FeedSpec
    kind: str
    """``rss`` or ``atom``."""

    def __call__(self, r: FeedRenderer) -> bytes:
        if self.kind == "json":
            return _json_feed(r.config, self.spec, r.entries)
        return make_feed(r.config, self.spec, self.kind, r.entries)


def _json_feed(config: SiteConfig, spec: FeedSpec, entries: Entries) -> bytes:
    from .jsonfeed import json_feed

    return json_feed(
        config,
        spec.title,
        spec.description,
        spec.page_url,
        spec.page_url + "feed.json",
        spec.articles[: config.feed.items],
        entries.content,
    )


class FeedRenderer(Protocol):
    """What rendering a feed needs of the process it runs in."""

    config: SiteConfig
    entries: Entries


def feed_specs(config: SiteConfig, site: Site) -> list[FeedSpec]:
    """The site's feed and one per tag and per outlet, each with the newest ``[feed] items`` articles only
    (all a feed shows, and small to hand to a helper process)."""
    title, n = config.site.title, config.feed.items
    specs = [FeedSpec(title, config.site.description, config.base_path, site.articles[:n])]
    described = {tag_slug(k): v.strip() for k, v in config.tags.descriptions.items()}
    specs += [
        FeedSpec(
            f"{title}: {tag.name}",
            described.get(tag.slug) or f"Articles tagged {tag.name}",
            f"{config.base_path}tags/{tag.slug}/",
            tag.articles[:n],
        )
        for tag in site.tags
    ]
    for outlet in site.outlets:
        known = config.outlets.get(outlet.slug)
        name = (known and known.name) or outlet.name
        specs.append(
            FeedSpec(
                f"{title}: {name}",
                (known and known.description) or f"Articles from {name}",
                f"{config.base_path}sources/{outlet.slug}/",
                outlet.articles[:n],
            )
        )
    return specs


def plan_feeds(config: SiteConfig, site: Site) -> list[Output]:
    """An Output per feed file; a feed's key is its items' URLs and content hashes."""
    common, skip = digest(config.fingerprint, code_fingerprint()), len(config.base_path)
    stamps = image_stamps(config, site.articles)
    return [o for spec in feed_specs(config, site) for o in _spec_outputs(stamps, spec, common, skip)]


def replan_feeds(
    config: SiteConfig, site: Site, last: list[Output], edited: set[str]
) -> tuple[list[Output], list[int]] | None:
    """``plan_feeds`` after an edit of the ``edited`` articles' text only, from the last
    plan's feed outputs: the feeds that carry one of them planned again, the rest kept.
    (outputs, the indexes planned again), or None when the feeds themselves differ."""
    specs = feed_specs(config, site)
    per = len(ALL_KINDS)
    if per * len(specs) != len(last):
        return None
    common, skip = digest(config.fingerprint, code_fingerprint()), len(config.base_path)
    outputs, redone = list(last), list[int]()
    for k, spec in enumerate(specs):
        if edited.isdisjoint(a.url for a in spec.articles):
            continue
        pair = _spec_outputs(image_stamps(config, spec.articles), spec, common, skip)
        if [o.path for o in pair] != [o.path for o in last[per * k : per * k + per]]:
            return None
        outputs[per * k : per * k + per] = pair
        redone += range(per * k, per * k + per)
    return outputs, redone


def _spec_outputs(stamps: dict[str, str], spec: FeedSpec, common: str, skip: int) -> list[Output]:
    key = digest(
        common,
        spec.title,
        spec.description,
        spec.page_url,
        *[a.url + a.content_hash + stamps.get(a.url, "") for a in spec.articles],
    )
    prefix = spec.page_url[skip:]
    return [Output(prefix + name, key + kind, FeedFile(spec, kind), "feed") for kind, name, _, _ in ALL_KINDS]
