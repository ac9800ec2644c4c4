"""The last resort for a page's date: htmldate's extensive search of the whole page, for a
page whose metadata states no date and that prints none beside its article.

htmldate hands a date written in words (``15 августа 2016``, ``le 3 mars 2019``) to
dateparser, which, told no language, tries every one of its 205 on each string: it loads
each language's data the first time it tries it (7 s for the first such page in a process
here; a cron run that ingests a few pages is such a process every time) and asks every
loaded language on every later string (0.1-0.3 s a page). Told the languages the page can
be in (what its markup says, what its words are, and English), it loads those alone: the
same dates on the pages measured (README, "Dates from the page").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

# htmldate's own dateparser settings (htmldate.extractors.get_external_parser), kept so that a
# date parses the same as with htmldate's parser, only fewer languages are asked.
SETTINGS = {
    "NORMALIZE": True,
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DATES_FROM": "past",
    "PREFER_LOCALE_DATE_ORDER": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}


def searched_date(source: str, url: str = "", languages: Iterable[str] = ()) -> str:
    """The date htmldate's extensive search finds anywhere in the page's HTML
    (``YYYY-MM-DD``, or ""); ``languages``: ISO 639-1 codes the page may be in."""
    if not source:
        return ""
    from htmldate import find_date

    try:
        with dates_in(languages):
            found = find_date(source, extensive_search=True, original_date=True, url=url or None)
    except Exception:  # htmldate on a page it cannot read: no date, as when it finds none
        return ""
    if found and found.endswith("-01-01") and _copyright(found[:4]).search(source):
        return ""  # htmldate's last resort, a copyright's year as 1 January: no article's day
    return found or ""


@contextmanager
def dates_in(languages: Iterable[str]) -> Iterator[None]:
    """While open, htmldate's dates in words are read in ``languages`` and English only. Its
    memo of parsed strings is emptied on the way in and out, so what one page's languages
    parsed is never the answer for another page (the same page gives the same date whatever
    came before it in the process). A htmldate without these hooks is left as it is."""
    from htmldate import extractors

    original = getattr(extractors, "get_external_parser", None)
    clear: Callable[[], None] | None = getattr(getattr(extractors, "try_date_expr", None), "cache_clear", None)
    known = _dateparser_languages()
    if original is None or clear is None or not known:
        yield
        return
    codes = tuple(sorted({"en", *(c.lower() for c in languages if c and c.lower() in known)}))
    extractors.get_external_parser = lambda: _parser(codes)  # type: ignore[assignment]
    clear()
    try:
        yield
    finally:
        extractors.get_external_parser = original
        clear()


@lru_cache(maxsize=1)
def _dateparser_languages() -> frozenset[str]:
    """The language codes dateparser has (none when it does not say: htmldate then left as it is)."""
    try:
        from dateparser.data.languages_info import language_order
    except ImportError:
        return frozenset()
    return frozenset(language_order)


@lru_cache(maxsize=16)
def _parser(codes: tuple[str, ...]) -> Any:
    from dateparser import DateDataParser

    return DateDataParser(languages=list(codes), settings=SETTINGS)


def _copyright(year: str) -> re.Pattern[str]:
    """A copyright notice of the year (``© 2005-2024``, ``TYPO3 is copyright 1998-2022``)."""
    return re.compile(rf"(?:©|&copy;|&#169;|\bcopyright\b|\(c\))\D{{0,40}}?(?:\d{{4}}\s*[-–]\s*)?{year}\b", re.I)
