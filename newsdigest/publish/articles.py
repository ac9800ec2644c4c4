"""content/ -> Articles, reusing what the cache knows: a file whose mtime and size are
unchanged is not read, parsed or rendered again. Changed files are read, validated
(load.py) and rendered (markdown.py) in worker processes when there are many; each
body's HTML goes to the cache and only metadata comes back, so memory stays bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .. import limits
from ..config import SiteConfig
from ..errors import BuildFailed, SourceError
from ..hashing import digest, file_hash
from ..models import Article
from ..tags import Aliases
from ..text import cut
from . import markdown, parallel
from .cache import RACY_NS, BuildCache, BuildState
from .inputs import SourceFile
from .load import duplicate_urls, read_article
from .stories import signature, stated_numbers


@dataclass(frozen=True, slots=True)
class Collected:
    articles: tuple[Article, ...]
    """Every valid article, drafts included, in file order."""
    errors: tuple[SourceError, ...]
    sources: dict[str, tuple[int, int, Article]]
    """The cache's new record of content files."""


@dataclass
class _Work:
    config: SiteConfig
    files: list[SourceFile]
    cache: BuildCache


def render_article(md, article: Article) -> tuple[Article, str]:
    """(Article with summary, standfirst, reading time and no body, its body HTML)."""
    r = markdown.render(md, article.body)
    m = article.meta
    summary = cut(m.description or r.lead)
    standfirst = markdown.standfirst(m.description, r.lead)
    minutes = markdown.reading_minutes(r.words)
    shown = (
        m.title,
        m.date,
        m.updated,
        m.author,
        m.section,
        m.source,
        m.image,
        m.image_alt,
        m.draft,
        m.lang,
        m.tags,
        summary,
        standfirst,
        minutes,
    )
    story_terms, sketch = signature(m.title, article.body)
    numbers = stated_numbers(article.body)
    done = replace(
        article,
        body="",
        summary=summary,
        standfirst=standfirst,
        reading_minutes=minutes,
        card_hash=digest(repr(shown)),
        story_terms=story_terms,
        sketch=sketch,
        numbers=numbers,
    )
    return done, r.html


def body_html(cache: BuildCache, article: Article, config: SiteConfig) -> str:
    """An article's body HTML from the cache, rendered again from its file if the cache lost it."""
    try:
        return cache.get_html(article.content_hash)
    except KeyError:
        data = (config.root / article.path).read_bytes()
        tz, aliases = config.tz, Aliases(config.tags.aliases)
        fresh = read_article(
            config.root / article.path, data, Path(article.path), tz, config.site.permalink, config.base_path, aliases
        )
        if isinstance(fresh, list) or fresh.content_hash != article.content_hash:
            raise BuildFailed(
                [
                    SourceError(
                        Path(article.path),
                        0,
                        "changed while the build was running",
                        "build again once the file is saved",
                    )
                ]
            ) from None
        _, html = render_article(markdown.make_markdown(config.markdown.unsafe_html), fresh)
        cache.put_html([(article.content_hash, html)])
        return html


def load_file(src: SourceFile, config: SiteConfig, aliases: Aliases) -> tuple[bytes, Article | list[SourceError]]:
    """A content file's bytes and what they validate to: the Article, or its problems (and
    no bytes when it cannot be read)."""
    if src.size > limits.MAX_FILE_BYTES:  # never read (a dump, a file grown by a runaway script)
        cap = limits.megabytes(limits.MAX_FILE_BYTES)
        what = f"{limits.megabytes(src.size)}, more than the {cap} a content file may be"
        return b"", [SourceError(Path(src.rel), 0, what, "split it into articles, or put data files in static/")]
    try:
        with open(src.path, "rb") as f:
            data = f.read(limits.MAX_FILE_BYTES + 1)
    except OSError as exc:
        return b"", [SourceError(Path(src.rel), 0, f"cannot read: {exc.strerror}")]
    result = read_article(
        Path(src.path), data, Path(src.rel), config.tz, config.site.permalink, config.base_path, aliases
    )
    return data, result


def _load_chunk(indexes: range) -> list[Article | list[SourceError]]:
    work: _Work = parallel.shared()
    config = work.config
    md = markdown.make_markdown(config.markdown.unsafe_html)
    aliases = Aliases(config.tags.aliases)
    out: list[Article | list[SourceError]] = []
    bodies: list[tuple[str, str]] = []
    for i in indexes:
        _, result = load_file(work.files[i], config, aliases)
        if isinstance(result, list):
            out.append(result)
            continue
        article, html = render_article(md, result)
        bodies.append((article.content_hash, html))
        out.append(article)
    work.cache.put_html(bodies)
    return out


def _same_bytes(src: SourceFile, content_hash: str) -> bool:
    """For a file whose stat can't be trusted (modified right around the last build)."""
    try:
        with open(src.path, "rb") as f:
            return file_hash(f.read()) == content_hash
    except OSError:
        return False


def collect(
    config: SiteConfig,
    files: list[SourceFile],
    state: BuildState | None,
    cache: BuildCache,
    jobs: int,
    progress: bool = False,
) -> Collected:
    """Articles for every content file: from the cache when unchanged, else read and rendered."""
    known = state.sources if state else {}
    racy_after = state.scanned_ns - RACY_NS if state else 0
    found: list[Article | None] = []  # per file: the cached article, or None to be loaded
    todo: list[SourceFile] = []
    for src in files:
        entry = known.get(src.rel)
        if (
            entry
            and entry[0] == src.mtime_ns
            and entry[1] == src.size
            and (src.mtime_ns < racy_after or _same_bytes(src, entry[2].content_hash))
        ):
            found.append(entry[2])
        else:
            found.append(None)
            todo.append(src)
    work = _Work(config, todo, cache)
    results = iter(
        parallel.flatten(parallel.run(_load_chunk, len(todo), jobs, work, progress="reading" if progress else ""))
    )
    articles, errors, sources = [], [], {}
    for src, cached in zip(files, found, strict=True):
        result = cached or next(results)
        if isinstance(result, list):
            errors.extend(result)
        else:
            articles.append(result)
            sources[src.rel] = (src.mtime_ns, src.size, result)
    return Collected(tuple(articles), tuple(errors), sources)


def validate(collected: Collected, drafts: bool, root: Path) -> list[SourceError]:
    """Every problem of the content: each file's own, and two articles that want one URL."""
    published = (a for a in collected.articles if drafts or not a.meta.draft)
    return [*collected.errors, *duplicate_urls(published, root)]
