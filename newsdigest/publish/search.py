"""The search index: Pagefind (its PyPI binary) run over the built site's article pages,
the bundle swapped in as ``output/pagefind/``, which the theme's search page queries in the
browser. Pagefind has no incremental mode: the index is made again whenever an article's
page changed (about 2.7 ms an article on a 2-core VM), and not at all when none did."""

from __future__ import annotations

import logging
import subprocess
import threading
from pathlib import Path

from ..errors import NewsdigestError
from ..hashing import digest
from .output import Output
from .write import staging_for, swap_part

log = logging.getLogger(__name__)

PART = "pagefind"
STAMP = "search.stamp"
"""In the cache folder: the article pages the index in output/ was made from."""


def stamp_of(outputs: list[Output]) -> str:
    """What the index depends on: every article page's path and key."""
    return digest(*(o.path + " " + o.key for o in outputs if o.kind == "page" and o.source))


def is_current(output: Path, cache_dir: Path, stamp: str | None = None) -> bool:
    """The index in output/ was made from these article pages (``stamp``; None: from the
    last build's, as a build with nothing to do assumes)."""
    try:
        kept = (cache_dir / STAMP).read_text(encoding="utf-8")
    except OSError:
        return False
    return (output / PART / "pagefind.js").is_file() and (stamp is None or kept == stamp)


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise NewsdigestError(
            "search: Pagefind is not installed; pip install 'pagefind[bin]', or set [search] enabled = false"
        ) from None
    return Path(get_executable())


def make_index(output: Path, cache_dir: Path, stamp: str) -> None:
    """Index output/'s pages (only the parts marked ``data-pagefind-body``: articles) into a
    new bundle and swap it in. The stamp goes away first, so a run that is killed leaves the
    next build to make the index again."""
    (cache_dir / STAMP).unlink(missing_ok=True)
    made = staging_for(output, PART)
    command = [str(executable()), "--site", str(output), "--output-path", str(made), "--silent"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (made / "pagefind.js").is_file():
        why = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no index made"]
        raise NewsdigestError(f"search: Pagefind failed: {why[0]}; set [search] enabled = false to build without it")
    swap_part(output, PART, made)
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / STAMP).write_text(stamp, encoding="utf-8")


_lock = threading.Lock()
_wanted: dict[Path, tuple[Path, str]] = {}
_busy = False


def in_background(output: Path, cache_dir: Path, stamp: str) -> None:
    """``serve``: make the index in a thread after the reload went out, so a save is never
    slowed by it; saves that come while it runs are indexed once it is done, together."""
    global _busy
    with _lock:
        _wanted[output] = (cache_dir, stamp)
        if _busy:
            return
        _busy = True
    threading.Thread(target=_work, name="search-index", daemon=True).start()


def _work() -> None:
    global _busy
    while True:
        with _lock:
            if not _wanted:
                _busy = False
                return
            output, (cache_dir, stamp) = _wanted.popitem()
        try:
            make_index(output, cache_dir, stamp)
        except (NewsdigestError, OSError) as exc:
            log.warning("%s", exc)
