"""Search without a server: Pagefind indexes the article pages after the build; the search
page works with JavaScript (tests/test_browser.py) and without it links the tag index and
the archive; the index follows incremental builds and is left alone when nothing changed."""

from __future__ import annotations

import json
import os

from conftest import SITE_TOML, article

ON = SITE_TOML.replace("enabled = false", "enabled = true")


def entry(out) -> dict:
    return json.loads((out / "pagefind/pagefind-entry.json").read_text())


def pages_indexed(out) -> int:
    return sum(lang["page_count"] for lang in entry(out)["languages"].values())


def test_the_index_holds_the_articles_and_the_search_page_degrades_without_javascript(make_site):
    site = make_site(
        {
            "content/a.md": article(
                "Geneva talks", tags=["Ukraine"], source="{name: EU Today, url: 'https://e.example/a'}"
            ),
            "content/b.md": article("Grain deal", "2024-05-02", tags=["Grain"]),
        },
        ON,
    )
    assert site.build() == 0
    assert pages_indexed(site.out) == 2  # the articles only, not listings
    page = (site.out / "search/index.html").read_text()
    assert '<form class="search-form" role="search"' in page and " hidden>" in page  # shown by the script
    assert '<a href="/tags/">Every tag</a>' in page and '<a href="/archive/">' in page
    assert '<script type="module" src="/search.js"></script>' in page
    assert '<a href="/search/">Search</a>' in (site.out / "index.html").read_text()
    art = (site.out / "2024/05/a/index.html").read_text()
    assert "data-pagefind-body" in art and 'data-pagefind-filter="source">EU Today<' in art
    assert "<script" not in art.replace('<script type="application/ld+json">', "")  # articles stay script-free
    filters = [p for p in (site.out / "pagefind/filter").iterdir()]
    assert filters  # tag and source filters were indexed


def test_the_index_follows_edits_and_is_left_alone_when_nothing_changed(make_site):
    site = make_site({"content/a.md": article("Geneva talks")}, ON)
    assert site.build() == 0
    stamp = (site.out / "pagefind/pagefind.js").stat().st_mtime_ns
    assert site.build() == 0
    assert (site.out / "pagefind/pagefind.js").stat().st_mtime_ns == stamp  # nothing to do: not indexed again
    site.write("content/b.md", article("Grain deal", "2024-05-02"))
    assert site.build() == 0
    assert pages_indexed(site.out) == 2
    (site.root / "content/a.md").unlink()
    assert site.build() == 0
    assert pages_indexed(site.out) == 1
    # A build killed while indexing leaves the old index and no stamp: the next build, with
    # nothing else to do, makes the index again.
    for path in site.root.rglob("*"):  # old files: the next build trusts its cache ("nothing to do")
        os.utime(path, (1_600_000_000, 1_600_000_000))
    assert site.build() == 0
    before = (site.out / "pagefind/pagefind.js").stat().st_mtime_ns
    (site.root / ".newsdigest-cache/search.stamp").unlink()
    assert site.build() == 0
    assert (site.out / "pagefind/pagefind.js").stat().st_mtime_ns != before
    assert pages_indexed(site.out) == 1


def test_the_index_is_byte_identical_build_after_build(make_site, tmp_path):
    files = {f"content/{n}.md": article(f"Story {n}", f"2024-05-0{n}", tags=[f"t{n}"]) for n in range(1, 4)}
    site = make_site(files, ON)
    assert site.build() == 0
    first = {k: v for k, v in site.snapshot().items() if k.startswith("pagefind/")}
    assert site.build("--no-cache") == 0
    assert {k: v for k, v in site.snapshot().items() if k.startswith("pagefind/")} == first


def test_search_disabled_builds_no_index_no_page_no_link(make_site):
    site = make_site({"content/a.md": article("Geneva talks")})
    assert site.build() == 0
    assert not (site.out / "pagefind").exists() and not (site.out / "search").exists()
    assert not (site.out / "search.js").exists()
    assert "/search/" not in (site.out / "index.html").read_text()
