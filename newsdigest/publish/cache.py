"""The build cache (``[paths] cache``, next to output/): what the last build read and wrote.

- ``state.pickle``: per content file its stat and parsed Article (no body, no HTML); per
  output file the key it was rendered with; a signature of every input for the no-change
  fast path. Valid only for the same package version, cache format and configuration.
- ``bodies.sqlite``: each article's rendered body by content hash, read back only for the
  pages and feeds rendered again. One SQLite file rather than a file per article: at ten
  thousand articles, creating and deleting small files costs more than rendering them.

A cache that can't be read is ignored (the build is then a cold one); it is never trusted
over the inputs: a content file whose mtime or size changed is read again.
"""

from __future__ import annotations

import errno
import hashlib
import math
import os
import pickle
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..models import Article
from .grouping import Grouping
from .inputs import Inputs

FORMAT = 1


@dataclass
class BuildState:
    key: str
    """Version, cache format and configuration fingerprint this state belongs to."""
    sources: dict[str, tuple[int, int, Article]] = field(default_factory=dict)
    """Content file (relative) -> (mtime_ns, size, Article without body or HTML)."""
    outputs: dict[str, str] = field(default_factory=dict)
    """Output file (relative to output/) -> key it was made with."""
    signature: str = ""
    """Hash of every input's name, mtime and size: equal means nothing to do."""
    output_dir: str = ""
    scanned_ns: int = 0
    """Wall-clock time the inputs were scanned. A file modified within RACY_NS before it
    may have changed again in the same timestamp tick, so its stat is not trusted."""
    next_change: float = math.inf
    """When the site changes by itself (a scheduled article's time, an expiry): from then on
    the same inputs are not up to date."""
    grouping: Grouping | None = None
    """The story grouping of the published articles (``grouping``): used again when they
    read alike to grouping."""


RACY_NS = 2_000_000_000


LIBRARIES = ("markdown_it", "jinja2", "markupsafe", "feedgen", "lxml", "yaml", "slugify")
"""The libraries whose version shapes the output (HTML, feeds, front matter, slugs)."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of newsdigest's own source and of the installed libraries that shape the output:
    a cache made by other code (an upgrade, a local edit, a new markdown-it) is never
    trusted, even when no version number changed. A library is known by where its package
    file is and when it was written (found without importing it): installing another
    version rewrites it."""
    h = hashlib.blake2b(digest_size=12)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        h.update(_installed(name).encode() + b"\0")
    return h.hexdigest()


def _installed(module: str) -> str:
    from importlib.util import find_spec

    try:
        origin = find_spec(module).origin  # type: ignore[union-attr]
        st = os.stat(origin)  # type: ignore[arg-type]
    except (ImportError, AttributeError, TypeError, ValueError, OSError):
        return f"{module}:missing"
    return f"{module}:{origin}:{st.st_mtime_ns}:{st.st_size}"


def serialize(state: BuildState) -> bytes:
    return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)


def state_key(config_fingerprint: str) -> str:
    return f"{__version__}/{FORMAT}/{code_fingerprint()}/{config_fingerprint}"


class BuildCache:
    """Reads and writes the cache folder. Never raises on a damaged cache: it starts over."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bodies_path = root / "bodies.sqlite"
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._left: tuple[str, frozenset[str]] | None = None

    def load(self, key: str) -> BuildState | None:
        state = self._read()
        if state is None or state.key != key:
            return None
        return state

    def _read(self) -> BuildState | None:
        """The state on disk, whatever code or configuration wrote it."""
        try:
            with open(self.root / "state.pickle", "rb") as f:
                state = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return state if isinstance(state, BuildState) else None

    def save(self, state: BuildState, data: bytes | None = None) -> None:
        """Record a successful build. ``data``: ``state`` already pickled (serialize()), when
        the build had it made while it waited for something else."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".state.")
        with os.fdopen(fd, "wb") as f:
            f.write(serialize(state) if data is None else data)
        os.replace(tmp, self.root / "state.pickle")
        (self.root / "signature").write_text(f"{state.signature} {state.scanned_ns} {state.next_change!r}")
        (self.root / "dirty").unlink(missing_ok=True)

    def up_to_date(self, inputs: Inputs, out_dir: Path, now: datetime) -> bool:
        """Nothing changed since the last successful build into ``out_dir``: same signature,
        no file edited too close to the last scan to tell, output/ there and whole, and no
        scheduled article or expiry due since."""
        last_sig, last_scan, next_change = self.signature()
        racy = any(f.mtime_ns >= last_scan - RACY_NS for f in inputs.files)
        due = now.timestamp() >= next_change
        return last_sig == inputs.signature and not racy and not due and out_dir.is_dir() and not self.is_dirty()

    def open(self, key: str, use_cache: bool) -> BuildState | None:
        """The last build's state when it can be trusted (same code, format and configuration),
        else None, with the cache emptied; the body store is ready either way."""
        found = self._read()
        state = found if use_cache and found is not None and found.key == key else None
        # What the last build left in its output/ is known even when its state is not trusted
        # (other code or configuration, --no-cache): a cold build keeps the tree it replaces
        # as the spare by it (write.py).
        self._left = (found.output_dir, frozenset(found.outputs)) if found is not None else None
        if state is None:
            self.reset()
        self.prepare()
        return state

    def files_left_in(self, out_dir: Path) -> frozenset[str] | None:
        """The files the last build wrote into ``out_dir`` (read by ``open``), whatever code or
        configuration made them; None when unknown or untrusted (another folder, missing,
        an interrupted commit)."""
        left = self._left
        if left is None or left[0] != str(out_dir) or not out_dir.is_dir() or self.is_dirty():
            return None
        return left[1]

    def previous_outputs(self, state: BuildState | None, out_dir: Path) -> dict[str, str]:
        """Output file -> key, as the last build left ``out_dir``; empty when output/ can't be
        trusted to hold it (another folder, missing, or an interrupted commit): a cold build."""
        if state is None or state.output_dir != str(out_dir) or not out_dir.is_dir() or self.is_dirty():
            return {}
        return state.outputs

    def signature(self) -> tuple[str, int, float]:
        """The last successful build's input signature, scan time and next self-change (a
        small file: no unpickling)."""
        try:
            sig, scanned, next_change = (self.root / "signature").read_text().split()
            return sig, int(scanned), float(next_change)
        except (OSError, ValueError):
            return "", 0, 0.0

    def mark_dirty(self) -> None:
        """output/ is about to be updated in place; until save() it can't be trusted."""
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "dirty").touch()

    def is_dirty(self) -> bool:
        return (self.root / "dirty").exists()

    def reset(self) -> None:
        """Forget everything (a new version, format or configuration)."""
        self.close()
        for name in ("state.pickle", "signature", "bodies.sqlite", "bodies.sqlite-wal", "bodies.sqlite-shm"):
            (self.root / name).unlink(missing_ok=True)

    def prepare(self, again: bool = True) -> None:
        """Create the body store (in the parent, before workers fork and write to it)."""
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            db = self._db()
            db.execute("PRAGMA journal_mode=WAL")  # readers and one writer at a time, no blocking reads
            db.execute("CREATE TABLE IF NOT EXISTS bodies (hash TEXT PRIMARY KEY, html TEXT NOT NULL)")
        except sqlite3.DatabaseError as exc:  # a damaged cache file: start over, once
            self.reset()
            if not again:  # a new file fails too: the disk is full or the folder not writable
                raise OSError(errno.EIO, f"the build cache cannot be written ({exc})", str(self.bodies_path)) from exc
            self.prepare(again=False)

    def _db(self) -> sqlite3.Connection:
        # One connection per process: a forked worker must not reuse its parent's.
        if self._conn is None or self._pid != os.getpid():
            conn = sqlite3.connect(self.bodies_path, timeout=120, isolation_level=None)
            conn.execute("PRAGMA synchronous=OFF")  # a cache: a crash at worst costs a cold build
            self._conn, self._pid = conn, os.getpid()
        return self._conn

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    def put_html(self, items: list[tuple[str, str]]) -> None:
        """Store (content hash, body HTML) pairs in one transaction."""
        if items:
            db = self._db()
            try:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", items)
                db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if "locked" in str(exc):  # another writer past the timeout: not the disk
                    raise
                raise OSError(errno.EIO, f"the build cache cannot be written ({exc})", str(self.bodies_path)) from exc

    def get_html(self, content_hash: str) -> str:
        """A body by content hash; KeyError when the cache lost it. Not memoised: a page
        reads its body once, and feeds share entries (feeds.Entries), not bodies."""
        row = self._db().execute("SELECT html FROM bodies WHERE hash = ?", (content_hash,)).fetchone()
        if row is None:
            raise KeyError(content_hash)
        return row[0]

    def prune_html(self, keep: set[str]) -> None:
        """Drop bodies no current article has (edited or deleted articles)."""
        db = self._db()
        stored = {h for (h,) in db.execute("SELECT hash FROM bodies")}
        gone = [(h,) for h in stored - keep]
        if gone:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("DELETE FROM bodies WHERE hash = ?", gone)
            db.execute("COMMIT")
