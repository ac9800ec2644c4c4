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


def _update(out, cache, files: dict[str, bytes], before: set[str]) -> OutputWriter:
    """One update build of ``files`` over output/ with the spare kept in ``cache``."""
    writer = OutputWriter(out, "update", spare_in=cache)
    changed = [rel for rel, data in files.items() if writer.put(rel, data)]
    writer.commit(changed, sorted(before - set(files)), list(files))
    return writer


def test_an_update_build_makes_its_tree_from_the_spare_the_last_one_left(tmp_path):
    out, cache = tmp_path / "output", tmp_path / "cache"
    first = OutputWriter(out, "fresh", spare_in=cache)
    site = {"index.html": b"front 1", "a/index.html": b"a 1", "b/index.html": b"b 1", "feed.xml": b"feed 1"}
    first.commit([rel for rel, data in site.items() if first.put(rel, data)], [])
    assert not (cache / "spare").exists()  # a cold build's replaced tree is nobody's copy
    stamp = (out / "feed.xml").stat().st_mtime_ns

    second = {**site, "index.html": b"front 2", "a/index.html": b"a 2"}
    del second["b/index.html"]
    assert not _update(out, cache, second, set(site)).recycled
    assert (cache / "spare/b/index.html").read_bytes() == b"b 1"  # the replaced tree, kept

    third = {**second, "a/index.html": b"a 3", "c/index.html": b"c 3"}
    writer = OutputWriter(out, "update", spare_in=cache)
    assert writer.recycled  # the spare, brought level with output/
    assert not (writer.staging / "b").exists()
    assert (writer.staging / "index.html").read_bytes() == b"front 2"
    assert (writer.staging / "a/index.html").stat().st_ino == (out / "a/index.html").stat().st_ino
    changed = [rel for rel, data in third.items() if writer.put(rel, data)]
    assert changed == ["a/index.html", "c/index.html"]
    assert (out / "a/index.html").read_bytes() == b"a 2"  # never written through the shared file
    writer.commit(changed, [], list(third))
    assert {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()} == third
    assert (out / "feed.xml").stat().st_mtime_ns == stamp
    assert (cache / "spare/a/index.html").read_bytes() == b"a 2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "output"]


def test_a_spare_no_record_vouches_for_is_not_used(tmp_path):
    out, cache = tmp_path / "output", tmp_path / "cache"
    first = OutputWriter(out, "fresh", spare_in=cache)
    first.commit([rel for rel in ("a.html", "b.html") if first.put(rel, b"1")], [])
    _update(out, cache, {"a.html": b"2", "b.html": b"1"}, {"a.html", "b.html"})
    (cache / "spare.json").unlink()  # a build killed before it wrote the record
    (cache / "spare/b.html").unlink()
    (cache / "spare/b.html").write_bytes(b"not what output/ has")
    writer = _update(out, cache, {"a.html": b"3", "b.html": b"1"}, {"a.html", "b.html"})
    assert not writer.recycled
    assert (out / "b.html").read_bytes() == b"1"

    other = OutputWriter(tmp_path / "elsewhere", "fresh", spare_in=cache)  # another output/: a cold build
    other.commit([], [])
    assert not (cache / "spare.json").exists()
    last = OutputWriter(out, "update", spare_in=cache)
    assert not last.recycled
    last.discard()


@pytest.mark.parametrize(
    "record",
    ["not json", '{"output": 1}', '{"changed": [1], "stale": []}', '{"changed": ["../../x"], "stale": []}'],
)
def test_a_damaged_spare_record_is_not_trusted(tmp_path, record):
    out, cache = tmp_path / "output", tmp_path / "cache"
    first = OutputWriter(out, "fresh", spare_in=cache)
    first.commit([rel for rel in ("a.html", "b.html") if first.put(rel, b"1")], [])
    _update(out, cache, {"a.html": b"2", "b.html": b"1"}, {"a.html", "b.html"})
    if record.startswith('{"changed"'):
        record = record.replace("{", f'{{"output": "{out.resolve()}", ', 1)
    (cache / "spare.json").write_text(record)
    writer = _update(out, cache, {"a.html": b"3", "b.html": b"1"}, {"a.html", "b.html"})
    assert not writer.recycled
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {"a.html": b"3", "b.html": b"1"}
    assert not (tmp_path / "x").exists()


def test_what_was_put_into_output_by_hand_does_not_come_back_with_the_spare(tmp_path):
    out, cache = tmp_path / "output", tmp_path / "cache"
    site = {"index.html": b"1", "a/index.html": b"a 1"}
    first = OutputWriter(out, "fresh", spare_in=cache)
    first.commit([rel for rel, data in site.items() if first.put(rel, data)], [])
    (out / "CNAME").write_text("news.example")  # by hand: static/ is the place for it
    (out / "extra").mkdir()
    (out / "extra/x.html").write_text("by hand")
    for n in (2, 3, 4):
        _update(out, cache, {**site, "a/index.html": f"a {n}".encode()}, set(site))
        assert sorted(p.name for p in out.iterdir()) == ["a", "index.html"], n
    assert sorted(p.name for p in (cache / "spare").iterdir()) == ["a", "index.html"]
