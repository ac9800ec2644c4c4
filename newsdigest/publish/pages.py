"""Plan the site's HTML pages: Site -> an Output per page (template, deferred context, key). Pure; renders nothing.

Listing pages (front page, tags, archive) come from one pass over the already sorted
articles; nothing here compares every article with every other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import imagesize
import jinja2
from markupsafe import Markup, escape

from ..config import SiteConfig
from ..hashing import digest
from ..models import Article, Outlet, Site, Story, Tag
from ..permalinks import output_path
from ..tags import tag_slug
from .cache import code_fingerprint
from .context import (
    Card,
    Context,
    OutletRef,
    PageInfo,
    Pagination,
    SiteInfo,
    SourceRef,
    StoryRef,
    TagLink,
    TagRef,
)
from .digest import Day, days_of, groups
from .feeds import KINDS, FeedLink, feed_links
from .output import Output

REDIRECT = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} · {site}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{absolute}">
<meta http-equiv="refresh" content="0; url={to}">
</head>
<body>
<p>This page has moved to <a href="{to}">{title}</a>.</p>
</body>
</html>
"""


@dataclass(frozen=True, slots=True)
class Redirect:
    """An Output's render: a redirect page (``REDIRECT`` filled in, every field escaped)."""

    lang: str
    title: str
    site: str
    to: str
    absolute: str

    def fields(self) -> tuple[str, ...]:
        return (self.lang, self.title, self.site, self.to, self.absolute)

    def __call__(self, _renderer: object) -> bytes:
        e = lambda v: str(escape(v))
        return REDIRECT.format(
            lang=e(self.lang), title=e(self.title), site=e(self.site), to=e(self.to), absolute=e(self.absolute)
        ).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Page:
    """An Output's render: a template and its context."""

    template: str
    make: Callable[[], Context]
    """Builds the template context (all but ``site``). Deferred: a rebuild plans every page
    (to compare keys) but builds contexts only for the few it renders."""
    site: SiteInfo
    """The ``site`` every page sees."""
    body_of: str = ""
    """Content hash of the article whose body HTML the renderer adds as ``body``."""

    def __call__(self, r: PageRenderer) -> str:
        context: Context = {"site": self.site, **self.make()}
        if self.body_of:
            context["body"] = Markup(r.body(self.body_of))
        return r.env.get_template(self.template).render(context)


class PageRenderer(Protocol):
    """What rendering a page needs of the process it runs in."""

    env: jinja2.Environment

    def body(self, content_hash: str) -> str:
        """An article's body HTML."""
        ...


def file_for(url: str, base_path: str) -> str:
    """Site URL path -> file path inside output/ (``/news/a/`` -> ``a/index.html``)."""
    rel = url[len(base_path) :] if url.startswith(base_path) else url.lstrip("/")
    return rel + "index.html" if rel.endswith("/") or not rel else rel


def paginate(items: tuple, per_page: int, first_url: str) -> list[tuple[tuple, Pagination, str]]:
    """(items of page, Pagination, url) per page; always at least one page, even when empty."""
    total = max(1, -(-len(items) // per_page))
    url = lambda n: first_url if n == 1 else f"{first_url}page/{n}/"
    return [
        (
            items[(n - 1) * per_page : n * per_page],
            Pagination(
                n,
                total,
                url(n - 1) if n > 1 else None,
                url(n + 1) if n < total else None,
                first_url,
                tuple((k, url(k)) for k in sorted({1, total, *range(max(1, n - 2), min(total, n + 2) + 1)})),
            ),
            url(n),
        )
        for n in range(1, total + 1)
    ]


class Planner:
    """Turns a Site into page Outputs. Holds only what every page shares."""

    def __init__(
        self,
        config: SiteConfig,
        site: Site,
        template_fps: dict[str, str] | None = None,
        preview: bool = False,
        statics: dict[str, Path] | None = None,
    ) -> None:
        self.config, self.site, self.preview = config, site, preview
        self.statics = statics or {}
        """Output path -> static file: lead images among them have a known size."""
        self._sizes: dict[str, tuple[int, int] | None] = {}
        self._days: tuple[Site, tuple[Day, ...]] | None = None
        self.template_fps = template_fps or {}
        self.base = config.base_path
        self.info = SiteInfo(
            title=config.site.title,
            description=config.site.description,
            language=config.site.language,
            base_url=config.site.base_url,
            base_path=self.base,
            author=config.site.author,
            feeds=feed_links(config.site.title, self.base),
            preview=preview,
            search=config.search.enabled,
        )
        self.tag_descriptions = {tag_slug(k): v.strip() for k, v in config.tags.descriptions.items()}
        self.tag_links = {t.slug: self.tag_link(t) for t in site.tags}
        self.tag_refs = {s: TagRef(t.name, t.slug, t.url) for s, t in self.tag_links.items()}
        self._cards: dict[str, Card] = {}
        # Each article's newest date, and its timestamp to compare quickly.
        self.last: dict[str, tuple[float, datetime | None]] = {}
        for a in site.articles:
            d = max((x for x in (a.meta.updated, a.meta.date) if x), default=None)
            self.last[a.url] = (d.timestamp() if d else float("-inf"), d)
        self._prefixes: dict[str, str] = {}
        self.story_refs = {st.id: self.story_ref(st) for st in site.stories}
        self.story_keys = {sid: digest(repr(ref)) for sid, ref in self.story_refs.items()}
        # A card is a function of what the article shows in listings (card_hash), its URL,
        # its tags' display names, its story and the configuration (part of every page key).
        self.card_keys = {
            a.url: digest(
                a.card_hash,
                a.url,
                *(self.tag_refs[s].name for s in a.tag_slugs if s in self.tag_refs),
                self.story_keys[site.story_of[a.url].id] if a.url in site.story_of else "",
                str(self.image_size(a.meta.image)) if a.meta.image else "",
            )
            for a in site.articles
        }

    def story_url(self, story_id: str) -> str:
        return f"{self.base}stories/{story_id}/"

    def source_ref(self, a: Article) -> SourceRef:
        src = a.meta.source
        outlet = (src.name if src else "") or (urlsplit(src.url).hostname or "" if src and src.url else "")
        return SourceRef(
            a.meta.title, a.url, outlet or self.config.site.title, src.url if src else "", a.meta.date, a.summary
        )

    def story_ref(self, story: Story) -> StoryRef:
        reports = []
        for a in story.articles:
            reports.append(self.source_ref(a))
            reports += [self.source_ref(c) for c in self.site.copies.get(a.url, ())]
        outlets = tuple(dict.fromkeys(r.outlet for r in reports))
        return StoryRef(story.central.meta.title, self.story_url(story.id), outlets, tuple(reports))

    def story_of(self, a: Article) -> StoryRef | None:
        story = self.site.story_of.get(a.url)
        return self.story_refs[story.id] if story else None

    def tag_link(self, tag: Tag) -> TagLink:
        described = self.tag_descriptions.get(tag.slug, "")
        return TagLink(tag.name, tag.slug, f"{self.base}tags/{tag.slug}/", len(tag.articles), described)

    def card(self, a: Article) -> Card:
        found = self._cards.get(a.url)
        if found is None:
            m = a.meta
            found = self._cards[a.url] = Card(
                title=m.title,
                url=a.url,
                date=m.date,
                updated=m.updated,
                author=m.author or self.config.site.author,
                description=a.standfirst,
                summary=a.summary,
                reading_minutes=a.reading_minutes,
                tags=tuple(self.tag_refs[s] for s in a.tag_slugs if s in self.tag_refs),
                section=m.section,
                source=m.source,
                image=m.image,
                lang=m.lang,
                story=self.story_of(a),
                image_alt=m.image_alt,
                image_size=self.image_size(m.image),
                draft=m.draft,
            )
        return found

    def image_size(self, image: str) -> tuple[int, int] | None:
        """A lead image's size when it is one of the site's static files (read from its
        header, once per plan), so the page reserves its space; None for other images."""
        if not image.startswith("/"):
            return None
        rel = output_path(image, self.base)
        if rel not in self._sizes:
            path = self.statics.get(rel)
            size = imagesize.get(path) if path is not None else (-1, -1)
            self._sizes[rel] = (int(size[0]), int(size[1])) if size[0] > 0 and size[1] > 0 else None
        return self._sizes[rel]

    def forget(self, url: str) -> None:
        """Drop the card made for an article (it was edited: ``replan``)."""
        self._cards.pop(url, None)

    def cards(self, articles) -> tuple[Card, ...]:
        return tuple(self.card(a) for a in articles)

    def page(
        self, title: str, url: str, kind: str, description: str = "", lang: str = "", feeds: tuple[FeedLink, ...] = ()
    ) -> PageInfo:
        return PageInfo(
            title,
            url,
            self.config.absolute_url(url),
            description or self.config.site.description,
            kind,
            lang or self.config.site.language,
            self.info.feeds + feeds,
        )

    def out(
        self,
        url: str,
        template: str,
        make: Callable[[], Context],
        key: tuple[str, ...],
        *,
        lastmod: datetime | None = None,
        source: str = "",
        body_of: str = "",
        listed: bool = True,
    ) -> Output:
        prefix = self._prefixes.get(template)
        if prefix is None:
            prefix = self._prefixes[template] = digest(
                self.template_fps.get(template, ""), self.config.fingerprint, code_fingerprint(), template,
                "preview" if self.preview else "",
            )  # fmt: skip
        full = digest(prefix, url, *key)  # one hash per page: key is the parts it shows
        return Output(
            file_for(url, self.base),
            full,
            Page(template, make, self.info, body_of),
            "page",
            source,
            url if listed else "",
            lastmod,
        )

    def newest(self, articles) -> datetime | None:
        """Newest date among some articles (a listing page's sitemap lastmod)."""
        last = self.last
        return max((last[a.url] for a in articles), default=(0.0, None))[1]

    def keys_of(self, articles) -> tuple[str, ...]:
        keys = self.card_keys
        return tuple([keys[a.url] for a in articles])

    def article_pages(self) -> list[Output]:
        return [self.article_page(i) for i in range(len(self.site.articles))]

    def article_page(self, i: int) -> Output:
        """The page of ``site.articles[i]``."""
        arts = self.site.articles
        keys = self.card_keys
        a = arts[i]
        # Articles are newest first: "next" (newer) is the one before, "prev" (older) after.
        prev = arts[i + 1] if i + 1 < len(arts) else None
        nxt = arts[i - 1] if i > 0 else None
        related = self.site.related.get(a.url, ())
        copies = self.site.copies.get(a.url, ())
        key = (
            a.content_hash,
            *(f"copy:{c.url}:{c.card_hash}" for c in copies),
            keys[a.url],
            keys[prev.url] if prev else "",
            keys[nxt.url] if nxt else "",
            *(keys[r.url] for r in related if r.url in keys),
        )

        def make(a=a, prev=prev, nxt=nxt, related=related, copies=copies) -> Context:
            card = self.card(a)
            # its story's other reports, else (a copy published once, no story) its copies' outlets
            also = card.story.sources if card.story else tuple(self.source_ref(c) for c in copies)
            return {
                "page": self.page(a.meta.title, a.url, "article", card.summary, a.meta.lang),
                "article": card,
                "also": tuple(r for r in also if r.url != a.url),
                "related": tuple(self.card(r) for r in related if r.url in self.card_keys),
                "prev": self.card(prev) if prev else None,
                "next": self.card(nxt) if nxt else None,
            }

        return self.out(
            a.url,
            "article.html",
            make,
            key,
            lastmod=a.meta.updated or a.meta.date,
            source=a.path,
            body_of=a.content_hash,
        )

    def listing(
        self,
        articles: tuple[Article, ...],
        first_url: str,
        template: str,
        title: str,
        kind: str,
        extra: Context,
        extra_key: str,
        feeds: tuple[FeedLink, ...] = (),
        description: str = "",
    ) -> list[Output]:
        """``description``: the listing's own meta description (else the site's)."""
        pages = []
        for items, pagination, url in paginate(articles, self.config.site.per_page, first_url):
            page_title = title if pagination.number == 1 else f"{title} (page {pagination.number})"

            def make(items=items, pagination=pagination, url=url, page_title=page_title) -> Context:
                return {
                    "page": self.page(page_title, url, kind, description, feeds=feeds),
                    "articles": self.cards(items),
                    "pagination": pagination,
                    **extra,
                }

            key = (page_title, f"{pagination.number}/{pagination.total}", extra_key, *self.keys_of(items))
            pages.append(self.out(url, template, make, key, lastmod=self.newest(items)))
        return pages

    def tag_pages(self) -> list[Output]:
        shown = (t for t in self.tag_links.values() if t.count >= self.config.tags.index_min)
        tags = tuple(sorted(shown, key=lambda t: (-t.count, t.name.casefold(), t.slug)))
        index = f"{self.base}tags/"
        pages = [
            self.out(
                index, "tags.html", lambda: {"page": self.page("Tags", index, "tags"), "tags": tags}, (repr(tags),)
            )
        ]
        for tag in self.site.tags:
            link = self.tag_links[tag.slug]
            pages += self.listing(
                tag.articles,
                link.url,
                "tag.html",
                tag.name,
                "tag",
                {"tag": link},
                repr(link),
                feeds=feed_links(f"{self.config.site.title}: {tag.name}", link.url),
                description=link.description or f"{self.config.site.title}: {link.count} articles tagged {tag.name}",
            )
        return pages

    def archive_pages(self) -> list[Output]:
        url = f"{self.base}archive/"
        months = tuple((m.year, m.month, len(m.articles)) for m in self.site.months)
        pages = [
            self.out(
                url,
                "archive.html",
                lambda: {"page": self.page("Archive", url, "archive"), "months": months},
                (repr(months),),
            )
        ]
        for m in self.site.months:
            murl = f"{url}{m.year:04d}/{m.month:02d}/"

            def make(m=m, murl=murl) -> Context:
                return {
                    "page": self.page(f"Archive: {m.year}-{m.month:02d}", murl, "month"),
                    "articles": self.cards(m.articles),
                    "year": m.year,
                    "month": m.month,
                }

            pages.append(self.out(murl, "month.html", make, self.keys_of(m.articles), lastmod=self.newest(m.articles)))
        return pages

    def front(self) -> tuple[Article, ...]:
        """The front page's articles: a story once (its newest report), single ones as they are."""
        story_of = self.site.story_of
        return tuple(a for a in self.site.articles if a.url not in story_of or story_of[a.url].articles[0] is a)

    def story_pages(self) -> list[Output]:
        """A page per story; a redirect from each other member's slug and from every copy's URL."""
        pages = []
        for story in self.site.stories:
            ref = self.story_refs[story.id]
            central = self.card(story.central)

            def make(ref=ref, central=central) -> Context:
                return {
                    "page": self.page(ref.title, ref.url, "story", central.summary),
                    "story": ref,
                    "central": central,
                    "timeline": tuple(sorted(ref.sources, key=lambda r: (r.date is None, r.date or 0, r.url))),
                }

            newest = self.newest(story.articles)
            pages.append(self.out(ref.url, "story.html", make, (self.story_keys[story.id],), lastmod=newest))
        # Every article's slug answers under /stories/: a story id is always some article's
        # slug, and grouping can change as the corpus grows (more articles, other word
        # weights), so any story URL ever published stays a page or a redirect, never a 404.
        taken = {self.story_url(st.id) for st in self.site.stories}
        copies = [c for u in sorted(self.site.copies) for c in self.site.copies[u]]
        for a in (*self.site.articles, *copies):
            url = self.story_url(a.slug)
            if url in taken:
                continue
            taken.add(url)
            found = self.site.story_of.get(a.url)
            if found is not None:
                ref = self.story_refs[found.id]
                pages.append(self.redirect(url, ref.url, ref.title))
            else:
                kept = self.site.copy_of.get(a.url, a)
                pages.append(self.redirect(url, kept.url, kept.meta.title))
        for url, kept in sorted(self.site.copy_of.items()):
            pages.append(self.redirect(url, kept.url, kept.meta.title))
        return pages

    def redirect(self, url: str, to: str, title: str) -> Output:
        """A static redirect page (meta refresh, canonical, noindex, a link): never a 404
        for a URL that was published once. Not in the sitemap. Made here, not by a template:
        a site has one per article, and nothing in it is for a theme to change."""
        page = Redirect(self.config.site.language, title, self.config.site.title, to, self.config.absolute_url(to))
        return Output(file_for(url, self.base), digest(REDIRECT, *page.fields()), page, "page")

    def outlet_pages(self) -> list[Output]:
        """An index of the outlets and a listing per outlet, with its own feeds."""
        index = f"{self.base}sources/"
        refs = {o.slug: self.outlet_ref(o, f"{index}{o.slug}/") for o in self.site.outlets}
        listed = tuple(refs.values())
        pages = [
            self.out(
                index,
                "sources.html",
                lambda: {"page": self.page("Sources", index, "sources"), "outlets": listed},
                (repr(listed),),
            )
        ]
        for o in self.site.outlets:
            ref = refs[o.slug]
            pages += self.listing(
                o.articles,
                ref.url,
                "source.html",
                ref.name,
                "source",
                {"outlet": ref},
                repr(ref),
                feeds=feed_links(f"{self.config.site.title}: {ref.name}", ref.url),
                description=ref.description or f"{self.config.site.title}: {ref.count} articles from {ref.name}",
            )
        return pages

    def outlet_ref(self, outlet: Outlet, url: str) -> OutletRef:
        known = self.config.outlets.get(outlet.slug)
        if known is None:
            return OutletRef(outlet.name, url, len(outlet.articles))
        return OutletRef(known.name or outlet.name, url, len(outlet.articles), known.description, known.url)

    def digest_pages(self) -> list[Output]:
        """The daily digest: an index of days and a page per day."""
        days = self.days()
        index = f"{self.base}digest/"
        feeds = feed_links(f"{self.config.site.title}: daily digest", index, KINDS)  # RSS and Atom only
        listed = tuple((d.day.isoformat(), d.url, len(d.articles)) for d in days)
        pages = [
            self.out(
                index,
                "digest_index.html",
                lambda: {"page": self.page("Daily digest", index, "digest", feeds=feeds), "days": listed},
                (repr(listed),),
                lastmod=days[0].updated if days else None,
            )
        ]
        names = {s: ref.name for s, ref in self.tag_refs.items()}
        for d in days:

            def make(d=d) -> Context:
                label = f"{d.day.strftime('%A')} {d.day.day} {d.day.strftime('%B %Y')}"
                return {
                    "page": self.page(f"Digest: {label}", d.url, "digest-day", feeds=feeds),
                    "day": d.day,
                    "groups": tuple((g, self.cards(arts)) for g, arts in groups(d.articles, names)),
                }

            key = (d.day.isoformat(), *self.keys_of(d.articles))
            pages.append(self.out(d.url, "digest_day.html", make, key, lastmod=d.updated))
        return pages

    def days(self) -> tuple[Day, ...]:
        """The digest's days of the current site (computed once per site: the pages and the
        digest feeds both need them)."""
        if self._days is None or self._days[0] is not self.site:
            self._days = (self.site, days_of(self.config, self.site))
        return self._days[1]

    def plan(self) -> list[Output]:
        not_found = self.base + "404.html"
        planned = [
            *self.listing(self.front(), self.base, "index.html", self.config.site.title, "home", {}, ""),
            *self.story_pages(),
            *self.digest_pages(),
            *self.outlet_pages(),
            *self.article_pages(),
            *self.tag_pages(),
            *self.archive_pages(),
            self.out(
                not_found, "404.html", lambda: {"page": self.page("Page not found", not_found, "404")}, (), listed=False
            ),
        ]
        if self.config.search.enabled:
            search = self.base + "search/"
            planned.append(self.out(search, "search.html", lambda: {"page": self.page("Search", search, "search")}, ()))
        return [*planned, *self.alias_pages({o.path for o in planned})]

    def alias_pages(self, taken: set[str]) -> list[Output]:
        """A redirect from every other URL an article was published at (its ``id`` when it
        has moved, its ``aliases``), unless a page of the site lives there now; the first
        article (newest first) to claim a URL gets it."""
        pages = []
        for a in self.site.articles:
            for url in a.alias_urls:
                path = file_for(url, self.base)
                if path not in taken:
                    taken.add(path)
                    pages.append(self.redirect(url, a.url, a.meta.title))
        return pages
