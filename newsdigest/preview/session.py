"""The serve loop: build the preview, serve it, watch the sources, rebuild on save.

The preview is its own tree beside the build cache (``<cache>/preview/output``, with its
own cache), so ``serve --drafts`` never puts a draft into the output/ that gets deployed.
The process stays warm between builds (imports, templates, the last build's state and
plan in memory: ``publish.warm``), so a save re-renders only what it touches. A build that
fails leaves the last good preview served, prints the problem and shows it over the page;
the next good save clears it.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..config import SiteConfig, load_config
from ..errors import NewsdigestError
from ..terminal import say
from .inject import Problem, problems_of
from .server import Hub, make_server

STEP_MS = 5
"""How long the watcher waits for more changes after the first before it reports them
(an editor's save is one to three file events well within a millisecond; measured here,
the watcher reports a save 9 ms after it with 5, 24 ms with 15). A save split over two
reports (a very slow writer) builds twice; the second build sees the whole file."""
CONFIG_POLL_MS = 500
"""site.toml is checked this often (an editor that saves by replacing the file leaves a
watch on the file itself watching nothing)."""


@dataclass(frozen=True, slots=True)
class ServeOptions:
    config: Path
    port: int = 8000
    bind: str = "127.0.0.1"
    drafts: bool = False
    future: bool = False
    jobs: int = 0


def preview_dirs(config: SiteConfig) -> tuple[Path, Path]:
    """(the preview's output folder, its build cache)."""
    root = config.path("cache") / "preview"
    return root / "output", root / "cache"


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class Session:
    """One serve process: the configuration, the warm builder, the hub pages listen to."""

    def __init__(self, options: ServeOptions, out: TextIO = sys.stderr) -> None:
        from ..publish.warm import WarmBuilder

        self.options = options
        self.out = out
        self.config = load_config(options.config)
        self.config_stat = _stat(options.config)
        self.output, self.cache = preview_dirs(self.config)
        self.hub = Hub(self.output, self.config.base_path)
        self.builder = WarmBuilder()

    def build(self, changed: frozenset[str] | None = None) -> bool:
        """One build of the preview; True when it succeeded. ``changed``: the paths the
        watcher reported since the last build (None: nobody knows, look at everything)."""
        from ..publish.pipeline import BuildOptions

        started = time.perf_counter()
        options = BuildOptions(
            out=self.output,
            drafts=self.options.drafts,
            future=self.options.future,
            jobs=self.options.jobs,
            cache=self.cache,
            changed=changed,
        )
        try:
            report = self.builder.build(self.config, options, on_commit=self.hub.built)
        except NewsdigestError as exc:
            self.hub.failed(problems_of(exc))
            exc.show(self.out)
            print("serving the last good build; fix the problem and save again", file=self.out)
            return False
        except Exception as exc:  # a bug: the preview keeps serving, and starts its memory afresh
            self.builder.close()
            what = f"internal error: {type(exc).__name__}: {exc}"
            self.hub.failed((Problem("build", what, "a bug in newsdigest: run build --debug and report it"),))
            say(
                f"error: {what}\n    hint: this is a bug in newsdigest; `python build.py --debug` shows where", self.out
            )
            print("serving the last good build", file=self.out)
            return False
        if not report.up_to_date:
            elapsed = (time.perf_counter() - started) * 1000
            print(f"{report.summary()} ({elapsed:.0f} ms to reload)", file=self.out)
        elif self.hub.problems:
            self.hub.built()  # e.g. a broken edit undone: nothing to render, but the overlay goes
        return True

    def reload_config(self) -> bool:
        """site.toml changed: read it again; a broken one is reported like a broken build."""
        self.config_stat = _stat(self.options.config)
        try:
            config = load_config(self.options.config)
        except NewsdigestError as exc:
            self.hub.failed(problems_of(exc))
            exc.show(self.out)
            return False
        self.config = config
        self.hub.base_path = config.base_path
        return True

    def watched(self) -> list[Path]:
        return [p for p in (self.config.path(n) for n in ("content", "layouts", "static")) if p.is_dir()]

    def watch(self, stop: threading.Event) -> None:
        import watchfiles

        started = False
        for _changes in watchfiles.watch(
            *self.watched(),
            step=STEP_MS,
            rust_timeout=CONFIG_POLL_MS,
            yield_on_timeout=True,
            stop_event=stop,
        ):
            config_changed = _stat(self.options.config) != self.config_stat
            if not _changes and not config_changed and started:
                continue
            # The first time round the watcher is known to be running: a save made before it
            # started (during the first build) is caught by building once more now.
            first, started = not started, True
            if config_changed and not self.reload_config():
                continue
            self.build(None if first or config_changed else frozenset(path for _, path in _changes))
            if config_changed:
                return  # watch again: site.toml may have moved content/, layouts/ or static/


def serve(options: ServeOptions) -> int:
    session = Session(options)
    if options.bind not in ("127.0.0.1", "localhost", "::1"):
        say(f"warning: serving on {options.bind}: other machines can read the preview, drafts included")
    session.build()
    try:
        server = make_server(session.hub, options.bind, options.port)
    except OSError as exc:
        raise NewsdigestError(
            f"can't serve on {options.bind}:{options.port}: {exc.strerror or exc}; try another --port"
        ) from None
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="preview-server", daemon=True)
    thread.start()
    shown = "127.0.0.1" if options.bind in ("127.0.0.1", "localhost") else options.bind
    print(
        f"serving the preview at http://{shown}:{port}{session.config.base_path}"
        + (" (this machine only; --bind 0.0.0.0 to share it)" if shown == "127.0.0.1" else "")
        + "; watching for changes, Ctrl-C to stop",
        file=sys.stderr,
        flush=True,
    )
    stop = threading.Event()
    try:
        while not stop.is_set():
            session.watch(stop)
    except KeyboardInterrupt:  # Ctrl-C: the way to stop; it ends the loop like a stop request
        stop.set()
    finally:
        session.hub.close()
        server.shutdown()
        server.server_close()
        session.builder.close()
    print("stopped", file=sys.stderr)
    return 0
