"""The five raw seeds meet every line of expectations.yaml (copied from ../shared/seeds)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from newsdigest import frontmatter
from newsdigest.config import parse_config
from newsdigest.ingest.pipeline import Cleaner, IngestOptions
from newsdigest.tags import Aliases, tag_slug

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
EXPECT = yaml.safe_load((SEEDS / "expectations.yaml").read_text(encoding="utf-8"))
ROOT = Path(__file__).resolve().parent.parent
CONFIG = parse_config((ROOT / "site.toml").read_text(encoding="utf-8"), ROOT)


def ingest(name: str):
    cleaner = Cleaner(CONFIG, IngestOptions(into=Path("unused"), date=date(2024, 6, 1)))
    result = cleaner.clean((SEEDS / name).read_bytes(), name)
    text = result.text
    split = frontmatter.split(text)
    meta = yaml.safe_load(split.yaml_text)
    return text, meta, split.body


def paragraphs(body: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]


def unescape(md: str) -> str:
    return re.sub(r"\\([\\`*_\[\]<>~#&.)+-])", r"\1", md)


CASES = [(name, key) for name, spec in EXPECT.items() for key in spec]


@pytest.mark.parametrize("name, key", CASES, ids=[f"{n[:3]}-{k}" for n, k in CASES])
def test_seed_expectation(name, key):
    text, meta, body = ingest(name)
    want = EXPECT[name][key]
    plain = unescape(body)
    if key == "title":
        assert meta["title"] == want
    elif key == "author":
        assert meta.get("author") == want
    elif key == "section":
        assert meta.get("section", "").casefold() == want.casefold()
    elif key == "description":
        assert meta.get("description", "").startswith(want)
    elif key == "tags_include":
        aliases = Aliases(CONFIG.tags.aliases)
        have = {tag_slug(aliases.fold(t)) for t in meta.get("tags", [])}
        assert {tag_slug(aliases.fold(t)) for t in want} <= have, meta.get("tags")
    elif key == "min_tags":
        assert len(meta.get("tags", [])) >= want, meta.get("tags")
    elif key == "headings":
        found = [unescape(h) for h in re.findall(r"^## (.+)$", body, re.M)]
        positions = [found.index(h) for h in want]  # ValueError names a missing heading
        assert positions == sorted(positions), found
    elif key == "list_items":
        assert len(re.findall(r"^(?:[-*+]|\d+[.)]) \S", body, re.M)) >= want
    elif key == "body_starts":
        assert unescape(paragraphs(body)[0]).startswith(want)
    elif key == "body_ends":
        last = unescape(paragraphs(body)[-1]).splitlines()[-1]
        assert last.rstrip().endswith(want), last
    elif key == "must_contain":
        for s in want:
            assert s in plain, s
    elif key == "must_not_contain":
        for s in want:
            assert s.casefold() not in unescape(text).casefold(), s
    elif key == "title_once":
        lines = [re.sub(r"^(#+|[-*]|>)\s*", "", unescape(x)).strip() for x in body.splitlines()]
        assert meta["title"] not in lines
    else:
        pytest.fail(f"unknown expectation key {key!r}")
