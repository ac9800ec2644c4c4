"""End-to-end ingest through the command line, into a tmp content/ folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from newsdigest import frontmatter
from newsdigest.cli import main

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def ingest(*args: str) -> int:
    return main(["ingest", "--quiet", *args])


def meta_of(path: Path) -> dict:
    return yaml.safe_load(frontmatter.split(path.read_text(encoding="utf-8")).yaml_text)


def test_folder_ingested_then_builds(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw, ignore=shutil.ignore_patterns("*.yaml"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.toml").write_text('[site]\nbase_url = "https://ex.org/"\n')
    assert ingest(str(raw), "--date", "2024-06-01", "--source-name", "Wire") == 0
    files = sorted((tmp_path / "content").glob("*.md"))
    assert len(files) == 5
    metas = [meta_of(f) for f in files]
    assert all(m["source"] == {"name": "Wire"} and m["provenance"]["sha256"] for m in metas)
    assert main(["build", "--quiet"]) == 0
    assert len(list((tmp_path / "output").glob("2024/*/*/index.html"))) >= 1


def test_same_raw_article_skipped_and_force_replaces(tmp_path, capsys):
    seed = SEEDS / "002_899649ddc2179241.txt"
    into = tmp_path / "content"
    assert ingest(str(seed), "--into", str(into)) == 0
    [written] = list(into.glob("*.md"))
    written.write_text(written.read_text() + "\nEditor's note.\n")
    assert main(["ingest", str(seed), "--into", str(into)]) == 0
    assert "already ingested" in capsys.readouterr().err
    assert written.read_text().endswith("Editor's note.\n")
    assert ingest(str(seed), "--into", str(into), "--force") == 0
    assert not written.read_text().endswith("Editor's note.\n")
    assert len(list(into.glob("*.md"))) == 1


def test_slug_collision_gets_distinct_file(tmp_path):
    into = tmp_path / "content"
    into.mkdir()
    seed = SEEDS / "002_899649ddc2179241.txt"
    assert ingest(str(seed), "--into", str(into), "--dry-run") == 0
    taken = into / "putin-expresses-readiness-for-peace-talks-amidst-ukraine-war.md"
    taken.write_text("---\ntitle: An editor's own article\n---\nMine.\n")
    assert ingest(str(seed), "--into", str(into)) == 0
    assert taken.read_text().endswith("Mine.\n")
    assert (into / "putin-expresses-readiness-for-peace-talks-amidst-ukraine-war-2.md").exists()


def test_bad_files_reported_rest_ingested(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEEDS / "000_9e953d0151b9831f.txt", raw)
    (raw / "empty.txt").write_text("Home\nMenu\nLogin\n")
    (raw / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    assert ingest(str(raw), str(tmp_path / "missing.txt"), "--into", str(tmp_path / "content")) == 1
    err = capsys.readouterr().err
    assert "empty.txt: no article text found" in err
    assert "binary.txt: binary data" in err
    assert "missing.txt: no such file" in err
    assert len(list((tmp_path / "content").glob("*.md"))) == 1


def test_dry_run_prints_and_writes_nothing(tmp_path, capsys):
    assert ingest(str(SEEDS / "004_3503fa3ca202dff6.txt"), "--into", str(tmp_path / "c"), "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.startswith("---\ntitle: ") and "## The Illusion of Peaceful Intentions" in out
    assert not (tmp_path / "c").exists()


def test_list_rules(capsys):
    assert main(["ingest", "--list-rules"]) == 0
    out = capsys.readouterr().out
    assert "call_to_action" in out and "related_box" in out


def test_site_rules_apply(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.toml").write_text('[ingest]\nend_markers = ["Implications for Ukraine:?"]\n')
    assert ingest(str(SEEDS / "001_5627962f7b8cc8a1.txt"), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Global Reactions" not in out and "Moscow, Russia" in out
