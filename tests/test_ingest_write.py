import pytest
from markdown_it import MarkdownIt

from newsdigest.ingest.structure import Element
from newsdigest.ingest.write import body_markdown, escape, place
from newsdigest.publish.markdown import make_markdown, render


def rendered_text(md_text: str) -> str:
    r = render(make_markdown(), md_text)
    return r.lead


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose *sharply* and _quickly_ in [Q3](https://x.org).",
        "# Not a heading",
        "- not a list",
        "1. not a list either",
        "> not a quote",
        "<script>alert(1)</script> &amp; `code` ~~old~~ a\\b",
        "+ plus",
        "2024. A year.",
    ],
)
def test_escape_renders_as_written(text):
    assert rendered_text(escape(text)) == text


def test_plain_prose_is_unchanged():
    text = "Putin’s statement, on Tuesday, was “carefully worded” - officials said (again)."
    assert escape(text) == text


def test_snake_case_not_escaped():
    assert escape("a snake_case_name") == "a snake_case_name"


def test_body_markdown_lists_headings_callouts():
    md = body_markdown(
        (
            Element("paragraph", "Intro."),
            Element("heading", "Global Reactions"),
            Element("bullet", "one"),
            Element("bullet", "two"),
            Element("number", "first", number=1),
            Element("number", "second", number=2),
            Element("callout", "The amount is large.", label="Did you know?"),
        )
    )
    assert md == (
        "Intro.\n\n## Global Reactions\n\n- one\n- two\n\n1. first\n2. second\n\n"
        "> **Did you know?** The amount is large.\n"
    )
    html = MarkdownIt("js-default").render(md)
    assert html.count("<li>") == 4 and "<blockquote>" in html and "<h2>" in html


def test_place_never_overwrites(tmp_path):
    (tmp_path / "a.md").write_text("editor's work")
    p = place(tmp_path, "a", "f" * 64, {}, force=False)
    assert p.path == tmp_path / "a-2.md" and p.reason == "renamed"
    p = place(tmp_path, "a", "f" * 64, {"f" * 64: tmp_path / "a.md"}, force=False)
    assert p.path is None and "already ingested" in p.reason
    p = place(tmp_path, "a", "f" * 64, {"f" * 64: tmp_path / "a.md"}, force=True)
    assert p.path == tmp_path / "a.md" and p.reason == "overwrite"


def test_a_killed_ingest_s_temporary_files_go_with_the_next_one(tmp_path):
    import os
    import time

    from newsdigest.ingest.write import clean_leftovers

    content = tmp_path / "content"
    (content / "world").mkdir(parents=True)
    old = content / "world/.talks.md.ab12_xYz"
    fresh = content / ".energy.md.Qw3rTy78"  # a running ingest's: left alone
    editor = content / ".notes.md.swp"  # not ours
    for p in (old, fresh, editor):
        p.write_text("half a file")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(editor, (an_hour_ago, an_hour_ago))
    assert clean_leftovers(content) == [old]
    assert not old.exists() and fresh.exists() and editor.exists()


def test_known_hashes_read_only_what_the_build_would_read(tmp_path):
    """ingest reads content/ for the raw articles it already holds: never a link out of
    content/, a FIFO (it would hang), or /dev/zero (it would never end); a bad one is passed over."""
    import os
    import threading

    from newsdigest.ingest.write import ingested_hashes

    content = tmp_path / "content"
    content.mkdir()
    sha = "a" * 64
    (content / "a.md").write_text(f"---\ntitle: A\nprovenance:\n  sha256: {sha}\n---\nText.\n", encoding="utf-8")
    outside = tmp_path / "outside.md"
    outside.write_text(f"---\nprovenance:\n  sha256: {'b' * 64}\n---\n", encoding="utf-8")
    (content / "out.md").symlink_to(outside)
    (content / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(content / "pipe.md")
    found: dict = {}
    worker = threading.Thread(target=lambda: found.update(ingested_hashes(content)), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "reading content/ hung (a FIFO or /dev/zero was read)"
    assert found == {sha: content / "a.md"}
