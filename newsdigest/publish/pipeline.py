"""build(config) -> BuildReport: the straight-line orchestrator, one call per stage.

scan -> up to date? -> load and validate -> assemble -> plan outputs -> check paths ->
render what changed -> commit -> save the cache.

Everything is loaded, validated and planned before anything renders, and output/ changes
only after every output rendered. Cost is linear in the corpus: one sorted pass builds the
listings, and only outputs whose key changed since the last build are rendered again.
"""

from __future__ import annotations

import errno
import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import limits
from ..config import SiteConfig
from ..errors import BuildFailed, NewsdigestError, SourceError
from ..models import Site
from . import parallel, search
from .assemble import Left
from .cache import BuildCache, BuildState, serialize, state_key
from .inputs import scan_inputs
from .write import check_output

if TYPE_CHECKING:
    from .output import Output
    from .warm import Memory

# The stages proper (Markdown, YAML, Jinja2, feedgen) are imported by _build() only once it
# knows there is work to do: a no-change rebuild then costs a stat per file, not the
# ~0.2 s those imports take.


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out: Path | None = None
    """Write here instead of ``[paths] output``."""
    drafts: bool = False
    """Include articles marked ``draft: true``."""
    jobs: int = 0
    """Worker processes; 0 = every core."""
    use_cache: bool = True
    """False (``--no-cache``): ignore the cache and build everything from scratch."""
    future: bool = False
    """Include articles dated after now (``--future``)."""
    now: datetime | None = None
    """The build's clock (default: the current time): what is scheduled, what expired."""
    cache: Path | None = None
    """Keep the build cache here instead of ``[paths] cache`` (``serve`` keeps its own)."""
    progress: bool = False
    """Progress bars on stderr for long stages (on a terminal, after two seconds)."""
    changed: frozenset[str] | None = None
    """The paths a file watcher saw change since the last build of this warm process
    (``serve``): only those are stat'ed. None: scan every input."""

    def cache_dir(self, config: SiteConfig) -> Path:
        return self.cache or config.path("cache")


@dataclass(frozen=True, slots=True)
class BuildReport:
    articles: int
    pages: int
    tags: int
    feeds: int
    files: int
    seconds: float
    output: Path
    drafts_skipped: int = 0
    scheduled_skipped: int = 0
    """Articles dated later than the build (published by the first build after their time)."""
    expired: int = 0
    rendered: int = 0
    """Outputs rendered this time (the rest were unchanged)."""
    changed: int = 0
    """Files whose bytes changed in output/."""
    up_to_date: bool = False

    @classmethod
    def nothing_to_do(cls, seconds: float, output: Path) -> BuildReport:
        return cls(0, 0, 0, 0, 0, seconds, output, up_to_date=True)

    @classmethod
    def of(
        cls,
        site: Site,
        outputs: list[Output],
        seconds: float,
        output: Path,
        left: Left,
        rendered: int,
        changed: int,
    ) -> BuildReport:
        kinds = Counter(o.kind for o in outputs)
        return cls(
            articles=len(site.articles),
            pages=kinds["page"],
            tags=len(site.tags),
            feeds=kinds["feed"],
            files=len(outputs),
            seconds=seconds,
            output=output,
            drafts_skipped=left.drafts,
            scheduled_skipped=left.scheduled,
            expired=left.expired,
            rendered=rendered,
            changed=changed,
        )

    def summary(self) -> str:
        if self.up_to_date:
            return f"up to date: nothing changed since the last build ({self.seconds:.2f} s) -> {self.output}"
        left = [
            f"{n} {what}"
            for n, what in (
                (self.drafts_skipped, "drafts"),
                (self.scheduled_skipped, "scheduled"),
                (self.expired, "expired"),
            )
            if n
        ]
        return (
            f"built {self.articles} articles, {self.pages} pages, {self.tags} tags, "
            f"{self.feeds} feeds ({self.files} files, {self.changed} changed) in {self.seconds:.2f} s -> {self.output}"
            + (f" (skipped {', '.join(left)})" if left else "")
        )


def build(
    config: SiteConfig,
    options: BuildOptions = BuildOptions(),
    warm: Memory | None = None,
    on_commit: Callable[[], None] | None = None,
) -> BuildReport:
    """Build the site. ``warm``: what a long-running process (``serve``) keeps between its
    builds, read and updated here; ``on_commit``: called once output/ holds the new site,
    before the cache is saved (``serve`` reloads the open pages then)."""
    # A build allocates hundreds of thousands of small acyclic objects (articles, cards,
    # keys); the cyclic collector would walk them over and over for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with ExitStack() as helpers:  # helper processes end with the build, however it ends
            helpers.enter_context(build_lock(options.cache_dir(config)))
            return _build(config, options, helpers, warm, on_commit)
    except OSError as exc:
        if exc.errno not in CANNOT_WRITE:
            raise
        where = exc.filename or options.cache_dir(config)
        raise NewsdigestError(
            f"{where}: cannot write: {exc.strerror}; free some space (or fix the folder's permissions) and "
            "build again (output/ was left as it was)"
        ) from exc
    finally:
        if enabled:
            gc.enable()


CANNOT_WRITE = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}
"""What the disk says when it cannot take what the build writes (full, over a size limit,
read-only, forbidden): one message naming the path, not a traceback."""


@contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """One build of a site at a time: a second one stops at once with a clear message
    (it would otherwise race the first for the cache and output/). An advisory lock on a
    file in the cache (a POSIX record lock: forked workers and the background deleter do not
    inherit it), released by the OS however the build ends."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock (builds there are not expected to overlap)
        yield
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "build.lock", "a+") as f:
        try:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            raise NewsdigestError(
                f"another build of this site is running ({holder}); wait for it to finish, or stop it"
            ) from None
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()}\n")
        f.flush()
        try:
            yield
        finally:
            fcntl.lockf(f, fcntl.LOCK_UN)


def _build(
    config: SiteConfig,
    options: BuildOptions,
    helpers: ExitStack,
    warm: Memory | None,
    on_commit: Callable[[], None] | None,
) -> BuildReport:
    started = time.perf_counter()
    jobs = options.jobs or parallel.default_jobs()
    out_dir = (options.out or config.path("output")).resolve()
    check_output(out_dir)
    cache = BuildCache(options.cache_dir(config))
    key = state_key(config.fingerprint)
    where = (config.path("content"), config.path("layouts"), config.path("static"), config.root)
    published = (options.drafts, options.future)
    inputs = (
        warm.scan(options.changed, *where, key, out_dir, published)
        if warm
        else scan_inputs(*where, key, out_dir, published)
    )
    if len(inputs.files) > limits.MAX_FILES:
        raise NewsdigestError(
            f"{config.path('content')}: {len(inputs.files):,} content files, more than the {limits.MAX_FILES:,} "
            "a site may have; split it into several sites"
        )
    now = options.now or datetime.now(UTC)
    current = not config.search.enabled or search.is_current(out_dir, cache.root)
    if options.use_cache and current and cache.up_to_date(inputs, out_dir, now):
        return BuildReport.nothing_to_do(time.perf_counter() - started, out_dir)
    state = warm.state_for(cache, key) if warm and options.use_cache else None
    state = state or cache.open(key, options.use_cache)

    from . import templates  # the stages proper, imported only once there is work to do
    from .articles import collect, validate
    from .assemble import assemble
    from .plan import changed, check_paths, keys, make_plan, stale
    from .render import RenderJob, feed_helper, render_changed
    from .write import OutputWriter

    env = warm.env_for(inputs.templates) if warm else None
    env = env or templates.make_env(config.path("layouts"), cache.root / "jinja")
    # The feed helper is a child forked now to import feedgen while this process plans: a
    # warm process has feedgen imported, and forking it per save costs more than it saves.
    feeds = helpers.enter_context(feed_helper(config, env, cache, jobs if state and warm is None else 1))
    collected = collect(config, inputs.files, state, cache, jobs, options.progress)
    fail_on(validate(collected, options.drafts, config.root) + templates.check(env, inputs.templates, config.root))
    last = (warm.pairs, warm.plan.site if warm.plan else None) if warm else (None, None)
    grouped = state.grouping if state is not None and warm is None else None
    site, left, pairs, grouping = assemble(
        collected.articles, options.drafts, options.future, now, *last, grouped, keep=warm is None
    )
    fps = templates.template_fingerprints(inputs.templates)
    preview = options.drafts or options.future
    plan = warm.replan(config, site, fps, inputs.statics, preview) if warm else None
    if plan is None:
        plan = make_plan(config, site, fps, inputs.statics, preview)
        fail_on(check_paths(plan.outputs))
    outputs = plan.outputs
    before = cache.previous_outputs(state, out_dir)
    only = warm.since_last(plan, before) if warm else None  # a warm edit: the outputs it re-planned
    todo = changed(outputs, before, only)
    record = BuildState(key, collected.sources, keys(outputs, before, only), inputs.signature, str(out_dir),
                        inputs.scanned_ns, left.next_change, grouping)  # fmt: skip
    kept = warm.entries_for(config) if warm else None
    # serve: the pages a reader reloads are committed (and the reload sent) before the feeds,
    # which no open page shows; a build proper commits everything at once.
    now_first, after = _pages_then_feeds(todo) if on_commit is not None and before else (todo, [])
    # A build proper keeps the tree it replaces in the cache, to make the next one's from it.
    spare_in = cache.root if on_commit is None else None
    left_there = None if before else cache.files_left_in(out_dir)
    with OutputWriter(out_dir, "update" if before else "fresh", (search.PART,), spare_in, left_there) as writer:
        job = RenderJob(config, env, cache, writer, now_first, site.articles, kept)
        # The state is pickled while a helper renders, unless someone waits for the commit
        # (serve): then after it, so the reload does not wait for it.
        meanwhile = (lambda: serialize(record)) if on_commit is None else None
        written, errors, pickled = render_changed(job, jobs, feeds, meanwhile=meanwhile, progress=options.progress)
        fail_on(errors)
        if before:
            cache.mark_dirty()  # an interrupted commit makes the next build a cold one
        # A build proper swaps in a whole tree (unchanged files hard-linked); serve's private
        # preview renames the changed files in, so that a save reloads at once.
        every = [o.path for o in outputs] if on_commit is None else None
        writer.commit(written, stale(outputs, before, only), every)
    if on_commit is not None:
        on_commit()
    if after:
        with OutputWriter(out_dir, "update") as writer:
            late, errors, _ = render_changed(RenderJob(config, env, cache, writer, after, site.articles, kept), jobs)
            fail_on(errors)
            writer.commit(late, [])
        written += late
    if config.search.enabled:
        stamp = search.stamp_of(outputs)
        if not search.is_current(out_dir, cache.root, stamp):
            if on_commit is not None:
                search.in_background(out_dir, cache.root, stamp)
            else:
                search.make_index(out_dir, cache.root, stamp)
    cache.save(record, pickled)
    if warm is not None:
        warm.keep(record, cache, env, inputs.templates, pairs, plan, fps)
    cache.prune_html({a.content_hash for a in collected.articles})
    return BuildReport.of(site, outputs, time.perf_counter() - started, out_dir, left, len(todo), len(written))


def _pages_then_feeds(todo: list[Output]) -> tuple[list[Output], list[Output]]:
    return [o for o in todo if o.kind != "feed"], [o for o in todo if o.kind == "feed"]


def fail_on(errors: list[SourceError]) -> None:
    """Stop the build, before anything is written, when a stage found problems."""
    if errors:
        raise BuildFailed(errors)
