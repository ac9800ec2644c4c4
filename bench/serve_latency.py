"""Live-preview latency: the time from saving one article to the reload event reaching a
connected client, with `build.py serve` running on the synthetic corpora (bench/corpus.py),
median of --saves saves; beside it, the same one-article edit rebuilt by a fresh
`python build.py` process (median of --runs).

    python bench/serve_latency.py                    # N = 1,000 and 10,000
    python bench/serve_latency.py --sizes 1000 --saves 10

Targets (issue 14): <= 100 ms at 1,000 and <= 300 ms at 10,000 (hugo server: 150-220 ms per
saved article at 1,000 on the same corpus, its "Total in" line).
Each save puts a sentence into the first paragraph of a different article (a body edit, the
common case: its page and feeds change, and its words go through story grouping again); with
--title it also changes the headline, which every listing showing the article must follow.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

WORK = Path(__file__).resolve().parent / ".work"


def site_for(n: int) -> Path:
    """A private copy of the n-article corpus (the serve writes its preview into it)."""
    base = WORK / f"corpus-{n}"
    if not (base / "content").is_dir():
        write_corpus(base, n)
    site = WORK / f"serve-{n}"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(base, site, ignore=shutil.ignore_patterns("output", ".newsdigest-cache"))
    return site


def edited(site: Path, i: int, title: bool) -> tuple[Path, str]:
    """(the article to save, its new text): made before the clock starts, which the save starts."""
    path = sorted((site / "content").glob("*.md"))[i * 37 % 1000]
    text = path.read_text(encoding="utf-8")
    if title:
        text = re.sub(r'^title: "', f'title: "Edit {i}: ', text, count=1, flags=re.M)
    body = text.index("\n---\n", 4) + 5  # a sentence into the first paragraph: its words regroup
    return path, text[:body] + f"An editor's correction, number {i}. " + text[body:]


def edit(site: Path, i: int, title: bool) -> None:
    path, text = edited(site, i, title)
    path.write_text(text, encoding="utf-8")


class Stream:
    """The server's event stream; ``wait()`` returns when the next event arrives."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.conn.request("GET", "/__newsdigest/events")
        self.resp = self.conn.getresponse()
        self.arrived = threading.Semaphore(0)
        self.names: list[str] = []
        self.at: list[float] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self.resp:
            line = raw.decode().strip()
            if line.startswith("event: "):
                self.names.append(line[7:])
                self.at.append(time.perf_counter())
                self.arrived.release()

    def drain(self) -> int:
        """Forget the events that arrived unawaited; how many there were."""
        n = 0
        while self.arrived.acquire(blocking=False):
            n += 1
        return n

    def wait(self, timeout: float = 600) -> str:
        if not self.arrived.acquire(timeout=timeout):
            raise TimeoutError("no event")
        return self.names[-1]


def serve_latency(site: Path, saves: int, title: bool, jobs: int) -> list[float]:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", *(["--jobs", str(jobs)] if jobs else [])],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    port = 0
    for line in proc.stderr:
        found = re.search(r"serving the preview at http://127\.0\.0\.1:(\d+)/", line)
        if found:
            port = int(found.group(1))
            break
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()  # type: ignore[union-attr]
    stream = Stream(port)
    times = []
    try:
        time.sleep(2.0)  # the watcher is up and the first build's cache written
        for i in range(saves + 1):
            stream.drain()  # nothing left over from the last save
            seen = len(stream.names)
            path, text = edited(site, i + 100, title)
            start = time.perf_counter()
            path.write_text(text, encoding="utf-8")  # the save
            name = stream.wait()
            elapsed = time.perf_counter() - start
            time.sleep(0.8)  # the cache is saved after the reload; let it finish
            if len(stream.names) > seen + 1:
                print(
                    f"  save {i}: {len(stream.names) - seen} events after it, at "
                    + ", ".join(f"{(t - start) * 1000:.0f} ms" for t in stream.at[seen:])
                )
            if name != "reload":
                raise RuntimeError(f"save {i}: event {name!r}, not a reload")
            if i:  # the first save warms what the first build did not touch
                times.append(elapsed)
    finally:
        proc.send_signal(2)
        proc.wait(timeout=60)
    return times


def cold_rebuild(site: Path, runs: int) -> list[float]:
    """One edit, then `python build.py` in a fresh process (imports included)."""
    subprocess.run([sys.executable, str(ROOT / "build.py"), "-q"], cwd=site, check=True)
    times = []
    for i in range(runs):
        edit(site, 500 + i, False)
        os.sync()
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "build.py"), "-q"], cwd=site, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--title", action="store_true", help="each save also changes the article's headline")
    ap.add_argument("--jobs", type=int, default=0, help="serve --jobs (default: serve's own, every core)")
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores; median of {args.saves} saves ({'title and body' if args.title else 'body'} edits)")
    targets = {1000: 0.100, 10000: 0.300}
    for n in args.sizes:
        site = site_for(n)
        warm = serve_latency(site, args.saves, args.title, args.jobs)
        cold = cold_rebuild(site, args.runs)
        med = statistics.median(warm)
        target = targets.get(n)
        verdict = (
            "" if target is None else f" (target <= {target * 1000:.0f} ms: {'met' if med <= target else 'not met'})"
        )
        print(
            f"N={n:>6}: save -> reload {med * 1000:6.0f} ms (min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f})"
            f"{verdict}; cold-process one-edit rebuild {statistics.median(cold):.2f} s"
        )
        shutil.rmtree(site, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
