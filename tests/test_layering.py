"""The two halves meet only at content/: ingest/ and publish/ never import each other."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newsdigest"
HALVES = ("ingest", "publish")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a module of the package, relative ones resolved."""
    module = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = module[:-1] if path.name != "__init__.py" else module
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            name = ".".join((*base, node.module)) if node.module else ".".join(base)
            found.append((node.lineno, name))
            if not node.module:  # from . import x, y: each name may be a module
                found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
    return found


def crossings(half: str) -> list[str]:
    other = next(h for h in HALVES if h != half)
    bad = []
    for path in sorted((PACKAGE / half).rglob("*.py")):
        for line, name in imported_modules(path):
            if name == f"newsdigest.{other}" or name.startswith(f"newsdigest.{other}."):
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name}")
    return bad


@pytest.mark.parametrize("half", HALVES)
def test_half_imports_nothing_from_the_other(half):
    assert crossings(half) == []


def test_checker_sees_relative_and_absolute_imports(tmp_path, monkeypatch):
    """The check itself bites: a planted crossing import of each form is found."""
    fake = tmp_path / "newsdigest"
    (fake / "ingest").mkdir(parents=True)
    (fake / "publish").mkdir()
    (fake / "ingest/a.py").write_text("from ..publish.taxonomy import build_tags\n")
    (fake / "ingest/b.py").write_text("import newsdigest.publish.pages\n")
    (fake / "ingest/c.py").write_text("from .. import publish\n")
    (fake / "ingest/d.py").write_text("from ..tags import Aliases\n")  # shared: fine
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert [c.split(": ")[0] for c in crossings("ingest")] == [
        "newsdigest/ingest/a.py:1",
        "newsdigest/ingest/b.py:1",
        "newsdigest/ingest/c.py:1",
    ]
