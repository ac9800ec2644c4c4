"""The output writer: staged writes, kept mtimes, and no path outside output/."""

import pytest

from newsdigest.publish.write import OutputWriter, check_paths, leaves_output


@pytest.mark.parametrize("rel", ["../x.html", "/etc/passwd", "a/../../b", "a//b", "a\\b", ""])
def test_paths_leaving_output_are_refused(tmp_path, rel):
    assert leaves_output(rel)
    assert check_paths([(rel, "content/x.md")])[0].message.endswith("leaves output/")
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
