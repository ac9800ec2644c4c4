"""The preview's HTTP server: output/ under the site's base path, the live-reload event
stream, nothing else. Read-only, GET and HEAD only, and no request can reach a file
outside output/ (``..``, its encoded forms, a symlink pointing out)."""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .inject import EVENTS, Problem, event, inject

log = logging.getLogger("newsdigest")

HEARTBEAT = 15.0
"""Seconds between keep-alive comments on an idle event stream."""


class Hub:
    """The site being served and its listeners: which output folder, the last build's
    problems (none when it succeeded), and a generation that every finished build bumps."""

    def __init__(self, root: Path, base_path: str) -> None:
        self.root = root.resolve()
        self.base_path = base_path
        self.problems: tuple[Problem, ...] = ()
        self.generation = 0
        self.closed = False
        self._cond = threading.Condition()

    def built(self) -> None:
        """A build succeeded: every open page reloads."""
        with self._cond:
            self.problems = ()
            self.generation += 1
            self._cond.notify_all()

    def failed(self, problems: tuple[Problem, ...]) -> None:
        """A build failed: every open page shows the problems over the last good site."""
        with self._cond:
            self.problems = problems
            self.generation += 1
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float) -> tuple[int, tuple[Problem, ...], bool]:
        """Block until a build after generation ``seen`` (or the timeout, or close):
        (generation, problems, closed)."""
        with self._cond:
            self._cond.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation, self.problems, self.closed


def resolve(root: Path, base_path: str, url_path: str) -> Path | None:
    """The file a URL path names inside ``root``, or None when it names none or would
    leave it. Percent-decoding happens once, before the check; a NUL or backslash is refused."""
    path = unquote(urlsplit(url_path).path)
    if "\0" in path or "\\" in path:
        return None
    if not path.startswith(base_path):
        return None
    rel = posixpath.normpath("/" + path[len(base_path) :]).lstrip("/")
    if rel.split("/")[0] == "..":
        return None
    target = (root / rel) if rel not in ("", ".") else root
    try:
        target = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if target != root and not target.is_relative_to(root):
        return None  # a symlink out of output/
    if target.is_dir():
        if not path.endswith("/"):
            return target  # the handler redirects to the slash form
        index = (target / "index.html").resolve()
        return index if index.is_file() and index.is_relative_to(root) else None
    return target if target.is_file() else None


class Handler(BaseHTTPRequestHandler):
    server_version = "newsdigest-preview"
    hub: Hub  # set on the subclass made by make_server

    def log_message(self, format: str, *args: object) -> None:
        """Requests go to the log at debug level (``serve --verbose``), not to stderr: the
        terminal shows builds, not every request."""
        log.debug("%s %s", self.address_string(), format % args)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS:
            self._events()
        else:
            self._serve(head=False)

    def _serve(self, head: bool) -> None:
        hub = self.hub
        url = urlsplit(self.path).path
        if url == "/" and hub.base_path != "/":
            return self._redirect(hub.base_path)
        target = resolve(hub.root, hub.base_path, self.path)
        if target is not None and target.is_dir():
            return self._redirect(url + "/")
        status = HTTPStatus.OK
        if target is None:
            status = HTTPStatus.NOT_FOUND
            target = hub.root / "404.html"
            if not target.is_file():
                return self._send(status, b"not found\n", "text/plain; charset=utf-8", head)
        try:
            data = target.read_bytes()
        except OSError:
            return self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = inject(data, hub.problems)
        if kind.startswith("text/") or kind in ("application/xml", "application/json", "application/javascript"):
            kind += "; charset=utf-8"
        self._send(status, data, kind, head)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _redirect(self, to: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _events(self) -> None:
        """The event stream: ``failed`` at once if the last build failed, then ``reload``
        or ``failed`` after each build, until the client or the server goes."""
        hub = self.hub
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen, problems, closed = hub.wait(-1, 0)  # the current state, without waiting
        try:
            self.wfile.write(b"retry: 1000\n\n")
            if problems:
                self.wfile.write(event("failed", [p.as_dict() for p in problems]))
            self.wfile.flush()
            while not closed:
                generation, problems, closed = hub.wait(seen, HEARTBEAT)
                if closed:
                    break
                if generation == seen:
                    self.wfile.write(b": alive\n\n")
                elif problems:
                    self.wfile.write(event("failed", [p.as_dict() for p in problems]))
                else:
                    self.wfile.write(event("reload", generation))
                self.wfile.flush()
                seen = generation
        except OSError:  # the page went away: end this connection, nothing else
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(hub: Hub, bind: str, port: int) -> Server:
    handler = type("BoundHandler", (Handler,), {"hub": hub})
    return Server((bind, port), handler)
