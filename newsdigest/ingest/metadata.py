"""Document -> front matter: title, description, tags, date, author, section, language."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from ..models import FrontMatter, Provenance, Source
from ..tags import Aliases, fold_tags
from ..text import cut
from .dates import (
    PUBLISHED_LABEL,
    ambiguous,
    date_spans,
    dateline,
    find_date,
    label_part,
    labelled_date,
    only_a_date,
    rejoined,
    updated_date,
)
from .html import PageMeta
from .language import Language
from .structure import Document

# A run of capitalised words (or acronyms), allowing short connectors inside: "Bank of England".
_CAP = r"(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w’'&.-]*[\w]|[A-Z]{2,})"
PROPER = re.compile(rf"{_CAP}(?:\s+(?:of|the|de|del|der|von|van|da|di|la|le|du|for|und|and)?\s*{_CAP})*")
POSSESSIVE = re.compile(r"[’']s?$")
SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”«»]\s+)$")
MAX_TAGS = 8


def description(doc: Document, seo: str) -> str:
    """The SEO description, else the standfirst, else the lead paragraph, cut on a word."""
    if seo:
        return cut(seo, 300)
    if doc.standfirst:
        return cut(doc.standfirst, 300)
    for el in doc.elements:
        if el.kind == "paragraph":
            return cut(el.text, 300)
    return ""


def keyword_tags(line: str) -> list[str]:
    """``Putin, Ukraine; peace talks.`` -> ['Putin', 'Ukraine', 'peace talks']."""
    return [t.strip(" .#") for t in re.split(r"[,;|]", line) if t.strip(" .#")]


_CONTRACTION = re.compile(r"['’](?:ll|ve|re|m|d|s|t)$")


def _bare(word: str) -> str:
    """A word casefolded without an English contraction's ending (``I'll`` -> ``i``; not
    ``O'Brien``, ``L'Europe``)."""
    return _CONTRACTION.sub("", word.casefold())


def _candidates(text: str, stopwords: frozenset[str]) -> list[str]:
    out = []
    for m in PROPER.finditer(text):
        phrase = POSSESSIVE.sub("", m.group(0)).strip(" .-")
        words = phrase.split()
        if not words:
            continue
        # Drop a leading function word that is capitalised only because it starts a sentence
        # (or is the pronoun: ``I'll``, ``I’ve`` are a function word and its contraction).
        while words and _bare(words[0]) in stopwords:
            words.pop(0)
        if not words:
            continue
        if len(words) > 4:
            continue
        phrase = " ".join(words)
        at_start = bool(SENTENCE_START.search(text[max(0, m.start() - 4) : m.start()])) or m.start() == 0
        if len(words) == 1 and (len(phrase) < 3 or _bare(phrase) in stopwords):
            continue
        out.append(("^" if at_start and len(words) == 1 else "") + phrase)
    return out


def derived_tags(doc: Document, language: Language, minimum: int = 3) -> list[str]:
    """The names and phrases an article is most about: capitalised phrases ranked by how
    often they occur (the title counts three times), folding a short form into its longer
    one (``Putin`` and ``Vladimir Putin`` are one tag, spelled as written most often)."""
    counts: Counter[str] = Counter()
    mid_sentence: set[str] = set()
    texts = [doc.standfirst] + [el.text for el in doc.elements if el.kind != "heading"]
    for text in texts:
        for c in _candidates(text, language.stopwords):
            phrase = c.lstrip("^")
            if not c.startswith("^"):
                mid_sentence.add(phrase)
            counts[phrase] += 1
    # A single word seen only at sentence starts is probably not a name ("Despite", "Recently").
    for phrase in list(counts):
        if " " not in phrase and phrase not in mid_sentence and not phrase.isupper():
            del counts[phrase]
    # Fold "Putin" into "Vladimir Putin" (or the reverse), keeping the commoner spelling.
    names = sorted(counts, key=lambda p: (-len(p.split()), p))
    for long in names:
        if " " not in long or long not in counts:
            continue
        last = long.split()[-1]
        if last in counts and last != long:
            keep, drop = (last, long) if counts[last] >= counts[long] else (long, last)
            counts[keep] += counts.pop(drop)
    # Names in the title count double: the headline says what the story is about.
    title = doc.title.casefold()
    for phrase in counts:
        if phrase.casefold() in title:
            counts[phrase] *= 2
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0].split()), kv[0]))
    ranked = _without_variants(ranked)
    tags = [p for p, n in ranked if n >= 2][:MAX_TAGS]
    if len(tags) < minimum:
        tags = [p for p, _ in ranked][: max(minimum, len(tags))]
    return tags


def _same_stem(a: str, b: str) -> bool:
    """``Russia``/``Russian``, ``Ukraine``/``Ukrainian``: one name and its adjective."""
    if " " in a or " " in b:
        return False
    n = 0
    for x, y in zip(a.casefold(), b.casefold(), strict=False):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= min(len(a), len(b)) - 2


def _without_variants(ranked: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The ranked phrases without a later variant of one kept (``Russian`` after ``Russia``).
    Two words of one stem share their first five letters: only those are compared."""
    kept: list[tuple[str, int]] = []
    by_start: dict[str, list[str]] = {}
    for phrase, n in ranked:
        folded = phrase.casefold()
        if " " not in phrase and len(folded) >= 5:
            alike = by_start.setdefault(folded[:5], [])
            if any(_same_stem(phrase, other) for other in alike):
                continue
            alike.append(phrase)
        kept.append((phrase, n))
    return kept


def tags_for(doc: Document, keywords: str, language: Language, aliases: Aliases) -> list[str]:
    """Keywords line when there is one, else derived tags; folded through the alias table."""
    raw = keyword_tags(keywords) if keywords else derived_tags(doc, language)
    return [spelling for _, spelling in fold_tags(raw, aliases)]


@dataclass(frozen=True, slots=True)
class Defaults:
    """What an ingest run knows beyond the text: used when the text doesn't say."""

    now: datetime
    """The run's clock (the date of an article that gives none; no date found may be later)."""
    tz: tzinfo
    """The site's zone, for a date found without a time."""
    date: date | None
    """``--date``: the date when the text gives none."""
    source: Source | None
    """``--source-name`` / ``--source-url``."""
    aliases: Aliases
    """The site's tag alias table."""
    site_language: str
    """An article in this language gets no ``lang``."""


def front_matter(
    doc: Document,
    found: dict[str, str],
    language: Language,
    defaults: Defaults,
    provenance: Provenance,
    page: PageMeta | None = None,
) -> FrontMatter:
    """The front matter of a cleaned document; ``found``: what the meta rules read off the page
    (``seo_description``, ``seo_keywords``); ``page``: what a web page or feed entry says of
    itself, which wins over what the text suggests (``--source-*`` win over both)."""
    page = page or PageMeta()
    day = _day(page.date)
    lang = page.language or language.code
    source = defaults.source
    if source is None and (page.site_name or page.url):
        source = Source(page.site_name, page.url)
    stated = [t for line in page.tags for t in keyword_tags(line)][: MAX_TAGS * 2]
    tags = [spelling for _, spelling in fold_tags(stated, defaults.aliases)][:MAX_TAGS]
    when = datetime.combine(day, time(), defaults.tz) if day else published(doc, language, defaults)
    changed = _day(page.updated) or updated_in(doc, language, defaults)
    return FrontMatter(
        title=page.title or doc.title or fallback_title(doc),
        date=when,
        # a change on a later day than the publication, and not in the future (a CMS's clock)
        updated=(
            datetime.combine(changed, time(), defaults.tz)
            if changed and when.date() < changed <= defaults.now.date()
            else None
        ),
        author=page.author or doc.author,
        description=cut(page.description, 300)
        if page.description
        else description(doc, found.get("seo_description", "")),
        tags=tuple(tags or tags_for(doc, found.get("seo_keywords", ""), language, defaults.aliases)),
        section=page.section or doc.section,
        source=source,
        lang=lang if lang and lang != defaults.site_language else "",
        image=page.image,
        provenance=provenance,
    )


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def fallback_title(doc: Document) -> str:
    """No headline found: the first words of the text."""
    words = doc.elements[0].text.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


_CLAUSE = re.compile(r",\s*[^\W\d]")  # ``On February 24, 2022, Russia ...``


def _dateline(text: str) -> str:
    """The start of a long paragraph when a dateline opens it (a date in its first 40
    characters followed by a time, a separator or the text, not by a comma and more of the
    same sentence), else nothing."""
    for start, end in sorted(date_spans(text[:60])):
        if start < 40 and not _CLAUSE.match(text, end):
            return text[:end]
    return ""


PRINTED_WITHIN_DAYS = 7
"""How far a printed date may be from the page's stated one and still win over it."""


SURE_WITHIN = 6
"""Lines above an article where a date line of its own is surely the article's."""


@dataclass(frozen=True, slots=True)
class Printed:
    """The date a page prints around its article."""

    day: date
    sure: bool = False
    """The page says it is the article's: labelled as the publication's, or a line that is a
    date and nothing else above the text (not a teaser's, which has a headline beside it)."""


def _around_article(lines: list[str], matched: Collection[int]) -> tuple[list[str], list[str], list[str]]:
    """Where a page prints dates around the article an extractor found as the ``matched`` lines
    of its visible lines: the 15 lines above it (nearest first), its first four lines (a long
    one only by a dateline opening it), the 10 below."""
    first, last = min(matched), max(matched)
    return lines[max(0, first - 15) : first][::-1], _lead(lines[first : first + 4]), lines[last + 1 : last + 11]


def printed_around(lines: list[str], matched: Collection[int], month_first: bool, today: date) -> Printed | None:
    """The date a page prints around the article an extractor found as the ``matched`` lines
    of its visible lines (``_around_article``)."""
    above, lead, below = _around_article(lines, matched)
    around = [*above, *lead, *below]
    # Sure, unless it could be read day first or month first: a date labelled as the
    # publication's, or the nearest date above the text (or in its lead) when it is a line of
    # its own and the only such date above it (several are a list of teasers' dates).
    labelled = labelled_date(around, month_first, today)
    if labelled is not None:
        return Printed(labelled, not any(ambiguous(t) for t in map(label_part, around) if PUBLISHED_LABEL.search(t)))
    day = find_date(around, month_first, today)
    if day is None:
        return None
    nearest = next((t for t in (*above[:SURE_WITHIN], *lead) if find_date([t], month_first, today)), "")
    alone = {find_date([t], month_first, today) for t in above if only_a_date(t)}
    return Printed(day, only_a_date(nearest) and not ambiguous(nearest) and alone <= {day})


def _lead(texts: Iterable[str]) -> list[str]:
    """An article's first lines as a date is looked for in them: a short one whole, a long one
    only by a dateline opening it."""
    return [t if len(t) < 100 else _dateline(t) for t in texts]


def page_date(stated: str, printed: Printed | None) -> str:
    """A page's date: the one it prints beside its article when its metadata states none, or
    one within PRINTED_WITHIN_DAYS of it (metadata often gives the time in UTC, a day off,
    or when the page was indexed or last changed), or one the page prints as surely the
    article's; else the stated one (a date printed far from it is more often another
    article's, in a list of related stories)."""
    day = _day(stated)
    if printed is not None and (printed.sure or day is None or abs((printed.day - day).days) <= PRINTED_WITHIN_DAYS):
        return printed.day.isoformat()
    return stated


def updated_in(doc: Document, language: Language, defaults: Defaults) -> date | None:
    """The date the lines around the text say it last changed on (``Updated May 6, 2022``)."""
    lead = [e.text for e in doc.elements[:4] if len(e.text) < 100]  # (its short lines)
    lines = [*doc.header[:15], *lead, *doc.inside, *doc.trailer[:10]]
    return updated_date(lines, language.name == "English", defaults.now.date())


def printed_update(lines: list[str], matched: Collection[int], month_first: bool, today: date) -> str:
    """``updated_in`` for a web page: the update date printed around the article an extractor
    found as the ``matched`` lines of its visible lines (the lines ``printed_around`` reads)."""
    day = updated_date([t for part in _around_article(lines, matched) for t in part], month_first, today)
    return day.isoformat() if day else ""


_STAMP = re.compile(
    r"\d{4}\s*,?\s*(?:(?:um\s+|at\s+|-\s+)?\d{1,2}:\d\d(?!\d)|[,|·-]\s*(?:by|von|par|por|door|di)\s+(?-i:[A-ZÀ-ÖØ-Þ]))",
    re.I,
)
"""A date's year with a time or a byline after it (``18.03.2020 13:15 Uhr``, ``jeudi 13 juin 2019,
par Attac France``): a timestamp, not a date told of."""


def published(doc: Document, language: Language, defaults: Defaults) -> datetime:
    """The date printed around the title (else after the text), else ``--date``, else now."""
    # Dates are looked for where pages print them: around the title, not in the story. The
    # text's first short lines count, and a first paragraph that opens with a date (``19.10.2019,
    # 15:30 Uhr Am 8. Spieltag ...``: a dateline glued to the text; not ``On February 24, 2022,
    # Russia ...``, a date the story is about).
    lead_lines = _lead(e.text for e in doc.elements[:4])
    # A date printed over several short lines (``23`` / ``Jul`` / ``2012``) is read as one.
    header = rejoined(doc.header[::-1])[::-1]  # nearest first, as the document keeps it
    inside, trailer = rejoined(doc.inside), rejoined(doc.trailer)
    # A short line inside the body that is a date and little else, left out by the cleaner or
    # kept (a dateline between a page's teasers and its article), comes after the lead.
    dated_inside = [t for t in (*inside, *(e.text for e in doc.elements[4:])) if len(t) <= 40 and only_a_date(t)]
    near = [*header[:15], *lead_lines, *dated_inside, *trailer[:10]]
    # After the lines near the text: the headline (a scraped page's dateline taken for its
    # headline), then a body line stamping a date with a time or a byline, then the rest.
    stamped = [e.text for e in doc.elements[4:] if len(e.text) <= 200 and _STAMP.search(e.text)]
    lines = [*near, *_lead([doc.title]), *stamped, *header[15:], *trailer[10:]]
    if doc.title in header:  # the lines next to the headline first: the dateline sits there
        at = header.index(doc.title)
        lines = [*header[max(0, at - 3) : at + 3], *lines]
    month_first, today = language.name == "English", defaults.now.date()
    # A date the page labels as its publication's goes first, wherever around the text it is,
    # or in it: a dateline the cleaner kept (``Posted on July 19th, 2012``; gold texts keep them).
    kept = [e.text for e in doc.elements if dateline(e.text)]
    above_and_in = [*header, *lead_lines, *kept, *inside]
    # The article's own label goes before the teasers' below it (``Written on August 8, 2012 by ...``).
    day = (
        labelled_date(above_and_in, month_first, today)
        or labelled_date([*above_and_in, *trailer], month_first, today)
        or find_date(lines, month_first, today)
        or defaults.date
    )
    return datetime.combine(day, time(), defaults.tz) if day else defaults.now
