"""`build.py serve`: the path checks and page injection as functions, then the real command
in a subprocess on a free port: an edit reloads, a broken edit keeps the old site and shows
the error, the next good edit recovers, nothing outside the preview can be read, Ctrl-C
stops it cleanly."""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import article

from newsdigest.errors import BuildFailed, SourceError
from newsdigest.preview.inject import Problem, inject, problems_of
from newsdigest.preview.server import resolve

ROOT = Path(__file__).resolve().parent.parent


# --- resolve: a URL path -> a file inside the served folder, or None ---


@pytest.fixture
def served(tmp_path: Path) -> Path:
    root = tmp_path / "out"
    (root / "a").mkdir(parents=True)
    (root / "index.html").write_text("home")
    (root / "a" / "index.html").write_text("a")
    (tmp_path / "secret.txt").write_text("secret")
    return root


def test_resolve_finds_files_and_folder_indexes(served: Path) -> None:
    assert resolve(served, "/", "/") == served / "index.html"
    assert resolve(served, "/", "/a/") == served / "a" / "index.html"
    assert resolve(served, "/", "/a/index.html?x=1") == served / "a" / "index.html"
    assert resolve(served, "/", "/a") == served / "a"  # a folder: the handler redirects to /a/
    assert resolve(served, "/news/", "/news/a/") == served / "a" / "index.html"
    assert resolve(served, "/news/", "/a/") is None  # outside the base path


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/a/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/a/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/secret.txt%00.html",
        "/nothing-here",
    ],
)
def test_resolve_never_leaves_the_served_folder(served: Path, path: str) -> None:
    assert resolve(served, "/", path) is None


def test_resolve_refuses_a_symlink_pointing_out(served: Path) -> None:
    (served / "link.txt").symlink_to(served.parent / "secret.txt")
    (served / "dir").symlink_to(served.parent)
    assert resolve(served, "/", "/link.txt") is None
    assert resolve(served, "/", "/dir/secret.txt") is None


# --- inject: the live-reload script and the error overlay ---


def test_inject_adds_the_script_before_body_end_and_escapes_the_overlay() -> None:
    page = b"<html><body><p>x</p></body></html>"
    plain = inject(page, ())
    assert plain.startswith(b'<html><body><p>x</p><script id="newsdigest-live">')
    assert plain.endswith(b"</script></body></html>")
    assert b'newsdigest-overlay" role' not in plain  # no overlay while builds succeed
    bad = (Problem("content/a.md:3", "title: expected text, got <script>alert(1)</script>", "quote it"),)
    shown = inject(page, bad).decode()
    assert "content/a.md:3: title: expected text, got &lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "hint: quote it" in shown
    assert "<script>alert(1)" not in shown


def test_problems_of_a_failed_build_keep_file_line_and_hint() -> None:
    error = BuildFailed([SourceError(Path("content/a.md"), 4, "bad date", "use 2024-05-01"),
                         SourceError(Path("content/b.md"), 0, "empty")])  # fmt: skip
    assert problems_of(error) == (
        Problem("content/a.md:4", "bad date", "use 2024-05-01"),
        Problem("content/b.md", "empty", ""),
    )


# --- the real command ---


def _interruptible() -> None:
    """In the child, before exec: Ctrl-C (SIGINT) as a terminal delivers it. A child inherits
    an ignored or blocked SIGINT, and Python then never raises KeyboardInterrupt (rightly: a
    job started in the background ignores it); run after other tests in one pytest process,
    the serve process inherited such a SIGINT and never stopped."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Served:
    """``build.py serve --port 0`` in a subprocess, its stderr read on a thread."""

    def __init__(self, site: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", "--jobs", "1"],
            cwd=site,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=_interruptible,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        line = self.expect(r"serving the preview at http://127\.0\.0\.1:(\d+)/")
        self.port = int(re.search(r":(\d+)/", line).group(1))  # type: ignore[union-attr]

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def expect(self, pattern: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.log.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(self.log)}")

    def get(self, path: str) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("GET", path)  # sent as written: no client-side normalisation of '..'
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", errors="replace")
        conn.close()
        return resp.status, body

    def stop(self) -> tuple[int, str]:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=15)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        time.sleep(0.2)
        while not self.lines.empty():
            self.log.append(self.lines.get())
        return self.proc.returncode, "".join(self.log)


class Events:
    """The event stream of the server, read on a thread: (name, data) per event."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.conn.request("GET", "/__newsdigest/events")
        self.resp = self.conn.getresponse()
        assert self.resp.getheader("Content-Type") == "text/event-stream"
        self.events: queue.Queue[tuple[str, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = ""
        try:
            for raw in self.resp:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    self.events.put((name, line[6:]))
        except (OSError, ValueError):
            self.events.put(("closed", ""))  # the stream ended: a waiting test fails at once

    def next(self, timeout: float = 30) -> tuple[str, str]:
        return self.events.get(timeout=timeout)


def test_serve_rebuilds_reloads_reports_errors_and_recovers(make_site) -> None:
    site = make_site(
        {
            "content/a.md": article("First report", tags=["Kyiv"], body="The original text."),
            "content/b.md": article("Second report", date="2024-05-02", body="More text."),
        }
    )
    (site.root / "secret.txt").write_text("do not serve me")
    server = Served(site.root)
    try:
        status, page = server.get("/2024/05/a/")
        assert status == 200 and "The original text." in page
        assert 'id="newsdigest-live"' in page  # the served page listens for rebuilds...
        preview = site.root / ".newsdigest-cache/preview/output"
        built = (preview / "2024/05/a/index.html").read_text()
        assert "newsdigest-live" not in built  # ...the file on disk does not
        assert not (site.root / "output").exists()  # the preview never touches output/

        events = Events(server.port)
        site.write("content/a.md", article("First report", tags=["Kyiv"], body="The corrected text."))
        assert events.next()[0] == "reload"
        server.expect(r"built 2 articles")
        assert "The corrected text." in server.get("/2024/05/a/")[1]

        # A broken save: the error in the terminal and over the page; the old site stays.
        site.write("content/a.md", "---\ntitle: First report\ndate: 2024-13-45\n---\nBroken.\n")
        name, data = events.next()
        assert name == "failed"
        assert '"where": "content/a.md:3:7"' in data
        server.expect(r"^content/a\.md:3:7: front matter 'date'")
        status, page = server.get("/2024/05/a/")
        assert status == 200 and "The corrected text." in page
        assert 'id="newsdigest-overlay"' in page and "content/a.md:3:7: front matter &#x27;date&#x27;" in page
        late = Events(server.port)  # a page opened while it is broken gets the error at once
        assert late.next()[0] == "failed"

        # The next good save recovers.
        site.write("content/a.md", article("First report", tags=["Kyiv"], body="Fixed again."))
        assert events.next()[0] == "reload"
        status, page = server.get("/2024/05/a/")
        assert "Fixed again." in page and 'id="newsdigest-overlay"' not in page

        # Nothing outside the preview through the server.
        (preview / "escape.txt").symlink_to(site.root / "secret.txt")
        for path in ("/../secret.txt", "/%2e%2e/%2e%2e/secret.txt", "/..%2f..%2fsecret.txt", "/escape.txt"):
            status, body = server.get(path)
            assert status == 404 and "do not serve me" not in body, path
        assert server.get("/404.html")[0] == 200
    finally:
        code, log = server.stop()
    assert code == 0, log
    assert log.rstrip().endswith("stopped")
    assert "Traceback" not in log


def test_serve_on_a_taken_port_is_a_clear_error(make_site) -> None:
    import socket

    site = make_site({"content/a.md": article("One")})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--jobs", "1"],
            cwd=site.root,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"error: can't serve on 127.0.0.1:{port}: Address already in use; try another --port" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bug_in_a_rebuild_keeps_the_preview_serving(make_site):
    import io

    from newsdigest.preview.session import ServeOptions, Session

    site = make_site({"content/a.md": article("A")})
    out = io.StringIO()
    session = Session(ServeOptions(site.root / "site.toml", port=0), out)
    assert session.build()
    memory = session.builder.memory

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("division by zero")

    session.builder.build = broken  # type: ignore[method-assign]
    assert session.build() is False
    [problem] = session.hub.problems
    assert problem.message == "internal error: ZeroDivisionError: division by zero"
    assert "error: internal error: ZeroDivisionError" in out.getvalue() and "Traceback" not in out.getvalue()
    assert session.builder.memory is not memory  # what it kept may be half-updated: dropped
