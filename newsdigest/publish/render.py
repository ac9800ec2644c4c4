"""Render planned pages and feeds into the output writer; run in worker processes.

Each worker gets index ranges into the parent's plan (shared by fork) and returns the
paths whose bytes changed plus any template errors, so the parent can report them all.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from ..config import SiteConfig
from ..errors import SourceError
from ..models import Article
from . import parallel, templates
from .articles import body_html
from .cache import BuildCache
from .feeds import Entries, FeedSpec, make_feeds
from .pages import OutputPage
from .write import OutputWriter


@dataclass
class RenderWork:
    config: SiteConfig
    env: jinja2.Environment
    cache: BuildCache
    writer: OutputWriter
    pages: list[OutputPage]
    feeds: list[FeedSpec]
    by_hash: dict[str, Article]
    """Articles by content hash (to find a page's body)."""


def render_one(work: RenderWork, page: OutputPage) -> str:
    context = page.make()
    if page.body_of:
        article = work.by_hash[page.body_of]
        context = {**context, "body": Markup(body_html(work.cache, article, work.config))}
    return work.env.get_template(page.template).render(context)


def render_pages(work: RenderWork, indexes: range) -> tuple[list[str], list[SourceError]]:
    changed: list[str] = []
    errors: list[SourceError] = []
    for i in indexes:
        page = work.pages[i]
        try:
            html = render_one(work, page)
        except jinja2.TemplateError as exc:
            errors.append(templates.render_error(exc, page.template, work.config.root))
            if len(errors) >= 20:
                break
            continue
        if work.writer.put(page.path, html):
            changed.append(page.path)
    return changed, errors


def feed_paths(spec: FeedSpec, base_path: str) -> tuple[str, str]:
    prefix = spec.page_url[len(base_path):]
    return prefix + "feed.xml", prefix + "atom.xml"


def render_feeds(work: RenderWork, indexes: range) -> list[str]:
    config = work.config
    specs = [work.feeds[i] for i in indexes]
    entries = Entries(config, specs, lambda a: body_html(work.cache, a, config))
    changed = []
    for spec in specs:
        rss, atom = make_feeds(config, spec, entries)
        for rel, data in zip(feed_paths(spec, config.base_path), (rss, atom)):
            if work.writer.put(rel, data):
                changed.append(rel)
    return changed


def _any_chunk(indexes: range) -> tuple[list[str], list[SourceError]]:
    """Feeds first (they cost most), then pages, so one pool balances both."""
    work: RenderWork = parallel.shared()
    nf = len(work.feeds)
    feeds = range(max(indexes.start, 0), min(indexes.stop, nf))
    pages = range(max(indexes.start, nf) - nf, max(indexes.stop, nf) - nf)
    changed = render_feeds(work, feeds) if feeds else []
    page_changed, errors = render_pages(work, pages) if pages else ([], [])
    return changed + page_changed, errors


def run_all(work: RenderWork, jobs: int) -> tuple[list[str], list[SourceError]]:
    """Render every planned feed and page over the workers: (changed paths, template errors)."""
    nf = len(work.feeds)

    def split(n: int, workers: int) -> list[range]:
        # The feeds in one contiguous run per worker, first: the entries a worker's feeds
        # share are built once in it (feeds.Entries), not once per chunk. Pages follow in
        # small chunks that even out the load.
        pages = [range(nf + r.start, nf + r.stop) for r in parallel.chunks(n - nf, workers * 8)]
        return parallel.chunks(nf, workers) + pages

    results = parallel.run(_any_chunk, nf + len(work.pages), jobs, work, split)
    return parallel.flatten([c for c, _ in results]), parallel.flatten([e for _, e in results])


AHEAD_MAX = 2 * parallel.MIN_PER_WORKER
"""Up to this many feeds (an incremental build's few), they render in one forked child that
starts before the pages are planned, rather than in the pool with the pages."""


def feeds_ahead(work: RenderWork, jobs: int) -> parallel.Background | None:
    """Start rendering ``work.feeds`` beside the rest of a small rebuild (feedgen's import and
    the feeds' XML overlap planning and rendering the pages); None when the pool should
    take them with the pages instead (a cold build, or one process)."""
    if jobs < 2 or not 0 < len(work.feeds) <= AHEAD_MAX:
        return None
    return parallel.Background(lambda w: render_feeds(w, range(len(w.feeds))), work, jobs)
