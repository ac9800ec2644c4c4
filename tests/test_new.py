from pathlib import Path

from newsdigest.cli import main


def test_new_writes_a_draft_with_its_front_matter_and_refuses_to_overwrite(make_site, capsys):
    site = make_site({})
    toml = str(site.root / "site.toml")
    args = ["new", "Talks Resume in Geneva", "--config", toml, "--tags", "Ukraine, Diplomacy", "--date", "2024-06-01"]
    assert main(args) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == site.root / "content" / "talks-resume-in-geneva.md"
    text = path.read_text(encoding="utf-8")
    assert "title: Talks Resume in Geneva" in text and "draft: true" in text
    assert "date: '2024-06-01T00:00:00+00:00'" in text and "- Diplomacy" in text
    assert main(args) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text  # untouched
    assert site.build() == 0 and "talks-resume" not in " ".join(site.files())  # a draft: not built
    assert site.build("--drafts") == 0 and "2024/06/talks-resume-in-geneva/index.html" in site.files()


def test_new_without_a_usable_headline_is_a_clear_error(make_site, capsys):
    site = make_site({})
    assert main(["new", "!!!", "--config", str(site.root / "site.toml")]) == 2
    assert "no URL slug" in capsys.readouterr().err
