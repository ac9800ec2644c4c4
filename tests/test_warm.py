"""A warm process (serve) rebuilding after each edit writes exactly what a cold build of the
same inputs writes, and a text-only edit takes the replanning shortcut."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import article
from conftest import tree as snapshot

from newsdigest.config import load_config
from newsdigest.errors import BuildFailed
from newsdigest.publish import warm as warm_module
from newsdigest.publish.inputs import scan_inputs
from newsdigest.publish.pipeline import BuildOptions, build
from newsdigest.publish.warm import WarmBuilder

HERE = Path(__file__).parent
NOW = datetime(2024, 7, 1, tzinfo=UTC)


@pytest.mark.parametrize("watcher", [False, True], ids=["scan", "watcher"])
def test_warm_rebuilds_equal_cold_builds_after_every_kind_of_edit(
    make_site, tmp_path: Path, monkeypatch, watcher
) -> None:
    files = {f"content/{p.name}": p.read_text(encoding="utf-8") for p in (HERE / "fixtures/stories").glob("*.md")}
    files["content/note.md"] = article("A short note", date="2024-06-02", tags=["Kyiv"], body="Short text.")
    site = make_site(files)
    config = load_config(site.root / "site.toml")
    scans = []
    monkeypatch.setattr(warm_module, "scan_inputs", lambda *a: scans.append(a) or scan_inputs(*a))
    warm = WarmBuilder()
    warm_out = tmp_path / "warm-out"
    options = BuildOptions(out=warm_out, cache=tmp_path / "warm-cache", jobs=1, now=NOW)
    warm.build(config, options)
    some = sorted((site.root / "content").glob("*.md"))[0]
    original = some.read_text(encoding="utf-8")

    def text_edit() -> None:  # the summary (the first paragraph) stays: only the page and feeds change
        some.write_text(original.rstrip() + "\n\nAn editor's added paragraph on Kyiv talks.\n", encoding="utf-8")

    def title_edit() -> None:
        text = some.read_text(encoding="utf-8")
        some.write_text(text.replace("title: ", "title: Updated ", 1), encoding="utf-8")

    def add() -> None:
        site.write("content/late.md", article("Late news", date="2024-06-03", tags=["Kyiv"], body="More."))

    def remove() -> None:
        (site.root / "content/late.md").unlink()

    def copy() -> None:  # another outlet's copy of the note: grouping changes
        site.write("content/note-copy.md", files["content/note.md"].replace("A short note", "The short note"))

    touched = {text_edit: [some], title_edit: [some], add: ["content/late.md"], remove: ["content/late.md"]}
    touched[copy] = ["content/note-copy.md"]
    steps = [text_edit, title_edit, add, text_edit, remove, copy]
    for n, step in enumerate(steps):
        planner = warm.memory.plan.planner if warm.memory.plan else None
        step()
        seen = frozenset(str(site.root / p) for p in touched[step]) if watcher else None
        warm.build(config, replace(options, changed=seen))
        if step is text_edit and n == 0:
            assert warm.memory.plan is not None and warm.memory.plan.planner is planner  # the shortcut was taken
        cold_out = tmp_path / f"cold-{n}"
        build(config, BuildOptions(out=cold_out, cache=tmp_path / f"cold-cache-{n}", jobs=1, now=NOW))
        assert snapshot(warm_out) == snapshot(cold_out), step.__name__
    assert len(scans) == (1 if watcher else 1 + len(steps)), "the watcher's paths were not used"


def test_a_failed_build_s_changes_still_count_when_the_next_save_brings_only_its_own(make_site, tmp_path):
    site = make_site({"content/a.md": article("A", body="First text."), "content/b.md": article("B")})
    for p in (site.root / "content").iterdir():
        os.utime(p, ns=(1_700_000_000 * 10**9, 1_700_000_000 * 10**9))  # long before the build: stat is trusted
    config = load_config(site.root / "site.toml")
    warm = WarmBuilder()
    options = BuildOptions(out=tmp_path / "out", cache=tmp_path / "cache", jobs=1, now=NOW)
    warm.build(config, options)
    a = site.write("content/a.md", "---\ntitle: A\ndate: nope\n---\nSecond text.\n")
    with pytest.raises(BuildFailed):
        warm.build(config, replace(options, changed=frozenset({str(a)})))
    a = site.write("content/a.md", article("A", body="Third text."))
    b = site.write("content/b.md", article("B", body="Other text."))
    warm.build(config, replace(options, changed=frozenset({str(b)})))  # a's save was reported to the failed build
    assert "Third text." in (tmp_path / "out/2024/05/a/index.html").read_text()


def test_serve_commits_the_page_and_reloads_before_it_writes_the_feeds(make_site, tmp_path):
    site = make_site({"content/a.md": article("A", body="First text."), "content/b.md": article("B")})
    config = load_config(site.root / "site.toml")
    warm = WarmBuilder()
    out = tmp_path / "out"
    options = BuildOptions(out=out, cache=tmp_path / "cache", jobs=1, now=NOW)
    warm.build(config, options)
    site.write("content/a.md", article("A", body="Second text."))
    seen = {}

    def reloaded() -> None:  # what a reader's reload finds
        seen["page"] = (out / "2024/05/a/index.html").read_text()
        seen["feed"] = (out / "feed.xml").read_text()

    warm.build(config, options, on_commit=reloaded)
    assert "Second text." in seen["page"] and "First text." in seen["feed"]
    assert "Second text." in (out / "feed.xml").read_text() and "Second text." in (out / "feed.json").read_text()
    cold = tmp_path / "cold"
    build(config, BuildOptions(out=cold, cache=tmp_path / "cold-cache", jobs=1, now=NOW))
    assert snapshot(out) == snapshot(cold)
