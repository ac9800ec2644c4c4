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
