"""JSON Feed 1.1 beside RSS and Atom: the spec's required fields, the same ids as the RSS
GUIDs, absolute links in content, autodiscovery, and the same bytes twice."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conftest import article


def test_json_feeds_carry_the_spec_s_fields_and_the_rss_ids(make_site):
    body = "Text with [a link](/2024/05/b/).\n\nMore."
    site = make_site(
        {
            "content/a.md": article("A </script> & co", "2024-05-01", ["Kyiv", "kyiv"], body=body, image="/img/a.jpg"),
            "content/b.md": article("B", "2024-05-02", ["Kyiv"], source="{name: X, url: 'https://x.example/b'}"),
        }
    )
    assert site.build() == 0
    feed = json.loads((site.out / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Test Digest" and feed["feed_url"] == "https://example.org/feed.json"
    assert feed["home_page_url"] == "https://example.org/"
    items = feed["items"]
    assert [i["id"] for i in items] == ["https://example.org/2024/05/b/", "https://example.org/2024/05/a/"]
    rss_ids = [g.text for g in ET.parse(site.out / "feed.xml").getroot().iter("guid")]
    assert rss_ids == [i["id"] for i in items]  # one identity per article, whatever the format
    a = items[1]
    assert a["title"] == "A </script> & co" and a["tags"] == ["Kyiv"]
    assert 'href="https://example.org/2024/05/b/"' in a["content_html"]
    assert a["image"] == "https://example.org/img/a.jpg" and a["date_published"] == "2024-05-01T00:00:00+00:00"
    assert items[0]["external_url"] == "https://x.example/b"
    for item in items:  # required: id, and content_html or content_text
        assert item["id"] and ("content_html" in item or "content_text" in item)
    tag = json.loads((site.out / "tags/kyiv/feed.json").read_text(encoding="utf-8"))
    assert tag["home_page_url"] == "https://example.org/tags/kyiv/" and len(tag["items"]) == 2
    page = (site.out / "index.html").read_text(encoding="utf-8")
    assert (
        '<link rel="alternate" type="application/feed+json" title="Test Digest (JSON Feed)" href="/feed.json">' in page
    )
    first = (site.out / "feed.json").read_bytes()
    assert site.build("--no-cache") == 0 and (site.out / "feed.json").read_bytes() == first


def test_summaries_only_when_feeds_carry_no_full_content(make_site):
    from conftest import SITE_TOML

    site = make_site(
        {"content/a.md": article("A", description="The gist.")}, SITE_TOML + "[feed]\nfull_content = false\n"
    )
    assert site.build() == 0
    [item] = json.loads((site.out / "feed.json").read_text(encoding="utf-8"))["items"]
    assert item["content_text"] == "The gist." and "content_html" not in item
