"""The build cache (``[paths] cache``, next to output/): what the last build read and wrote.

- ``state.pickle``: per content file its stat and parsed Article (no body, no HTML); per
  output file the key it was rendered with; a signature of every input for the no-change
  fast path. Valid only for the same package version, cache format and configuration.
- ``html/<content hash>``: each article's rendered body, read back only for the pages and
  feeds that are rendered again.

A cache that can't be read is ignored (the build is then a cold one); it is never trusted
over the inputs: a content file whose mtime or size changed is read again.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..models import Article

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


def state_key(config_fingerprint: str) -> str:
    return f"{__version__}/{FORMAT}/{config_fingerprint}"


class BuildCache:
    """Reads and writes the cache folder. Never raises on a damaged cache: it starts over."""

    MEMO = 2048

    def __init__(self, root: Path) -> None:
        self.root = root
        self.html_dir = root / "html"
        self._memo: dict[str, str] = {}

    def load(self, key: str) -> BuildState | None:
        try:
            with open(self.root / "state.pickle", "rb") as f:
                state = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        if not isinstance(state, BuildState) or state.key != key:
            return None
        return state

    def save(self, state: BuildState) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".state.")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.root / "state.pickle")
        (self.root / "signature").write_text(state.signature)
        (self.root / "dirty").unlink(missing_ok=True)

    def signature(self) -> str:
        """The last successful build's input signature (a small file: no unpickling)."""
        try:
            return (self.root / "signature").read_text()
        except OSError:
            return ""

    def mark_dirty(self) -> None:
        """output/ is about to be updated in place; until save() it can't be trusted."""
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "dirty").touch()

    def is_dirty(self) -> bool:
        return (self.root / "dirty").exists()

    def reset(self) -> None:
        """Forget everything (a new version, format or configuration)."""
        shutil.rmtree(self.html_dir, ignore_errors=True)
        (self.root / "state.pickle").unlink(missing_ok=True)
        (self.root / "signature").unlink(missing_ok=True)

    def put_html(self, content_hash: str, html: str) -> None:
        self.html_dir.mkdir(parents=True, exist_ok=True)
        path = self.html_dir / content_hash
        tmp = path.with_name(f".{content_hash}.{os.getpid()}")
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, path)

    def get_html(self, content_hash: str) -> str:
        """A body by content hash. Kept in a small per-process memo: the newest articles
        appear in dozens of tag feeds, and each file open costs more than the bytes."""
        found = self._memo.get(content_hash)
        if found is None:
            with open(self.html_dir / content_hash, encoding="utf-8") as f:
                found = f.read()
            if len(self._memo) >= self.MEMO:
                self._memo.pop(next(iter(self._memo)))
            self._memo[content_hash] = found
        return found

    def prune_html(self, keep: set[str]) -> None:
        """Drop bodies no current article has (edited or deleted articles)."""
        if self.html_dir.is_dir():
            for entry in os.scandir(self.html_dir):
                if entry.name not in keep and not entry.name.startswith("."):
                    os.unlink(entry.path)
