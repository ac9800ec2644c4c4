"""Which of a page's own titles is the headline (pagetitle.py)."""

from __future__ import annotations

from lxml import html as lxml_html

from newsdigest.ingest import pagetitle


def titles(page: str) -> pagetitle.Titles:
    return pagetitle.read(lxml_html.document_fromstring(page))


def test_the_h1_the_title_confirms_wins_over_a_social_rewrite():
    page = """<html><head><title>Der Nervenkrieg um den Brexit geht weiter - Zeitung</title>
    <meta property="og:title" content="Brexit: Nervenkrieg geht weiter"></head>
    <body><h1>Der Nervenkrieg um den Brexit geht weiter</h1><p>Text.</p></body></html>"""
    assert (
        pagetitle.headline(titles(page), "Brexit: Nervenkrieg geht weiter")
        == "Der Nervenkrieg um den Brexit geht weiter"
    )


def test_a_logo_a_site_name_and_navigation_are_not_headlines():
    page = """<html><head><title>Norddeutschland findet seine Meister - Berliner Verband</title>
    <meta property="og:site_name" content="Berliner Verband"></head><body>
    <div class="site-logo"><h1>Quick Links For The Reader</h1></div><h1>Navigation</h1>
    <h1>Berliner Verband</h1><h1><a href="/">Home Of Sport</a></h1><p>Text.</p></body></html>"""
    t = titles(page)
    assert [chrome for _, chrome in t.h1s] == [True, False, False, True]
    assert pagetitle.headline(t, "") == "Norddeutschland findet seine Meister"  # the title's first part
    assert pagetitle.headline(t, "From The Extractor") == "From The Extractor"


def test_the_only_h1_stands_when_no_other_title_confirms_it():
    page = """<html><head><title>Kind krank? | impulse</title></head><body><article>
    <header class="entry-header"><h1>Was Arbeitgeber wissen müssen</h1></header><p>Text.</p>
    </article></body></html>"""
    t = titles(page)
    assert t.h1s == (("Was Arbeitgeber wissen müssen", False),)  # a header inside the article is not chrome
    assert pagetitle.headline(t, "Kind krank?") == "Was Arbeitgeber wissen müssen"


def test_a_lone_h1_beside_the_sites_own_heading_is_not_trusted():
    page = """<html><head><title>A Faster Way to Message</title></head><body>
    <header><h1>The Facebook Blog</h1></header><h1>Science And Environment News</h1></body></html>"""
    assert pagetitle.headline(titles(page), "A Faster Way to Message") == "A Faster Way to Message"


BLOG = """<html><head><title>{title}</title></head><body>
<div id="header-wrapper"><h1><a href="/">Free Range Librarian</a></h1></div>
<div id="sidebar"><h2>Blog Archive</h2><h2>About Me</h2></div>
<div class="post"><h2 class="date-header">Friday, November 2, 2012</h2>
<h3 class="post-title">The Reluctant Cataloger</h3><p>Text.</p></div></body></html>"""


def test_a_blogs_post_title_under_the_blogs_name_is_the_headline():
    """Blogs title a post with an h2 or h3 under an h1 that is the blog's name: the first
    such heading the page's title holds is the headline, before the extractor's guess."""
    t = titles(BLOG.format(title="Free Range Librarian › The Reluctant Cataloger"))
    assert [text for text, _ in t.subheads][-1] == "The Reluctant Cataloger"
    assert pagetitle.headline(t, "Free Range Librarian") == "The Reluctant Cataloger"


def test_a_subheading_the_title_does_not_hold_is_not_the_headline():
    t = titles(BLOG.format(title="Free Range Librarian › A Post Renamed Later"))
    assert pagetitle.headline(t, "From The Extractor") == "From The Extractor"


def test_an_h1_the_title_confirms_goes_before_any_subheading():
    page = BLOG.format(title="The Reluctant Cataloger Returns › The Reluctant Cataloger").replace(
        '<h1><a href="/">Free Range Librarian</a></h1>', "<h1>The Reluctant Cataloger Returns</h1>"
    )
    t = titles(page)
    assert pagetitle.headline(t, "") == "The Reluctant Cataloger Returns"
