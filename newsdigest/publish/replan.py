"""The plan after an edit of some articles' text only, made from the last plan: their pages
and the feeds planned again, every other output kept as it was (same key, same render).

That is the whole effect of such an edit when everything else a page can show of those
articles is unchanged (title, dates, byline, summary, tags, source: what ``card_hash``
covers, and the URL, file and front matter) and the stories, copies and related reading
come out the same: a listing, tag, story, digest or archive page shows only those. The text
itself shows on the article's own page and, in full, in the feeds. Anything else (an
article added, removed, moved, retitled; a story regrouped) returns None: plan it all.
``serve`` uses this to answer a save of one article in a few milliseconds at 10,000.
"""

from __future__ import annotations

from dataclasses import replace

from ..config import SiteConfig
from ..models import Article, Site
from .feeds import replan_feeds
from .plan import Plan

MAX_EDITED = 50
"""More edited articles than this at once (a search-and-replace, a branch switch): plan it all."""


def _listed(a: Article) -> Article:
    """The article without what only its own page and the feeds show."""
    return replace(a, content_hash="", body_line=0, story_terms=b"", sketch=b"", numbers="")


def shape(site: Site) -> tuple:
    """The stories, copies and related reading by URL."""
    urls = lambda arts: tuple(a.url for a in arts)
    return (
        tuple((s.id, urls(s.articles), s.central.url, s.aliases) for s in site.stories),
        tuple((u, urls(c)) for u, c in sorted(site.copies.items())),
        tuple(sorted((u, a.url) for u, a in site.copy_of.items())),
        tuple((u, urls(r)) for u, r in sorted(site.related.items())),
    )


def replan_edited(last: Plan, config: SiteConfig, site: Site, last_shape: tuple | None = None) -> Plan | None:
    """``last`` brought up to ``site``, or None when more than articles' text changed.
    Called only for the same configuration, templates and static files as ``last``'s;
    ``last_shape``: ``shape(last.site)`` when the caller has it already."""
    before = last.site.articles
    if len(before) != len(site.articles):
        return None
    edited = [(i, b) for i, (a, b) in enumerate(zip(before, site.articles, strict=True)) if a is not b]
    if len(edited) > MAX_EDITED:
        return None
    for i, b in edited:
        a = before[i]
        if a.url != b.url or a.path != b.path or _listed(a) != _listed(b):
            return None
    old_copies = {c.url: c for copies in last.site.copies.values() for c in copies}
    for copies in site.copies.values():
        for c in copies:  # a copy shows as a source of its story: the same test
            was = old_copies.get(c.url)
            if was is not c and (was is None or was.path != c.path or _listed(was) != _listed(c)):
                return None
    if (last_shape if last_shape is not None else shape(last.site)) != shape(site):
        return None
    planner = last.planner
    planner.site = site
    outputs = list(last.outputs)
    for i, b in edited:
        planner.forget(b.url)
        outputs[last.pages_of[b.url]] = planner.article_page(i)
    start, end = last.feeds
    feeds = replan_feeds(config, site, outputs[start:end], {b.url for _, b in edited})
    if feeds is None:
        return None
    outputs[start:end] = feeds[0]
    replanned = (*(last.pages_of[b.url] for _, b in edited), *(start + k for k in feeds[1]))
    return Plan(outputs, site, planner, last.feeds, last.pages_of, replanned)
