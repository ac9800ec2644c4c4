"""ingest: raw article files -> content/<slug>.md. The straight-line orchestrator.

read -> blocks -> boilerplate -> structure -> metadata -> write, one call per stage.
One unreadable or empty article is reported and the rest still go in.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TextIO

from ..config import SiteConfig
from ..hashing import sha256
from ..models import FrontMatter, Provenance, Source
from ..slugs import slug as slugify
from ..tags import Aliases
from . import language as lang_mod
from .blocks import split_blocks
from .boilerplate import clean
from .classifier import Model, shipped_model
from .metadata import Defaults, front_matter
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

    def __init__(
        self,
        config: SiteConfig,
        options: IngestOptions,
        now: datetime | None = None,
        model: Model | Literal["shipped"] | None = "shipped",
    ) -> None:
        """``model``: the learned line classifier (default: the shipped one; None: rules and zones alone)."""
        self.model = shipped_model() if model == "shipped" else model
        ing = config.ingest
        self.rules: tuple[Rule, ...] = active_rules(ing.disable_rules, ing.drop_patterns, ing.end_markers)
        source = Source(options.source_name, options.source_url) if options.source_name or options.source_url else None
        self.defaults = Defaults(
            now=(now or datetime.now(config.tz)).replace(microsecond=0),
            tz=config.tz,
            date=options.date,
            source=source,
            aliases=Aliases(config.tags.aliases),
            site_language=config.site.language,
        )

    def clean(self, data: bytes, name: str) -> Ingested:
        """read -> language -> blocks -> boilerplate -> structure -> metadata, one call each."""
        text = read_text(data)
        language = lang_mod.detect(text)
        cleaned = clean(split_blocks(text), language, self.rules, self.model)
        doc = build_document(cleaned, bool(language.stopwords))
        if not doc.elements:
            raise NoArticle("no article text found (everything looked like boilerplate)")
        meta = front_matter(doc, cleaned.meta, language, self.defaults, Provenance(file=name, sha256=sha256(data)))
        slug = slugify(meta.title, 80) or slugify(Path(name).stem) or "article"
        return Ingested(meta, body_markdown(doc.elements), slug)


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
