"""Sharing and search metadata: OpenGraph, Twitter card, JSON-LD NewsArticle, a favicon;
no field can break out of the JSON-LD script."""

import json
import re

from conftest import article


def ld_of(html: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_article_pages_carry_opengraph_twitter_and_json_ld(make_site):
    site = make_site(
        {
            "content/a.md": article(
                "Talks resume",
                "2024-05-01T10:00:00+00:00",
                ["Ukraine", "Diplomacy"],
                author="Ana Lima",
                section="World",
                image="/img/talks.jpg",
                updated="2024-05-02T08:00:00+00:00",
                source="{name: EU Today, url: 'https://eutoday.example/a'}",
                description="'Negotiators met again.'",
            )
        }
    )
    assert site.build() == 0
    html = (site.out / "2024/05/a/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://example.org/img/talks.jpg">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:description" content="Negotiators met again.">' in html
    assert '<meta property="article:modified_time" content="2024-05-02T08:00:00+00:00">' in html
    assert '<meta property="article:section" content="World">' in html
    ld = ld_of(html)
    assert ld["@type"] == "NewsArticle" and ld["headline"] == "Talks resume"
    assert ld["author"] == {"@type": "Person", "name": "Ana Lima"}
    assert ld["datePublished"] == "2024-05-01T10:00:00+00:00" and ld["dateModified"] == "2024-05-02T08:00:00+00:00"
    assert ld["isBasedOn"] == "https://eutoday.example/a" and ld["keywords"] == ["Ukraine", "Diplomacy"]
    assert ld["mainEntityOfPage"] == "https://example.org/2024/05/a/"
    assert (site.out / "favicon.svg").is_file() and 'rel="icon"' in html


def test_no_field_breaks_out_of_the_json_ld(make_site):
    hostile = "</script><script>alert(1)</script> & 'quotes'"
    site = make_site({"content/a.md": article(hostile, "2024-05-01", author=json.dumps(hostile))})
    assert site.build() == 0
    html = (site.out / "2024/05/a/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert ld_of(html)["headline"] == hostile


def test_listing_metadata_tag_descriptions_prev_next_and_no_canonical_on_404(make_site):
    files = {f"content/a{i}.md": article(f"Article {i}", f"2024-05-{i + 1:02d}", ["Kyiv"]) for i in range(12)}
    site = make_site(files)
    assert site.build() == 0
    tag = (site.out / "tags/kyiv/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Test Digest: 12 articles tagged Kyiv">' in tag
    assert '<link rel="next" href="/tags/kyiv/page/2/">' in tag and 'rel="prev"' not in tag.split("</head>")[0]
    second = (site.out / "page/2/index.html").read_text(encoding="utf-8")
    assert '<link rel="prev" href="/">' in second
    missing = (site.out / "404.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in missing and "og:url" not in missing


def _png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_lead_image_shows_with_its_size_alt_and_as_a_feed_enclosure(make_site):
    site = make_site(
        {
            "content/a.md": article("Talks", image="/img/hall.png", image_alt="'The hall, seen from the gallery'"),
            "content/b.md": article("Other", image="https://cdn.example/x.jpg", body="Text.\n\n![A chart](/img/c.png)"),
        }
    )
    site.write("static/img/hall.png", _png(640, 360))
    assert site.build() == 0
    page = (site.out / "2024/05/a/index.html").read_text()
    assert re.search(
        r'<img src="/img/hall.png" alt="The hall, seen from the gallery" width="640" height="360"[^>]*>', page
    )
    assert '<meta property="og:image:width" content="640">' in page
    other = (site.out / "2024/05/b/index.html").read_text()
    assert '<img src="https://cdn.example/x.jpg" alt="" decoding' in other  # no size known: none claimed
    assert '<img src="/img/c.png" alt="A chart" loading="lazy"' in other  # below the fold
    rss = (site.out / "feed.xml").read_text()
    assert '<enclosure url="https://example.org/img/hall.png" length="' + str(len(_png(640, 360))) in rss
    assert '<enclosure url="https://cdn.example/x.jpg" length="0" type="image/jpeg"/>' in rss
    # The image file changes: the page and the feed follow, as a cold build would make them.
    site.write("static/img/hall.png", _png(320, 200))
    assert site.build() == 0
    assert 'width="320" height="200"' in (site.out / "2024/05/a/index.html").read_text()
    assert f'length="{len(_png(320, 200))}"' in (site.out / "feed.xml").read_text()


def test_a_preview_build_labels_drafts(make_site):
    site = make_site({"content/d.md": article("Unfinished", draft="true"), "content/p.md": article("Done")})
    assert site.build("--drafts") == 0
    assert '<p class="label-draft"><strong>Draft</strong>' in (site.out / "2024/05/d/index.html").read_text()
    front = (site.out / "index.html").read_text()
    assert front.count('class="label-draft"') == 1 and "Unfinished</a> <span" in front
    assert "label-draft" not in (site.out / "2024/05/p/index.html").read_text()


def ld_graph(html: str) -> list[dict]:
    return ld_of(html)["@graph"]


def test_listings_carry_collection_page_and_breadcrumbs_and_the_front_page_website(make_site):
    site = make_site({"content/a.md": article("A", "2024-05-01", ["</script><b>x"]), "content/b.md": article("B")})
    assert site.build() == 0
    website, home = ld_graph((site.out / "index.html").read_text())
    assert website == {
        "@type": "WebSite",
        "@id": "https://example.org/#website",
        "url": "https://example.org/",
        "name": "Test Digest",
        "inLanguage": "en",
        **({"description": website["description"]} if "description" in website else {}),
    }
    assert home["@type"] == "CollectionPage" and home["isPartOf"] == {"@id": "https://example.org/#website"}
    tag_html = next((site.out / "tags").glob("*/index.html")).read_text()
    assert "</script><b>" not in tag_html  # the tag's name is data in the JSON-LD, never markup
    [tag] = ld_graph(tag_html)
    crumbs = tag["breadcrumb"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in crumbs] == [(1, "Test Digest"), (2, "Tags"), (3, "</script><b>x")]
    assert all(c["@type"] == "ListItem" and c["item"].startswith("https://example.org/") for c in crumbs)
    assert crumbs[-1]["item"] == tag["url"] == tag["@id"]
    [month] = ld_graph((site.out / "archive/2024/05/index.html").read_text())
    assert [c["name"] for c in month["breadcrumb"]["itemListElement"]][:2] == ["Test Digest", "Archive"]
    article_ld = ld_of((site.out / "2024/05/a/index.html").read_text())
    # Google's Article rich result: headline, dates, author, publisher (image when there is one).
    assert {"headline", "datePublished", "dateModified", "author", "publisher"} <= set(article_ld)
    assert article_ld["author"] == {"@type": "Organization", "name": "Test Digest", "url": "https://example.org/"}
    assert "ld+json" not in (site.out / "404.html").read_text()


def test_pagination_marks_the_current_page_and_a_web_manifest_names_the_site(make_site):
    files = {f"content/a{n:02d}.md": article(f"Story {n}", f"2024-05-{n:02d}") for n in range(1, 26)}
    site = make_site(files)
    assert site.build() == 0
    second = (site.out / "page/2/index.html").read_text()
    numbers = re.findall(r'<a href="([^"]*)"( aria-current="page")? aria-label="Page (\d+)">', second)
    assert numbers == [("/", "", "1"), ("/page/2/", ' aria-current="page"', "2"), ("/page/3/", "", "3")]
    manifest = json.loads((site.out / "site.webmanifest").read_text())
    assert manifest["name"] == "Test Digest" and manifest["start_url"] == "/"
    assert manifest["icons"][0]["src"] == "/favicon.svg"
    assert '<link rel="manifest" href="/site.webmanifest">' in second
    site.write("static/site.webmanifest", '{"name": "Ours"}')
    assert site.build() == 0
    assert json.loads((site.out / "site.webmanifest").read_text()) == {"name": "Ours"}  # the site's own wins
