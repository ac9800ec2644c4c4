"""Write the site so that a failed build never touches output/, and unchanged files keep
their modification time (an rsync or CDN deploy then uploads only what changed).

Two modes, chosen by the pipeline:

- ``fresh`` (cold build): every file goes into a new tree ``<output>.new-<pid>`` beside
  output/, which is swapped in at the end. A file whose bytes equal the old output's is
  hard-linked from it instead of written, so it keeps its mtime.
- ``update`` (incremental build): only files whose bytes changed are staged; once every
  page rendered, they are renamed into output/ one by one and vanished pages removed.
  The cache marks output/ dirty during those renames, so an interrupted commit is
  followed by a cold build. (Making this swap a linked tree, as a cold build's, cost 1.9 s
  of every one-article edit at 1,000 articles on this VM's disk, mostly directories made
  and removed: not done; see the README.)

Staging trees of builds that were killed (``.new-<pid>``, ``.old-<pid>`` of a process that no
longer runs) are removed by the next build.

Only this module writes into output/.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from ..errors import NewsdigestError
from .output import leaves_output


def _same(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


class OutputWriter:
    """Puts files into a staging folder; ``commit()`` makes them output/."""

    def __init__(self, output: Path, mode: str, carry: tuple[str, ...] = ()) -> None:
        """``carry``: folders of output/ that no Output makes, moved over by a fresh build."""
        assert mode in ("fresh", "update")
        self.output = output.resolve()
        self.mode = mode
        self.carry = carry
        self.staging = self.output.with_name(f"{self.output.name}.new-{os.getpid()}")
        _remove_leftovers(self.output)
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        self._dirs: set[Path] = set()

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:  # a stage failed: output/ stays as it was
            self.discard()

    def _target(self, rel: str) -> Path:
        path = self.staging / rel
        parent = path.parent
        if parent not in self._dirs:
            parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        return path

    def put(self, rel: str, data: bytes | str) -> bool:
        """Stage one file; True when its bytes differ from what output/ has now."""
        if leaves_output(rel):  # plan.check_paths reports these first; this is the last line of defence
            raise ValueError(f"output path {rel!r} leaves output/")
        if isinstance(data, str):
            data = data.encode("utf-8")
        old = self.output / rel
        if _same(old, data):
            if self.mode == "fresh":
                try:
                    os.link(old, self._target(rel))
                except OSError:
                    shutil.copy2(old, self._target(rel))
            return False
        with open(self._target(rel), "wb") as f:
            f.write(data)
        return True

    def commit(self, changed: list[str], stale: list[str]) -> None:
        """fresh: swap the new tree in. update: rename changed files in, delete stale ones."""
        if self.mode == "update":
            self._rename_in(changed, stale)
            return
        # A name of its own: the previous build's old tree may still be being removed.
        old = self.output.with_name(f"{self.output.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        for part in self.carry:  # made by a later stage (the search index): kept until it is made again
            if (self.output / part).is_dir() and not (self.staging / part).exists():
                os.replace(self.output / part, self.staging / part)
        if self.output.exists():
            os.replace(self.output, old)
        os.replace(self.staging, self.output)
        if old.exists():
            _remove_in_background(old)

    def _rename_in(self, changed: list[str], stale: list[str]) -> None:
        made: set[Path] = set()
        for rel in changed:
            dest = self.output / rel
            if dest.parent not in made:
                dest.parent.mkdir(parents=True, exist_ok=True)
                made.add(dest.parent)
            os.replace(self.staging / rel, dest)
        for rel in stale:
            (self.output / rel).unlink(missing_ok=True)
            _prune_empty(self.output / rel, self.output)
        shutil.rmtree(self.staging, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _prune_empty(path: Path, root: Path) -> None:
    parent = path.parent
    while parent != root and parent.is_relative_to(root):
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def _remove_in_background(path: Path) -> None:
    """Delete the replaced tree without making the build wait for it: removing a few thousand
    directories costs a second on a slow disk, and nothing needs them gone now. A detached
    grandchild does it (POSIX; elsewhere, or if it can't fork, here and now); a build killed
    first leaves it to the next build's ``_remove_leftovers``."""
    if not hasattr(os, "fork"):
        shutil.rmtree(path, ignore_errors=True)
        return
    try:
        pid = os.fork()
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        return
    if pid:
        os.waitpid(pid, 0)  # the child exits at once, so no zombie is left
        return
    try:  # the child: fork again and leave, so the grandchild belongs to init
        if os.fork() == 0:
            os.setsid()
            shutil.rmtree(path, ignore_errors=True)
    finally:
        os._exit(0)


def check_output(output: Path) -> None:
    """Stop before any work when output/ cannot be what the build makes of it."""
    if output.exists() and not output.is_dir():
        raise NewsdigestError(
            f"{output}: exists and is not a folder; move it away, or set [paths] output (or --out) to another folder"
        )
    parent = output.parent
    if parent.is_dir() and not os.access(parent, os.W_OK | os.X_OK):
        raise NewsdigestError(f"{parent}: cannot write here (permission denied); the build makes {output.name}/ in it")


def _remove_leftovers(output: Path) -> None:
    """Staging and old trees beside output/ left by builds that were killed."""
    for path in output.parent.glob(f"{output.name}.[no][el][wd]-*"):
        pid = path.name[len(output.name) + 5 :].split("-")[0]  # ".old-<pid>[-<n>]"
        if not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def staging_for(output: Path, part: str) -> Path:
    """An empty folder beside output/ where ``part`` (a folder of output/) is made anew; a
    killed build's is removed by the next (the name is a staging tree's)."""
    path = output.with_name(f"{output.name}.new-{os.getpid()}-{part}")
    shutil.rmtree(path, ignore_errors=True)
    return path


def swap_part(output: Path, part: str, made: Path) -> None:
    """Put ``made`` in as ``output/<part>``, replacing the old one with two renames (a reader
    never sees a half-written folder; for a moment it may see none)."""
    target = output / part
    old = output.with_name(f"{output.name}.old-{os.getpid()}-{part}-{time.monotonic_ns()}")
    if target.exists():
        os.replace(target, old)
    os.replace(made, target)
    if old.exists():
        _remove_in_background(old)
