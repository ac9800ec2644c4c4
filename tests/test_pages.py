from datetime import UTC

import pytest

from newsdigest.publish.pages import file_for, paginate


@pytest.mark.parametrize("n, pages", [(0, 1), (1, 1), (10, 1), (11, 2), (21, 3)])
def test_paginate_counts(n, pages):
    result = paginate(tuple(range(n)), 10, "/")
    assert len(result) == pages
    assert [x for items, _, _ in result for x in items] == list(range(n))
    assert [url for _, _, url in result] == ["/"] + [f"/page/{i}/" for i in range(2, pages + 1)]


def test_paginate_links():
    result = paginate(tuple(range(21)), 10, "/tags/x/")
    first, middle, last = (p for _, p, _ in result)
    assert (first.prev_url, first.next_url) == (None, "/tags/x/page/2/")
    assert (middle.prev_url, middle.next_url) == ("/tags/x/", "/tags/x/page/3/")
    assert (last.prev_url, last.next_url, last.number, last.total) == ("/tags/x/page/2/", None, 3, 3)


def test_file_for():
    assert file_for("/", "/") == "index.html"
    assert file_for("/news/2024/05/a/", "/news/") == "2024/05/a/index.html"
    assert file_for("/404.html", "/") == "404.html"


def test_sitemap_is_valid_xml_with_escaping():
    import xml.etree.ElementTree as ET
    from datetime import datetime

    from newsdigest.publish.sitemap import NS, sitemap_xml

    data = sitemap_xml([("https://ex.org/a/?x=1&y=<2>", datetime(2024, 5, 1, tzinfo=UTC)), ("https://ex.org/b/", None)])
    root = ET.fromstring(data)
    locs = [e.text for e in root.iter(f"{{{NS}}}loc")]
    assert locs == ["https://ex.org/a/?x=1&y=<2>", "https://ex.org/b/"]
    assert [e.text for e in root.iter(f"{{{NS}}}lastmod")] == ["2024-05-01T00:00:00+00:00"]
