"""Builds killed at random moments (SIGKILL, 50 times: 25 cold builds, 25 incremental ones,
half of these aimed at the start of the commit):
output/ is always the old site or the new one, file for file, never a mix; no process of the
killed build outlives it by more than a second; the next build removes every leftover and
makes the right site."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import article

KILLS = int(os.environ.get("NEWSDIGEST_KILLS", "25"))
"""Kills per kind of build (cold, incremental)."""


def _files(n: int) -> dict[str, str]:
    return {
        f"content/a{k:02d}.md": article(
            f"Story {k} on the talks", f"2024-05-{1 + k % 28:02d}", [f"topic{k % 5}", "talks"], body=f"Text {k}. " * 40
        )
        for k in range(n)
    }


def _change(site) -> None:
    """Five articles retitled (listings and feeds change too), one added, one removed."""
    for k in range(5):
        site.write(f"content/a{k:02d}.md", article(f"Story {k}, updated", f"2024-05-{1 + k:02d}", ["talks"]))
    site.write("content/new.md", article("A new story", "2024-05-30", ["talks"]))
    (site.root / "content/a39.md").unlink()


def _undo(site, files: dict[str, str]) -> None:
    for rel, text in files.items():
        site.write(rel, text)
    (site.root / "content/new.md").unlink()


def _leftovers(site) -> list[str]:
    return sorted(p.name for p in site.root.iterdir() if p.name.startswith(("output.new-", "output.old-")))


def _running_in(pgid: int) -> list[int]:
    """Processes of the process group that still run (a zombie has ended: only its exit
    status waits for a parent, which this machine's pid 1 may never collect)."""
    out = []
    for stat in os.listdir("/proc"):
        if not stat.isdigit():
            continue
        try:
            fields = Path(f"/proc/{stat}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(stat))
    return out


def _gone(pgid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not _running_in(pgid):
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("cold", [True, False], ids=["cold", "incremental"])
def test_a_killed_build_leaves_the_old_site_or_the_new_one(make_site, cold):
    files = _files(40)
    site = make_site(files)
    assert site.build("--jobs", "2") == 0
    old = site.snapshot()
    _change(site)
    assert site.build("--jobs", "2") == 0
    new = site.snapshot()
    _undo(site, files)
    assert site.build("--jobs", "2") == 0 and site.snapshot() == old
    command = [sys.executable, "-m", "newsdigest", "build", "--quiet", "--jobs", "2"]
    command += ["--config", str(site.root / "site.toml")] + (["--no-cache"] if cold else [])
    start = time.monotonic()
    _change(site)
    subprocess.run(command, check=True, timeout=120)
    took = time.monotonic() - start
    _undo(site, files)
    assert site.build() == 0
    rng = random.Random(16 + cold)
    seen = {"old": 0, "new": 0}
    for attempt in range(KILLS):
        _change(site)
        proc = subprocess.Popen(command, start_new_session=True)
        if not cold and attempt % 2:
            # Aimed at the commit: the cache marks output/ dirty just before it starts.
            dirty = site.root / ".newsdigest-cache/dirty"
            deadline = time.monotonic() + 30
            while not dirty.exists() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(rng.uniform(0.0, 0.01))
        elif attempt == KILLS - 1 and not seen["new"]:
            time.sleep(took * 2)  # chance gave no kill after the commit yet: land one there
        else:
            time.sleep(rng.uniform(0.0, took * 1.4))  # some land after it is done
        proc.send_signal(signal.SIGKILL)  # the build itself; its workers must follow
        proc.wait(timeout=30)
        if not _gone(proc.pid, 1.0):
            ps = subprocess.run(["ps", "-o", "pid,stat,args", "-g", str(proc.pid)], capture_output=True, text=True)
            raise AssertionError(f"attempt {attempt}: a process of the killed build still runs:\n{ps.stdout}")
        now = site.snapshot()
        assert now in (old, new), f"attempt {attempt}: output/ is a mix of the old and the new site"
        seen["old" if now == old else "new"] += 1
        assert site.build() == 0 and site.snapshot() == new, attempt  # the next build is right
        for _ in range(100):  # old trees are removed in the background
            if not _leftovers(site):
                break
            time.sleep(0.05)
        assert _leftovers(site) == [], attempt
        _undo(site, files)
        assert site.build() == 0 and site.snapshot() == old, attempt
    assert seen["old"] and seen["new"], seen  # kills landed both before and after the commit
