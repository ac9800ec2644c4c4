"""The front matter read from a cleaned document: here, its publication date."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdigest.ingest.language import Language
from newsdigest.ingest.metadata import Defaults, published, updated_in
from newsdigest.ingest.structure import Document, Element
from newsdigest.tags import Aliases

DEFAULTS = Defaults(datetime(2030, 1, 1, tzinfo=UTC), UTC, None, None, Aliases({}), "de")
GERMAN = Language("German", "de", frozenset({"der", "die"}))
BODY = tuple(Element("paragraph", f"Wir wollen Punkt {i} erreichen, sagt die Fraktion.") for i in range(6))


def day_of(body=BODY, inside=(), trailer=(), header=("Menü",)) -> str:
    doc = Document("Beendigung", "", "", "", body, header, trailer, inside)
    return published(doc, GERMAN, DEFAULTS).date().isoformat()


def test_a_date_line_the_cleaner_left_out_inside_the_body_dates_the_article():
    """Teasers kept above the article push its date line out of the lines above the body."""
    assert day_of(inside=("Artikel", "27.10.2021")) == "2021-10-27"
    assert day_of(inside=("Video // 3. Juli 2021",)) == "2030-01-01"  # a teaser's, not a dateline: none found


def test_a_date_the_page_labels_as_the_publications_wins():
    assert day_of(inside=("27.10.2021",), trailer=("Veröffentlicht am 26.10.2021",)) == "2021-10-26"


def test_a_dateline_the_cleaner_kept_in_the_body_dates_it():
    """It stays in the body (gold texts keep it) and gives the date."""
    assert day_of(body=(*BODY, Element("heading", "Posted on July 19th, 2012"))) == "2012-07-19"


def test_a_date_printed_over_several_lines_dates_the_article():
    """A blog's calendar badge above the headline: day, month and year on lines of their own."""
    above = ("Menü", "Drucken", "23", "Jul", "2012", "18:06 Uhr", "Beendigung")
    assert day_of(header=above[::-1]) == "2012-07-23"  # a document keeps its header nearest first
    assert day_of(header=("Menü", "Seite", "23", "von", "2012")[::-1]) == "2030-01-01"  # no month: no date


def test_the_articles_own_label_wins_over_the_labelled_teasers_below_it():
    own = ("Geschrieben von A. Autor", "Veröffentlicht am 9. August 2012 von Rich Johnston in Comics")
    teasers = ("Veröffentlicht am 8. August 2012 von Rich Johnston", "Veröffentlicht am 7. August 2012 von B. Name")
    assert day_of(inside=own, trailer=teasers) == "2012-08-09"
    assert day_of(trailer=teasers) == "2012-08-08"  # teasers alone: labelled dates that differ count for nothing


def test_a_date_line_the_cleaner_kept_past_the_lead_dates_the_article():
    body = (*BODY, Element("paragraph", "19.11.2021"), *BODY)
    assert day_of(body=body) == "2021-11-19"
    prose = (*BODY, Element("paragraph", "Seit 1. Januar 2020 im Amt."), *BODY)
    assert day_of(body=prose) == "2030-01-01"  # a date the text tells of is no dateline


def test_an_update_date_printed_around_the_text():
    def changed(header=(), trailer=()):
        doc = Document("Beendigung", "", "", "", BODY, header, trailer)
        day = updated_in(doc, GERMAN, DEFAULTS)
        return day.isoformat() if day else None

    assert changed(header=("Aktualisiert am 17.01.2021, 10:20 Uhr", "Veröffentlicht am 15.01.2021")) == "2021-01-17"
    assert changed(trailer=("Zuletzt geändert: 3. Februar 2022",)) == "2022-02-03"
    teasers = ("Aktualisiert am 17.01.2021", "Aktualisiert am 12.01.2021")
    assert changed(trailer=teasers) is None  # a list of other articles' updates
    assert changed(header=("Veröffentlicht am 15.01.2021",)) is None


def test_a_date_in_the_headline_counts_after_every_line_near_the_text():
    """A scraped page whose dateline was taken for its headline."""

    def day(title, header=("Menü",)):
        doc = Document(title, "", "", "", BODY, header, ())
        return published(doc, GERMAN, DEFAULTS).date().isoformat()

    assert day("Nachrichten ( 2012-06-04 09:20:26 ) Quelle") == "2012-06-04"
    assert day("Nachrichten ( 2012-06-04 09:20:26 ) Quelle", ("05.06.2012", "Menü")) == "2012-06-05"


def test_a_timestamp_in_the_body_dates_it_when_nothing_near_the_text_does():
    stamp = Element("paragraph", "NDR Info - Das Update mit Drosten - 18.03.2020 13:15 Uhr Autor/in: K. Hennig")
    assert day_of(body=(*BODY, stamp)) == "2020-03-18"
    assert day_of(body=(*BODY, stamp), trailer=("17.03.2020",)) == "2020-03-17"  # a date line near the text first
    signed = Element("paragraph", "jeudi 13 juin 2019, par Attac France")  # a date and a byline: a dateline too
    assert day_of(body=(*BODY, signed)) == "2019-06-13"
    told = Element("paragraph", "Am 18.03.2020 hat die Regierung beschlossen, die Schulen zu schließen.")
    assert day_of(body=(*BODY, told)) == "2030-01-01"  # a date told of, no timestamp


def test_a_pronouns_contraction_is_no_tag_and_a_name_with_an_apostrophe_is():
    from newsdigest.ingest.metadata import derived_tags

    english = Language("English", "en", frozenset({"i", "the", "and", "to", "it", "with", "you"}))
    body = tuple(
        Element("paragraph", text)
        for text in (
            "Now that the storm passed, I'll share it with you, and Neil Young with it.",
            "Then I'll play it again with Conan O'Brien, and I've asked Neil Young to come.",
            "I'm sure Conan O'Brien and I'd agree, I'll say.",
        )
    )
    tags = derived_tags(Document("A song for the storm", "", "", "", body, ()), english)
    assert "Neil Young" in tags and "Conan O'Brien" in tags
    assert not {"I'll", "I've", "I'm", "I'd"} & set(tags)
