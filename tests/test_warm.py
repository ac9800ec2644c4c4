"""A warm process (serve) rebuilding after each edit writes exactly what a cold build of the
same inputs writes, and a text-only edit takes the replanning shortcut."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from conftest import article

from newsdigest.config import load_config
from newsdigest.publish.pipeline import BuildOptions, build
from newsdigest.publish.warm import WarmBuilder

HERE = Path(__file__).parent
NOW = datetime(2024, 7, 1, tzinfo=UTC)


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_warm_rebuilds_equal_cold_builds_after_every_kind_of_edit(make_site, tmp_path: Path) -> None:
    files = {f"content/{p.name}": p.read_text(encoding="utf-8") for p in (HERE / "fixtures/stories").glob("*.md")}
    files["content/note.md"] = article("A short note", date="2024-06-02", tags=["Kyiv"], body="Short text.")
    site = make_site(files)
    config = load_config(site.root / "site.toml")
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

    steps = [text_edit, title_edit, add, text_edit, remove, copy]
    for n, step in enumerate(steps):
        planner = warm.memory.plan.planner if warm.memory.plan else None
        step()
        warm.build(config, options)
        if step is text_edit and n == 0:
            assert warm.memory.plan is not None and warm.memory.plan.planner is planner  # the shortcut was taken
        cold_out = tmp_path / f"cold-{n}"
        build(config, BuildOptions(out=cold_out, cache=tmp_path / f"cold-cache-{n}", jobs=1, now=NOW))
        assert snapshot(warm_out) == snapshot(cold_out), step.__name__
