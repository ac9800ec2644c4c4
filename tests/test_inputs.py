"""What a build reads: the full scan, and the watcher-driven rescan that must equal it."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdigest.publish.inputs import rescan, scan_inputs


def scan(root: Path):
    return scan_inputs(root / "content", root / "layouts", root / "static", root, "k", root / "out", (False, False))


def again(root: Path, last, *paths: str):
    changed = frozenset(str(root / p) for p in paths)
    return rescan(last, changed, root / "content", root, "k", root / "out", (False, False))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for rel in ("content/a.md", "content/world/b.md", "static/s.css", "layouts/base.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    return tmp_path


def test_rescan_of_reported_paths_equals_a_full_scan(site: Path):
    last = scan(site)
    (site / "content/a.md").write_text("longer text now")
    (site / "content/world/c.md").write_text("new")
    (site / "content/world/b.md").unlink()
    (site / "content/.hidden.md").write_text("never content")
    (site / "content/a.md~").write_text("an editor's backup")
    found = again(site, last, "content/a.md", "content/world/c.md", "content/world/b.md", "content/.hidden.md",
                  "content/a.md~")  # fmt: skip
    full = scan(site)
    assert found is not None
    assert found.files == full.files and found.signature == full.signature
    assert [f.rel for f in found.files] == ["content/a.md", "content/world/c.md"]


@pytest.mark.parametrize(
    ("make", "paths"),
    [
        (lambda root: (root / "content/world").rename(root / "content/w2"), ["content/world", "content/w2"]),
        (lambda root: (root / "content/new").mkdir(), ["content/new"]),
        (lambda root: (root / "static/s.css").write_text("x"), ["static/s.css"]),
        (lambda root: (root / "layouts/base.html").write_text("x"), ["layouts/base.html"]),
        (lambda root: (root / "content/d.md").mkdir(), ["content/d.md"]),
    ],
    ids=["folder moved", "folder made", "static", "layout", "a folder named .md"],
)
def test_anything_but_plain_content_files_asks_for_a_full_scan(site: Path, make, paths):
    last = scan(site)
    make(site)
    assert again(site, last, *paths) is None


def test_too_many_changes_ask_for_a_full_scan(site: Path):
    last = scan(site)
    assert again(site, last, *(f"content/x{i}.md" for i in range(500))) is None


def test_links_out_of_the_site_are_refused_links_inside_followed_loops_and_fifos_skipped(tmp_path: Path):
    import os

    site = tmp_path / "site"
    (site / "content/inner").mkdir(parents=True)
    (site / "static").mkdir()
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "passwd.md").write_text("---\ntitle: Secret\n---\n")
    (outside / "passwd").write_text("root:x:0:0")
    (site / "content/inner/a.md").write_text("---\ntitle: A\n---\n")
    os.symlink(outside / "passwd.md", site / "content/leak.md")
    os.symlink(outside, site / "content/leakdir")
    os.symlink(site / "content/inner/a.md", site / "content/alias.md")  # inside: followed
    os.symlink(site / "content", site / "content/inner/loop")  # a loop back up
    os.mkfifo(site / "content/pipe.md")
    os.symlink(outside / "passwd", site / "static/passwd.txt")
    (site / "static/ok.css").write_text("body{}")
    refused: list[str] = []
    found = scan_inputs(site / "content", site / "layouts", site / "static", site, "k", site / "out", None)
    assert [f.rel for f in found.files] == ["content/alias.md", "content/inner/a.md"]
    assert "passwd.txt" not in found.statics and "ok.css" in found.statics
    from newsdigest.contentfiles import content_entries
    from newsdigest.publish.inputs import static_files

    content_entries(site / "content", refused)
    static_files(site / "static", refused=refused)
    assert sorted(Path(p).name for p in refused) == ["leak.md", "leakdir", "passwd.txt"]


def test_a_build_says_which_links_it_did_not_follow(make_site, capsys, tmp_path):
    import os

    from conftest import article

    site = make_site({"content/a.md": article("A")})
    (tmp_path / "passwd").write_text("root:x:0:0")
    (site.root / "static").mkdir()
    os.symlink(tmp_path / "passwd", site.root / "static/passwd.txt")
    assert site.build() == 0
    assert "static/passwd.txt: not published: a symbolic link to outside its folder" in capsys.readouterr().err
    assert not (site.out / "passwd.txt").exists()
