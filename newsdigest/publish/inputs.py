"""What a build reads, listed without reading it: content files, templates and static files
with their mtimes and sizes, and the signature of all of them.

Standard library only, so that a build with nothing to do answers before the Markdown,
YAML, Jinja2 and feed libraries are even imported.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..contentfiles import content_entries, inside
from ..hashing import digest

THEME = Path(__file__).resolve().parent.parent / "theme"
log = logging.getLogger("newsdigest")


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str
    rel: str
    """Relative to the site root, POSIX: the cache key and the name in messages."""
    mtime_ns: int
    size: int


def scan(content_dir: Path, root: Path, refused: list[str] | None = None) -> list[SourceFile]:
    """Every content file with its mtime and size (one ``stat`` each, no reading)."""
    prefix = str(root) + os.sep
    return [_source_file(entry.path, entry.stat(), prefix) for entry in content_entries(content_dir, refused)]


def _source_file(path: str, st: os.stat_result, root_prefix: str) -> SourceFile:
    rel = path[len(root_prefix) :] if path.startswith(root_prefix) else path
    return SourceFile(path, rel.replace(os.sep, "/"), st.st_mtime_ns, st.st_size)


def template_files(layouts_dir: Path) -> dict[str, Path]:
    """Every template name -> the file that wins (site layout over theme)."""
    found: dict[str, Path] = {}
    for base in (layouts_dir, THEME / "layouts"):
        if base.is_dir():
            for path in sorted(base.rglob("*.html")) + sorted(base.rglob("*.xml")):
                found.setdefault(path.relative_to(base).as_posix(), path)
    return dict(sorted(found.items()))


def static_files(*folders: Path, refused: list[str] | None = None) -> dict[str, Path]:
    """Relative path -> source file; a later folder overrides an earlier one (site over theme).
    A symbolic link that leaves its folder is not copied (``refused``): ``static/x ->
    /etc/passwd`` would publish the machine's files."""
    found: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            top = os.path.realpath(folder)
            for path in sorted(folder.rglob("*")):
                if path.name.startswith(".") or not path.is_file():
                    continue
                if not inside(str(path), top):
                    if refused is not None:
                        refused.append(str(path))
                    continue
                found[path.relative_to(folder).as_posix()] = path
    return found


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything a build reads, by stat."""

    files: list[SourceFile]
    """Content files, sorted by path."""
    templates: dict[str, Path]
    """Template name -> the file that wins (site layout over theme)."""
    statics: dict[str, Path]
    """Static file (relative to output/) -> its source (site static/ over the theme's)."""
    signature: str
    """Hash of every input's name, mtime and size, the output folder and the options."""
    scanned_ns: int
    """Wall-clock time of the scan (files modified just before it are re-hashed next time)."""


def scan_inputs(content: Path, layouts: Path, static: Path, root: Path, key: str, out: Path, drafts: object) -> Inputs:
    """``drafts``: what else decides what is published (``--drafts``, ``--future``), in the signature."""
    """List every input of a build (a stat each, nothing read)."""
    scanned_ns = time.time_ns()
    refused: list[str] = []
    files = scan(content, root, refused)
    templates = template_files(layouts)
    statics = static_files(THEME / "static", static, refused=refused)
    for path in refused:
        log.warning("%s: not published: a symbolic link to outside its folder", os.path.relpath(path, root))
    return Inputs(files, templates, statics, signature(key, out, drafts, files, templates, statics), scanned_ns)


MAX_RESCAN = 200
"""More changed paths than this at once (a branch switch, a bulk ingest): scan everything."""


def rescan(
    last: Inputs, changed: frozenset[str], content: Path, root: Path, key: str, out: Path, drafts: object
) -> Inputs | None:
    """``last`` brought up to date from the paths a file watcher reported, stat'ing only
    those: what a warm process (``serve``) does instead of a scan of every content file.
    None (scan everything) when a change is not a plain content file: a folder moved or
    removed, anything under layouts/ or static/, too many changes at once."""
    if len(changed) > MAX_RESCAN:
        return None
    prefix = str(content) + os.sep
    top = os.path.realpath(content)
    by_path = {f.path: f for f in last.files}
    for path in changed:
        if not path.startswith(prefix):
            return None  # layouts/, static/, or content/ itself
        parts = path[len(prefix) :].split(os.sep)
        if any(part.startswith(".") for part in parts):
            continue  # hidden: never content
        if not path.endswith(".md"):
            if os.path.isdir(path) or any(p.startswith(path + os.sep) for p in by_path):
                return None  # a folder came, went or moved: what is in it was not reported
            continue  # an editor's backup or swap file
        if os.path.islink(path) or not inside(path, top):
            return None  # links: the full scan decides (and says so)
        try:
            st = os.stat(path)
        except OSError:
            by_path.pop(path, None)
            continue
        if not os.path.isfile(path):
            return None
        by_path[path] = _source_file(path, st, str(root) + os.sep)
    files = [by_path[p] for p in sorted(by_path)]
    scanned_ns = time.time_ns()
    return Inputs(
        files,
        last.templates,
        last.statics,
        signature(key, out, drafts, files, last.templates, last.statics),
        scanned_ns,
    )


def signature(key: str, out: Path, drafts: object, files: list[SourceFile], *groups: dict[str, Path]) -> str:
    """Every input's name, mtime and size: the same signature means the same site."""
    parts = [key, str(out), str(drafts)]
    parts += [f"{f.rel}:{f.mtime_ns}:{f.size}" for f in files]
    for group in groups:
        for name, path in group.items():
            st = path.stat()
            parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
    return digest(*parts)
