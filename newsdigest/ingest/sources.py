"""ingest from the web: URLs, feed files and feed URLs, OPML lists, URL lists, and the
``[[sources]]`` of site.toml. The orchestrator for everything that is not a plain file.

Each target is read (a file) or fetched (a URL); a feed is expanded into its entries; every
article goes through the same ``Cleaner`` and ``Writer`` as files do. One failure is
reported with what failed and the rest still go in.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from ..config import SiteConfig, SourceConfig
from ..hashing import sha256
from ..models import Provenance
from . import html
from .feeds import (
    STATE_FILE,
    Entry,
    Feed,
    NotAFeed,
    PollState,
    load_state,
    looks_like_feed,
    parse_feed,
    parse_opml,
    save_state,
)
from .fetch import Fetched, FetchError, fetch
from .pipeline import Cleaner, IngestOptions, IngestReport, NoArticle, Writer, ingest_file, raw_files
from .read import UnreadableError
from .write import clean_leftovers

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
FULL_TEXT = 500
"""An entry whose content has at least this many characters of text is the article itself."""


@dataclass(frozen=True, slots=True)
class Target:
    """One thing to ingest: a local path, or a URL (of a page or a feed)."""

    value: str
    source: SourceConfig | None = None
    """The ``[[sources]]`` entry it came from (name, tags, section to add)."""

    @property
    def is_url(self) -> bool:
        return "://" in self.value  # fetch() refuses what is not http(s), by name


def targets_from(
    paths: list[str], opml: list[Path], lists: list[Path], config: SiteConfig
) -> tuple[list[Target], list[str]]:
    """The command line's targets; with none at all, every ``[[sources]]`` feed."""
    out = [Target(p) for p in paths]
    problems: list[str] = []
    for path in opml:
        try:
            out += [Target(url) for _, url in parse_opml(path.read_bytes())]
        except OSError as exc:
            problems.append(f"{path}: cannot read: {exc.strerror}")
        except NotAFeed as exc:
            problems.append(f"{path}: {exc}")
    for path in lists:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            problems.append(f"{path}: cannot read: {exc.strerror}")
            continue
        out += [Target(line.strip()) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not paths and not opml and not lists:
        out = [Target(src.url, src) for src in config.sources]
    return out, problems


class Run:
    """One ingest run over targets: shared cleaner, writer, polling state."""

    def __init__(self, config: SiteConfig, options: IngestOptions, stdout: TextIO) -> None:
        self.config = config
        self.options = options
        self.cleaner = Cleaner(config, options)
        self.writer = Writer(options, stdout, config.site.permalink)
        self.state_dir = config.path("cache")
        self.state = PollState() if options.dry_run else load_state(self.state_dir)
        self.state_unwritable = False

    def save(self) -> None:
        if self.options.dry_run or self.state_unwritable:
            return
        try:
            save_state(self.state_dir, self.state)
        except OSError as exc:  # said once; the articles are in content/ all the same
            self.state_unwritable = True
            self.writer.fail(
                str(self.state_dir / STATE_FILE),
                f"cannot write the polling state: {exc.strerror or exc} (the next run asks every feed afresh; "
                "entries already in content/ are still recognised by their content)",
            )

    def target(self, t: Target) -> None:
        if t.is_url:
            self.url(t)
            return
        files, missing = raw_files([Path(t.value)])
        self.writer.report.failed += missing
        for f in files:
            if f.name.lower().endswith(FEED_SUFFIXES):
                self.feed_file(f, t.source)
            else:
                ingest_file(f, self.cleaner, self.writer)

    def feed_file(self, path: Path, source: SourceConfig | None) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.writer.fail(str(path), f"cannot read: {exc.strerror}")
            return
        if not looks_like_feed(data, ""):
            ingest_file(path, self.cleaner, self.writer)  # an .xml that is a page, or text
            return
        self.feed(data, "", str(path), source)

    def url(self, t: Target) -> None:
        saved = self.state.feeds.get(t.value, {})
        try:
            got = fetch(
                t.value,
                timeout=self.options.timeout,
                etag=saved.get("etag", ""),
                last_modified=saved.get("last_modified", ""),
            )
        except FetchError as exc:
            self.writer.fail(t.value, exc.reason)
            return
        if got.status == 304:
            self.writer.skip(t.value, "feed not modified since the last poll (HTTP 304)")
            return
        if looks_like_feed(got.body, got.content_type):
            if self.feed(got.body, got.url, t.value, t.source):
                self.state.feeds[t.value] = {"etag": got.etag, "last_modified": got.last_modified}
            return
        self.page(got, t.value, t.source)

    def page(self, got: Fetched, origin: str, source: SourceConfig | None, entry: Entry | None = None) -> None:
        if got.content_type not in ("text/html", "application/xhtml+xml", "") and not html.sniff(got.body):
            self.writer.fail(origin, f"not HTML or a feed (content type {got.content_type})")
            return
        try:
            page = html.extract(html.decode_html(got.body, got.charset), got.url)
            page = _with_source(page, source, entry)
            result = self.cleaner.clean_page(page, Provenance(file=got.url, sha256=sha256(got.body)))
        except (UnreadableError, NoArticle, html.NotHtml) as exc:
            self.writer.fail(origin, exc)
            return
        self.writer.put(result, origin)

    def feed(self, data: bytes, url: str, origin: str, source: SourceConfig | None) -> bool:
        """Every new entry of a feed; False when the feed could not be read."""
        try:
            feed = parse_feed(data, url)
        except NotAFeed as exc:
            self.writer.fail(origin, exc)
            return False
        if source is not None and not source.name and feed.title:
            source = replace(source, name=feed.title)
        elif source is None and feed.title:
            source = SourceConfig(url=url, name=feed.title)
        for entry in progress(feed.entries, f"{feed.title or origin}"):
            self.entry(entry, feed, origin, source)
        return True

    def entry(self, entry: Entry, feed: Feed, origin: str, source: SourceConfig | None) -> None:
        where = f"{origin} entry {entry.link or entry.guid or entry.title!r}"
        if self.state.known(entry):
            self.writer.skip(where, "already ingested (same GUID, link or content)")
            return
        body = entry.content if _text_length(entry.content) >= FULL_TEXT else ""
        if not body and entry.link and not self.options.no_fetch:
            try:
                got = fetch(entry.link, timeout=self.options.timeout)
            except FetchError as exc:
                self.writer.fail(where, exc.reason)
                return
            before = len(self.writer.report.written)
            self.page(got, where, source, entry)
            if len(self.writer.report.written) > before or self.options.dry_run:
                self.state.remember(entry)
            return
        blocks = html.fragment_blocks(body or entry.summary or entry.content, entry.link or feed.link)
        page = _with_source(html.Page(tuple(blocks), html.PageMeta(url=entry.link)), source, entry)
        raw = (body or entry.summary or entry.content).encode("utf-8")
        try:
            result = self.cleaner.clean_page(page, Provenance(file=entry.link or origin, sha256=sha256(raw)))
        except NoArticle as exc:
            self.writer.fail(where, exc)
            return
        failed = len(self.writer.report.failed)
        self.writer.put(result, where)  # written, or skipped as a copy of one already in content/
        if len(self.writer.report.failed) == failed:  # not written (content/ read-only): try it next time
            self.state.remember(entry)


def _text_length(fragment: str) -> int:
    return len(html.TAG.sub(" ", fragment).strip()) if fragment else 0


def _with_source(page: html.Page, source: SourceConfig | None, entry: Entry | None) -> html.Page:
    """The feed entry's fields over the page's own (the feed is what the outlet published),
    then the ``[[sources]]`` name, tags and section."""
    meta = page.meta
    if entry is not None:
        meta = replace(
            meta,
            title=entry.title or meta.title,
            author=entry.author or meta.author,
            date=entry.published or meta.date,
            updated=entry.updated or meta.updated,
            url=entry.link or meta.url,
            tags=entry.tags or meta.tags,
        )
    if source is not None:
        meta = replace(
            meta,
            site_name=source.name or meta.site_name,
            tags=tuple(dict.fromkeys((*meta.tags, *source.tags))),
            section=meta.section or source.section,
        )
    return replace(page, meta=meta)


def progress(items: Iterable, label: str) -> Iterator:
    """A progress bar on standard error for batches that take more than two seconds, and
    only when it is a terminal (tqdm decides: ``disable=None``)."""
    from tqdm import tqdm

    yield from tqdm(items, desc=label[:40], file=sys.stderr, disable=None, delay=2.0, leave=False, unit="article")


def ingest_targets(targets: list[Target], config: SiteConfig, options: IngestOptions, stdout: TextIO) -> IngestReport:
    run = Run(config, options, stdout)
    if not options.dry_run:
        clean_leftovers(options.into)
    try:
        for t in progress(targets, "ingest"):
            run.target(t)
            run.save()  # after each target: a killed run keeps what it learned
    finally:
        run.save()
    return run.writer.report
