"""Drafts, scheduled and expiring articles: left out of every page, feed and the sitemap
until their time (or with --future), and a scheduled one appears on the first build after
its time without any file changing."""

import os
import time
from datetime import UTC, datetime

from conftest import article

from newsdigest.config import load_config
from newsdigest.publish.pipeline import BuildOptions, build


def files(site) -> set[str]:
    return site.files()


def test_future_and_expired_articles_are_left_out_until_their_time(make_site):
    site = make_site(
        {
            "content/now.md": article("Now", "2024-05-01", ["X"]),
            "content/later.md": article("Later", "2024-06-01T09:00:00+00:00", ["X"]),
            "content/gone.md": article("Gone", "2024-04-01", ["X"], expires="2024-05-15"),
        }
    )
    config = load_config(site.root / "site.toml")
    for f in site.root.rglob("*"):  # files old enough that their stat is trusted (not "racy")
        os.utime(f, (time.time() - 86400, time.time() - 86400))
    may = datetime(2024, 5, 20, tzinfo=UTC)
    report = build(config, BuildOptions(now=may))
    assert "skipped 1 scheduled, 1 expired" in report.summary()
    built = site.files()
    assert "2024/05/now/index.html" in built
    assert "2024/06/later/index.html" not in built and "2024/04/gone/index.html" not in built
    for name in ("feed.xml", "atom.xml", "sitemap.xml", "index.html", "tags/x/index.html"):
        text = (site.out / name).read_text(encoding="utf-8")
        assert "later" not in text.lower() and "gone" not in text.lower(), name
    # Same inputs, same clock: nothing to do. Past the scheduled time: it appears, no edit needed.
    assert build(config, BuildOptions(now=may)).up_to_date
    june = datetime(2024, 6, 1, 9, 0, 1, tzinfo=UTC)
    report = build(config, BuildOptions(now=june))
    assert not report.up_to_date and report.changed > 0
    assert "2024/06/later/index.html" in site.files()
    assert "Later" in (site.out / "feed.xml").read_text(encoding="utf-8")
    # --future shows what is scheduled.
    later_site = build(config, BuildOptions(now=datetime(2024, 1, 1, tzinfo=UTC), future=True))
    assert "scheduled" not in later_site.summary() and "2024/06/later/index.html" in site.files()


def test_an_expires_date_is_validated_with_its_line(make_site, capsys):
    site = make_site({"content/a.md": article("A", "2024-05-01", expires="'next week'")})
    assert site.build() == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "content/a.md:4:10: front matter 'expires': expected an ISO 8601 date, got 'next week'\n    hint: write an ISO"
    ), err


def test_a_preview_build_says_noindex_on_every_page_and_a_build_proper_does_not(make_site):
    site = make_site({"content/a.md": article("A", "2024-05-01", ["Kyiv"]), "content/d.md": article("D", draft="true")})
    assert site.build("--drafts") == 0
    pages = sorted(site.out.rglob("*.html"))
    assert pages and all('<meta name="robots" content="noindex">' in p.read_text() for p in pages)
    assert (site.out / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert site.build() == 0  # the same site built for real: every page again, without it
    assert not any("noindex" in p.read_text() for p in site.out.rglob("*.html") if "stories" not in p.parts)
    assert "Sitemap: https://example.org/sitemap.xml" in (site.out / "robots.txt").read_text()
