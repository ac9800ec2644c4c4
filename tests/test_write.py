"""The output writer: staged writes, kept mtimes, and no path outside output/."""

import os

import pytest

from newsdigest.publish.output import Data, Output, leaves_output
from newsdigest.publish.plan import check_paths
from newsdigest.publish.write import OutputWriter


@pytest.mark.parametrize("rel", ["../x.html", "/etc/passwd", "a/../../b", "a//b", "a\\b", ""])
def test_paths_leaving_output_are_refused(tmp_path, rel):
    assert leaves_output(rel)
    assert check_paths([Output(rel, "k", Data(b""), "page", "content/x.md")])[0].message.endswith("leaves output/")
    writer = OutputWriter(tmp_path / "output", "fresh")
    with pytest.raises(ValueError, match="leaves output"):
        writer.put(rel, b"x")
    writer.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_update_keeps_unchanged_files_and_mtimes(tmp_path):
    out = tmp_path / "output"
    first = OutputWriter(out, "fresh")
    changed = [rel for rel in ("a/index.html", "b.xml") if first.put(rel, rel.encode())]
    first.commit(changed, [])
    stamp = (out / "b.xml").stat().st_mtime_ns
    second = OutputWriter(out, "update")
    assert second.put("b.xml", b"b.xml") is False
    assert second.put("a/index.html", b"new") is True
    second.commit(["a/index.html"], [])
    assert (out / "a/index.html").read_bytes() == b"new"
    assert (out / "b.xml").stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_writer_discards_its_staging_when_a_stage_fails(tmp_path):
    with pytest.raises(RuntimeError), OutputWriter(tmp_path / "output", "fresh") as writer:
        writer.put("a.html", b"x")
        raise RuntimeError("a template failed")
    assert list(tmp_path.iterdir()) == []


def test_an_update_killed_while_committing_leaves_the_old_output_whole(tmp_path, monkeypatch):
    """The incremental commit builds the new tree beside output/ (changed files plus links to
    the rest) and swaps it in: dying at any point before the swap changes nothing."""
    from newsdigest.publish import write as write_mod

    out = tmp_path / "output"
    out.mkdir()
    for i in range(20):
        (out / f"p{i}.html").write_text(f"old {i}")
    before = {p.name: p.read_text() for p in out.iterdir()}
    w = write_mod.OutputWriter(out, "update")
    for i in range(0, 20, 2):
        w.put(f"p{i}.html", f"new {i}")
    calls = {"n": 0}
    real_link = os.link

    def dying_link(src, dst):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # the kill, halfway through
        return real_link(src, dst)

    monkeypatch.setattr(write_mod.os, "link", dying_link)
    with pytest.raises(KeyboardInterrupt), w:
        w.commit([f"p{i}.html" for i in range(0, 20, 2)], [])
    assert {p.name: p.read_text() for p in out.iterdir()} == before
    monkeypatch.setattr(write_mod.os, "link", real_link)
    w2 = write_mod.OutputWriter(out, "update")
    for i in range(0, 20, 2):
        w2.put(f"p{i}.html", f"new {i}")
    w2.commit([f"p{i}.html" for i in range(0, 20, 2)], ["p19.html"])
    after = {p.name: p.read_text() for p in out.iterdir()}
    assert after["p2.html"] == "new 2" and after["p3.html"] == "old 3" and "p19.html" not in after


def test_leftovers_of_killed_builds_are_removed(tmp_path):
    from newsdigest.publish.write import OutputWriter

    out = tmp_path / "output"
    out.mkdir()
    dead = tmp_path / "output.new-999999999"
    old = tmp_path / "output.old-999999999"
    mine = tmp_path / f"output.old-{os.getppid()}"  # a running process's: left alone
    for d in (dead, old, mine):
        d.mkdir()
    OutputWriter(out, "update").discard()
    assert not dead.exists() and not old.exists() and mine.exists()
