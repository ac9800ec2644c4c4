"""The cleaning stages on table-driven cases (tests/fixtures/clean/*.txt), one stage a file:

- ``boilerplate.txt``: raw text -> the lines kept as the article's body;
- ``structure.txt``: raw text -> the Document (title, byline, section, standfirst, elements);
- ``metadata.txt``: raw text -> the front matter fields a case names (title, author, section,
  description, tags, date).

Each case's id is ``file:line title``, so a failure points at its case.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fixture_file import cases_of

from newsdigest.config import parse_config
from newsdigest.ingest import language
from newsdigest.ingest.blocks import split_blocks
from newsdigest.ingest.boilerplate import clean
from newsdigest.ingest.pipeline import Cleaner, IngestOptions
from newsdigest.ingest.read import read_text
from newsdigest.ingest.rules import active_rules
from newsdigest.ingest.structure import build_document

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
RULES = active_rules()
CONFIG = parse_config('[tags.aliases]\nZelensky = "Zelenskyy"\n', Path("/tmp"))
CLEANER = Cleaner(CONFIG, IngestOptions(into=Path("/tmp/unused")), now=datetime(2024, 6, 1, tzinfo=UTC))


def cleaned(raw: str):
    text = read_text(raw.encode("utf-8"))
    lang = language.detect(text)
    return clean(split_blocks(text), lang, RULES), lang


def kept_lines(raw: str) -> str:
    result, _ = cleaned(raw)
    return "".join(c.block.text + "\n" for c in result.body)


def document(raw: str) -> str:
    result, lang = cleaned(raw)
    doc = build_document(result, bool(lang.stopwords))
    head = [
        f"{name}: {getattr(doc, name)}" for name in ("title", "author", "section", "standfirst") if getattr(doc, name)
    ]
    body = [f"{el.kind}: {el.label + ' ' if el.label else ''}{el.text}" for el in doc.elements]
    return "\n".join([*head, "--", *body]) + "\n"


def metadata(raw: str, fields: list[str]) -> str:
    """The front matter ``fields`` (those a case names), one ``field: value`` a line."""
    meta = CLEANER.clean(raw.encode("utf-8"), "raw.txt").meta
    values = {
        "title": meta.title,
        "author": meta.author,
        "section": meta.section,
        "description": meta.description,
        "tags": ", ".join(meta.tags),
        "date": meta.date.date().isoformat() if meta.date else "",
    }
    return "".join(f"{name}: {values[name]}\n" for name in fields)


@pytest.mark.parametrize("case", cases_of(FIXTURES / "boilerplate.txt"))
def test_boilerplate(case):
    assert kept_lines(case.input) == case.expected


@pytest.mark.parametrize("case", cases_of(FIXTURES / "structure.txt"))
def test_structure(case):
    assert document(case.input) == case.expected


@pytest.mark.parametrize("case", cases_of(FIXTURES / "metadata.txt"))
def test_metadata(case):
    """A case checks the fields it names (``tags: ...``), in any order it likes."""
    fields = [line.split(":", 1)[0] for line in case.expected.splitlines()]
    assert metadata(case.input, fields) == case.expected
