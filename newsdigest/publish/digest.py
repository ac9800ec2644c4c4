"""The daily digest: a page per day (``/digest/YYYY-MM-DD/``) with that day's stories, each
once with its sources, grouped by section (else first tag), in the site's time zone; an
index of days; and a digest feed (RSS and Atom, one item per day) for readers who want one
notification a day. Its items' ids are the day pages' URLs: they never change.

A story belongs to the day of its first report (so it never moves to another day as more
outlets cover it); an article in no story, to its own day. Undated articles have no day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from ..config import SiteConfig
from ..hashing import digest
from ..models import Article, Site
from ..xmlchars import xml_text
from .cache import code_fingerprint
from .feeds import EPOCH, KINDS, _feedgen, describe
from .output import Output


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    url: str
    """``/digest/YYYY-MM-DD/``."""
    articles: tuple[Article, ...]
    """One per story (its newest report) or single article, newest first."""
    updated: datetime
    """The newest report among them: the feed item's date."""


def days_of(config: SiteConfig, site: Site) -> tuple[Day, ...]:
    """Every day with something published, newest first."""
    tz = config.tz
    by_day: dict[date, list[Article]] = defaultdict(list)
    newest: dict[date, datetime] = {}
    seen: set[str] = set()
    for a in site.articles:  # newest first
        story = site.story_of.get(a.url)
        lead = story.articles[0] if story else a
        if lead.url in seen:
            continue
        first = min((x.meta.date for x in (story.articles if story else (a,)) if x.meta.date), default=None)
        if first is None:
            continue
        seen.add(lead.url)
        d = first.astimezone(tz).date()
        by_day[d].append(lead)
        when = max(x.meta.date for x in (story.articles if story else (a,)) if x.meta.date)
        newest[d] = max(newest.get(d, when), when)
    return tuple(
        Day(d, f"{config.base_path}digest/{d.isoformat()}/", tuple(by_day[d]), newest[d])
        for d in sorted(by_day, reverse=True)
    )


def groups(articles: tuple[Article, ...], tag_names: dict[str, str]) -> tuple[tuple[str, tuple[Article, ...]], ...]:
    """(label, articles) by section, else first tag, else "Other"; labels in order of their
    first (newest) article, "Other" last."""
    out: dict[str, list[Article]] = {}
    for a in articles:
        label = a.meta.section or (tag_names.get(a.tag_slugs[0], "") if a.tag_slugs else "") or "Other"
        out.setdefault(label, []).append(a)
    ordered = [k for k in out if k != "Other"] + (["Other"] if "Other" in out else [])
    return tuple((k, tuple(out[k])) for k in ordered)


@dataclass(frozen=True, slots=True)
class DigestFeed:
    """The render of one digest feed file: one item per day, its headlines as its content."""

    days: tuple[Day, ...]
    kind: str

    def __call__(self, r) -> bytes:
        return make_digest_feed(r.config, self.days, self.kind)


def make_digest_feed(config: SiteConfig, days: tuple[Day, ...], kind: str) -> bytes:
    lib = _feedgen()
    items = days[: config.feed.items]
    page = config.absolute_url(f"{config.base_path}digest/")
    updated = items[0].updated if items else EPOCH
    fg = lib.FeedGenerator()
    fg.id(page)
    fg.title(xml_text(f"{config.site.title}: daily digest"))
    describe(fg, f"One item a day: the day's stories on {config.site.title}")
    fg.language(config.site.language)
    fg.generator("newsdigest")
    fg.updated(updated)
    fg.lastBuildDate(updated)
    for day in items:
        url = config.absolute_url(day.url)
        fe = lib.Entry()
        fe.id(url)
        fe.guid(url, permalink=True)
        title = f"{config.site.title}: {day.day.strftime('%A')} {day.day.day} {day.day.strftime('%B %Y')}"
        fe.title(xml_text(title))
        fe.link(href=url, rel="alternate")
        fe.published(day.updated)
        fe.updated(day.updated)
        fe.pubDate(day.updated)
        headlines = "".join(
            f'<li><a href="{escape(config.absolute_url(a.url))}">{escape(xml_text(a.meta.title))}</a></li>'
            for a in day.articles
        )
        n = len(day.articles)
        listing = f"{n} {'story' if n == 1 else 'stories'}: " + "; ".join(a.meta.title for a in day.articles)
        fe.description(escape(xml_text(listing), quote=False))  # RSS readers read it as HTML
        fe.content(f"<ul>{headlines}</ul>", type="html")
        fg.add_entry(fe, order="append")
    name = next(n for k, n, _, _ in KINDS if k == kind)
    fg.link([{"href": page + name, "rel": "self"}, {"href": page, "rel": "alternate"}], replace=True)  # RSS: the last
    return fg.rss_str(pretty=True) if kind == "rss" else fg.atom_str(pretty=True)


def plan_digest_feeds(config: SiteConfig, days: tuple[Day, ...]) -> list[Output]:
    key = digest(
        config.fingerprint,
        code_fingerprint(),
        *(f"{d.url} {d.updated.isoformat()} " + " ".join(a.url + a.card_hash for a in d.articles) for d in days),
    )
    prefix = "digest/"
    return [Output(prefix + name, key + kind, DigestFeed(days, kind), "feed") for kind, name, _, _ in KINDS]
