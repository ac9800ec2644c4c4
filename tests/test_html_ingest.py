"""Saved web pages: the seeds wrapped in real blog and news templates ingest to the same
body as the plain-text seeds; the page's metadata wins; nothing of the markup gets in."""

import html
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdigest.config import parse_config
from newsdigest.ingest import datesearch, language
from newsdigest.ingest import html as page_html
from newsdigest.ingest.blocks import Block
from newsdigest.ingest.boilerplate import block_probabilities, classify_one, match_lines, rules_only
from newsdigest.ingest.pipeline import Cleaner, IngestOptions
from newsdigest.ingest.read import read_text
from newsdigest.ingest.rules import active_rules

HERE = Path(__file__).parent
SEEDS = sorted((HERE / "fixtures" / "seeds").glob("*.txt"))
TEMPLATES = sorted((HERE / "fixtures" / "html").glob("*.html"))
RULES = active_rules()


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(parse_config("", HERE), IngestOptions(into=HERE / "unused"), now=datetime(2024, 6, 1, tzinfo=UTC))


def wrap(template: Path, title: str, description: str, lines: list[str]) -> bytes:
    """A seed's lines as the paragraphs of a post in a saved page made from ``template``."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = (
        template.read_text(encoding="utf-8")
        .replace("{{title}}", html.escape(title))
        .replace("{{description}}", html.escape(description))
        .replace("{{title_json}}", json.dumps(title)[1:-1])
        .replace("{{description_json}}", json.dumps(description)[1:-1])
        .replace("{{body}}", body)
    )
    return page.encode("utf-8")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_in_a_template_gives_the_text_seeds_body(cleaner, seed, template):
    data = seed.read_bytes()
    text = cleaner.clean_text(data, seed.name)
    lines = [line.strip() for line in read_text(data).splitlines() if line.strip() and line.strip() != text.meta.title]
    page = cleaner.clean(wrap(template, text.meta.title, text.meta.description, lines), template.name)
    assert page.body == text.body
    assert page.meta.title == text.meta.title


def test_page_metadata_wins_over_text(cleaner):
    seed = SEEDS[0]
    text = cleaner.clean_text(seed.read_bytes(), seed.name)
    lines = read_text(seed.read_bytes()).splitlines()
    wp = cleaner.clean(wrap(HERE / "fixtures/html/wordpress.html", text.meta.title, "A dek.", lines), "p.html").meta
    assert wp.author == "Jane Doe"
    assert wp.date == datetime(2024, 6, 1, tzinfo=UTC)
    assert wp.description == "A dek."
    assert wp.source is not None and wp.source.name == "The Daily Brief"
    assert wp.source.url == "https://dailybrief.example/2024/06/01/story/"  # utm_* gone
    assert wp.section == "World"
    cms = cleaner.clean(wrap(HERE / "fixtures/html/newscms.html", text.meta.title, "A dek.", lines), "p.html").meta
    assert cms.author == "Maria Rossi"
    assert cms.image == "https://cdn.globalwire.example/img/story-123456.jpg"
    assert cms.source is not None and cms.source.url == "https://globalwire.example/world/2024/06/01/story-123456"


@pytest.mark.parametrize(
    ("modified", "expected"),
    [
        ("2024-05-30T09:30:00Z", datetime(2024, 5, 30, tzinfo=UTC)),
        ("2024-05-20T11:45:00Z", None),  # the day it was published
        ("2024-06-03T09:30:00Z", None),  # after now
    ],
)
def test_a_later_modification_date_is_written_as_updated(cleaner, modified, expected):
    """The page's dateModified, when on a later day than its publication; the same day's is no update."""
    seed = SEEDS[0]
    text = cleaner.clean_text(seed.read_bytes(), seed.name)
    lines = read_text(seed.read_bytes()).splitlines()
    data = wrap(HERE / "fixtures/html/newscms.html", text.meta.title, "A dek.", lines)
    data = data.replace(b'"dateModified":"2024-06-01T11:45:00Z"', f'"dateModified":"{modified}"'.encode())
    for old, new in ((b"2024-06-01T08", b"2024-05-20T08"), (b"2024/06/01", b"2024/05/20"), (b"June 1,", b"May 20,")):
        data = data.replace(old, new)  # published on May 20; the cleaner's now is June 1
    meta = cleaner.clean(data, "p.html").meta
    assert meta.date == datetime(2024, 5, 20, tzinfo=UTC)
    assert meta.updated == expected


def test_an_update_date_printed_by_the_article_is_written_when_the_metadata_has_none(cleaner):
    seed = SEEDS[0]
    text = cleaner.clean_text(seed.read_bytes(), seed.name)
    lines = read_text(seed.read_bytes()).splitlines()
    data = wrap(HERE / "fixtures/html/newscms.html", text.meta.title, "A dek.", lines)
    data = data.replace(b'"dateModified":"2024-06-01T11:45:00Z",', b"")
    data = data.replace(b"Updated 3 hours ago", b"Updated May 28, 2024")  # in the byline, above the text
    for old, new in ((b"2024-06-01T08", b"2024-05-20T08"), (b"2024/06/01", b"2024/05/20"), (b"June 1,", b"May 20,")):
        data = data.replace(old, new)  # published on May 20
    meta = cleaner.clean(data, "p.html").meta
    assert meta.date == datetime(2024, 5, 20, tzinfo=UTC)
    assert meta.updated == datetime(2024, 5, 28, tzinfo=UTC)


HOSTILE = """<!doctype html><html><head><title>Hostile page headline here</title>
<meta property="og:title" content="Hostile page headline here"></head><body><article>
<h1>Hostile page headline here</h1>
<p>The first paragraph of the article has enough words to be the article, and it links to
<a href="javascript:alert(1)">a script</a> and to <a href="/about?utm_source=x&amp;id=7#top">our about page</a>.</p>
<script>alert("x")</script><iframe src="https://evil.example/"></iframe>
<p onclick="alert(2)">A second paragraph carries an event handler on its element, which must not survive anywhere, and
some <b>bold</b> text and the sum 2*3 &lt; 7 written as text, with [brackets] in it.</p>
<form action="/steal"><input name="q"></form>
<p>A third paragraph says what the story is about at some length, so that the extractor is sure this is an article and
keeps it whole, with a sentence or two more than it needs.</p>
</article></body></html>"""


def test_markup_never_survives(cleaner):
    out = cleaner.clean(HOSTILE.encode(), "hostile.html", url="https://news.example/a/b.html").text
    body = out.split("\n---\n", 1)[1]
    assert "javascript" not in out and "<script" not in out and "iframe" not in out and "onclick" not in out
    assert "some bold text and the sum 2\\*3 \\< 7 written as text, with \\[brackets\\] in it." in body
    assert "[our about page][]" in body
    assert "[our about page]: <https://news.example/about?id=7>" in body


def test_bidirectional_controls_never_reach_a_content_file(cleaner):
    """A headline written to read otherwise than it is (``Evil \u202egnp.exe``, shown as
    ``Evil exe.png``) comes out as its characters are, in the headline, byline and body."""
    page = HOSTILE.replace("Hostile page headline here", "Invoice \u202egnp.exe here").replace(
        "A third paragraph", "A \u2066third\u2069 paragraph \u200f"
    )
    page = page.replace("<head>", '<head><meta name="author" content="Ann \u202eBerg">')
    out = cleaner.clean(page.encode(), "bidi.html").text
    assert "title: Invoice gnp.exe here" in out
    assert "A third paragraph" in out
    assert not any(ch in out for ch in "\u202e\u2066\u2069\u200f")


def test_reference_links_render_as_links(make_site, cleaner):
    body = cleaner.clean(HOSTILE.encode(), "hostile.html", url="https://news.example/a/b.html").text
    site = make_site({"content/hostile.md": body})
    assert site.build() == 0
    page = next(p for p in site.out.rglob("index.html") if "hostile" in str(p) and "stories" not in str(p))
    text = page.read_text(encoding="utf-8")
    assert '<a href="https://news.example/about?id=7">our about page</a>' in text
    assert "<script>alert" not in text and "onclick" not in text
    assert "the sum 2*3 &lt; 7 written as text, with [brackets] in it." in text


LINKED = """<!doctype html><html><head><title>Council approves the new harbour plan</title></head><body>
<aside><p>Topics: <a href="/tag/harbour">Harbour</a> <a href="/tag/media">Medien</a>
and <a href="/w">the</a> rest</p></aside>
<article><h1>Council approves the new harbour plan</h1>
<p>The council approved the plan for the Harbour on Monday after a long debate, and the mayor said that
the work on the <a href="https://example.org/quay">old quay</a> would start in the spring of next year.</p>
<p>Other members said the Medienkonzerne had covered the debate badly, and there will be another vote on the
harbour budget in the autumn, when the costs of the old quay are known to the last cent.</p>
<p>A third paragraph says what the story is about at some length, so that the extractor is sure this is an
article and keeps it whole, with a sentence or two more than it needs to.</p>
</article></body></html>"""


def test_a_link_stays_in_its_own_paragraph(cleaner):
    """A link is put where the page had it: never on the same words in another paragraph
    (a tag cloud's "Harbour"), nor inside a word ("Medien" in "Medienkonzerne")."""
    body = cleaner.clean(LINKED.encode(), "linked.html", url="https://news.example/a.html").text.split("\n---\n", 1)[1]
    assert "[old quay][]" in body and "[old quay]: <https://example.org/quay>" in body
    assert body.count("[old quay]") == 2  # once in the text (first paragraph only), once defined
    assert "[Harbour]" not in body and "[Medien]" not in body and "[the]" not in body


class LowOn:
    """A stand-in for the learned cleaner: lines holding ``words`` are surely not article text."""

    threshold = 0.5

    def __init__(self, words: str) -> None:
        self.words = words

    def probabilities(self, lines, language):
        return [0.01 if self.words and self.words in x.text else 0.9 for x in lines]


def test_blocks_are_matched_to_the_page_in_order_and_read_by_the_learned_cleaner():
    lang = language.detect("The talks went on. The ministers met.")
    visible = ["Menu", "The talks went on.", "Menu", "Share", "The ministers met."]
    texts = ["The talks went on.", "menu", "The ministers met.", "Not on the page", "Share"]
    # "menu" is matched to the second Menu (after the line before it), "Share" to nothing after
    # the ministers' line, the line not on the page to nothing.
    matched = match_lines(texts, visible)
    assert matched == {0: 1, 1: 2, 2: 4}
    assert block_probabilities(matched, visible, lang, RULES, LowOn("Menu")) == {0: 0.9, 1: 0.01, 2: 0.9}


def test_an_end_marker_does_not_end_an_article_the_learned_cleaner_sees_going_on():
    lang = language.detect("The talks went on. The ministers met.")
    lines = ["One.", "Two.", "Three.", "Related stories", "The text goes on here.", "And on."]
    blocks = [Block(i, t, i + 1) for i, t in enumerate(lines)]
    going_on = {0: 0.9, 1: 0.9, 2: 0.9, 3: 0.2, 4: 0.8, 5: 0.7}
    kept = [c.block.text for c in rules_only(blocks, lang, RULES, going_on).body]
    assert kept == ["One.", "Two.", "Three.", "The text goes on here.", "And on."]  # the marker itself goes
    teasers = {**going_on, 4: 0.3, 5: 0.4}
    assert [c.block.text for c in rules_only(blocks, lang, RULES, teasers).body] == ["One.", "Two.", "Three."]
    assert [c.block.text for c in rules_only(blocks, lang, RULES).body] == ["One.", "Two.", "Three."]


@pytest.mark.parametrize(
    ("last", "kept"),
    [
        ("Diese Artikel könnten dich auch interessieren:", False),  # the next post's title: goes
        ("Ten things to know about the summit", False),
        ('Herzlichen Dank, kein Interesse. Oder, mit Reinhard Mey: "Nein, meine Tochter geb\' ich nicht!"', True),
        ("Aus: Das Brandenbuch. Ein Land in Stichworten. Potsdam 2015", True),  # a sentence inside
        ("正是有了英勇的你们，才有这座英雄的城！（评论员 罗博 萧海川）", True),  # a CJK sentence end
    ],
)
def test_a_last_line_shaped_like_a_headline_goes_unless_a_sentence_is_in_it(last, kept):
    lang = language.detect("The talks went on. The ministers met. Die Gespräche gingen weiter.")
    lines = ["One went on.", "Two went on.", "Three went on.", "Four went on.", last]
    body = [c.block.text for c in rules_only([Block(i, t, i + 1) for i, t in enumerate(lines)], lang, RULES).body]
    assert (body[-1] == last) is kept


def test_a_line_a_drop_rule_hits_stays_when_the_learned_cleaner_is_sure_it_is_article_text():
    lang = language.detect("The talks went on. The ministers met.")
    prose = "Home prices have recovered from the lows of the crisis in 22 of the 24 states."
    lines = ["One went on.", prose, "Two went on.", "Three went on."]
    blocks = [Block(i, t, i + 1) for i, t in enumerate(lines)]
    assert classify_one(blocks[1], lang, RULES).rule.name == "breadcrumb"  # "Home ..." reads as one
    kept = lambda p: [c.block.text for c in rules_only(blocks, lang, RULES, {0: 0.9, 1: p, 2: 0.9, 3: 0.9}).body]
    assert prose in kept(0.95)
    assert prose not in kept(0.6)
    assert prose not in [c.block.text for c in rules_only(blocks, lang, RULES).body]  # no model: the rule


def test_what_the_extractor_keeps_and_the_learned_cleaner_is_sure_of_goes(cleaner):
    page = HOSTILE.replace(
        "<form", "<p>Sponsored words that the extractor keeps inside the article, as it often does with them.</p><form"
    )
    config, options = parse_config("", HERE), IngestOptions(into=HERE / "unused")
    veto = Cleaner(config, options, now=datetime(2024, 6, 1, tzinfo=UTC), model=LowOn("Sponsored"))
    assert "Sponsored words" not in veto.clean(page.encode(), "p.html").body
    assert "A third paragraph" in veto.clean(page.encode(), "p.html").body
    keep = Cleaner(config, options, now=datetime(2024, 6, 1, tzinfo=UTC), model=LowOn(""))
    assert "Sponsored words" in keep.clean(page.encode(), "p.html").body
    assert "Sponsored words" in cleaner.clean(page.encode(), "p.html").body  # the shipped model keeps it


GENF = "<p>Die Minister trafen sich am Montag in Genf, um die Gespräche wieder aufzunehmen, die im Frühjahr ins \
Stocken geraten waren, und beide Seiten sagten, die erste Sitzung sei besser verlaufen als erwartet.</p>"


@pytest.mark.parametrize(
    "top", ['<div class="meta">Von Anna Schmidt | 03.05.2024</div>', "<div>Anna Schmidt</div><div>3. Mai 2024</div>"]
)
def test_a_byline_the_extractor_leaves_out_is_read_around_the_article(cleaner, top):
    page = f"""<html><head><title>Gespräche in Genf</title></head><body><div class="wrap">
    <h2>Gespräche in Genf wieder aufgenommen</h2>{top}<article>{GENF * 4}</article></div>
    <footer><p>Impressum</p></footer></body></html>"""
    assert page_html.extract(page).meta.author == ""  # trafilatura finds none
    assert cleaner.clean(page.encode(), "p.html").meta.author == "Anna Schmidt"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("3. Mai 2024", "2024-05-03"),
        ("Anna Schmidt, 3. Mai 2023", "2024-05-02"),
        ("", "2024-05-02"),
        ("3. Mai 2023", "2023-05-03"),
        ("Anna Schmidt, veröffentlicht am 3. Mai 2023", "2023-05-03"),
        ("04/05/2023", "2024-05-02"),
        ("1. Mai 2023</div><div>3. Mai 2023", "2024-05-02"),
    ],
    ids=["a-day-off", "far-off", "none", "far-off-alone", "far-off-labelled", "ambiguous", "teasers-dates"],
)
def test_the_date_printed_by_the_article_wins_over_metadata_a_few_days_off(cleaner, printed, expected):
    """Metadata often gives the time in UTC (late on the 2nd is the 3rd where the paper
    prints it) or when the page was indexed or changed; a printed date far from it is another
    story's, unless the page says it is the article's: a line of its own above the text (one
    such line, in a form that reads one way) or labelled as the publication's."""
    page = f"""<html><head><title>Gespräche in Genf</title>
    <meta property="article:published_time" content="2024-05-02T22:30:00+00:00"></head><body><div class="wrap">
    <h2>Gespräche in Genf wieder aufgenommen</h2><div class="meta">{printed}</div><article>{GENF * 4}</article></div>
    <footer><p>Impressum</p></footer></body></html>"""
    assert page_html.extract(page).meta.date == "2024-05-02"
    assert cleaner.clean(page.encode(), "p.html").meta.date.date().isoformat() == expected


NAV = "".join(f"<li><a href='/r{i}'>Rubrik Nummer {i}</a></li>" for i in range(30))


@pytest.mark.parametrize("printed", ["Sonntag, 14. März 2021", "14.03.2021", "March 14, 2021"])
def test_a_date_printed_far_from_the_article_is_searched_for_when_nothing_else_gives_one(cleaner, monkeypatch, printed):
    """No date in the metadata or beside the article: htmldate's extensive search of the
    whole page (slow, so only then) finds the one in the footer."""
    page = f"""<html><head><title>Gespräche in Genf</title></head><body><ul>{NAV}</ul>
    <article><h1>Gespräche in Genf wieder aufgenommen</h1>{GENF * 4}</article><ul>{NAV}</ul>
    <p>Zuletzt {printed}</p></body></html>""".encode()
    assert page_html.extract(page.decode()).meta.date == ""  # trafilatura's quick search finds none
    assert cleaner.clean(page, "p.html").meta.date.date().isoformat() == "2021-03-14"
    monkeypatch.setattr(datesearch, "searched_date", lambda *args: "")
    assert cleaner.clean(page, "p.html").meta.date.date().isoformat() == "2024-06-01"  # (now)


def test_a_page_that_states_its_date_is_not_searched(cleaner, monkeypatch):
    import htmldate

    def refuse(*args, **kwargs):
        raise AssertionError("searched a page that states its date")

    monkeypatch.setattr(htmldate, "find_date", refuse)
    page = f"""<html><head><title>Gespräche in Genf</title>
    <meta property="article:published_time" content="2024-05-02T10:30:00+00:00"></head><body>
    <article><h1>Gespräche in Genf wieder aufgenommen</h1>{GENF * 4}</article></body></html>"""
    assert cleaner.clean(page.encode(), "p.html").meta.date.date().isoformat() == "2024-05-02"


def test_text_loose_between_the_extractors_blocks_is_kept():
    from lxml import etree

    body = etree.fromstring(
        '<body>Before all.<head rend="h2">Weltraum-Filme satt!</head>In einem Trailer wird <hi>dafür</hi> '
        "geworben.<p>Ein Absatz.</p>Zum Schluss.</body>"
    )
    blocks = [(b.kind, b.text) for b in page_html._blocks_of(body, "")]
    assert blocks == [
        ("paragraph", "Before all."),
        ("heading", "Weltraum-Filme satt!"),
        ("paragraph", "In einem Trailer wird dafür geworben."),
        ("paragraph", "Ein Absatz."),
        ("paragraph", "Zum Schluss."),
    ]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://ex.org/a?utm_source=x&id=3&fbclid=y#frag", "https://ex.org/a?id=3"),
        ("/b/c?gclid=1", "https://base.example/b/c"),
        ("javascript:alert(1)", ""),
        ("data:text/html,<b>x</b>", ""),
        ("mailto:a@b.c", ""),
        ("//cdn.example/x.png", "https://cdn.example/x.png"),
    ],
)
def test_clean_url(url, expected):
    assert page_html.clean_url(url, "https://base.example/a/") == expected


def test_charset_header_then_meta_then_utf8():
    latin = "<html><head><meta charset='utf-8'></head><body>Café</body></html>".encode("cp1252")
    assert "Café" in page_html.decode_html(latin, "windows-1252")  # the header wins over a wrong meta
    meta = "<html><head><meta charset='iso-8859-1'></head><body>Café</body></html>".encode("cp1252")
    assert "Café" in page_html.decode_html(meta)
    assert "Café" in page_html.decode_html("<p>Café</p>".encode(), "no-such-charset")


def test_sniff_and_names():
    assert page_html.sniff(b"\xef\xbb\xbf  <!DOCTYPE html><html>")
    assert page_html.sniff(b"<!-- saved --><html lang=en>")
    assert not page_html.sniff(b"Just a text file about <html> tags")
    assert page_html.is_html_name("x.HTML.gz") and not page_html.is_html_name("x.txt")


def test_gzipped_page_is_read_and_bomb_refused(cleaner, tmp_path):
    import gzip

    page = cleaner.clean(gzip.compress(HOSTILE.encode()), "p.html.gz")
    assert page.meta.title == "Hostile page headline here"
    bomb = gzip.compress(b"<html>" + b" " * (page_html.MAX_HTML_BYTES + 10))
    with pytest.raises(ValueError, match="MiB"):
        cleaner.clean(bomb, "bomb.html.gz")


def test_an_anchor_is_found_only_as_whole_words():
    from newsdigest.ingest.html import _whole_word_at

    assert _whole_word_at("Medienkonzernen und Medien", "Medien") == 20  # not inside the compound
    assert _whole_word_at("the plan_b and plan", "plan") == 15  # "_" is a word character
    assert _whole_word_at("Київська влада, Київ", "Київ") == 16
    assert _whole_word_at("(the plan) ends", "(the plan)") == 0
    assert _whole_word_at("planned", "plan") == -1 and _whole_word_at("", "plan") == -1


def test_an_extraction_that_is_all_boilerplate_falls_back_to_the_pages_text(cleaner):
    """The extractor took only a blog's PHP warnings, which our rules drop: the article is
    found in the page's visible text instead of "no article"."""
    from newsdigest.models import Provenance

    warning = "Warning: Use of undefined constant comments - assumed 'comments' in /www/comments.php on line 12"
    story = [f"Die Minister trafen sich in Genf, Runde {i}, um die Gespräche wieder aufzunehmen." for i in range(6)]
    page = page_html.Page(
        blocks=(page_html.HtmlBlock("paragraph", warning),) * 2,
        meta=page_html.PageMeta(title="Gespräche in Genf"),
        visible=("Startseite", "Gespräche in Genf", *story, warning, warning, "Impressum"),
    )
    got = cleaner.clean_page(page, Provenance(file="p.html", sha256="0" * 64))
    assert "Runde 0" in got.text and "Runde 5" in got.text
    assert "Warning" not in got.text


@pytest.mark.parametrize(
    "notice", ["<!-- TYPO3 is copyright 1998-2022 of Kasper Skaarhoj -->", "<p>© 1998 Beispiel GmbH</p>"]
)
def test_a_copyright_year_is_no_articles_date(cleaner, notice):
    """htmldate's last resort reads a copyright's year as 1 January of it: the ingest day instead."""
    page = f"""<html><head><title>Gespräche in Genf</title></head><body><ul>{NAV}</ul>
    <article><h1>Gespräche in Genf wieder aufgenommen</h1>{GENF * 4}</article><ul>{NAV}</ul>
    {notice}</body></html>"""
    assert datesearch.searched_date(page, "", ("de",)) == ""
    assert cleaner.clean(page.encode(), "p.html").meta.date.date().isoformat() == "2024-06-01"


def test_the_date_search_reads_dates_in_the_language_the_words_are_in(cleaner):
    """A Russian page whose markup names no language: its words say Russian, so the search
    reads the date written in Russian (dateparser is told the language, not every one)."""
    body = "<p>" + "Подольски завершил карьеру в сборной Германии после матча с командой Финляндии. " * 8 + "</p>"
    page = f"""<html><head><title>Подольски завершил карьеру</title></head><body><article>
    <p class="date">15 августа 2016, 13:43</p><h1>Подольски завершил карьеру</h1>{body}</article></body></html>"""
    assert cleaner.clean(page.encode(), "p.html").meta.date.date().isoformat() == "2016-08-15"
