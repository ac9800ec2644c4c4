"""Render the outputs whose key changed into the writer, over worker processes.

Each worker gets index ranges into the parent's list (shared by fork) and returns the paths
whose bytes changed plus any errors, so the parent can report them all. Feeds go first, in
one contiguous run per worker, so the entries the feeds of a run share (feeds.Entries) are
built once in it; pages follow in small chunks that even out the load.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

import jinja2

from ..config import SiteConfig
from ..errors import BuildFailed, SourceError
from ..models import Article
from . import parallel, templates
from .articles import body_html
from .cache import BuildCache
from .feeds import Entries, FeedFile, KeptEntries, warm_feeds
from .output import Output
from .pages import Page
from .write import OutputWriter

T = TypeVar("T")
MAX_ERRORS = 20
"""A broken template fails every page that uses it: report this many per worker, not thousands."""
SCANNED_LOOKUPS = 4
"""Bodies looked up by a scan of the articles before an index of them is built."""


@dataclass
class RenderJob:
    """What every worker shares (by fork) for one build's rendering."""

    config: SiteConfig
    env: jinja2.Environment
    cache: BuildCache
    writer: OutputWriter
    todo: list[Output]
    """The outputs to render."""
    articles: tuple[Article, ...]
    """The site's articles (a page's body is found by its article's content hash)."""
    kept: KeptEntries | None = None
    """Feed entries a warm process keeps between builds."""
    _by_hash: dict[str, Article] | None = field(default=None, init=False)
    _looked: int = field(default=0, init=False)

    def article(self, content_hash: str) -> Article:
        """The article of a content hash: a scan for the first few (a small rebuild's one or
        two pages), an index once there are more."""
        if self._by_hash is None:
            self._looked += 1
            if self._looked <= SCANNED_LOOKUPS:
                return next(a for a in self.articles if a.content_hash == content_hash)
            self._by_hash = {a.content_hash: a for a in self.articles}
        return self._by_hash[content_hash]


class Renderer:
    """The context an Output's render gets in one process: templates, bodies, feed entries."""

    def __init__(self, job: RenderJob, outputs: list[Output]) -> None:
        self.config, self.env, self._job = job.config, job.env, job
        feeds = [o.render.spec for o in outputs if isinstance(o.render, FeedFile) and o.render.kind != "json"]
        self.entries = Entries(job.config, feeds, lambda a: body_html(job.cache, a, job.config), job.kept)

    def body(self, content_hash: str) -> str:
        job = self._job
        return body_html(job.cache, job.article(content_hash), job.config)


def render_some(job: RenderJob, indexes: range) -> tuple[list[str], list[SourceError]]:
    """Render ``job.todo[indexes]`` into the writer: (paths whose bytes changed, errors)."""
    outputs = [job.todo[i] for i in indexes]
    renderer = Renderer(job, outputs)
    changed: list[str] = []
    errors: list[SourceError] = []
    for output in outputs:
        try:
            data = output.render(renderer)
        except jinja2.TemplateError as exc:
            template = output.render.template if isinstance(output.render, Page) else output.path
            errors.append(templates.render_error(exc, template, job.config.root))
        except BuildFailed as exc:
            errors.extend(exc.errors)
        else:
            if job.writer.put(output.path, data):
                changed.append(output.path)
            continue
        if len(errors) >= MAX_ERRORS:
            break
    return changed, errors


def _chunk(indexes: range) -> tuple[list[str], list[SourceError]]:
    return render_some(parallel.shared(), indexes)


AHEAD_MAX = 2 * parallel.MIN_PER_WORKER
"""Up to this many feeds (an incremental build's few) render in the feed helper, a child
forked early, beside the pages; more go to the pool with them."""


def feed_helper(config: SiteConfig, env: jinja2.Environment, cache: BuildCache, jobs: int) -> parallel.Helper:
    """A child that imports feedgen while this process loads and plans, then renders a small
    rebuild's feeds beside its pages once the build has checked everything."""
    return parallel.Helper(warm_feeds, jobs, shared=(config, env, cache))


def _render_handed(work: tuple[OutputWriter, list[Output]]) -> tuple[list[str], list[SourceError]]:
    config, env, cache = parallel.shared()
    writer, outputs = work
    return render_some(RenderJob(config, env, cache, writer, outputs, ()), range(len(outputs)))


def render_changed(
    job: RenderJob,
    jobs: int,
    helper: parallel.Helper | None = None,
    meanwhile: Callable[[], T] | None = None,
    progress: bool = False,
) -> tuple[list[str], list[SourceError], T | None]:
    """Render every output of ``job.todo``: (changed paths, errors, what ``meanwhile``
    returned). A few feeds go to ``helper`` when there is one, the rest over the workers,
    feeds first; ``meanwhile`` runs here while the helper works (work that doesn't depend on
    the rendering, such as serializing the build's state)."""
    feeds = [o for o in job.todo if o.kind == "feed"]
    rest = [o for o in job.todo if o.kind != "feed"]
    ahead = helper if helper is not None and helper.pid != 0 and 0 < len(feeds) <= AHEAD_MAX else None
    if ahead is not None:
        ahead.give(_render_handed, (job.writer, feeds))
        feeds = []
    elif helper is not None:
        helper.cancel()
    job = replace(job, todo=feeds + rest)
    nf = len(feeds)

    def split(n: int, workers: int) -> list[range]:
        pages = [range(nf + r.start, nf + r.stop) for r in parallel.chunks(n - nf, workers * 8)]
        return parallel.chunks(nf, workers) + pages

    results = parallel.run(_chunk, len(job.todo), jobs, job, split, progress="rendering" if progress else "")
    extra = meanwhile() if meanwhile is not None else None
    if ahead is not None:
        results.append(ahead.result())
    return parallel.flatten([c for c, _ in results]), parallel.flatten([e for _, e in results]), extra
