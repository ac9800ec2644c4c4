"""The last-resort date search: htmldate's extensive search, dates in words read in the
page's languages only."""

import htmldate.extractors

from newsdigest.ingest import datesearch

WORDS = "Подольски завершил карьеру в сборной Германии после матча. " * 20
PAGE = f"""<html><head><title>Подольски</title></head><body><article><p class="date">15 августа 2016, 13:43</p>
<h1>Подольски завершил карьеру</h1><p>{WORDS}</p></article></body></html>"""


def test_a_date_in_words_is_read_in_the_languages_given():
    assert datesearch.searched_date(PAGE, "", ("ru",)) == "2016-08-15"


def test_a_date_in_another_language_is_not_read():
    """Told English and German only, the Russian month is not read (htmldate falls back to
    the year), and it is not the Russian reading remembered from an earlier page either."""
    assert datesearch.searched_date(PAGE, "", ("ru",)) == "2016-08-15"
    assert datesearch.searched_date(PAGE, "", ("de",)) != "2016-08-15"
    assert datesearch.searched_date(PAGE, "", ("ru",)) == "2016-08-15"


def test_htmldate_is_left_as_it_was():
    before = htmldate.extractors.get_external_parser
    datesearch.searched_date(PAGE, "", ("ru",))
    assert htmldate.extractors.get_external_parser is before
    with datesearch.dates_in(("ru", "xx", "")):
        assert htmldate.extractors.get_external_parser is not before
        assert htmldate.extractors.get_external_parser().languages == ["en", "ru"]
    assert htmldate.extractors.get_external_parser is before
