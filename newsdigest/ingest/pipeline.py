"""ingest: raw article files -> content/<slug>.md. The straight-line orchestrator.

read -> blocks -> boilerplate -> structure -> metadata -> write, one call per stage.
One unreadable or empty article is reported and the rest still go in.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TextIO

from .. import limits
from ..config import SiteConfig
from ..hashing import sha256
from ..models import FrontMatter, Provenance, Source
from ..permalinks import first_id
from ..slugs import slug as slugify
from ..tags import Aliases
from . import datesearch, headline, html
from . import language as lang_mod
from .blocks import Block, split_blocks
from .boilerplate import EXTRACTOR_VETO, block_probabilities, clean, match_lines, rules_only
from .classifier import Model, shipped_model
from .metadata import Defaults, front_matter, page_date, printed_around, printed_update
from .read import UnreadableError, read_text
from .rules import Rule, active_rules
from .structure import Element, as_printed, author_around, build_document, page_authors
from .write import body_markdown, document_text, ingested_hashes, place, write_atomic

log = logging.getLogger("newsdigest")
RAW_SUFFIXES = (".txt", ".text", *html.HTML_SUFFIXES)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    into: Path
    dry_run: bool = False
    force: bool = False
    date: date | None = None
    source_name: str = ""
    source_url: str = ""
    no_fetch: bool = False
    """Feeds: keep an entry's summary rather than fetch its page when the feed has no full text."""
    timeout: float = 20.0
    """Seconds a URL may take."""


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

    def clean(self, data: bytes, name: str, url: str = "", charset: str = "") -> Ingested:
        """A raw article: a web page (by its name or its first bytes) or plain text."""
        if html.is_html_name(name) or html.sniff(data):
            raw = html.unpack(data, name)
            page = html.extract(html.decode_html(raw, charset), url)
            return self.clean_page(page, Provenance(file=name, sha256=sha256(data)))
        return self.clean_text(data, name)

    def clean_text(self, data: bytes, name: str) -> Ingested:
        """read -> language -> blocks -> boilerplate -> structure -> metadata, one call each."""
        text = read_text(data)
        language = lang_mod.detect(text)
        cleaned = clean(split_blocks(text), language, self.rules, self.model)
        doc = build_document(cleaned, bool(language.stopwords))
        if not doc.elements:
            raise NoArticle("no article text found (everything looked like boilerplate)")
        meta = front_matter(doc, cleaned.meta, language, self.defaults, Provenance(file=name, sha256=sha256(data)))
        return Ingested(meta, body_markdown(doc.elements), self._slug(meta, name))

    def clean_page(self, page: html.Page, provenance: Provenance) -> Ingested:
        """An extracted page: its blocks, one a line, through the named rules (what extractors
        leave: calls to action, share prompts, widgets), keeping the HTML's kinds, links and
        images for the blocks that survive; the page's own metadata first. A page the
        extractor found nothing in: its visible text through the whole text cleaner."""
        texts = [b.text for b in page.blocks if b.kind != "image"]
        text = "\n".join(texts)
        language = lang_mod.detect(text)
        visible = list(page.visible)
        matched = match_lines(texts, visible) if page.extracted else {}
        likely: dict[int, float] = {}
        if matched and self.model is not None:
            # What the extractor kept that the learned cleaner, reading the page, is sure is
            # not article text goes (a blank line in its place: kinds and links stay).
            likely = block_probabilities(matched, visible, language, self.rules, self.model)
            texts = ["" if likely.get(i, 1.0) < EXTRACTOR_VETO else t for i, t in enumerate(texts)]
        blocks = [Block(i, t, i + 1) for i, t in enumerate(texts) if t]
        cleaned = (
            rules_only(blocks, language, self.rules, likely)
            if page.extracted
            else clean(blocks, language, self.rules, self.model)
        )
        doc = build_document(cleaned, bool(language.stopwords), page.meta.title)
        elements = html_elements(page, doc.elements, page.meta.title)
        if not elements and page.extracted:
            # All the extractor took was boilerplate our rules know (PHP warnings, a share
            # bar): the page's visible text through the whole text cleaner instead.
            return self.clean_page(html.unextracted(page), provenance)
        if not elements:
            raise NoArticle("no article text found in the page")
        # The page's own author field, without furniture and companies; else a byline in the
        # article; else one around it on the page (the extractor leaves bylines out).
        author = as_printed(page_authors(page.meta.author), visible)
        if not author and not doc.author and matched:
            author = author_around(visible, matched.values())
        doc = replace(doc, elements=tuple(elements), author=doc.author or author)
        day, changed = page.meta.date, page.meta.updated
        if matched:
            english, today = language.name == "English", self.defaults.now.date()
            printed = printed_around(visible, matched.values(), english, today)
            day = page_date(day, printed)
            changed = changed or printed_update(visible, matched.values(), english, today)
        if not day:
            day = datesearch.searched_date(page.source, page.meta.url, (page.meta.language, language.code))
        stated = replace(page.meta, author=author, date=day, updated=changed)
        meta = front_matter(doc, cleaned.meta, language, self.defaults, provenance, stated)
        return Ingested(meta, body_markdown(doc.elements), self._slug(meta, provenance.file))

    @staticmethod
    def _slug(meta: FrontMatter, name: str) -> str:
        return slugify(meta.title, 80) or slugify(Path(name.split("?")[0]).stem) or "article"


STRUCTURAL = frozenset({"heading", "bullet", "number", "quote"})


def html_elements(page: html.Page, kept: tuple[Element, ...], title: str) -> list[Element]:
    """The text cleaner's elements with what the HTML knew: a block's kind where the markup
    says heading, list item or quote (else the text's reading of it), its links, and the
    page's images after the kept block they followed."""
    text_blocks = [b for b in page.blocks if b.kind != "image"]
    images_after: dict[int, list[html.HtmlBlock]] = {}
    n = -1
    for b in page.blocks:
        if b.kind == "image":
            images_after.setdefault(n, []).append(b)
        else:
            n += 1
    title_key = headline.key(title) if title else ""
    out: list[Element] = []
    for el in kept:
        source = text_blocks[el.block] if 0 <= el.block < len(text_blocks) else None
        if source is None or (title_key and headline.key(el.text) == title_key):
            continue
        if source.kind in STRUCTURAL and not (source.kind == "heading" and len(source.text.split()) > 20):
            el = Element(source.kind, source.text, number=source.number, block=el.block)
        out.append(replace(el, links=source.links))
        out.extend(Element("image", i.text, src=i.src, block=el.block) for i in images_after.get(el.block, ()))
    return out


def raw_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Expand folders into their raw article files; report paths that don't exist."""
    files, missing = [], []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(RAW_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(f"{path}: no such file or folder")
    return files, missing


class Writer:
    """Puts cleaned articles into content/ (or on stdout with ``--dry-run``) and keeps the
    report: never overwrites an editor's file, skips a raw article already ingested."""

    def __init__(self, options: IngestOptions, stdout: TextIO, permalink: str = "/{year}/{month}/{slug}/") -> None:
        self.options = options
        self.permalink = permalink
        """The site's pattern: each article is written with its first URL as its ``id``."""
        self.stdout = stdout
        self.report = IngestReport()
        self.seen = {} if options.dry_run else ingested_hashes(options.into)

    def put(self, result: Ingested, origin: str) -> bool:
        """Write one article; False when it was skipped (already there) or could not be
        written (reported as a failure)."""
        if self.options.dry_run:
            self.stdout.write(self._with_id(result, result.slug, None).text)
            return True
        assert result.meta.provenance is not None
        sha = result.meta.provenance.sha256
        where = place(self.options.into, result.slug, sha, self.seen, self.options.force)
        if where.path is None:
            self.report.skipped.append(f"{origin}: {where.reason}")
            return False
        replaced = where.path if where.reason == "overwrite" else None
        try:
            write_atomic(where.path, self._with_id(result, where.path.stem, replaced).text)
        except OSError as exc:  # content/ read-only, the disk full: this one is not written, the rest go on
            self.fail(origin, f"cannot write {where.path}: {exc.strerror or exc}")
            return False
        self.seen[sha] = where.path
        self.report.written.append(where.path)
        log.info("%s -> %s%s", origin, where.path, " (replaced)" if where.reason == "overwrite" else "")
        return True

    def _with_id(self, result: Ingested, stem: str, replaced: Path | None) -> Ingested:
        """The article with its ``id``: the replaced file's, else the URL it will first have."""
        kept = existing_id(replaced) if replaced else ""
        ident = kept or first_id(self.permalink, result.meta, stem)
        return replace(result, meta=replace(result.meta, id=ident))

    def fail(self, origin: str, why: object) -> None:
        self.report.failed.append(f"{origin}: {why}")

    def skip(self, origin: str, why: str) -> None:
        self.report.skipped.append(f"{origin}: {why}")


_ID_LINE = re.compile(r"^id:[ \t]*['\"]?(/[^'\"\s]*)['\"]?[ \t]*$", re.M)


def existing_id(path: Path) -> str:
    """The ``id:`` of a content file about to be replaced (``--force``): its identity stays."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace").split("\n---", 1)[0]
    except OSError:
        return ""
    m = _ID_LINE.search(head)
    return m.group(1) if m else ""


def ingest_file(path: Path, cleaner: Cleaner, writer: Writer) -> None:
    """One raw article file (text or a saved page) into content/."""
    try:
        size = path.stat().st_size
        if size > limits.MAX_RAW_BYTES:
            why = (
                f"{limits.megabytes(size)}, more than the {limits.megabytes(limits.MAX_RAW_BYTES)} a raw article may be"
            )
            writer.fail(str(path), why)
            return
        data = path.read_bytes()
        result = cleaner.clean(data, path.name)
    except OSError as exc:
        writer.fail(str(path), f"cannot read: {exc.strerror}")
        return
    except (UnreadableError, NoArticle, html.NotHtml) as exc:
        writer.fail(str(path), exc)
        return
    writer.put(result, str(path))
