"""Each limit of newsdigest/limits.py, just past it: refused with a message naming the file
(and line), the rest of the build untouched; at the limit, accepted."""

from __future__ import annotations

import pytest
from conftest import article

from newsdigest import limits
from newsdigest.cli import main


def test_a_content_file_over_the_size_limit_is_refused_unread(make_site, capsys):
    cap = limits.MAX_FILE_BYTES
    big = article("Big", body="x" * (cap + 10))
    site = make_site({"content/big.md": big, "content/ok.md": article("Fine")})
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/big.md: 4.0 MB, more than the 4.0 MB a content file may be" in err
    assert "hint: split it into articles, or put data files in static/" in err
    assert not site.out.exists()  # a failed build writes nothing


def test_too_many_tags_and_too_many_words(make_site, capsys, monkeypatch):
    monkeypatch.setattr(limits, "MAX_WORDS", 50)
    tags = [f"t{n}" for n in range(limits.MAX_TAGS + 1)]
    site = make_site(
        {
            "content/tags.md": article("Tags", tags=tags),
            "content/words.md": article("Words", body="word " * 51),
            "content/edge.md": article("Edge", tags=tags[:-1], body="word " * 50),  # at both limits: fine
        }
    )
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/tags.md:4:1: 101 tags, more than the 100 an article may have" in err
    assert "content/words.md:5: 51 words, more than the 50 an article may have" in err
    assert "edge.md" not in err


def test_too_many_files_in_a_site(make_site, capsys, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILES", 2)
    site = make_site({f"content/a{n}.md": article(f"A{n}") for n in range(3)})
    assert site.build() == 1
    assert "3 content files, more than the 2 a site may have" in capsys.readouterr().err


@pytest.mark.parametrize("size", [1, 0])
def test_ingest_refuses_a_raw_file_over_its_limit_and_goes_on(make_site, tmp_path, capsys, monkeypatch, size):
    monkeypatch.setattr(limits, "MAX_RAW_BYTES", 1000)
    site = make_site({})
    big = tmp_path / "big.txt"
    big.write_text("A headline\n\n" + "Prose that goes on and on. " * (40 + size * 10), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("Small news today\n\n" + "The council met on Monday and agreed the plan. " * 3, encoding="utf-8")
    code = main(["ingest", str(big), str(small), "--config", str(site.root / "site.toml"), "--date", "2024-05-01"])
    out = capsys.readouterr()
    assert f"{big}: 0.0 MB, more than the 0.0 MB a raw article may be" in out.err + out.out
    assert code == 1 and len(list((site.root / "content").glob("*.md"))) == 1  # the other one went in


def test_a_disk_that_refuses_a_write_is_one_message_and_output_stays_as_it_was(make_site):
    """A full disk, as ``ulimit -f`` makes one: no file may grow past 200 KB (the cache's
    body store and the big article's page would). The build says what it could not write."""
    import resource
    import subprocess
    import sys

    site = make_site({"content/a.md": article("Small")})
    assert site.build() == 0
    before = site.snapshot()
    site.write("content/big.md", article("Big", body=("Long text goes here. " * 50 + "\n\n") * 300))

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    build = [sys.executable, "-m", "newsdigest", "build", "--config", str(site.root / "site.toml")]
    for extra in ([], ["--no-cache"]):
        done = subprocess.run([*build, *extra], preexec_fn=small_files, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert "cannot write: " in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert "(output/ was left as it was)" in done.stderr
        assert site.snapshot() == before
