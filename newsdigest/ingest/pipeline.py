"""ingest: raw article files -> content/<slug>.md. The straight-line orchestrator.

read -> blocks -> boilerplate -> structure -> metadata -> write, one call per stage.
One unreadable or empty article is reported and the rest still go in.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TextIO

from ..config import SiteConfig
from ..hashing import sha256
from ..models import FrontMatter, Provenance, Source
from ..slugs import slug as slugify
from ..tags import Aliases
from . import language as lang_mod
from .blocks import split_blocks
from .boilerplate import clean
from .dates import find_date
from .metadata import description, tags_for
from .read import UnreadableError, read_text
from .rules import Rule, active_rules
from .structure import build_document
from .write import body_markdown, document_text, ingested_hashes, place, write_atomic

log = logging.getLogger("newsdigest")
RAW_SUFFIXES = (".txt", ".text")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    into: Path
    dry_run: bool = False
    force: bool = False
    date: date | None = None
    source_name: str = ""
    source_url: str = ""


@dataclass(frozen=True, slots=True)
class Ingested:
    """One raw article, cleaned."""

    meta: FrontMatter
    body: str
    slug: str

    @property
    def text(self) -> str:
        return document_text(self.meta, self.body)


class NoArticle(ValueError):
    """The file has no article text."""


@dataclass(slots=True)
class IngestReport:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


class Cleaner:
    """Everything an ingest run shares: rules, aliases, time zone. Reusable across files."""

    def __init__(self, config: SiteConfig, options: IngestOptions, now: datetime | None = None) -> None:
        self.config, self.options = config, options
        ing = config.ingest
        self.rules: tuple[Rule, ...] = active_rules(ing.disable_rules, ing.drop_patterns, ing.end_markers)
        self.aliases = Aliases(config.tags.aliases)
        self.tz = config.tz
        self.now = (now or datetime.now(self.tz)).replace(microsecond=0)

    def clean(self, data: bytes, name: str) -> Ingested:
        text = read_text(data)
        language = lang_mod.detect(text)
        cleaned = clean(split_blocks(text), language, self.rules)
        doc = build_document(cleaned, bool(language.stopwords))
        if not doc.elements:
            raise NoArticle("no article text found (everything looked like boilerplate)")
        title = doc.title or _fallback_title(doc)
        month_first = language.name == "English"
        # Dates are looked for where pages print them: around the title, not in the story.
        lead_lines = [e.text for e in doc.elements[:3] if len(e.text) < 100]
        found = find_date(
            [*doc.header[:15], *lead_lines, *doc.trailer[:10], *doc.header[15:], *doc.trailer[10:]],
            month_first,
            self.now.date(),
        )
        day = found or self.options.date
        published = datetime.combine(day, time(), self.tz) if day else self.now
        source = None
        if self.options.source_name or self.options.source_url:
            source = Source(self.options.source_name, self.options.source_url)
        meta = FrontMatter(
            title=title,
            date=published,
            author=doc.author,
            description=description(doc, cleaned.meta.get("seo_description", "")),
            tags=tuple(tags_for(doc, cleaned.meta.get("seo_keywords", ""), language, self.aliases)),
            section=doc.section,
            source=source,
            lang=language.code if language.code and language.code != self.config.site.language else "",
            provenance=Provenance(file=name, sha256=sha256(data)),
        )
        slug = slugify(title, 80) or slugify(Path(name).stem) or "article"
        return Ingested(meta, body_markdown(doc.elements), slug)


def _fallback_title(doc) -> str:
    first = next(e.text for e in doc.elements)
    words = first.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def raw_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Expand folders into their raw article files; report paths that don't exist."""
    files, missing = [], []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RAW_SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(f"{path}: no such file or folder")
    return files, missing


def ingest_paths(paths: list[Path], config: SiteConfig, options: IngestOptions, stdout: TextIO) -> IngestReport:
    report = IngestReport()
    files, report.failed = raw_files(paths)
    cleaner = Cleaner(config, options)
    seen = {} if options.dry_run else ingested_hashes(options.into)
    for path in files:
        try:
            result = cleaner.clean(path.read_bytes(), path.name)
        except OSError as exc:
            report.failed.append(f"{path}: cannot read: {exc.strerror}")
            continue
        except (UnreadableError, NoArticle) as exc:
            report.failed.append(f"{path}: {exc}")
            continue
        if options.dry_run:
            stdout.write(result.text)
            continue
        assert result.meta.provenance is not None
        where = place(options.into, result.slug, result.meta.provenance.sha256, seen, options.force)
        if where.path is None:
            report.skipped.append(f"{path}: {where.reason}")
            continue
        write_atomic(where.path, result.text)
        seen[result.meta.provenance.sha256] = where.path
        report.written.append(where.path)
        log.info("%s -> %s%s", path, where.path, " (replaced)" if where.reason == "overwrite" else "")
    return report
