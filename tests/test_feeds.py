from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import feedparser
from conftest import article

from newsdigest.config import parse_config
from newsdigest.models import Article, FrontMatter
from newsdigest.publish.feeds import EPOCH, Entries, FeedSpec, feed_date, make_feed

CFG = parse_config('[site]\ntitle = "T"\nbase_url = "https://ex.org/n/"\n[feed]\nitems = 2\n', Path("/s"))


def art(slug, day, **meta):
    fm = FrontMatter(title=meta.pop("title", slug.upper()), date=datetime(2024, 5, day, tzinfo=UTC), **meta)
    return Article(Path(f"content/{slug}.md"), 1, fm, "", "h", slug, f"/n/2024/05/{slug}/", summary=f"about {slug}")


def make_feeds(cfg, spec, entries):
    """(rss, atom) of one spec, entries from ``entries``."""
    return make_feed(cfg, spec, "rss", entries), make_feed(cfg, spec, "atom", entries)


def feeds_of(cfg, spec, html):
    """One feed pair on its own, bodies from ``html`` (article URL -> body HTML)."""
    return make_feeds(cfg, spec, Entries(cfg, [spec, spec], lambda a: html[a.url]))


def test_items_order_ids_and_content():
    arts = (art("c", 3, tags=("Kyiv",), author="Ann"), art("b", 2), art("a", 1))
    html = {a.url: f'<p>{a.slug} <a href="/n/x/">x</a></p>' for a in arts}
    rss, atom = feeds_of(CFG, FeedSpec("T", "D", "/n/", arts), html)
    for data in (rss, atom):
        feed = feedparser.parse(data)
        assert not feed.bozo, feed.bozo_exception
        assert [e.id for e in feed.entries] == ["https://ex.org/n/2024/05/c/", "https://ex.org/n/2024/05/b/"]
        first = feed.entries[0]
        assert first.title == "C" and first.author == "Ann"
        assert [t.term for t in first.tags] == ["Kyiv"]
        assert 'href="https://ex.org/n/x/"' in first.content[0].value
        assert first.published_parsed[:3] == (2024, 5, 3)
    assert b"<lastBuildDate>Fri, 03 May 2024 00:00:00 +0000</lastBuildDate>" in rss
    assert b'<guid isPermaLink="true">https://ex.org/n/2024/05/c/</guid>' in rss
    assert b'rel="self"' in atom and b"https://ex.org/n/atom.xml" in atom


def test_deterministic_and_hostile_text_survives():
    nasty = art("x", 4, title="Evil \x00\x0b<script>alert(1)</script> ]]>", author="A\x01B")
    spec = FeedSpec("T", "D", "/n/", (nasty,))
    html = {nasty.url: "<p>]]> \x02</p>"}
    first = feeds_of(CFG, spec, html)
    assert first == feeds_of(CFG, spec, html)
    feed = feedparser.parse(first[0])
    assert not feed.bozo
    assert feed.entries[0].title == "Evil <script>alert(1)</script> ]]>"
    assert b"<script>" not in first[0] and b"<script>" not in first[1]


def test_summary_only_when_configured():
    cfg = replace(CFG, feed=replace(CFG.feed, full_content=False))
    a = art("a", 1)
    rss, _ = feeds_of(cfg, FeedSpec("T", "D", "/n/", (a,)), {a.url: "<p>FULL</p>"})
    assert b"FULL" not in rss and b"about a" in rss


def test_feed_date_newest_or_epoch():
    assert feed_date(()) == EPOCH
    assert feed_date((art("a", 1), art("b", 9))).day == 9


def test_shared_entries_built_once_dropped_after_last_use_and_same_bytes():
    cfg = replace(CFG, feed=replace(CFG.feed, items=3))
    a, b, c = art("a", 3), art("b", 2), art("c", 1)
    undated = Article(Path("content/u.md"), 1, FrontMatter(title="U"), "", "u", "u", "/n/u/", summary="s")
    specs = [
        FeedSpec("T", "D", "/n/", (a, b, c)),
        FeedSpec("T: x", "D", "/n/tags/x/", (a, c, undated)),
        FeedSpec("T: y", "D", "/n/tags/y/", (a,)),
    ]
    bodies = []

    def body(article):
        bodies.append(article.slug)
        return f"<p>{article.slug}</p>"

    entries = Entries(cfg, [s for s in specs for _ in range(2)], body)
    shared = [make_feeds(cfg, spec, entries) for spec in specs]
    assert sorted(bodies) == ["a", "b", "c", "u"]  # each body read once; a serves three feeds
    assert entries._live == {}  # nothing kept once the last feed that needs it is made
    alone = [make_feeds(cfg, spec, Entries(cfg, [spec, spec], body)) for spec in specs]
    assert shared == alone


def test_rss_descriptions_are_text_even_to_readers_that_read_html(make_site):
    """RSS readers render <description> as HTML: a plain-text summary must arrive HTML-escaped."""
    from lxml import etree

    hostile = "<img src=x onerror=alert(1)> & <b>bold</b>"
    site = make_site(
        {"content/a.md": article("A", "2024-05-01", ["X"], description=f"'{hostile}'", body="Body text here.")}
    )
    assert site.build() == 0
    for path in ("feed.xml", "tags/x/feed.xml"):
        root = etree.fromstring((site.out / path).read_bytes())
        [desc] = root.findall("./channel/item/description")
        assert desc.text == "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    atom = etree.fromstring((site.out / "atom.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.find("./a:entry/a:summary", ns).text == hostile  # Atom: typed text, as it is
    assert atom.find("./a:subtitle", ns) is None or "&lt;" not in (atom.find("./a:subtitle", ns).text or "")


def test_rss_channel_link_is_the_page_the_feed_mirrors(make_site):
    from lxml import etree

    site = make_site({"content/a.md": article("A", "2024-05-01", ["Kyiv"], body="Text.")})
    assert site.build() == 0
    for path, page in (("feed.xml", "/"), ("tags/kyiv/feed.xml", "/tags/kyiv/"), ("digest/feed.xml", "/digest/")):
        channel = etree.fromstring((site.out / path).read_bytes()).find("channel")
        assert channel.findtext("link") == f"https://example.org{page}", path
        self_link = channel.find("{http://www.w3.org/2005/Atom}link")
        assert self_link.get("href") == f"https://example.org/{path}" and self_link.get("rel") == "self"


def test_feeds_are_byte_identical_whatever_order_the_files_were_written_in(tmp_path):
    """Two sites with the same files, written in shuffled orders (so the disk lists them in
    other orders), one with equal dates to break ties: every feed comes out byte for byte."""
    import random

    from conftest import SITE_TOML, SiteDir, article

    files = {
        f"content/{'sub/' if n % 3 else ''}a{n}.md": article(
            f"Story {n}", f"2024-05-0{1 + n % 4}T10:00:00+00:00", [f"t{n % 3}", "shared"]
        )
        for n in range(12)
    }
    feeds = []
    for seed in (1, 2):
        site = SiteDir(tmp_path / f"site{seed}")
        site.write("site.toml", SITE_TOML)
        names = sorted(files)
        random.Random(seed).shuffle(names)
        for name in names:
            site.write(name, files[name])
        assert site.build() == 0
        feeds.append({k: v for k, v in site.snapshot().items() if k.endswith(("feed.xml", "atom.xml", "feed.json"))})
    assert len(feeds[0]) > 6 and feeds[0] == feeds[1]


def test_a_channel_description_is_text_to_readers_that_read_html(make_site):
    """RSS readers show a channel's <description> as HTML: an outlet's or a tag's name in it
    goes in HTML-escaped; Atom's <subtitle> is typed text and carries it as it is."""
    from xml.etree import ElementTree

    from conftest import article

    name = "<a href=javascript:alert(1)>x</a>"
    site = make_site({"content/a.md": article("A", source=f"{{name: '{name}'}}")})
    assert site.build() == 0
    [rss] = (site.out / "sources").glob("*/feed.xml")
    channel = ElementTree.parse(rss).getroot().find("channel")
    assert channel.findtext("description") == "Articles from &lt;a href=javascript:alert(1)&gt;x&lt;/a&gt;"
    atom = ElementTree.parse(rss.with_name("atom.xml")).getroot()
    assert atom.findtext("{http://www.w3.org/2005/Atom}subtitle") == f"Articles from {name}"
