"""structure.py's author helpers for web pages (the text cases are in fixtures/clean/)."""

from __future__ import annotations

from newsdigest.ingest.structure import author_around, page_authors


def test_a_pages_author_field_loses_furniture_and_companies():
    assert page_authors("Condé Nast Verlag GmbH; Fiona Bornhöft; Mariam Hofbeck") == "Fiona Bornhöft; Mariam Hofbeck"
    assert page_authors("Posted") == "" and page_authors("View Comments") == ""
    assert page_authors("Jane Doe") == "Jane Doe"


def test_the_author_around_an_extracted_article():
    lines = [
        "Home",
        "World",
        "Talks resume in Geneva",
        "By Anna Schmidt | 3 May 2024",
        "Text one.",
        "Text two.",
        "Footer",
    ]
    assert author_around(lines, [4, 5]) == "Anna Schmidt"  # above the article
    signed = ["Home", "Talks resume", "Text one.", "Text two.", "Peter Maahn", "Impressum"]
    assert author_around(signed, [2, 3]) == "Peter Maahn"  # a signature right below it
    owned = ["Home", "Text one.", "Text two.", "Share", "Tags", "More", "© 2020 - Bernhard Sgoda"]
    assert author_around(owned, [1, 2]) == "Bernhard Sgoda"  # the copyright holder, last
    assert author_around(["By Anna Schmidt"] + [f"menu {i}" for i in range(25)] + ["Text."], [26]) == ""  # out of reach
    # A byline the extractor left out between its first blocks, nearer than the page's top.
    lead = ["Home", "Von Redaktion Web", "Talks resume", "The lead.", "Von Tobias Kuske", "Text one.", "Text two."]
    assert author_around(lead, [3, 5, 6]) == "Tobias Kuske"
    # ... but not one deep in the article (a quoted letter, a comment), past its first blocks.
    deep = ["Home", "Talks resume", *[f"Text {i}." for i in range(6)], "Von Tobias Kuske", "Text 7."]
    assert author_around(deep, [2, 3, 4, 5, 6, 7, 9]) == ""


def test_a_by_word_must_end_where_the_name_begins():
    from newsdigest.ingest.structure import find_author

    assert find_author(["filter_none WEITERE BEITRÄGE ZU DIESEM ARTIKEL"]) == ""  # not "ESEM ARTIKEL"
    assert find_author(["Von Tobias Kuske"]) == "Tobias Kuske"
    assert find_author(["Redaktion: Max Muster"]) == "Max Muster"


def test_several_authors_as_the_page_prints_them():
    from newsdigest.ingest.structure import as_printed

    byline = ["Home", "Von Benjamin Fischer und Marcus Theurer, London"]
    assert as_printed("Benjamin Fischer; Marcus Theurer", byline) == "Benjamin Fischer und Marcus Theurer"
    assert (
        as_printed("Rudolf Fischer; Simon Kohler", ["Rudolf Fischer, Simon Kohler"]) == "Rudolf Fischer, Simon Kohler"
    )
    # the publisher the metadata adds, which the byline leaves out, goes
    publisher = as_printed("Condé Nast; Fiona Bornhöft; Mariam Hofbeck", ["Von Fiona Bornhöft und Mariam Hofbeck"])
    assert publisher == "Fiona Bornhöft und Mariam Hofbeck"
    assert as_printed("Anna Berg; Carl Dahl", ["Anna Berg wrote to Carl Dahl"]) == "Anna Berg; Carl Dahl"  # no byline
    assert as_printed("Jane Doe", ["Jane Doe and friends"]) == "Jane Doe"
    many = "; ".join(f"Author Number{i}" for i in range(5000))  # a hostile page's metadata
    assert as_printed(many, ["Author Number1 and Author Number2"] * 20000) == many


def test_comment_headers_photo_credits_and_domains_are_no_authors():
    from newsdigest.ingest.structure import plausible_name

    assert not plausible_name("Art Edwards says") and not plausible_name("Stephangoeldi Said")
    assert not plausible_name("Josh Willink von Pexels")
    assert not plausible_name("Finanztreff De") and not plausible_name("Hessenschau De")
    assert plausible_name("Anna de Vries") and plausible_name("Emily Co") and plausible_name("Marco Di Costa")
    # a furniture word counts where a word starts: "respond" is no comment in "Correspondents"
    assert plausible_name("EUToday Correspondents") and not plausible_name("View Comments")
    # a blog's furniture: its list of posts, its engine, itself
    assert not plausible_name("Neueste Beiträge") and not plausible_name("MoinMoin Powered")
    assert not plausible_name("Dieses Weblog")


def test_a_bylines_name_loses_the_words_glued_on_after_it():
    from newsdigest.ingest.structure import trimmed_name

    assert trimmed_name("Martin Jendrischik On") == "Martin Jendrischik"
    assert trimmed_name("Anna Berg und") == "Anna Berg"
    assert trimmed_name("Ursula von der Leyen") == "Ursula von der Leyen"
    # wherever a byline is read: the By-rule's line and a byline found above the text alike
    from newsdigest.ingest.structure import find_author

    assert find_author(["By Martin Jendrischik On 12. Dezember 2022", "Text."]) == "Martin Jendrischik"


def test_bylines_as_scrapers_and_templates_leave_them():
    from newsdigest.ingest.structure import find_author

    # a by-word glued to the name, a label on its own line with a role after the name
    assert find_author(["Email", "Geschrieben vonElisa Marvena"]) == "Elisa Marvena"
    assert find_author(["Posted byJohn Smith"]) == "John Smith"
    assert find_author(["Autor*in", "Brit Weirich (Medizinredakteurin. M.A. Mehrsprachige Kommunikation)"]) == (
        "Brit Weirich"
    )
    # a date, then a dash, then the name
    assert find_author(["Variablen und ihr Zuhause", "11.12.2019 - Amelie Loevenich"]) == "Amelie Loevenich"
    # ... but a quoted tweet's signature is nobody's byline, nor a book's editor
    assert find_author(["— Radu Oncescu (@oncescuradu) November 3, 2023"]) == ""
    assert find_author(["— Radu Oncescu November 3, 2023"]) == ""
    assert find_author(["Nikole Hannah-Jones (Hrsg.) • 1619"]) == ""
    assert find_author(["Abby Jones wrote this"]) == ""  # "by" inside a word glues nothing
    # a menu item with a year is no name beside a date; a byline's date is a day or a time
    assert find_author(["AMP Conf 2019", "AMP Contributor Summit 2019", "AMP Roadshow"]) == ""
    assert find_author(["Spontis Family Treffen", "Gothic Friday", "Übersicht 2011"]) == ""
    assert find_author(["Marie Merlet | lundi 9 décembre 2019"]) == "Marie Merlet"
    assert find_author(["August 23, 2020", "Leah C. Stokes"]) == "Leah C. Stokes"
    assert find_author(["Patrick Danowski 06 PM | 18 Mai"]) == "Patrick Danowski"  # a 12-hour time
    # a blog template's comment prompt closing the byline line
    assert find_author(["Posted on March 5, 2019 by John Smith Leave a comment"]) == "John Smith"
    assert find_author(["26. September 2019 Ulrike Stockhausen Schreibe einen Kommentar"]) == "Ulrike Stockhausen"
    assert find_author(["12. März 2020 von Anna Berg Kommentar schreiben"]) == "Anna Berg"
    # a name and its role
    assert find_author(["John Smith, Staff Writer"]) == "John Smith"
    assert find_author(["Anna Berg, Korrespondentin in Paris"]) == "Anna Berg"
    assert find_author(["Max Muster – Redakteur"]) == "Max Muster"
    assert find_author(["Breaking News Editor"]) == "" and find_author(["Letters to the Editor"]) == ""


def test_a_pages_author_field_without_roles():
    from newsdigest.ingest.structure import page_authors

    # trafilatura splits "By Anna Berg, Staff Writer" at the comma: the role is no author
    assert page_authors("Anna Berg; Staff Writer") == "Anna Berg"
    assert page_authors("Anna Berg, Staff Writer") == "Anna Berg"
    assert page_authors("Jane Doe; Senior Editor") == "Jane Doe"
    assert page_authors("Anna Berg; Max Muster") == "Anna Berg; Max Muster"


def test_a_line_opening_with_a_date_is_no_numbered_item():
    """``16. Dezember 2019`` is a date line (it dates the article), not item 16 of a list."""
    from newsdigest.ingest.structure import element
    from newsdigest.ingest.write import body_markdown

    assert element("16. Dezember 2019", "Der Text.").text == "16. Dezember 2019"  # (a short line: a heading)
    date_line = element("16. Dezember 2019", None)
    assert (date_line.kind, date_line.text) == ("paragraph", "16. Dezember 2019")
    assert body_markdown([date_line]) == "16\\. Dezember 2019\n"  # written so that Markdown reads no list either
    item = element("3. Mai fällt auf einen Montag.", None)
    assert (item.kind, item.number, item.text) == ("number", 3, "Mai fällt auf einen Montag.")  # no year: an item
