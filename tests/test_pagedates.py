"""ingest.pagedates: the modification date a page states outright, and nothing else."""

from __future__ import annotations

import json

from lxml import html

from newsdigest.ingest.pagedates import modified


def page(head: str = "", body: str = "") -> object:
    return html.document_fromstring(f"<html><head>{head}</head><body><p>Text.</p>{body}</body></html>")


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_an_articles_json_ld_goes_before_the_web_pages():
    graph = {
        "@graph": [
            {"@type": "WebPage", "dateModified": "2024-06-09T10:00:00Z"},
            {"@type": ["NewsArticle"], "datePublished": "2024-06-01", "dateModified": "2024-06-03T08:00:00+02:00"},
        ]
    }
    assert modified(page(ld(graph))) == "2024-06-03"
    assert modified(page(ld({"@type": "WebPage", "dateModified": "2024-06-09"}))) == "2024-06-09"


def test_meta_tags_and_microdata():
    assert modified(page('<meta property="article:modified_time" content="2022-01-27T16:58:24+00:00">')) == "2022-01-27"
    assert modified(page('<meta property="og:updated_time" content="2021-11-05T12:42Z">')) == "2021-11-05"
    assert modified(page(body='<time itemprop="dateModified" datetime="2020-03-12">March 12</time>')) == "2020-03-12"


def test_nothing_stated_is_no_date():
    comments = '<time datetime="2024-07-01T09:00">a comment</time><time datetime="2024-07-02">another</time>'
    assert modified(page(body=comments)) == ""  # later dates on the page are no change of the article
    assert modified(page('<script type="application/ld+json">{"dateModified": "2024-06-0</script>')) == ""
    assert modified(page('<meta property="article:modified_time" content="yesterday">')) == ""
    assert modified(page(ld({"@type": "NewsArticle", "dateModified": {"not": "a date"}}))) == ""
