"""Write the site so that a failed build never touches output/, and unchanged files keep
their modification time (an rsync or CDN deploy then uploads only what changed).

Two modes, chosen by the pipeline:

- ``fresh`` (cold build): every file goes into a new tree ``<output>.new-<pid>`` beside
  output/, which is swapped in at the end. A file whose bytes equal the old output's is
  hard-linked from it instead of written, so it keeps its mtime.
- ``update`` (incremental build): only files whose bytes changed are staged; once every
  page rendered, every unchanged file is hard-linked from output/ into the staging tree
  and that tree is swapped in as a fresh one is: a reader, or a build killed at any
  moment, sees the old site or the new one, never a mix. The folders are the cost (a
  page is a folder): 0.2 to 2 s at 1,000 articles, 1 to 3 s at 10,000 on this VM. So the
  tree an update build replaces is not deleted but kept in the build cache as the *spare*,
  with a record of what that build changed: the next update build brings the spare level
  with output/ (the last build's changed files hard-linked in, its removed ones removed),
  writes its own changes into it and swaps it in. Its cost follows what changed, not the
  site's size. A cold build keeps the tree it replaces as the spare too when the last
  build's list of files says what that tree holds (after a configuration change, an
  upgrade, ``--no-cache``): what it wrote differs from it, what it linked is the same file,
  and what the list has that this build does not make is stale. The spare's files are
  output/'s own (hard links), so a changed file is never written into an existing one: it
  is unlinked first. ``serve``'s private preview skips all this: its changed files are
  renamed into output/ one by one and vanished pages removed, the cache marking output/
  dirty meanwhile (an interrupted commit is followed by a cold build).

Staging trees of builds that were killed (``.new-<pid>``, ``.old-<pid>`` of a process that no
longer runs) are removed by the next build, and so is a spare no record vouches for (one
a killed build left half made, or another output/'s).

Only this module writes into output/.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
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

    def __init__(
        self,
        output: Path,
        mode: str,
        carry: tuple[str, ...] = (),
        spare_in: Path | None = None,
        left_there: frozenset[str] | None = None,
    ) -> None:
        """``carry``: folders of output/ that no Output makes, moved over by a fresh build.
        ``spare_in``: the build cache, where an update build keeps the tree it replaces and
        takes the one the last build left (a build proper; not ``serve``, which renames in).
        ``left_there``: a fresh build's knowledge of the files output/ holds (the last build's
        list): with it, the tree it replaces is kept as the spare too."""
        assert mode in ("fresh", "update")
        self.output = output.resolve()
        self.mode = mode
        self.carry = carry
        self.spare_in = spare_in
        self.left_there = left_there
        self.staging = self.output.with_name(f"{self.output.name}.new-{os.getpid()}")
        _remove_leftovers(self.output)
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.recycled = False
        """The staging tree is the spare: a copy of output/ (hard links) to change in place."""
        if spare_in is not None:
            self.recycled = mode == "update" and _adopt_spare(spare_in, self.output, self.staging, carry)
            if not self.recycled:
                _drop_spare(spare_in)
        if not self.recycled:
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
            if self.recycled and not os.access(parent, os.W_OK):  # a folder of a read-only output/ that
                os.chmod(parent, stat.S_IMODE(os.stat(parent).st_mode) | stat.S_IRWXU)  # became the spare
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
        target = self._target(rel)
        if self.recycled:  # the spare's file is output/'s too (a hard link): never write into it
            _unlink(target)
        with open(target, "wb") as f:
            f.write(data)
        return True

    def commit(self, changed: list[str], stale: list[str], every: list[str] | None = None) -> None:
        """fresh: swap the new tree in. update with ``every`` (the paths of every output):
        the unchanged files hard-linked into the staging tree beside the changed ones, and
        that tree swapped in, as a fresh one is (a reader, or a build killed at any moment,
        sees the old site or the new one, never a mix). update without it (``serve``'s
        private preview, where a save must reload at once): rename changed files in, delete
        stale ones."""
        if self.mode == "update" and every is None:
            self._rename_in(changed, stale)
            return
        if self.recycled:
            for rel in stale:
                _unlink(self.staging / rel)
                _prune_empty(self.staging / rel, self.staging)
        elif self.mode == "update":
            self._link_unchanged(set(changed), every or [])
        old = self._swap()
        if old is None:
            return
        # What a build makes and made starts with these names: anything else at the top of the
        # old tree was put into output/ by hand, and a spare must not bring it back.
        ours = {rel.split("/", 1)[0] for rel in (*(every or ()), *stale, *(self.left_there or ()))}
        if self.spare_in is None:
            _remove_in_background(old)
        elif self.mode == "update":
            _keep_spare(self.spare_in, self.output, old, changed, stale, ours)
        elif self.left_there is not None and every is not None:
            # A fresh build: what it wrote differs from the old tree; what the old tree had
            # and this build does not make is stale (what it linked is the same file).
            _keep_spare(self.spare_in, self.output, old, changed, sorted(self.left_there - set(every)), ours)
        else:
            _remove_in_background(old)

    def _link_unchanged(self, changed: set[str], every: list[str]) -> None:
        """Every output file the build did not change, hard-linked from output/ into the
        staging tree (plain strings and os calls: at 10,000 articles these are 30,000 files
        and as many folders, and the folders are most of the cost)."""
        out, stage = str(self.output), str(self.staging)
        made = {os.path.relpath(d, stage) for d in map(str, self._dirs)} | {"."}
        for rel in every:
            if rel in changed:
                continue
            folder = os.path.dirname(rel) or "."
            if folder not in made:
                os.makedirs(os.path.join(stage, folder), exist_ok=True)
                made.add(folder)
            src, dest = os.path.join(out, rel), os.path.join(stage, rel)
            try:
                os.link(src, dest)
            except FileNotFoundError:  # gone from output/ by hand: the next cold build makes it
                continue
            except OSError:  # a file system without hard links
                shutil.copy2(src, dest)

    def _swap(self) -> Path | None:
        """The staging tree made output/; the tree it replaced (None when there was none)."""
        # A name of its own: the previous build's old tree may still be being removed.
        old = self.output.with_name(f"{self.output.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        for part in self.carry:  # made by a later stage (the search index): kept until it is made again
            if (self.output / part).is_dir() and not (self.staging / part).exists():
                os.replace(self.output / part, self.staging / part)
        if self.output.exists():
            os.replace(self.output, old)
        os.replace(self.staging, self.output)
        return old if old.exists() else None

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


SPARE = "spare"
"""The spare tree's folder in the build cache; ``spare.json`` beside it is its record."""


def _unlink(path: Path) -> None:
    """Remove a file (or what stands in its way: a folder an earlier site had there)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return  # nothing there
    except (IsADirectoryError, PermissionError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            raise


def _keep_spare(cache: Path, output: Path, old: Path, changed: list[str], stale: list[str], ours: set[str]) -> None:
    """Keep the tree a build replaced as the next build's spare, with what this build changed
    (``changed`` written, ``stale`` removed), less what is at its top that no build made
    (``ours``: the first names of every path the builds made: a ``CNAME`` put into output/
    by hand would otherwise come back with the spare). The record is written last: a build
    killed before it leaves a spare that no record vouches for, removed by the next build.
    The new site is in place already: a disk that refuses any of this costs the spare, not
    the build."""
    record = cache / f"{SPARE}.json"
    temp = cache / f"{SPARE}.json.{os.getpid()}"
    try:
        record.unlink(missing_ok=True)
        _drop_spare(cache)
        cache.mkdir(parents=True, exist_ok=True)
        with os.scandir(old) as entries:
            strays = [Path(e.path) for e in entries if e.name not in ours]
        for path in strays:
            if path.is_dir() and not path.is_symlink():
                _throw_away(cache, path)
            else:
                path.unlink()
        os.replace(old, cache / SPARE)  # EXDEV when the cache is on another disk: no spare then
    except OSError:
        _remove_in_background(old)
        return
    try:
        temp.write_text(json.dumps({"output": str(output), "changed": changed, "stale": stale}), encoding="utf-8")
        os.replace(temp, record)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
            _drop_spare(cache)


def _drop_spare(cache: Path) -> None:
    """Remove the spare and its record (in the background: it is a whole site of folders),
    and spares a killed build left being removed."""
    (cache / f"{SPARE}.json").unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        for path in cache.glob(f"{SPARE}.old-*"):
            pid = path.name[len(SPARE) + 5 :].split("-")[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
                remove_tree(path)
    spare = cache / SPARE
    if spare.is_dir():
        with contextlib.suppress(OSError):
            _throw_away(cache, spare)


def _throw_away(cache: Path, tree: Path) -> None:
    """Rename a tree out of the way in the cache and remove it in the background (a name of
    its own, ``spare.old-<pid>-<n>``: if the build is killed first, the next one removes it)."""
    trash = cache / f"{SPARE}.old-{os.getpid()}-{time.monotonic_ns()}"
    os.replace(tree, trash)
    _remove_in_background(trash)


def _adopt_spare(cache: Path, output: Path, staging: Path, carry: tuple[str, ...]) -> bool:
    """Make the spare the staging tree, level with output/: the files the last build changed
    hard-linked from output/, the ones it removed removed, the carried folders left to the
    swap. False (and nothing adopted) when there is no spare this output/ can trust."""
    record = cache / f"{SPARE}.json"
    spare = cache / SPARE
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data["output"] != str(output) or not spare.is_dir() or not output.is_dir():
            return False
        changed, stale = list(data["changed"]), list(data["stale"])
        if not all(isinstance(rel, str) and not leaves_output(rel) for rel in (*changed, *stale)):
            return False
        record.unlink()
        os.replace(spare, staging)  # from here a killed build leaves a staging tree, removed as such
    except (OSError, ValueError, KeyError, TypeError):
        return False
    try:
        made: set[str] = set()
        for rel in changed:
            dest = staging / rel
            folder = os.path.dirname(rel)
            if folder and folder not in made:
                if (staging / folder).is_file():
                    _unlink(staging / folder)
                os.makedirs(staging / folder, exist_ok=True)
                made.add(folder)
            _unlink(dest)
            with contextlib.suppress(FileNotFoundError):  # gone from output/ by hand: the next cold build makes it
                os.link(output / rel, dest)
        for rel in stale:
            _unlink(staging / rel)
            _prune_empty(staging / rel, staging)
        for part in carry:
            _unlink(staging / part)
    except OSError:
        _throw_away(cache, staging)
        return False
    return True


def _prune_empty(path: Path, root: Path) -> None:
    parent = path.parent
    while parent != root and parent.is_relative_to(root):
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def remove_tree(path: Path) -> None:
    """Delete a tree of the build's own (a replaced output/, a staging tree), also when
    folders in it were made read-only (a site owner's ``chmod -R a-w output``): it is
    generated, so the build may make it writable to remove it. Errors past that are ignored
    (the next build's ``_remove_leftovers`` tries again)."""
    shutil.rmtree(path, ignore_errors=True)
    if not path.exists() or path.is_symlink():
        return
    for folder, _, _ in os.walk(path):
        with contextlib.suppress(OSError):
            os.chmod(folder, stat.S_IMODE(os.lstat(folder).st_mode) | stat.S_IRWXU)
    shutil.rmtree(path, ignore_errors=True)


def _remove_in_background(path: Path) -> None:
    """Delete the replaced tree without making the build wait for it: removing a few thousand
    directories costs a second on a slow disk, and nothing needs them gone now. A detached
    grandchild does it (POSIX; elsewhere, or if it can't fork, here and now); a build killed
    first leaves it to the next build's ``_remove_leftovers``."""
    if not hasattr(os, "fork"):
        remove_tree(path)
        return
    try:
        pid = os.fork()
    except OSError:
        remove_tree(path)
        return
    if pid:
        os.waitpid(pid, 0)  # the child exits at once, so no zombie is left
        return
    try:  # the child: fork again and leave, so the grandchild belongs to init
        if os.fork() == 0:
            os.setsid()
            remove_tree(path)
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
    """Staging and old trees beside output/ left by builds that were killed. A build killed
    between the two renames of its swap left no output/ at all: its old tree goes back."""
    if not output.exists():
        whole = re.compile(rf"{re.escape(output.name)}\.old-(\d+)-\d+")  # a site's tree, not a part's
        dead = [
            p
            for p in output.parent.glob(f"{output.name}.old-*")
            if (m := whole.fullmatch(p.name)) and p.is_dir() and not _running(int(m.group(1)))
        ]
        if dead:
            os.replace(max(dead, key=lambda p: p.stat().st_mtime_ns), output)
    for path in output.parent.glob(f"{output.name}.[no][el][wd]-*"):
        pid = path.name[len(output.name) + 5 :].split("-")[0]  # ".old-<pid>[-<n>]"
        if not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
            continue
        if path.is_dir() and not path.is_symlink():
            remove_tree(path)
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
