"""`check`: every finding on the fixture site with its exact line and column; exit codes;
nothing written; the pure checks one by one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SITE_TOML, article

from newsdigest.cli import main
from newsdigest.publish.lint import _near, _one_edit, site_paths

LINT_SITE = Path(__file__).parent / "sites" / "lint"


def check(capsys, config: Path, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--config", str(config), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_finding_on_the_fixture_site_with_its_line_and_column(capsys, tmp_path):
    site = tmp_path / "lint"
    shutil.copytree(LINT_SITE, site)
    code, out, err = check(capsys, site / "site.toml")
    assert out == (LINT_SITE / "expected.txt").read_text(encoding="utf-8")
    assert code == 1 and err == "check: 2 errors, 14 warnings\n"
    assert sorted(p.name for p in site.iterdir()) == ["content", "expected.txt", "site.toml", "static"], (
        "wrote something"
    )


def test_each_kind_of_finding_is_on_the_fixture_site():
    expected = (LINT_SITE / "expected.txt").read_text(encoding="utf-8")
    for what in (
        ": error: front matter 'date'",
        ": error: front matter 'tagz': unknown field",
        ": warning: no description",
        ": warning: the same title as",
        "differs only by spelling",
        "points at no page of the site",
        "is no file of the site",
        "skips level 2",
        "has no letter or digit, so it has no URL",
        "more than a year ahead: the site leaves it out until then",
        "expired on 2020-01-01: the article is not on the site",
        "the body is empty",
    ):
        assert what in expected, what


def test_a_clean_site_exits_0_and_says_so(make_site, capsys):
    site = make_site({"content/a.md": article("A", tags=["Kyiv"], description="About A.")})
    code, out, err = check(capsys, site.root / "site.toml")
    assert (code, out, err) == (0, "", "check: 0 errors, 0 warnings\n")


def test_warnings_exit_0_and_strict_makes_them_errors(make_site, capsys):
    site = make_site({"content/a.md": article("A", tags=["Kyiv"])})  # no description
    code, out, _ = check(capsys, site.root / "site.toml")
    assert code == 0 and out.startswith("content/a.md:5:1: warning: no description")
    code, out, err = check(capsys, site.root / "site.toml", "--strict")
    assert code == 1 and out.startswith("content/a.md:5:1: error: no description") and "1 error, 0 warnings" in err


def test_links_resolve_like_a_browser(make_site, capsys):
    body = "[up](../b/) [same](./) [anchor](#x) [mail](mailto:a@b.c) [ext](https://x.org/nope/) [q](/tags/kyiv/?a=1)"
    site = make_site(
        {
            "content/a.md": article("A", tags=["Kyiv"], description="d", body=body),
            "content/b.md": article("B", tags=["Kyiv"], description="d"),
        }
    )
    code, out, _ = check(capsys, site.root / "site.toml")
    assert (code, out) == (0, ""), out
    site.write("content/a.md", article("A", tags=["Kyiv"], description="d", body="x [gone](../c/)"))
    code, out, _ = check(capsys, site.root / "site.toml")
    assert out.startswith("content/a.md:7:10: warning: link to ../c/ points at no page of the site"), out


def test_site_config_errors_are_errors_not_tracebacks(make_site, capsys):
    site = make_site({"content/a.md": article("A")})
    site.write("site.toml", SITE_TOML + "[feed]\nitmes = 3\n")
    code, _, err = check(capsys, site.root / "site.toml")
    assert code == 2 and "site.toml:10: [feed] unknown key 'itmes'; did you mean 'items'?" in err


def test_site_paths_answer_folders_with_an_index():
    known = site_paths(["index.html", "2024/05/a/index.html", "feed.xml"], "/news/")
    assert known == {"/news/index.html", "/news/", "/news/2024/05/a/index.html", "/news/2024/05/a/", "/news/feed.xml"}


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("ukraine", "ukraine", True),
        ("election", "elections", True),
        ("crisis", "crises", False),
        ("ukraine", "ukriane", True),  # two letters swapped
        ("diplomacy", "diplomacey", True),
        ("russia", "prussia", False),  # too short for a slip to be likely
        ("energy", "enemy", False),
        ("migration", "mitigation", False),
    ],
)
def test_near_spellings(a, b, near):
    assert _near(a, b) is near


def test_one_edit():
    assert _one_edit("abcdefg", "abcdefgh") and _one_edit("abcdefg", "abxdefg") and _one_edit("abcdefg", "bacdefg")
    assert not _one_edit("abcdefg", "abcdxyg") and not _one_edit("abcdefg", "abcdefghi")
