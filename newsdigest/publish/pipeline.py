"""build(config) -> BuildReport: the straight-line orchestrator, one call per stage.

scan -> (nothing changed? done) -> collect articles -> validate -> assemble site -> plan
pages and feeds with keys -> render what changed -> write -> commit -> save the cache.

Everything is loaded and validated before anything is written; output/ changes only after
every page and feed rendered. Cost is linear in the corpus: one sorted pass builds the
listings, and only pages whose key changed since the last build are rendered again.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig
from ..errors import BuildFailed
from ..models import Article, Site
from . import parallel
from .cache import RACY_NS, BuildCache, BuildState, code_fingerprint, state_key
from .inputs import THEME, digest, scan, signature, static_files, template_files

# The stages proper (Markdown, YAML, Jinja2, feedgen) are imported by build() only once it
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
    rendered: int = 0
    """Pages and feeds rendered this time (the rest were unchanged)."""
    changed: int = 0
    """Files whose bytes changed in output/."""
    up_to_date: bool = False

    def summary(self) -> str:
        if self.up_to_date:
            return f"up to date: nothing changed since the last build ({self.seconds:.2f} s) -> {self.output}"
        return (f"built {self.articles} articles, {self.pages} pages, {self.tags} tags, "
                f"{self.feeds} feeds ({self.files} files, {self.changed} changed) in {self.seconds:.2f} s -> {self.output}")


def feed_specs(config: SiteConfig, site: Site) -> list:
    from .feeds import FeedSpec

    specs = [FeedSpec(config.site.title, config.site.description, config.base_path, site.articles)]
    for tag in site.tags:
        specs.append(FeedSpec(f"{config.site.title}: {tag.name}", f"Articles tagged {tag.name}",
                              f"{config.base_path}tags/{tag.slug}/", tag.articles))
    return specs


def feed_key(config: SiteConfig, spec) -> str:
    items = spec.articles[: config.feed.items]
    return digest(config.fingerprint, code_fingerprint(), spec.title, spec.description, spec.page_url,
                  *(a.url + a.content_hash for a in items))


def assemble(config: SiteConfig, articles: tuple[Article, ...], drafts: bool) -> tuple[Site, int]:
    from .taxonomy import build_months, build_tags

    published = [a for a in articles if drafts or not a.meta.draft]
    published.sort(key=lambda a: a.sort_key)
    site = Site(tuple(published), build_tags(published), build_months(published))
    return site, len(articles) - len(published)


def build(config: SiteConfig, options: BuildOptions = BuildOptions()) -> BuildReport:
    # A build allocates hundreds of thousands of small acyclic objects (articles, cards,
    # keys); the cyclic collector would walk them over and over for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(config, options)
    finally:
        if enabled:
            gc.enable()


def _build(config: SiteConfig, options: BuildOptions) -> BuildReport:
    started = time.perf_counter()
    jobs = options.jobs or parallel.default_jobs()
    out_dir = (options.out or config.path("output")).resolve()
    layouts = config.path("layouts")
    cache = BuildCache(config.path("cache"))
    key = state_key(config.fingerprint)
    scanned_ns = time.time_ns()
    files = scan(config.path("content"), config.root)
    statics = static_files(THEME / "static", config.path("static"))
    sig = signature(key, out_dir, options.drafts, files, template_files(layouts), statics)
    last_sig, last_scan = cache.signature()
    racy = any(f.mtime_ns >= last_scan - RACY_NS for f in files)  # edited too close to the last scan to tell
    if options.use_cache and last_sig == sig and not racy and out_dir.is_dir() and not cache.is_dirty():
        return BuildReport(0, 0, 0, 0, 0, time.perf_counter() - started, out_dir, up_to_date=True)
    state = cache.load(key) if options.use_cache else None
    if state is None:
        cache.reset()
    cache.prepare()
    same_output = (state is not None and state.output_dir == str(out_dir) and out_dir.is_dir()
                   and not cache.is_dirty())

    from . import templates
    from .articles import collect
    from .load import duplicate_urls
    from .pages import plan_pages
    from .render import RenderWork, feed_paths, feeds_ahead, run_all
    from .sitemap import robots_txt, sitemap_xml
    from .write import OutputWriter, check_paths

    # Load and validate everything before writing anything.
    env = templates.make_env(layouts, config.path("cache") / "jinja")
    collected = collect(config, files, state, cache, jobs)
    errors = [*collected.errors, *templates.check_templates(env, layouts, config.root)]
    errors += duplicate_urls((a for a in collected.articles if options.drafts or not a.meta.draft), config.root)
    if errors:
        raise BuildFailed(errors)
    site, drafts_skipped = assemble(config, collected.articles, options.drafts)
    mode = "update" if same_output else "fresh"
    before = state.outputs if mode == "update" else {}
    specs = feed_specs(config, site)
    feed_keys = [feed_key(config, s) for s in specs]
    todo_feeds = [s for s, k in zip(specs, feed_keys) if before.get(feed_paths(s, config.base_path)[0]) != k]
    by_hash = {a.content_hash: a for a in site.articles}
    writer = OutputWriter(out_dir, mode)
    work = RenderWork(config, env, cache, writer, [], todo_feeds, by_hash)
    # A small rebuild's feeds render in a forked child from here on, beside the pages.
    ahead = feeds_ahead(work, jobs)
    try:
        pages = plan_pages(config, site, templates.template_fingerprints(env, layouts))
        entries = [(config.absolute_url(p.url), p.lastmod) for p in pages if p.template != "404.html"]
        extra = {"sitemap.xml": sitemap_xml(entries),
                 "robots.txt": robots_txt(config.absolute_url(config.base_path + "sitemap.xml")).encode()}
        outputs = {p.path: p.key for p in pages}
        for spec, k in zip(specs, feed_keys):
            for rel in feed_paths(spec, config.base_path):
                outputs[rel] = k
        for rel, data in extra.items():
            outputs[rel] = digest(data.decode("utf-8"))
        page_paths = {p.path for p in pages}
        path_errors = check_paths([(p.path, p.source) for p in pages]
                                  + [(rel, "") for rel in outputs if rel not in page_paths]
                                  + [(rel, f"static/{rel}") for rel in statics])
        if path_errors:
            raise BuildFailed(path_errors)

        # Render only what changed (everything, on a cold build), then commit.
        todo_pages = [p for p in pages if before.get(p.path) != p.key]
        work.pages = todo_pages
        if ahead:
            work.feeds = []
        changed, errors = run_all(work, jobs)
        if ahead:
            changed += ahead.result()
            ahead = None
        if errors:
            raise BuildFailed(errors)
        for rel, data in extra.items():
            if mode == "fresh" or before.get(rel) != outputs[rel]:
                changed += [rel] if writer.put(rel, data) else []
        for rel, path in statics.items():
            st = path.stat()
            outputs[rel] = f"static:{st.st_mtime_ns}:{st.st_size}"
            if mode == "fresh" or before.get(rel) != outputs[rel]:
                changed += [rel] if writer.put(rel, path.read_bytes()) else []
        stale = sorted(rel for rel in before if rel not in outputs)
        if mode == "update":
            cache.mark_dirty()  # an interrupted commit makes the next build a cold one
        writer.commit(changed, stale)
    except BaseException:
        if ahead:
            ahead.cancel()
        writer.discard()
        raise
    cache.save(BuildState(key, collected.sources, outputs, sig, str(out_dir), scanned_ns))
    cache.prune_html({a.content_hash for a in collected.articles})
    return BuildReport(
        articles=len(site.articles), pages=len(pages), tags=len(site.tags), feeds=2 * len(specs),
        files=len(outputs), seconds=time.perf_counter() - started, output=out_dir,
        drafts_skipped=drafts_skipped, rendered=len(todo_pages) + len(todo_feeds), changed=len(changed),
    )
