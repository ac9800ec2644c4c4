"""Folders the build or ingest may not write: one located message, exit 1, nothing lost.

The commands run in a child process that cannot override file permissions. CI runs as
root, for whom permissions do not bite, so the child drops the two capabilities that let
root ignore them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from its bounding set before it
starts Python: it is then held to the mode bits like any user."""

from __future__ import annotations

import ctypes
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import article

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def held_to_permissions() -> None:
    """preexec_fn: as root, give up the right to ignore permissions (for this child only)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdigest", *args],
        preexec_fn=held_to_permissions,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def read_only(path: Path) -> None:
    for folder, _, files in os.walk(path):
        for name in files:
            os.chmod(os.path.join(folder, name), 0o444)
        os.chmod(folder, 0o555)


def writable(path: Path) -> None:
    for folder, _, _ in os.walk(path):
        os.chmod(folder, 0o755)


@pytest.fixture(autouse=True)
def permissions_bite(tmp_path):
    """Skip (with the reason) where a child cannot be held to permissions."""
    probe = tmp_path / "probe"
    probe.mkdir()
    os.chmod(probe, 0o555)
    try:
        child = subprocess.run(
            [sys.executable, "-c", f"open({str(probe / 'x')!r}, 'w')"],
            preexec_fn=held_to_permissions,
            capture_output=True,
        )
    except OSError as exc:
        pytest.skip(f"cannot run a child held to permissions here: {exc}")
    finally:
        os.chmod(probe, 0o755)
    if child.returncode == 0:
        pytest.skip("permissions do not bite on this machine (a child could write into a read-only folder)")


@pytest.fixture
def built(make_site):
    site = make_site({"content/a.md": article("Alpha news")})
    assert site.build() == 0
    site.write("content/b.md", article("Beta news"))
    yield site
    writable(site.root)


def build(site) -> subprocess.CompletedProcess[str]:
    return run("build", "--config", str(site.root / "site.toml"), cwd=site.root)


def test_an_unwritable_site_folder_is_one_message_and_output_stays(built):
    before = built.snapshot()
    os.chmod(built.root, 0o555)
    done = build(built)
    assert done.returncode == 1
    assert f"error: {built.root}: cannot write here (permission denied); the build makes output/ in it" in done.stderr
    assert "Traceback" not in done.stderr
    assert built.snapshot() == before


def test_an_unwritable_cache_is_one_message_and_output_stays(built):
    before = built.snapshot()
    read_only(built.root / ".newsdigest-cache")
    done = build(built)
    assert done.returncode == 1, done.stderr
    assert ".newsdigest-cache/" in done.stderr and "cannot write: Permission denied" in done.stderr
    assert "(output/ was left as it was)" in done.stderr and "Traceback" not in done.stderr
    assert built.snapshot() == before


def test_a_read_only_output_is_replaced_whole_and_its_old_tree_removed(built):
    """output/ is generated: a read-only old tree (``chmod -R a-w output``) must not make the
    build swap in the new one and then fail, nor stay behind as ``output.old-*``."""
    read_only(built.out)
    done = build(built)
    assert done.returncode == 0, done.stderr
    assert "2024/05/b/index.html" in built.files()
    deadline = time.monotonic() + 10
    while any(built.root.glob("output.*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # the old tree is removed in the background
    assert not list(built.root.glob("output.*"))


def test_a_read_only_folder_that_became_the_spares_takes_the_next_change(built):
    """A read-only folder of output/ (``chmod``) becomes the spare's after the next rebuild;
    the rebuild after that writes a changed page into it: the build makes it writable (the
    spare is the build's own tree) and succeeds."""
    assert build(built).returncode == 0  # b.md in: 2024/05/b/ made
    read_only(built.out / "2024/05/b")
    built.write("static/notes.txt", "a file of its own")  # a change no page of b/ shows
    assert build(built).returncode == 0  # output/ swapped; the old tree, b/ read-only, is the spare
    assert (built.root / ".newsdigest-cache/spare.json").exists()
    built.write("content/b.md", article("Beta news, updated"))
    done = build(built)
    assert done.returncode == 0, done.stderr
    assert "Beta news, updated" in (built.out / "2024/05/b/index.html").read_text()


def test_ingest_into_a_read_only_content_folder_reports_each_file(make_site, tmp_path):
    site = make_site({"content/a.md": article("Alpha news")})
    raws = []
    for n, head in enumerate(("Council agrees the budget", "Rail strike called off")):
        raw = tmp_path / f"raw{n}.txt"
        raw.write_text(f"{head}\n\n" + "The council met on Monday and agreed the plan at last. " * 4, encoding="utf-8")
        raws.append(raw)
    content = sorted(p.name for p in (site.root / "content").iterdir())
    os.chmod(site.root / "content", stat.S_IRUSR | stat.S_IXUSR)
    try:
        done = run("ingest", *map(str, raws), "--config", str(site.root / "site.toml"), cwd=site.root)
    finally:
        os.chmod(site.root / "content", 0o755)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    for raw in raws:
        assert f"{raw}: cannot write {site.root / 'content'}/" in out
    assert out.count("Permission denied") == 2 and "failed 2" in out
    assert "internal error" not in out and "Traceback" not in out
    assert sorted(p.name for p in (site.root / "content").iterdir()) == content  # no temporary file left


def test_an_unwritable_polling_state_is_reported_and_the_articles_still_go_in(make_site, tmp_path):
    site = make_site({})
    cache = site.root / ".newsdigest-cache"
    cache.mkdir()
    items = "".join(
        f"<item><title>Story {n} about the harbour</title><link>https://example.org/{n}</link>"
        f"<guid>https://example.org/{n}</guid><pubDate>Mon, 06 May 2024 0{n}:00:00 GMT</pubDate>"
        f"<description>{'The harbour board met on Monday and agreed the new plan for the quay. ' * 8}"
        f"Story {n}.</description></item>"
        for n in range(3)
    )
    feed = tmp_path / "feed.xml"
    channel = f"<channel><title>Harbour News</title>{items}</channel>"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>', encoding="utf-8")
    os.chmod(cache, 0o555)
    done = run("ingest", str(feed), "--no-fetch", "--config", str(site.root / "site.toml"), cwd=site.root)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert f"{cache / 'ingest-state.json'}: cannot write the polling state: Permission denied" in out
    assert out.count("cannot write the polling state") == 1  # said once, not once per save
    assert len(list((site.root / "content").glob("*.md"))) == 3
    assert "Traceback" not in out


def test_an_unreadable_content_file_is_named_by_the_build_and_passed_over_by_ingest(built, tmp_path):
    before = built.snapshot()
    os.chmod(built.root / "content/b.md", 0)
    done = build(built)
    assert done.returncode == 1
    assert "content/b.md: cannot read: Permission denied" in done.stderr and "Traceback" not in done.stderr
    assert built.snapshot() == before
    raw = tmp_path / "raw.txt"
    prose = "The council met on Monday and agreed the plan. " * 4
    raw.write_text(f"Council agrees the budget\n\n{prose}", encoding="utf-8")
    done = run("ingest", str(raw), "--config", str(built.root / "site.toml"), cwd=built.root)
    assert done.returncode == 0, done.stdout + done.stderr  # ingest reads content/ for known articles: not stopped
    assert (built.root / "content/council-agrees-the-budget.md").exists()
    os.chmod(built.root / "content/b.md", 0o644)
