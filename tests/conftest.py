"""Shared fixtures: small sites written into tmp_path, built in-process."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from newsdigest.cli import main

SITE_TOML = """\
[site]
title = "Test Digest"
base_url = "https://example.org/"
timezone = "UTC"
per_page = 10

[search]
enabled = false
"""
"""Search (Pagefind) is off in the small sites of the tests, but for tests/test_search.py's."""


def article(
    title: str,
    date: str | None = "2024-05-01",
    tags: list[str] | None = None,
    body: str = "Some text for the body.",
    **fields: object,
) -> str:
    """A content file's text."""
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if date:
        lines.append(f"date: {date}")
    if tags is not None:
        lines.append(f"tags: {json.dumps(tags, ensure_ascii=False)}")
    for key, value in fields.items():
        lines.append(f"{key}: {value}")
    lines += ["---", body, ""]
    return "\n".join(lines)


def tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (relative POSIX path -> bytes), in path order: two builds compared whole."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


class SiteDir:
    """A site folder under tmp_path with helpers to build it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def build(self, *args: str) -> int:
        return main(["build", "--config", str(self.root / "site.toml"), "--quiet", *args])

    @property
    def out(self) -> Path:
        return self.root / "output"

    def files(self) -> set[str]:
        return {p.relative_to(self.out).as_posix() for p in self.out.rglob("*") if p.is_file()}

    def snapshot(self) -> dict[str, bytes]:
        return tree(self.out)


@pytest.fixture
def make_site(tmp_path: Path):
    def make(files: dict[str, str] | None = None, toml: str = SITE_TOML) -> SiteDir:
        site = SiteDir(tmp_path / "site")
        site.write("site.toml", toml)
        (site.root / "content").mkdir(exist_ok=True)
        for rel, text in (files or {}).items():
            site.write(rel, text)
        return site

    return make


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite tests/sites/*/expected/ from the current output"
    )
