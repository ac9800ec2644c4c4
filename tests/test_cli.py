import subprocess
import sys
from pathlib import Path

from conftest import article

from newsdigest.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_build_is_the_default_command(make_site, capsys, monkeypatch):
    site = make_site({"content/a.md": article("A", "2024-01-01", ["X"])})
    monkeypatch.chdir(site.root)
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("built 1 articles, ") and " 2 feeds" not in out and "8 feeds" in out
    assert (site.root / "output/index.html").is_file()


def test_quiet_prints_nothing_on_success(make_site, capsys):
    site = make_site({"content/a.md": article("A")})
    assert site.build() == 0
    assert capsys.readouterr().out == ""


def test_config_error_exit_code(make_site, capsys):
    site = make_site(toml="[site]\nper_page = 'x'\n")
    assert site.build() == 2
    assert "[site] per_page: expected an integer, got 'x'" in capsys.readouterr().err


def test_build_py_entry_point_runs(make_site):
    site = make_site({"content/a.md": article("A")})
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--config", str(site.root / "site.toml")],
        capture_output=True,
        text=True,
        cwd=site.root,
    )
    assert result.returncode == 0, result.stderr
    assert "built 1 articles" in result.stdout


def test_repository_site_builds(tmp_path):
    """The shipped site.toml + content/ + layouts/ build from a fresh clone."""
    result = subprocess.run(
        [sys.executable, "build.py", "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/index.html").is_file() and (tmp_path / "out/feed.xml").is_file()


def test_the_installed_command_and_python_m_name_themselves(make_site):
    site = make_site({"content/a.md": article("A")})
    installed = Path(sys.executable).parent / "newsdigest"
    for command in ([str(installed)], [sys.executable, "-m", "newsdigest"]):
        shown = subprocess.run([*command, "--help"], capture_output=True, text=True, cwd=site.root)
        assert shown.returncode == 0 and shown.stdout.startswith("usage: newsdigest "), shown.stdout
        assert "check" in shown.stdout and "serve" in shown.stdout
        built = subprocess.run([*command, "build", "--quiet"], capture_output=True, text=True, cwd=site.root)
        assert built.returncode == 0 and (site.root / "output/index.html").is_file(), built.stderr


def test_build_py_names_itself():
    shown = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True)
    assert shown.stdout.startswith("usage: build.py ")


def test_the_readme_ingest_example_works_from_a_fresh_clone(tmp_path):
    """The README's ingest command names a folder the repository ships."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python build.py ingest tests/fixtures/seeds/ " in readme
    result = subprocess.run(
        [sys.executable, "build.py", "ingest", "tests/fixtures/seeds/", "--into", str(tmp_path / "c")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "c").glob("*.md"))) == 5
