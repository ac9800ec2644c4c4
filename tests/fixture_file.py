"""Fixture files in markdown-it-py's format: cases of ``title``, ``.``, input, ``.``,
expected, ``.``; each case knows the line it starts on, for its test id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Case:
    line: int
    """1-based line of the case's title in the file."""
    title: str
    input: str
    expected: str


def read_fixture_file(path: Path) -> list[Case]:
    lines = path.read_text(encoding="utf-8").splitlines()
    cases, i = [], 0
    while i < len(lines):
        if not lines[i].strip() or lines[i].startswith("#"):
            i += 1
            continue
        title, start = lines[i], i + 1
        if lines[i + 1] != ".":
            raise ValueError(f"{path}:{i + 2}: expected '.' after the case title")
        parts, j, chunk = [], i + 2, []
        while len(parts) < 2:
            if j >= len(lines):
                raise ValueError(f"{path}:{start}: case {title!r} is not closed with '.'")
            if lines[j] == ".":
                parts.append("\n".join(chunk))
                chunk = []
            else:
                chunk.append(lines[j])
            j += 1
        cases.append(Case(start, title, parts[0] + "\n", parts[1] + "\n" if parts[1] else ""))
        i = j
    return cases


def cases_of(path: Path) -> list:
    """pytest params, one per case, with ``file:line title`` ids."""
    return [pytest.param(c, id=f"{path.name}:{c.line} {c.title}") for c in read_fixture_file(path)]
