"""Which files under content/ are content: one symbolic-link policy for the build and for
ingest. A link is followed only when it stays inside content/ (``x.md -> /etc/passwd`` would
publish the machine's files), a folder reached twice through links is read once (no loop),
and only regular files count (a FIFO named ``x.md`` would hang, ``/dev/zero`` never end).

Standard library only: a build with nothing to do lists its inputs before any heavy import.
"""

from __future__ import annotations

import os
from pathlib import Path


def inside(path: str, folder: str) -> bool:
    """``path``, its links followed, is ``folder`` (real path) or under it."""
    real = os.path.realpath(path)
    return real == folder or real.startswith(folder + os.sep)


def content_entries(content_dir: Path, refused: list[str] | None = None) -> list[os.DirEntry]:
    """``os.scandir`` entries of every ``*.md`` under content/ (hidden ones skipped), sorted by
    path. A symbolic link is followed only when it stays inside content/ (one that leaves it is
    added to ``refused`` and not read), a folder reached twice through links is read once, and
    only regular files are content (a FIFO or device named ``x.md`` would hang or never end)."""
    top = os.path.realpath(content_dir)
    found: list[os.DirEntry] = []
    seen = {top}
    todo = [str(content_dir)]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:  # gone, not a folder, unreadable, a loop
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                link = entry.is_symlink()
                if link and not inside(entry.path, top):
                    if refused is not None:
                        refused.append(entry.path)
                    continue
                if entry.is_dir():
                    real = os.path.realpath(entry.path) if link else entry.path
                    if real not in seen:
                        seen.add(real)
                        todo.append(entry.path)
                elif entry.name.endswith(".md") and entry.is_file():
                    found.append(entry)
            except OSError:
                continue
    return sorted(found, key=lambda e: e.path)
