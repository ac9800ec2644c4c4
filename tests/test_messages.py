"""Messages through the real command line: every bad-input fixture gives its located message
word for word and no traceback; --debug shows one; a bug is one line, not a traceback;
colour follows NO_COLOR / FORCE_COLOR and the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import BAD_INPUTS
from conftest import article

from newsdigest import cli
from newsdigest.terminal import paint, wants_colour

BUILD_PY = Path(__file__).resolve().parent.parent / "build.py"


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, str(BUILD_PY), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environ, **(env or {})},
    )


def bad_site(make_site, case: str):
    files, toml, _ = BAD_INPUTS[case]
    site = make_site({"content/good.md": article("Good", "2024-01-01", ["Kyiv"], description="d")}, toml)
    for rel, text in files.items():
        site.write(rel, text)
    return site


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_build_on_bad_input_says_where_and_shows_no_traceback(make_site, case):
    site = bad_site(make_site, case)
    result = run(site.root, "build")
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith(BAD_INPUTS[case][2]), result.stderr
    assert not (site.root / "output").exists()


CONTENT_CASES = [
    c
    for c, (_, _, expected) in BAD_INPUTS.items()
    if expected.startswith(("content/", "layouts/")) and c != "template runtime"  # check compiles, never renders
]


@pytest.mark.parametrize("case", CONTENT_CASES)
def test_check_reports_the_same_problem_as_an_error_at_the_same_place(make_site, case):
    site = bad_site(make_site, case)
    result = run(site.root, "check")
    where, message = BAD_INPUTS[case][2].split(": ", 1)
    where = where if where.count(":") == 2 else f"{where}:1" if where.count(":") == 1 else f"{where}:1:1"
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert f"{where}: error: {message}" in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ingest", "no-such-file.txt"], "error: no-such-file.txt: no such file or folder"),
        (["build", "--config", "nope/site.toml"], "error: nope/site.toml: no such file; create a site.toml"),
        (["new", "Hello", "--date", "tomorrow"], "error: --date: expected a date like 2024-05-01"),
        (["build", "--jobs", "zero"], "build.py build: error: argument --jobs/-j: expected a whole number"),
        (["ingest", "--source-url", "javascript:x", "a.txt"], "error: --source-url: expected an http(s) URL"),
    ],
)
def test_command_line_mistakes_are_one_clear_line(make_site, args, expected):
    site = make_site({"content/good.md": article("Good")})
    result = run(site.root, *args)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr


def test_new_refuses_to_overwrite_with_a_clear_message(make_site):
    site = make_site({"content/hello.md": article("Hello")})
    result = run(site.root, "new", "Hello")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: content/hello.md already exists"), result.stderr


def test_debug_shows_the_traceback(make_site):
    site = bad_site(make_site, "toml syntax")
    result = run(site.root, "build", "--debug")
    assert "Traceback (most recent call last)" in result.stderr and "not valid TOML" in result.stderr


def test_a_bug_is_one_line_and_a_hint_not_a_traceback(monkeypatch, capsys):
    def broken(_args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(cli.COMMANDS, "build", broken)
    assert cli.main(["build"]) == cli.INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.startswith("error: internal error: ZeroDivisionError: division by zero\n    hint: this is a bug")
    with pytest.raises(ZeroDivisionError):
        cli.main(["build", "--debug"])


def test_colour_on_request_and_never_with_no_color(make_site):
    site = bad_site(make_site, "bad date")
    coloured = run(site.root, "build", env={"FORCE_COLOR": "1"}).stderr
    assert coloured.startswith("\033[1mcontent/bad.md:3:7:\033[0m front matter 'date'"), repr(coloured)
    assert "\033[36mhint:\033[0m" in coloured and "\033[1;31mbuild failed:" in coloured
    plain = run(site.root, "build", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stderr
    assert "\033[" not in plain and plain.startswith("content/bad.md:3:7: front matter 'date'")
    assert "\033[" not in run(site.root, "build").stderr  # a pipe, not a terminal


def test_wants_colour_only_on_a_terminal(monkeypatch):
    class Tty:
        def __init__(self, tty: bool) -> None:
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert wants_colour(Tty(True)) and not wants_colour(Tty(False))
    monkeypatch.setenv("TERM", "dumb")
    assert not wants_colour(Tty(True))


def test_paint_marks_labels_places_and_hints_and_keeps_the_text():
    text = "content/a.md:3:7: warning: no tags\n    hint: add tags\nerror: nope\nbuild failed: 1 problem"
    painted = paint(text)
    assert "\033[1;33mwarning:\033[0m" in painted and painted.count("\033[0m") == 5
    assert __import__("re").sub(r"\033\[[\d;]*m", "", painted) == text


def test_output_cut_short_by_a_pipe_is_no_error(make_site):
    site = make_site({"content/a.md": article("A")})
    seeds = Path(__file__).parent / "fixtures/seeds"
    shell = f"{sys.executable} {BUILD_PY} ingest {seeds} --dry-run | head -1"
    result = subprocess.run(shell, shell=True, cwd=site.root, capture_output=True, text=True, timeout=120)
    assert result.stdout == "---\n"
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_names_and_scraped_strings_cannot_drive_the_terminal(make_site, tmp_path):
    """A content file's name, and a hostile feed's GUIDs and links, are quoted in messages:
    their control characters and bidi overrides are shown as escapes, never sent raw."""
    site = make_site({})
    site.write("content/b\x1b]0;owned\x07\x1b[2J.md", "---\ntitle: B\ndate: nope\n---\nText.\n")
    site.write("content/c\u202egpj.md", "---\ntitle: C\ndate: nope\n---\nText.\n")
    done = run(site.root, "build", env={"FORCE_COLOR": "1"})
    assert "content/b\\x1b]0;owned\\x07\\x1b[2J.md:3:7:" in done.stderr
    assert "content/c\\u202egpj.md:3:7:" in done.stderr
    assert "\x1b]" not in done.stderr and "\x1b[2J" not in done.stderr and "\u202e" not in done.stderr
    item = (
        "<item><title>Harbour</title><guid isPermaLink='false'>g\x1b[2J\r\u202eid</guid>"
        "<description>Short.</description></item>"
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{item}</channel></rss>")
    out = run(site.root, "ingest", str(feed), "--no-fetch")
    text = out.stdout + out.stderr
    assert "g\\x1b[2J" in text and "u202eid" in text, text  # the entry is named, escaped
    assert "\x1b" not in text and "\r" not in text and "\u202e" not in text
