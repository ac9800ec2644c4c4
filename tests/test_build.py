"""End-to-end builds of small fixture sites."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from bad_inputs import BAD_INPUTS
from conftest import SITE_TOML, article


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def internal_targets(out: Path) -> dict[str, list[str]]:
    """Every root-relative href/src of every page, by page."""
    found = {}
    for page in out.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        found[page.relative_to(out).as_posix()] = [
            u for u in parser.urls if u.startswith("/") and not u.startswith("//")
        ]
    return found


def resolve(out: Path, url: str) -> Path:
    path = url.split("#")[0].split("?")[0]
    return out / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def many(n: int, tags=("Ukraine",)) -> dict[str, str]:
    return {
        f"content/a{i:03d}.md": article(f"Article {i}", f"2024-01-{1 + i % 28:02d}T{i % 24:02d}:00:00Z", list(tags))
        for i in range(n)
    }


def test_pages_written(make_site):
    site = make_site(
        {
            "content/one.md": article("One", "2024-05-01", ["Ukraine", "NATO"]),
            "content/two.md": article("Two", "2024-04-02", ["ukraine"]),
        }
    )
    assert site.build() == 0
    assert site.files() == {
        "index.html",
        "404.html",
        "robots.txt",
        "site.webmanifest",
        "sitemap.xml",
        "style.css",
        "favicon.svg",
        "feed.xml",
        "atom.xml",
        "feed.json",
        "2024/05/one/index.html",
        "2024/04/two/index.html",
        "stories/one/index.html",  # every slug answers under /stories/ (here: a redirect to the article)
        "stories/two/index.html",
        "digest/index.html",
        "digest/2024-05-01/index.html",
        "digest/2024-04-02/index.html",
        "digest/feed.xml",
        "digest/atom.xml",
        "sources/index.html",
        "tags/index.html",
        "tags/ukraine/index.html",
        "tags/nato/index.html",
        "tags/ukraine/feed.xml",
        "tags/ukraine/atom.xml",
        "tags/ukraine/feed.json",
        "tags/nato/feed.xml",
        "tags/nato/atom.xml",
        "tags/nato/feed.json",
        "archive/index.html",
        "archive/2024/05/index.html",
        "archive/2024/04/index.html",
    }
    robots = (site.out / "robots.txt").read_text()
    assert "Sitemap: https://example.org/sitemap.xml" in robots
    sitemap = (site.out / "sitemap.xml").read_text()
    assert (
        "<loc>https://example.org/2024/05/one/</loc>" in sitemap
        and "<lastmod>2024-05-01T00:00:00+00:00</lastmod>" in sitemap
    )
    assert "404" not in sitemap


def test_every_internal_link_resolves(make_site):
    files = many(23, ("Ukraine", "Kyiv"))
    files["static/img/logo.svg"] = "<svg xmlns='http://www.w3.org/2000/svg'/>"
    files["content/linked.md"] = article("Linked", "2024-02-01", ["Ukraine"], body="![logo](/img/logo.svg) [home](/)")
    site = make_site(files, SITE_TOML.replace("https://example.org/", "https://example.org/news/"))
    assert site.build() == 0
    targets = internal_targets(site.out)
    assert len(targets) > 30
    broken = [
        (page, url)
        for page, urls in targets.items()
        for url in urls
        if not resolve(site.out, url.replace("/news/", "/", 1)).is_file()
    ]
    assert broken == []
    # Every page links its feeds for autodiscovery, and tag pages their own too (redirect
    # stubs, which only send the reader on, excepted).
    for page in targets:
        text = (site.out / page).read_text()
        if 'http-equiv="refresh"' in text:
            continue
        assert '<link rel="alternate" type="application/rss+xml"' in text and 'href="/news/atom.xml"' in text
    assert 'href="/news/tags/kyiv/feed.xml"' in (site.out / "tags/kyiv/index.html").read_text()


def test_feeds_parse_with_right_items(make_site):
    site = make_site(
        {
            "content/a.md": article("Alpha", "2024-01-01T10:00:00Z", ["Kyiv"]),
            "content/b.md": article("Beta", "2024-03-01T10:00:00Z", ["Kyiv", "NATO"]),
            "content/c.md": article("Gamma", "2024-02-01T10:00:00Z", ["NATO"], updated="2024-04-01T00:00:00Z"),
        }
    )
    assert site.build() == 0
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((site.out / name).read_bytes())
        assert not feed.bozo
        assert [e.title for e in feed.entries] == ["Beta", "Gamma", "Alpha"]
        assert feed.entries[0].id == "https://example.org/2024/03/b/"
        kyiv = feedparser.parse((site.out / "tags/kyiv" / name).read_bytes())
        assert [e.title for e in kyiv.entries] == ["Beta", "Alpha"]
    atom = (site.out / "atom.xml").read_text()
    assert "<updated>2024-04-01T00:00:00+00:00</updated>" in atom.split("<entry>")[0]


def test_tag_pages_list_right_articles_and_fold_spellings(make_site):
    site = make_site(
        {
            "content/a.md": article("A", "2024-01-01", ["Zürich", "Peace Talks"]),
            "content/b.md": article("B", "2024-01-02", ["zurich"]),
            "content/c.md": article("C", "2024-01-03", ["Zürich", "peace-talks"]),
            "content/d.md": article("D", "2024-01-04", ["Other"]),
        }
    )
    assert site.build() == 0
    page = (site.out / "tags/zurich/index.html").read_text()
    assert re.findall(r'<h2><a href="[^"]+">(\w)</a>', page) == ["C", "B", "A"]
    index = (site.out / "tags/index.html").read_text()
    assert index.count('href="/tags/zurich/"') == 1 and index.count('href="/tags/peace-talks/"') == 1
    assert 'href="/tags/zurich/">Zürich</a> <span class="count">3</span>' in index


@pytest.mark.parametrize("n, pages", [(0, 1), (1, 1), (10, 1), (11, 2), (21, 3)])
def test_front_page_pagination(make_site, n, pages):
    site = make_site(many(n))
    assert site.build() == 0
    written = sorted(p for p in site.files() if re.fullmatch(r"(page/\d+/)?index\.html", p))
    assert written == ["index.html"] + [f"page/{i}/index.html" for i in range(2, pages + 1)]
    shown = sum(len(re.findall(r'<article class="card"', (site.out / p).read_text())) for p in written)
    assert shown == n
    tag_pages = [p for p in site.files() if re.fullmatch(r"tags/ukraine/(page/\d+/)?index\.html", p)]
    assert len(tag_pages) == (pages if n else 0)
    if n == 0:
        assert "No articles yet" in (site.out / "index.html").read_text()


def test_unicode_titles_and_tags(make_site):
    site = make_site({"content/kyiv.md": article("Київ говорить: «мир»", "2024-01-01", ["Україна", "北京"])})
    assert site.build() == 0
    page = (site.out / "2024/01/kyiv/index.html").read_text(encoding="utf-8")
    assert "Київ говорить: «мир»" in page
    slugs = sorted(
        p.split("/")[1]
        for p in site.files()
        if p.startswith("tags/") and p.endswith("index.html") and p != "tags/index.html"
    )
    assert all(s.isascii() for s in slugs) and len(slugs) == 2
    assert feedparser.parse((site.out / "feed.xml").read_bytes()).entries[0].title == "Київ говорить: «мир»"


def test_drafts_left_out_unless_asked(make_site):
    site = make_site(
        {"content/d.md": article("Secret", "2024-01-01", ["X"], draft="true"), "content/p.md": article("Public")}
    )
    assert site.build() == 0
    assert "2024/01/d/index.html" not in site.files() and b"Secret" not in (site.out / "feed.xml").read_bytes()
    assert site.build("--drafts") == 0
    assert "2024/01/d/index.html" in site.files()


def test_hostile_fields_cannot_inject(make_site):
    site = make_site(
        {
            "content/x.md": article(
                "<script>alert(1)</script>",
                "2024-01-01",
                ["<b>x</b>", '"><script>'],
                body="<script>alert(2)</script>\n\n[x](javascript:alert(3))",
                author=json.dumps('"<img src=x onerror=alert(4)>'),
                description=json.dumps("</p><script>alert(5)</script>"),
                source=json.dumps({"name": "<script>alert(6)</script>", "url": 'https://ok.org/?q="><script>'}),
            )
        }
    )
    assert site.build() == 0
    for path in site.out.rglob("*"):
        if path.suffix in (".html", ".xml"):
            text = path.read_text()
            assert "<script>" not in text and "<img src=x" not in text and 'href="javascript' not in text, path


def test_builds_are_byte_identical_whatever_the_clock_zone_hash_seed_and_jobs(make_site, tmp_path):
    """Two cold builds, in separate processes more than a second apart, under other time zones,
    hash seeds and worker counts, write the same bytes (feeds included): nothing in the
    output may come from the clock, the machine or the order of a set."""
    files = many(15, ("Ukraine", "Kyiv", "Zürich"))
    files["content/undated.md"] = article("Undated", None, ["Kyiv"])
    site = make_site(files)
    build_py = Path(__file__).resolve().parent.parent / "build.py"
    outs = []
    for i, (zone, seed, jobs) in enumerate((("Pacific/Auckland", "1", "1"), ("America/Los_Angeles", "2", "2"))):
        if i:
            time.sleep(1.1)  # a clock in the output would differ now
        out = tmp_path / f"out{i}"
        env = {**os.environ, "TZ": zone, "PYTHONHASHSEED": seed, "LC_ALL": "C.UTF-8"}
        cmd = [
            sys.executable,
            str(build_py),
            "--config",
            str(site.root / "site.toml"),
            "--out",
            str(out),
            "--no-cache",
            "--jobs",
            jobs,
            "--quiet",
        ]
        subprocess.run(cmd, env=env, check=True, cwd=tmp_path)
        outs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert len(outs[0]) > 30 and "feed.xml" in outs[0]
    assert outs[0] == outs[1]


def test_template_override_and_static(make_site):
    site = make_site(
        {
            "content/a.md": article("A"),
            "layouts/partials/footer.html": "<footer>MY FOOTER {{ site.title }}</footer>\n",
            "static/style.css": "body{}",
        }
    )
    assert site.build() == 0
    assert "MY FOOTER Test Digest" in (site.out / "index.html").read_text()
    assert (site.out / "style.css").read_text() == "body{}"


def test_out_option(make_site, tmp_path):
    site = make_site({"content/a.md": article("A")})
    assert site.build("--out", str(tmp_path / "elsewhere")) == 0
    assert (tmp_path / "elsewhere/index.html").is_file() and not site.out.exists()


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_reports_and_keeps_output(make_site, capsys, case):
    files, toml, expected = BAD_INPUTS[case]
    site = make_site({"content/good.md": article("Good", "2024-01-01", ["Kyiv"])})
    assert site.build() == 0
    before = site.snapshot()
    site.write("site.toml", toml)
    for rel, text in files.items():
        site.write(rel, text)
    capsys.readouterr()
    assert site.build() != 0
    err = capsys.readouterr().err
    assert expected in err, err
    assert site.snapshot() == before
    assert not list(site.root.glob("output.*")), "staging folder left behind"


def test_all_bad_files_reported_in_one_run(make_site, capsys):
    site = make_site({"content/a.md": "---\ndate: x\n---\n", "content/b.md": "---\ntitle: B\ntags: x\n---\n"})
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/a.md:1:1:" in err and "content/a.md:2:7: front matter 'date'" in err and "content/b.md:3:7:" in err
    assert "build failed: 3 problems" in err


def test_names_too_long_for_a_file_system_are_cut_with_a_hash_stable_and_distinct(make_site):
    long = "verylong " * 40  # a keyword-stuffed page's tag, a pasted paragraph as a section
    site = make_site(
        {
            "content/a.md": article("A", "2024-05-01", [long + "one"], section=json.dumps(long)),
            "content/b.md": article("B", "2024-05-02", [long + "two"]),
            "content/" + "c" * 240 + ".md": article("C", "2024-05-03"),
        }
    )
    site.write("site.toml", SITE_TOML.replace("per_page", 'permalink = "/{section}/{slug}/"\nper_page'))
    assert site.build() == 0
    tags = sorted(p.name for p in (site.out / "tags").iterdir() if p.is_dir())
    assert len(tags) == 2 and all(len(t) <= 120 and re.fullmatch(r"verylong(-verylong)+-[0-9a-f]{10}", t) for t in tags)
    assert max(len(part) for p in site.out.rglob("*") for part in p.relative_to(site.out).parts) <= 120
    first = site.snapshot()
    assert site.build("--no-cache") == 0 and site.snapshot() == first  # the same names every time


def test_a_second_build_at_once_stops_with_a_clear_message(make_site, capsys):
    import subprocess
    import sys
    import time

    site = make_site({"content/a.md": article("A", "2024-05-01")})
    assert site.build() == 0
    lock = site.root / ".newsdigest-cache" / "build.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"f = open({str(lock)!r}, 'a+'); fcntl.lockf(f, fcntl.LOCK_EX); f.seek(0); f.truncate()\n"
            "f.write('pid 4242'); f.flush(); print('held', flush=True); time.sleep(20)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = site.snapshot()
        assert site.build() == 1
        err = capsys.readouterr().err
        assert "another build of this site is running (pid 4242)" in err and "Traceback" not in err
        assert site.snapshot() == before
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert site.build() == 0  # the lock goes with its holder


def test_the_tag_index_leaves_out_single_use_tags_unless_configured(make_site):
    files = {
        "content/a.md": article("A", "2024-05-01", ["Kyiv", "Once"]),
        "content/b.md": article("B", "2024-05-02", ["Kyiv"]),
    }
    site = make_site(files)
    assert site.build() == 0
    index = (site.out / "tags/index.html").read_text()
    assert "/tags/kyiv/" in index and "/tags/once/" not in index
    assert (site.out / "tags/once/index.html").is_file()  # the article still links to its page
    site.write("site.toml", SITE_TOML + "[tags]\nindex_min = 1\n")
    assert site.build() == 0
    assert "/tags/once/" in (site.out / "tags/index.html").read_text()


def test_outlet_metadata_and_tag_descriptions_are_shown_escaped(make_site):
    src = "{name: EU Today, url: 'https://eu.example/a'}"
    site = make_site(
        {"content/a.md": article("A", "2024-05-01", ["Kyiv"], source=src)},
        SITE_TOML + '[tags.descriptions]\nkyiv = "The <capital>."\n'
        '[outlets.eu-today]\nname = "EU Today & Co"\nurl = "https://eu.example/"\ndescription = "A <weekly>."\n',
    )
    assert site.build() == 0
    page = (site.out / "sources/eu-today/index.html").read_text()
    assert "EU Today &amp; Co" in page and "A &lt;weekly&gt;." in page and 'href="https://eu.example/"' in page
    assert "A &lt;weekly&gt;." in (site.out / "sources/index.html").read_text()
    assert "The &lt;capital&gt;." in (site.out / "tags/kyiv/index.html").read_text()
    feed = (site.out / "sources/eu-today/feed.xml").read_text()
    assert "<title>Test Digest: EU Today &amp; Co</title>" in feed


def test_a_file_where_output_should_be_stops_the_build_before_it_touches_anything(make_site, capsys):
    site = make_site({"content/a.md": article("A")})
    (site.root / "output").write_text("my notes")
    assert site.build() == 1
    err = capsys.readouterr().err
    assert err == f"error: {site.out}: exists and is not a folder; move it away, or set [paths] output (or --out) " \
        "to another folder\n"  # fmt: skip
    assert (site.root / "output").read_text() == "my notes"
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith("output")) == ["output"]


def test_the_next_build_removes_a_killed_build_s_leftover_files_and_trees(make_site):
    site = make_site({"content/a.md": article("A")})
    (site.root / "output.old-999999").write_text("a replaced file")
    (site.root / "output.new-999998").mkdir()
    (site.root / "output.new-999998/index.html").write_text("half a build")
    assert site.build() == 0
    assert sorted(p.name for p in site.root.iterdir() if p.name.startswith("output")) == ["output"]
