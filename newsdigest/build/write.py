"""Write the site into a fresh folder beside output/, then swap it in.

A failed build never touches output/: everything goes into ``<output>.new-<pid>`` first,
and only a complete tree replaces the old one. One output path is never written twice.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import SourceError


class DuplicatePath(Exception):
    def __init__(self, error: SourceError) -> None:
        super().__init__(str(error))
        self.error = error


class StagedOutput:
    """A staging folder that becomes output/ on ``commit()`` and vanishes on ``discard()``."""

    def __init__(self, output: Path) -> None:
        self.output = output.resolve()
        self.staging = self.output.with_name(f"{self.output.name}.new-{os.getpid()}")
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        self.written: dict[str, str] = {}
        self.files = 0

    def target(self, rel: str, source: str) -> Path:
        """The staging path for ``rel``; refuses paths outside output/ and a second writer."""
        path = (self.staging / rel).resolve()
        if not path.is_relative_to(self.staging) or path == self.staging:
            raise DuplicatePath(SourceError(Path(source or rel), 0, f"output path {rel!r} leaves output/"))
        if rel in self.written:
            first = self.written[rel]
            raise DuplicatePath(SourceError(
                Path(source or rel), 0, f"writes {rel} which {first or 'another page'} writes too",
                "give the article another 'slug:' (it collides with a generated page or another article)"))
        self.written[rel] = source
        path.parent.mkdir(parents=True, exist_ok=True)
        self.files += 1
        return path

    def write(self, rel: str, data: bytes | str, source: str = "") -> None:
        path = self.target(rel, source)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def copy_tree(self, src: Path, label: str) -> None:
        """Copy every file under ``src`` (theme or site static/) as it is; later calls may not clash."""
        if not src.is_dir():
            return
        for path in sorted(src.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                rel = path.relative_to(src).as_posix()
                if rel in self.written and self.written[rel].startswith("theme:"):
                    self.written.pop(rel)
                    self.files -= 1
                shutil.copyfile(path, self.target(rel, f"{label}:{rel}"))

    def commit(self) -> None:
        """Swap the staging folder in for output/ (the old tree is removed after the swap)."""
        old = self.output.with_name(f"{self.output.name}.old-{os.getpid()}")
        if self.output.exists():
            os.replace(self.output, old)
        os.replace(self.staging, self.output)
        if old.exists():
            shutil.rmtree(old)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
