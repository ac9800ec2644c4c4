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


def test_a_build_killed_between_the_two_renames_of_its_swap_gets_its_old_tree_back(tmp_path):
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # a process that has ended
    out = tmp_path / "output"
    old = tmp_path / f"output.old-{pid}-12345"
    (old / "2024").mkdir(parents=True)
    (old / "index.html").write_text("the old site")
    part = tmp_path / f"output.old-{pid}-pagefind-99"  # a part's old tree is not a site
    part.mkdir()
    with OutputWriter(out, "fresh") as writer:
        writer.discard()
    assert (out / "index.html").read_text() == "the old site"
    assert not old.exists()
