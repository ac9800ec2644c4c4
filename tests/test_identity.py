"""An article's identity survives edits: its feed ids never change, and every URL it was
ever published at still answers (the page, or a redirect to it)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

from conftest import SITE_TOML, article

from newsdigest.cli import main

TOML = SITE_TOML.replace("per_page = 10\n", 'per_page = 10\npermalink = "/{section}/{year}/{month}/{slug}/"\n')
ATOM = "{http://www.w3.org/2005/Atom}"


def feed_ids(out: Path) -> dict[str, set[str]]:
    """Every entry id of the site's RSS, Atom and JSON feeds, by feed."""
    rss = ElementTree.parse(out / "feed.xml").getroot()
    atom = ElementTree.parse(out / "atom.xml").getroot()
    return {
        "rss": {g.text or "" for g in rss.iter("guid")},
        "atom": {e.findtext(f"{ATOM}id") or "" for e in atom.iter(f"{ATOM}entry")},
        "json": {item["id"] for item in json.loads((out / "feed.json").read_text())["items"]},
    }


def answers(out: Path, url: str, final: str) -> bool:
    """The URL is the article's page, or a redirect page that sends readers to it."""
    page = out / url.strip("/") / "index.html"
    if not page.exists():
        return False
    html = page.read_text(encoding="utf-8")
    if url == final:
        return '<meta http-equiv="refresh"' not in html
    return bool(re.search(rf'http-equiv="refresh" content="0; url={re.escape(final)}"', html))


def set_field(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    lines = [line for line in head.splitlines() if not line.startswith(f"{key}:")]
    path.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n---\n" + body, encoding="utf-8")


def test_moving_date_slug_and_section_keeps_every_url_and_every_feed_id(make_site, capsys):
    site = make_site({"content/other.md": article("Another story", "2024-06-20", section="World")}, TOML)
    toml = str(site.root / "site.toml")
    assert main(["new", "Talks resume", "--config", toml, "--date", "2024-06-30", "--section", "Europe"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert "id: /europe/2024/06/talks-resume/" in path.read_text(encoding="utf-8")  # its first URL
    set_field(path, "draft", "false")

    published: list[str] = []
    ids = None
    for step, (key, value, expect) in enumerate(
        [
            (None, None, "/europe/2024/06/talks-resume/"),
            ("date", "2024-07-01", "/europe/2024/07/talks-resume/"),  # across a month boundary
            ("slug", "geneva-talks-resume", "/europe/2024/07/geneva-talks-resume/"),
            ("section", "World", "/world/2024/07/geneva-talks-resume/"),
        ]
    ):
        if key:
            # The id covers the first URL; an editor lists the later ones as aliases.
            set_field(path, "aliases", json.dumps(published[1:]))
            set_field(path, key, value)
        assert site.build() == 0, step
        published.append(expect)
        for url in published:
            assert answers(site.out, url, expect), (step, url)
        now = feed_ids(site.out)
        assert "https://example.org/europe/2024/06/talks-resume/" in now["rss"]
        if ids is not None:
            assert now == ids, step  # no subscriber sees a new item
        ids = now
    # The other article is untouched by all this: its own page, no redirect.
    assert answers(site.out, "/world/2024/06/other/", "/world/2024/06/other/")


def test_an_alias_never_replaces_a_live_page(make_site):
    site = make_site(
        {
            "content/a.md": article("First", "2024-05-01", aliases="[/2024/05/b/, /old/first/]"),
            "content/b.md": article("Second", "2024-05-02"),
        }
    )
    assert site.build() == 0
    assert answers(site.out, "/2024/05/b/", "/2024/05/b/")  # b's own page, not a redirect to a
    assert answers(site.out, "/old/first/", "/2024/05/a/")
    assert "old/first/" not in (site.out / "sitemap.xml").read_text()  # redirects are not listed


def test_bad_id_and_aliases_are_located_errors(make_site, capsys):
    site = make_site(
        {
            "content/a.md": article("A", id="https://evil.example/x"),
            "content/b.md": article("B", aliases="[javascript:alert(1)]"),
        }
    )
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/a.md:4:5: front matter 'id': expected the site path the article" in err
    assert "content/b.md:4:10: front matter 'aliases': expected a list of site paths" in err


def test_ingest_writes_the_first_url_as_id_and_keeps_it_when_forced(tmp_path, make_site, capsys):
    site = make_site({})
    raw = tmp_path / "raw.txt"
    raw.write_text(
        "Ceasefire talks resume in Geneva\n\n"
        + "Negotiators from both sides met again on Monday in Geneva, the first round in months. " * 6
        + "\n",
        encoding="utf-8",
    )
    toml = str(site.root / "site.toml")
    assert main(["ingest", str(raw), "--config", toml, "--date", "2024-03-05"]) == 0
    (written,) = (site.root / "content").glob("*.md")
    first = re.search(r"^id: (\S+)$", written.read_text(encoding="utf-8"), re.M)
    assert first and first.group(1) == f"/2024/03/{written.stem}/"
    set_field(written, "id", "/2023/01/kept/")  # an id the editor has (from an earlier URL)
    assert main(["ingest", str(raw), "--config", toml, "--date", "2024-04-05", "--force"]) == 0
    assert "id: /2023/01/kept/" in written.read_text(encoding="utf-8")
