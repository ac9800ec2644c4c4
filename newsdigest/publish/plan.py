"""Site -> the plan: every file the build writes, as Outputs in one list, and what is
computed from that list once: the sitemap, path checks, what changed, what went stale.

One planning function per kind of output; a new kind of page or feed is one more line in
``make_plan``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import limits
from ..config import SiteConfig
from ..errors import SourceError
from ..hashing import digest
from ..models import Site
from .digest import plan_digest_feeds
from .feeds import plan_feeds
from .output import Data, Output, Static, leaves_output
from .pages import Planner
from .sitemap import robots_txt, sitemap_xml


@dataclass(frozen=True, slots=True)
class Plan:
    """The outputs of one build, with what planning them again after an edit can reuse."""

    outputs: list[Output]
    site: Site
    planner: Planner
    feeds: tuple[int, int]
    """Where the site's feeds are in ``outputs`` (start, end)."""
    pages_of: dict[str, int]
    """Article URL -> index of its page in ``outputs``."""
    replanned: tuple[int, ...] | None = None
    """Made from the last plan (``replan``): the indexes of the outputs planned anew, every
    other output being the last plan's own. None: planned from scratch."""


def make_plan(
    config: SiteConfig, site: Site, template_fps: dict[str, str], statics: dict[str, Path], preview: bool = False
) -> Plan:
    """Every output of the site, in a fixed order, each with its key. ``preview``: drafts or
    scheduled articles are in it (``--drafts``, ``--future``): noindex everywhere."""
    planner = Planner(config, site, template_fps, preview, statics)
    outputs = planner.plan()
    start = len(outputs)
    outputs += plan_feeds(config, site)
    feeds = (start, len(outputs))
    outputs += plan_digest_feeds(config, planner.days())
    outputs += plan_sitemap(config, outputs, preview)
    if MANIFEST not in statics:  # a site's own static/site.webmanifest wins
        outputs.append(web_manifest(config))
    outputs += plan_static(statics, config.search.enabled)
    pages_of = {o.url: k for k, o in enumerate(outputs[:start]) if o.source}  # only article pages have one
    return Plan(outputs, site, planner, feeds, pages_of)


MANIFEST = "site.webmanifest"


def web_manifest(config: SiteConfig) -> Output:
    """The web app manifest: the site's name, start URL, icon and colours (as the theme's)."""
    title = config.site.title
    data = {
        "name": title,
        "short_name": title if len(title) <= 12 else title.split()[0][:12],
        "description": config.site.description,
        "lang": config.site.language,
        "start_url": config.base_path,
        "scope": config.base_path,
        "display": "browser",
        "background_color": "#fdfdfc",
        "theme_color": "#b3261e",
        "icons": [{"src": config.base_path + "favicon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }
    body = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return Output(MANIFEST, digest(body.decode("utf-8")), Data(body), "data")


def plan_sitemap(config: SiteConfig, outputs: list[Output], preview: bool = False) -> list[Output]:
    """sitemap.xml of every listed page, and robots.txt pointing at it. The sitemap's key is
    its entries' (URL, lastmod to the second and offset), so it is made only when one of
    them changed, not on every edit of an article's text."""
    listed = [(o.url, o.lastmod) for o in outputs if o.url]
    key = digest(config.site.base_url, *(f"{url} {_instant(d)}" for url, d in listed))
    robots = robots_txt(config.absolute_url(config.base_path + "sitemap.xml"), preview).encode()
    return [
        Output("sitemap.xml", key, Sitemap(config.absolute_url(""), tuple(listed)), "data"),
        Output("robots.txt", digest(robots.decode("utf-8")), Data(robots), "data"),
    ]


def _instant(d: datetime | None) -> str:
    return f"{int(d.timestamp())} {d.utcoffset()}" if d else ""


@dataclass(frozen=True, slots=True)
class Sitemap:
    """The sitemap's render: its entries made absolute and written out."""

    origin: str
    """The site's absolute URL of ``/`` (``https://example.org/``)."""
    entries: tuple[tuple[str, datetime | None], ...]
    """(site path, lastmod) per listed page, in plan order."""

    def __call__(self, _renderer: object) -> bytes:
        origin = self.origin.rstrip("/")
        return sitemap_xml([(origin + url, lastmod) for url, lastmod in self.entries])


SEARCH_SCRIPT = "search.js"
"""The theme's script of the search page: left out with ``[search] enabled = false``."""


def plan_static(statics: dict[str, Path], search: bool = True) -> list[Output]:
    """The static files, copied as they are; a file's key is its mtime and size."""
    outputs = []
    for rel, path in statics.items():
        if rel == SEARCH_SCRIPT and not search:
            continue
        st = path.stat()
        outputs.append(Output(rel, f"static:{st.st_mtime_ns}:{st.st_size}", Static(path), "static", f"static/{rel}"))
    return outputs


MAX_NAME = limits.MAX_SEGMENT_BYTES
"""Bytes in one file or folder name (ext4, APFS, NTFS...)."""


def check_paths(outputs: list[Output]) -> list[SourceError]:
    """Every output path once, inside output/."""
    errors: list[SourceError] = []
    seen: dict[str, str] = {}
    for o in outputs:
        long = next((part for part in o.path.split("/") if len(part.encode("utf-8")) > MAX_NAME), "")
        if leaves_output(o.path):
            errors.append(SourceError(Path(o.source or o.path), 0, f"output path {o.path!r} leaves output/"))
        elif long:
            errors.append(
                SourceError(
                    Path(o.source or o.path),
                    0,
                    f"a file or folder name of {len(long.encode('utf-8'))} bytes ({long[:40]}...): "
                    f"file systems allow {MAX_NAME}",
                    "shorten the slug, tag, section or source name it comes from",
                )
            )
        elif o.path in seen:
            first = seen[o.path]
            blamed, other = (o.source, first or "a page the site makes itself") if o.source else (first, "")
            errors.append(
                SourceError(
                    Path(blamed or o.path),
                    0,
                    f"writes {o.path}, which {other or 'a page the site makes itself'} writes too",
                    "give the article another 'slug:' (it collides with a generated page or another article)",
                )
            )
        else:
            seen[o.path] = o.source
    return errors


def changed(outputs: list[Output], before: dict[str, str], only: tuple[int, ...] | None = None) -> list[Output]:
    """The outputs whose key differs from the last build's (all of them on a cold build).
    ``only``: the indexes that can differ at all (a plan made from the one ``before`` records)."""
    if only is not None:
        return [o for o in (outputs[i] for i in only) if before.get(o.path) != o.key]
    return [o for o in outputs if before.get(o.path) != o.key]


def keys(outputs: list[Output], before: dict[str, str], only: tuple[int, ...] | None = None) -> dict[str, str]:
    """Output path -> key, what the next build compares with; ``only`` as for ``changed``."""
    if only is None:
        return {o.path: o.key for o in outputs}
    now = dict(before)
    now.update((o.path, o.key) for o in (outputs[i] for i in only))
    return now


def stale(outputs: list[Output], before: dict[str, str], only: tuple[int, ...] | None = None) -> list[str]:
    """Files the last build wrote that this one doesn't (none for a plan made from the last
    one: ``only`` given, the same paths)."""
    if only is not None:
        return []
    now = {o.path for o in outputs}
    return sorted(rel for rel in before if rel not in now)
