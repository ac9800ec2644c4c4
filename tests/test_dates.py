from datetime import date

import pytest

from newsdigest.ingest.dates import find_date


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Published 2024-05-01T10:00", date(2024, 5, 1)),
        ("May 4, 2022", date(2022, 5, 4)),
        ("4 May 2022", date(2022, 5, 4)),
        ("Veröffentlicht am 12. Juni 2017 von gizzmo", date(2017, 6, 12)),
        ("26.02.2020", date(2020, 2, 26)),
        ("lundi 9 décembre 2019 à 09h08", date(2019, 12, 9)),
        ("5 de mayo de 2022", date(2022, 5, 5)),
        ("2019年6月24日", date(2019, 6, 24)),
        ("31/12/2023", date(2023, 12, 31)),
        ("19.10.19, 08:16 Uhr", date(2019, 10, 19)),
        ("28.01.22 / 0 Kommentare", date(2022, 1, 28)),
        ("18. 05. 2014 22:38", date(2014, 5, 18)),
    ],
)
def test_formats(line, expected):
    assert find_date([line]) == expected


def test_month_first_for_english_slashes():
    assert find_date(["11/08/2023"], month_first=True) == date(2023, 11, 8)
    assert find_date(["11/08/2023"], month_first=False) == date(2023, 8, 11)


def test_impossible_and_future_dates_skipped():
    assert find_date(["2024-02-30", "no date here"]) is None
    assert find_date(["2031-01-01", "2020-01-01"], today=date(2025, 1, 1)) == date(2020, 1, 1)


def test_first_line_wins():
    assert find_date(["nothing", "1 March 2021", "2 March 2021"]) == date(2021, 3, 1)


def test_two_digit_year_needs_dots_and_a_real_day():
    assert find_date(["10/19/20"]) is None  # ambiguous without a four-digit year
    assert find_date(["version 1.2.30"]) is None
    assert find_date(["32.01.22"]) is None


def test_a_name_and_a_date_glued_together_come_apart():
    from newsdigest.ingest.dates import unglued

    assert unglued("Shana Nys DambrotNovember 6, 2023") == "Shana Nys Dambrot November 6, 2023"
    assert unglued("Bettina Kugler19.10.2019, 05:00 Uhr") == "Bettina Kugler 19.10.2019, 05:00 Uhr"
    assert unglued("happyface313 and the Mayor") == "happyface313 and the Mayor"  # no date: untouched
    assert find_date(["Shana Nys DambrotNovember 6, 2023"], True) == date(2023, 11, 6)


def test_two_dates_glued_together_come_apart():
    from newsdigest.ingest.dates import unglued

    # WordPress prints the published and the updated date side by side; a time before a date
    assert unglued("17/11/201917/11/2019 ~ Cem Basman") == "17/11/2019 17/11/2019 ~ Cem Basman"
    assert unglued("2018-06-22 10:20:0022.06.2018") == "2018-06-22 10:20:00 22.06.2018"
    assert unglued("Tel. 0221.12.12.2019") == "Tel. 0221.12.12.2019"  # no year or time before it
    assert find_date(["17/11/201917/11/2019 ~ Cem Basman"]) == date(2019, 11, 17)


def test_a_date_the_page_labels_as_its_publications():
    from newsdigest.ingest.dates import labelled_date

    assert labelled_date(["Aktualisiert 03.11.2023", "Erschienen am: 01.11.2023"]) == date(2023, 11, 1)
    assert labelled_date(["Updated May 6, 2022 | Published May 4, 2022"], True) == date(2022, 5, 4)
    # the label after the date
    line = "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht und wurde unter Allgemein"
    assert labelled_date([line]) == date(2019, 11, 27)
    assert labelled_date(["Published on 3 March 2031"], today=date(2030, 1, 1)) is None  # not in the future
    assert labelled_date(["Posted in News", "4 May 2022"]) is None  # a label without a date in its line


def test_a_long_line_gives_a_labelled_date_only_when_it_opens_with_the_label():
    """A blog theme's post footer runs on past the date; prose that mentions a label does not count."""
    from newsdigest.ingest.dates import labelled_date

    footer = (
        "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht und wurde unter "
        "Allgemein, Reisen abgelegt. Du kannst die Antworten zu diesem Beitrag über den RSS 2.0 Feed verfolgen. "
        "Du kannst eine Antwort schreiben, oder einen Trackback auf deiner Seite einrichten."
    )
    assert len(footer) > 200 and labelled_date([footer]) == date(2019, 11, 27)
    prose = "The company said on Monday that the results, " * 4 + "first published on 3 May 2021, were wrong."
    assert len(prose) > 200 and labelled_date([prose]) is None


def test_stand_labels_a_date_only_where_it_opens_the_line():
    from newsdigest.ingest.dates import labelled_date

    assert labelled_date(["Stand - 12.11.2021", "(Unverändert gültig seit: 05.11.2021)"]) == date(2021, 11, 12)
    assert labelled_date(["Stand: 28.01.2022 14:05 Uhr"]) == date(2022, 1, 28)
    assert labelled_date(["EMA empfiehlt Paxlovid: https://example.org/ema (Stand: 27.1.2022)"]) is None  # a citation
    assert labelled_date(["Der Stand der Dinge am 3. März 2020"]) is None


def test_labels_on_a_list_of_other_articles_give_no_date():
    from newsdigest.ingest.dates import labelled_date

    teasers = ["Starthilfe veröffentlicht am Januar 20, 2022", "Verlosung veröffentlicht am Januar 1, 2022"]
    assert labelled_date(teasers) is None
    assert labelled_date([*teasers[:1], "Veröffentlicht: 20.01.2022"]) == date(2022, 1, 20)  # the same date twice


@pytest.mark.parametrize(
    ("line", "alone"),
    [
        ("27.10.2021", True),
        ("14.01.2022 um 09:25", True),
        ("May 4, 2022 - 10:30 am", True),
        ("Article // 31 octobre 2021", False),  # a teaser's kind and date
        ("Verlosung Januar 2022", False),  # no whole date
    ],
)
def test_a_line_that_is_a_date_and_little_else(line, alone):
    from newsdigest.ingest.dates import only_a_date

    assert only_a_date(line) is alone


@pytest.mark.parametrize(
    ("line", "either_way"),
    [("09/08/2012", True), ("11.12.12", True), ("11/29/2011", False), ("05.06.2020", False), ("12/12/2012", False)],
)
def test_a_date_that_reads_day_first_or_month_first(line, either_way):
    from newsdigest.ingest.dates import ambiguous

    assert ambiguous(line) is either_way


def test_a_bylines_date_is_the_articles_but_not_an_update():
    from newsdigest.ingest.dates import labelled_date

    byline = ["von Marc Scheloske | 20. Mai 2007 | Ergebnisse", "am 19.05.2007 in Aalen"]
    assert labelled_date(byline) == date(2007, 5, 20)
    assert labelled_date(["By Heidi Volpe on November 12, 2012 · 1 comment"], True) == date(2012, 11, 12)
    assert labelled_date(["By Alissa Wilkinson Updated Jul 24, 2018, 2:15pm EDT"], True) is None
    assert labelled_date(["by the river, 3 May 2020"]) is None  # no name after the by-word


@pytest.mark.parametrize(
    ("line", "is_dateline"),
    [
        ("Posted on July 19th, 2012", True),
        ("by Heidi Volpe on November 12, 2012 · 1 comment", True),
        ("Written on August 9, 2012 by Rich Johnston in Comics", True),
        ("Posted in News", False),  # no date
        ("By 2012, the company had posted on July 3, 2012 a loss of ten million dollars.", False),  # prose
    ],
)
def test_a_dateline(line, is_dateline):
    from newsdigest.ingest.dates import dateline

    assert dateline(line) is is_dateline


def test_a_long_line_is_no_date_line():
    from newsdigest.ingest.dates import dateline, only_a_date

    long = "27.10.2021" + " " * 5_000_000 + "."  # a date and blanks: short, it would be a date line
    assert not only_a_date(long) and not dateline(long)


def test_a_date_split_over_short_lines_is_rejoined_and_nothing_else_is():
    from newsdigest.ingest.dates import rejoined

    assert rejoined(["Print", "23", "Jul", "2012", "6:06pm, EDT"]) == ["Print", "23 Jul 2012", "6:06pm, EDT"]
    assert rejoined(["Nov 5", "2012", "Comments"]) == ["Nov 5 2012", "Comments"]
    kept = ["Home", "News", "12", "Comments", "Page 2", "of 2012", "14.01.2022", "Kommentare"]
    assert rejoined(kept) == kept  # no date made of parts that are no date together, none split again
