"""Find a publication date written in text, in the common numeric and spelled-out forms of
English, German, French, Spanish, Italian, Portuguese and Dutch pages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

MONTHS: dict[str, int] = {}
for number, names in enumerate(
    (
        "january jan januar jänner janvier enero gennaio janeiro januari",
        "february feb februar février fevrier febrero febbraio fevereiro februari",
        "march mar märz maerz mär mars marzo março maart",
        "april apr avril abril aprile",
        "may mai mayo maggio maio mei",
        "june jun juni juin junio giugno junho",
        "july jul juli juillet julio luglio julho",
        "august aug août aout agosto augustus",
        "september sep sept septembre septiembre setiembre settembre setembro",
        "october oct oktober okt octobre octubre ottobre outubro",
        "november nov novembre noviembre novembro",
        "december dec dezember dez décembre decembre diciembre dicembre dezembro",
    ),
    start=1,
):
    for name in names.split():
        MONTHS[name] = number

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?P<y>(?:19[89]\d|20[0-4]\d))"
PATTERNS = (
    ("ymd", re.compile(rf"(?<!\d){_YEAR}[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?!\d)")),
    ("cjk", re.compile(rf"{_YEAR}\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日")),
    (
        "dmy_name",
        re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<mn>{_MONTH})\.?,?\s+(?:de\s+)?{_YEAR}",
            re.I,
        ),
    ),
    ("mdy_name", re.compile(rf"\b(?P<mn>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}", re.I)),
    ("numeric", re.compile(rf"(?<![\d.])(?P<a>\d{{1,2}})(?P<sep>[./-])(?P<b>\d{{1,2}})(?P=sep){_YEAR}(?!\d)")),
    # ``18. 05. 2014``: day first, spaced.
    ("dmy_spaced", re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.\s(?P<m>\d{{1,2}})\.\s{_YEAR}(?!\d)")),
    # ``19.10.19``, ``28.01.22 / 0 Kommentare``: a two-digit year, day first, all in two digits
    # and dots only (``10/19/20`` is ambiguous, ``1.2.30`` a version number).
    ("dmy_short", re.compile(r"(?<![\d.])(?P<d>[0-3]\d)\.(?P<m>[01]\d)\.(?P<yy>[0-4]\d)(?![\d.])")),
)


_PATTERN = dict(PATTERNS)


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def date_spans(line: str) -> list[tuple[int, int]]:
    """Where dates are written in a line (start, end), whatever their form."""
    return [m.span() for _, pattern in PATTERNS for m in pattern.finditer(line)]


def dates_in(line: str, month_first: bool = False) -> list[tuple[int, date]]:
    """Every date in a line with its position."""
    found = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(line):
            y = 2000 + int(m.group("yy")) if kind == "dmy_short" else int(m.group("y"))
            if kind in ("ymd", "cjk", "dmy_spaced", "dmy_short"):
                value = _valid(y, int(m.group("m")), int(m.group("d")))
            elif kind in ("dmy_name", "mdy_name"):
                value = _valid(y, MONTHS[m.group("mn").casefold()], int(m.group("d")))
            else:
                a, b = int(m.group("a")), int(m.group("b"))
                if a > 12 or (not month_first and b <= 12) or m.group("sep") == ".":
                    value = _valid(y, b, a)  # day first (Europe), certain when a > 12
                else:
                    value = _valid(y, a, b)
            if value:
                found.append((m.start(), value))
    return sorted(found, key=lambda t: t[0])


_GLUED = re.compile(
    r"(?<=[a-zß-ÿ])(?=(?:"
    + "|".join(sorted({m.capitalize() for m in MONTHS if len(m) >= 3}, key=len, reverse=True))
    + r")\b|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    # a date glued to the one before it: ``17/11/201917/11/2019`` (published and updated),
    # ``10:20:0022.06.2018`` (a time, then the date)
    + r"|(?:(?<=[./-]\d{4})|(?<=\d:\d\d))(?=\d{1,2}[./]\d{1,2}[./]\d{4}(?!\d))"
)


def unglued(text: str) -> str:
    """A name and a date, or two dates, a scraper glued together (``Shana Nys DambrotNovember
    6, 2023``, ``Bettina Kugler19.10.2019``, ``17/11/201917/11/2019``) with a space between them."""
    return _GLUED.sub(" ", text)


PUBLISHED_WORDS = re.compile(
    r"\b(?:(?:first |originally )?published|posted|written on|date published|publication date|publish(?:ed)? date|"
    r"ver(?:ö|oe)ffentlicht|erschienen|publiziert|publi(?:é|e)|mis en ligne|date de publication|"
    r"publicado|fecha de publicaci(?:ó|o)n|pubblicato|gepubliceerd|der beitrag wurde am)\b"
    r"|^stand(?=\s*[:–-])",  # German ``Stand: 12.11.2021`` opening a line (not a citation's ``(Stand: ...)``)
    re.I,
)
PUBLISHED_LABEL = re.compile(  # or a byline: ``von Marc Scheloske | 20. Mai 2007``
    PUBLISHED_WORDS.pattern + r"|^(?:by|von|par|por|door|di)\s+(?-i:[A-ZÀ-ÖØ-Þ])", re.I
)
"""Words a page prints before (or around) the date it published the article on."""
_ANY_LABEL = re.compile(PUBLISHED_LABEL.pattern, re.I | re.M)
"""The same over many lines at once (its ``^`` at each line's start)."""

UPDATED = re.compile(
    r"\b(?:updated|modified|aktualisiert|ge(?:ä|ae)ndert|mis (?:à|a) jour|actualizado|aggiornato|bijgewerkt)\b", re.I
)
"""Words saying the date after them is a change's, not the publication's."""


LABEL_LINE_CHARS = 200
"""The longest line whose labelled date counts wherever the label is in it."""


def label_part(line: str) -> str:
    """What of a line is read for a publication label: all of a short one. A longer line is
    prose, and the dates it gives are what it tells of, unless it opens with a publication
    label (a blog theme's ``Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr
    veröffentlicht und wurde unter ... abgelegt. Du kannst ...``): then its opening."""
    if len(line) <= LABEL_LINE_CHARS:
        return line
    opening = line.lstrip(" -–—|·•*")
    return opening[:LABEL_LINE_CHARS] if PUBLISHED_WORDS.match(opening) else ""


def labelled_date(lines: Iterable[str], month_first: bool = False, today: date | None = None) -> date | None:
    """The date short lines give after a publication label or a byline (``Published on ...``,
    ``Erschienen am: 01.11.2023``, ``Der Beitrag wurde am ... veröffentlicht``, ``von Marc
    Scheloske | 20. Mai 2007``): the page saying which of its dates is the publication's.
    None when no line gives one, or when the labelled lines give different dates."""
    parts = [label_part(line) for line in lines]
    if not _ANY_LABEL.search("\n".join(parts)):  # one search for the common case: no label at all
        return None
    labelled = set()
    for line in parts:
        label = PUBLISHED_LABEL.search(line)
        if label is None:
            continue
        text = unglued(line)
        found = [(at, v) for at, v in dates_in(text, month_first) if today is None or v <= today]
        # the date after the label (not one said to be an update's: ``By A. Name Updated Jul 24``),
        # else (``Der Beitrag wurde am ... veröffentlicht``) the one before it
        after = [v for at, v in found if at >= label.start() and not UPDATED.search(text, label.end(), at)]
        after = after or [v for at, v in found if at < label.start()]
        if after:
            labelled.add(after[0])
    # Labels giving several dates are a list of other articles (``... veröffentlicht am Januar 20, 2022``).
    return labelled.pop() if len(labelled) == 1 else None


def updated_date(lines: Iterable[str], month_first: bool = False, today: date | None = None) -> date | None:
    """The date short lines say the article was last changed on (``Updated May 6, 2022``,
    ``Aktualisiert am 17.01.2021``): the first date after an update word, within 40 characters
    of it. None when no line gives one, or when they give different dates (a list of teasers)."""
    lines = [line for line in lines if len(line) <= LABEL_LINE_CHARS]
    if not UPDATED.search("\n".join(lines)):  # one search for the common case: no update word
        return None
    found = set()
    for text in (unglued(line) for line in lines if UPDATED.search(line)):
        word = UPDATED.search(text)
        end = word.end() if word else len(text)
        after = [v for at, v in dates_in(text, month_first) if end <= at <= end + 40 and (today is None or v <= today)]
        if after:
            found.add(after[0])
    return found.pop() if len(found) == 1 else None


DATELINE_CHARS = 100
"""The longest line read as a dateline (longer ones are prose that mentions a date)."""


def dateline(line: str) -> bool:
    """A short line that opens with a publication label or a byline and gives a date
    (``Posted on July 19th, 2012``, ``by Heidi Volpe on November 12, 2012 · 1 comment``):
    where a page says when it published the article."""
    text = line.strip(" -–—|·•*")
    return len(text) <= DATELINE_CHARS and bool(PUBLISHED_LABEL.match(text)) and bool(dates_in(unglued(text)))


def ambiguous(line: str) -> bool:
    """A date in the line could be read day first or month first (``09/08/2012``, ``11.12.12``)."""
    numeric, short = _PATTERN["numeric"], _PATTERN["dmy_short"]
    pairs = [(m["a"], m["b"]) for m in numeric.finditer(line) if m["sep"] != "."]  # dots: day first
    pairs += [(m["d"], m["m"]) for m in short.finditer(line)]
    return any(int(a) <= 12 and int(b) <= 12 and a != b for a, b in pairs)


def only_a_date(line: str) -> bool:
    """A date and little else (``27.10.2021``, ``14.01.2022 um 09:25``): no word of four or
    more letters beside it (``Article // 31 octobre 2021`` is a teaser's). Such a line is short:
    a longer one is not searched at all (a page's text may hold a line of megabytes)."""
    spans = date_spans(line) if len(line) <= DATELINE_CHARS else []
    if not spans:
        return False
    rest = line
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    return not re.search(r"[^\W\d_]{4,}", rest)


_DIGIT = re.compile(r"\d")
SPLIT_PART_CHARS = 12
"""The longest line read as one part of a date printed over several lines."""


def rejoined(lines: Sequence[str]) -> list[str]:
    """The lines with a date printed over two or three of them (a blog's calendar badge:
    ``23`` / ``Jul`` / ``2012``) as one line; no part has a date of its own, and together they
    are a date and little else."""
    out, i = [], 0
    while i < len(lines):
        for n in (3, 2) if len(lines[i]) <= SPLIT_PART_CHARS else ():
            run = lines[i : i + n]
            joined = " ".join(t.strip() for t in run)
            if (
                len(run) == n
                and all(len(t) <= SPLIT_PART_CHARS for t in run)
                and _DIGIT.search(joined)  # most short lines are menu words: no date to make
                and not any(date_spans(t) for t in run)
                and only_a_date(joined)
            ):
                out.append(joined)
                i += n
                break
        else:
            out.append(lines[i])
            i += 1
    return out


def find_date(lines: Iterable[str], month_first: bool = False, today: date | None = None) -> date | None:
    """The first plausible date in the lines given (not in the future when ``today`` is known)."""
    for line in lines:
        if len(line) > 400 or not _DIGIT.search(line):  # every date has a digit: most lines are out at once
            continue
        for _, value in dates_in(unglued(line), month_first):
            if today is None or value <= today:
                return value
    return None
