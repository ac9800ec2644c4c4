"""build(config) -> BuildReport: the straight-line orchestrator, one call per stage.

Load and validate everything first, then render, then write; output/ is replaced only
when every page, feed and file was produced.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import jinja2

from ..config import SiteConfig
from ..errors import BuildFailed, SourceError
from ..models import Article, Site
from . import markdown, templates
from .feeds import FeedSpec, make_feeds
from .load import load_content
from .pages import OutputPage, plan_pages
from .sitemap import robots_txt, sitemap_xml
from .taxonomy import Aliases, build_months, build_tags
from .write import DuplicatePath, StagedOutput


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out: Path | None = None
    """Write here instead of ``[paths] output``."""
    drafts: bool = False
    """Include articles marked ``draft: true``."""


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

    def summary(self) -> str:
        return (f"built {self.articles} articles, {self.pages} pages, {self.tags} tags, "
                f"{self.feeds} feeds ({self.files} files) in {self.seconds:.2f} s -> {self.output}")


def render_articles(articles: tuple[Article, ...], unsafe_html: bool) -> tuple[Article, ...]:
    md = markdown.make_markdown(unsafe_html)
    out = []
    for a in articles:
        r = markdown.render(md, a.body)
        out.append(replace(a, html=r.html, summary=markdown.cut(a.meta.description or r.lead),
                           standfirst=markdown.standfirst(a.meta.description, r.lead),
                           reading_minutes=markdown.reading_minutes(r.words)))
    return tuple(out)


def feed_specs(config: SiteConfig, site: Site) -> list[FeedSpec]:
    specs = [FeedSpec(config.site.title, config.site.description, config.base_path, site.articles)]
    for tag in site.tags:
        specs.append(FeedSpec(f"{config.site.title}: {tag.name}", f"Articles tagged {tag.name}",
                              f"{config.base_path}tags/{tag.slug}/", tag.articles))
    return specs


def lastmod(page: OutputPage) -> datetime | None:
    ctx = page.context
    if "article" in ctx:
        return ctx["article"].updated or ctx["article"].date
    dates = [d for c in ctx.get("articles", ()) for d in (c.updated, c.date) if d]
    return max(dates) if dates else None


def render_pages(env: jinja2.Environment, pages: list[OutputPage], staged: StagedOutput,
                 root: Path) -> list[SourceError]:
    errors = []
    for page in pages:
        try:
            html = env.get_template(page.template).render(page.context)
        except jinja2.TemplateError as exc:
            errors.append(templates.render_error(exc, page.template, root))
            if len(errors) >= 20:
                break
            continue
        staged.write(page.path, html, page.source)
    return errors


def build(config: SiteConfig, options: BuildOptions = BuildOptions()) -> BuildReport:
    started = time.perf_counter()
    layouts = config.path("layouts")
    loaded = load_content(config, drafts=options.drafts)
    env = templates.make_env(layouts)
    errors = [*loaded.errors, *templates.check_templates(env, layouts, config.root)]
    if errors:
        raise BuildFailed(errors)

    articles = render_articles(loaded.articles, config.markdown.unsafe_html)
    site = Site(articles, build_tags(articles, Aliases(config.tags.aliases)), build_months(articles))
    pages = plan_pages(config, site)
    specs = feed_specs(config, site)
    html_by_url = {a.url: a.html for a in articles}

    staged = StagedOutput(options.out or config.path("output"))
    try:
        staged.copy_tree(templates.THEME / "static", "theme")
        staged.copy_tree(config.path("static"), "static")
        errors = render_pages(env, pages, staged, config.root)
        if errors:
            raise BuildFailed(errors)
        for spec in specs:
            rss, atom = make_feeds(config, spec, html_by_url)
            prefix = spec.page_url[len(config.base_path):]
            staged.write(prefix + "feed.xml", rss)
            staged.write(prefix + "atom.xml", atom)
        entries = [(config.absolute_url(p.context["page"].url), lastmod(p))
                   for p in pages if p.template != "404.html"]
        staged.write("sitemap.xml", sitemap_xml(entries))
        staged.write("robots.txt", robots_txt(config.absolute_url(config.base_path + "sitemap.xml")))
    except DuplicatePath as exc:
        staged.discard()
        raise BuildFailed([exc.error]) from None
    except BaseException:
        staged.discard()
        raise
    staged.commit()
    return BuildReport(
        articles=len(articles), pages=len(pages), tags=len(site.tags), feeds=2 * len(specs),
        files=staged.files, seconds=time.perf_counter() - started,
        output=staged.output, drafts_skipped=loaded.drafts_skipped,
    )
