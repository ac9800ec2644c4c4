"""Kept blocks -> Document: title, standfirst, byline, section, and the body's elements
(paragraphs, ``##`` headings, lists, call-outs)."""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from . import headline
from .boilerplate import GOOD, Classified, Cleaned, headline_like
from .dates import date_spans, unglued
from .linefeatures import KEYWORD_RES

BULLET = re.compile(r"^[-*•▪◦·‣●○■□➢➤►✓✔]\s*(?P<text>\S.*)$")
NUMBERED = re.compile(r"^(?P<n>\d{1,3})[.)]\s+(?P<text>\S.*)$")
CALLOUT = re.compile(
    r"^(?P<label>did you know\?|pro tip:|tip:|quick tip:|note:|fun fact:|key takeaways?:|editor['’]s note:|"
    r"update:|important:|warning:|wussten sie schon\?|tipp:|hinweis:|le saviez-vous \?|astuce ?:|"
    r"¿sabías que\?|consejo:)\s*(?P<text>\S.*)$",
    re.I,
)
DASH_LEAD = re.compile(r"^[–—-]\s+")
BREADCRUMB_HOME = re.compile(r"^(?:home|startseite|accueil|inicio|news)\b[\s>»›/|:-]*", re.I)
NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w.'’-]*|de|da|van|von|der|den|la|le|del|di|du|bin|al|and|und|et|y|&)$")


@dataclass(frozen=True, slots=True)
class Element:
    kind: str
    """``paragraph``, ``heading``, ``bullet``, ``number``, ``callout``, ``quote`` or ``image``."""
    text: str
    """Plain text (not yet escaped for Markdown)."""
    label: str = ""
    """A call-out's label (``Did you know?``)."""
    number: int = 0
    """A numbered item's number."""
    links: tuple[tuple[str, str], ...] = ()
    """(anchor text, URL) of links inside the text, in order (from HTML)."""
    src: str = ""
    """An ``image``'s URL (its ``text`` is the alt text)."""
    block: int = -1
    """The index of the block it was made from."""


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    standfirst: str
    """A dek found between title and body (not in the body)."""
    author: str
    section: str
    elements: tuple[Element, ...]
    header: tuple[str, ...]
    """The lines before the body, nearest first (where dates and bylines are looked for)."""
    trailer: tuple[str, ...] = ()
    """The lines after the body, in order."""
    inside: tuple[str, ...] = ()
    """The lines the cleaner left out among the body's (past its first four), in order: a
    date line between a page's teasers and its article is among them."""


def looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and all(NAME_WORD.match(w) for w in words) and any(w[0].isupper() for w in words)


_PARTICLES = ("de", "da", "van", "von", "der", "di", "del", "la", "le")
"""Lower-case words inside a name (``Ursula von der Leyen``)."""
_NAME = rf"(?-i:[A-ZÀ-ÖØ-Þ][\w.'’-]+)(?:\s+(?:(?-i:[A-ZÀ-ÖØ-Þ][\w.'’-]*)|{'|'.join(_PARTICLES)})){{1,3}}"
_ONE_NAME = r"(?-i:[A-ZÀ-ÖØ-Þ][\w.'’-]+)"
_BY_WORD = (
    r"(?:by|von|por|par|di|door|durch|av|af|przez|redaktion\s*:|"
    r"(?:(?:text|texte|autor(?:in)?|author|auteur)(?:\s*(?:&|und|and|/)\s*(?:fotos?|photos?|text))?|"
    r"(?:fotos?|photos?)\s*(?:&|und|and|/)\s*texte?)\s*:|"
    r"about the author\s*[-–—:]?|über den autor(?:in)?\s*[-–—:]?|written by|posted by|geschrieben von|verfasst von|"
    r"publié par|publicado por|escrito por|scritto da)"
)
_BY_INSIDE = re.compile(rf"(?:^|\s)(?:{_BY_WORD}|autor(?:in)?|author)(?:(?<=:)|(?!\w))\s*:?\s*(?P<name>{_NAME})", re.I)
"""``Von Tobias Kuske``; the word must end there (``ZU DIESEM ARTIKEL`` is no byline of ``ESEM ARTIKEL``)."""
_BY_HANDLE = re.compile(
    r"(?:^|\s)(?:by|von|par|por|door|gespeichert von|geschrieben von|posted by)\s+"
    r"(?P<name>[^\W\d_][\w.'’-]{1,30})\s*(?:$|[|·•,:]|\s(?:am|on|le|el|il|um|at|-|–|—)\s|\s\d)",
    re.I,
)
"""``von eseppelt · 31. Oktober 2023``, ``October 19, 2019 by IWB``: a one-word name or handle."""
_COMPANY = re.compile(
    r"\b(?:gmbh|ag|inc|ltd|llc|sa|s\.a\.|kg|verlag|media|medien|group|gruppe|editorial|press|news)\b", re.I
)
_ROLES = (
    r"(?:autor(?:in)?|author|redakteur(?:in)?|reporter(?:in)?|staff writer|(?:senior |contributing )?(?:writer|editor)|"
    r"correspondent|korrespondent(?:in)?|contributor|chefredakteur(?:in)?)"
)
_NAME_THEN_ROLE = re.compile(rf"^(?P<name>{_NAME})\s*[,(|–—-]?\s*{_ROLES}\b", re.I)
_ROLE_ONLY = re.compile(rf"^(?:staff\s+|senior\s+)?{_ROLES}$", re.I)
"""A page's author field listing a role as an author (``Anna Berg; Staff Writer``)."""
_COPYRIGHT = re.compile(
    rf"(?:©|\(c\)|copyright)\s*(?:\(c\)\s*)?(?:\d{{4}}\s*[-–]?\s*(?:\d{{4}})?\s*[-–]?\s*)?(?P<name>{_NAME})", re.I
)
_POSTED_BY = re.compile(
    rf"(?:^|\s)(?:posted by|written by|geschrieben von|publié par|publicado por)\s+(?P<name>{_ONE_NAME})", re.I
)
_BY_ALONE = re.compile(
    rf"(?:^|\s)(?:{_BY_WORD}|autor(?:in|\*in|:in|_in)?|author|auteur|verfasser(?:in|\*in)?)\s*:?\s*$", re.I
)
"""A by-word or an author label alone, the name on the next line (``Autor*in`` / ``Brit Weirich``)."""
_WHEN_PATTERN = r"\d{1,2}[./:]\d{1,2}|\b(?:ago|vor|hace|il y a)\b|\d+\s*(?:min|h|uhr|am|pm)\b"
_WHEN = re.compile(_WHEN_PATTERN, re.I)
"""A day or a time as bylines print them (``12.03``, ``14:30``, ``vor 2 Stunden``, ``06 PM``)."""
_DATEISH = re.compile(rf"{_WHEN_PATTERN}|\b(?:19|20)\d\d\b", re.I)
"""... or a year: what a line near a name may carry."""


def _dated(text: str) -> bool:
    """A date or a time a byline prints (``12.03.2024``, ``Jan 18, 2019``, ``vor 2 Stunden``); a
    bare year is not one (``AMP Contributor Summit 2019``, ``Übersicht 2011``: menu items)."""
    return bool(_WHEN.search(text) or date_spans(text))


_COMMENT_TAIL = re.compile(
    r"\s*[|·•–-]?\s*(?:leave a (?:comment|reply)|add a comment|(?:\d+|no|keine|one|ein)\s+(?:comments?|"
    r"responses?|replies|kommentare?|comentarios?|commentaires?)|schreiben? sie einen kommentar|"
    r"schreibe einen kommentar|kommentare? schreiben|laisser un commentaire|deja un comentario)\s*$",
    re.I,
)
"""A blog template's comment prompt closing its byline line (``Posted on March 5, 2019 by John
Smith Leave a comment``, ``26. September 2019 Ulrike Stockhausen Schreibe einen Kommentar``)."""
_COMMENT_WORDS = ("comment", "kommentar", "repl", "respons", "comentario")


def _without_comment_prompt(text: str) -> str:
    """The line without a closing comment prompt (looked for only where its last words name one)."""
    tail = text[-40:].casefold()
    return _COMMENT_TAIL.sub("", text) if any(w in tail for w in _COMMENT_WORDS) else text


_BY_GLUED = re.compile(r"(?:(?<=\bby)|(?<=\bvon)|(?<=\bpar)|(?<=\bpor)|(?<=\bdoor))(?=[A-ZÀ-ÖØ-Þ][a-zß-ÿ])")
"""A by-word a scraper glued to the name after it (``Geschrieben vonElisa Marvena``)."""
_PARTS = re.compile(r"\s*[|•·,]\s*|\s+[–—/~-]\s+")
_SEPARATOR_MARKS = " |•·,–—/~-:"
"""What may be left opening a part when a date was its separator (``11.12.2019 - Amelie Loevenich``)."""
_AGENCY = re.compile(r"\s*/\s*\S+$|\s+\d.*$")
"""What follows a name on its line: ``Peter Maahn/SP-X``, ``Ariel Melgar Cabrera 3/5/2022``."""
_ROLE = re.compile(r"\s+\([^()]*\)$")
"""A role after the name an author label introduces (``Brit Weirich (Medizinredakteurin)``); not cut
elsewhere: ``Nikole Hannah-Jones (Hrsg.)`` is a book's editor, ``Radu Oncescu (@oncescuradu)`` a tweet's."""


def plausible_name(name: str) -> bool:
    """Not a label of the page's furniture (``Teilen Twittern Email``, ``View Comments``,
    ``Gesponserte Inhalte``): no word of sharing, comments, ads, navigation and the like, and
    no common function word (``Für Arbeitgeber``)."""
    folded = name.casefold()
    if _UI_WORDS.search(folded) or any(_at_word_start(rx, folded) for rx in KEYWORD_RES.values()):
        return False
    return not any(w in _FUNCTION_WORDS for w in folded.split())


def _at_word_start(rx: re.Pattern[str], text: str) -> bool:
    """The keyword starts a word (``View Comments``), not the middle of one: ``respond`` is no
    comment in ``EUToday Correspondents``."""
    return any(m.start() == 0 or not text[m.start() - 1].isalnum() for m in rx.finditer(text))


_TAIL_WORDS = frozenset({*_PARTICLES, "den", "um", "and", "und", "et", "y"})
"""Words that can sit inside a name but never end one (particles, ``and``)."""


def byline_name(name: str) -> str:
    """The name a byline gives, as a person's: without what was glued on after it, and only if
    it looks like a name and is no furniture; else ""."""
    name = trimmed_name(name)
    return name if looks_like_name(name) and plausible_name(name) else ""


def trimmed_name(name: str) -> str:
    """A byline's name without the words a date or place glued on after it: ``Martin
    Jendrischik On`` (``By Martin Jendrischik On 12. Dezember 2022``) is ``Martin Jendrischik``."""
    words = name.split()
    while words and (words[-1].casefold() in _FUNCTION_WORDS or words[-1].casefold() in _TAIL_WORDS):
        words.pop()
    return " ".join(words)


_UI_WORDS = re.compile(
    r"\b(?:mehr|more|más|plus|view|ansehen|weiterlesen|lesen|read|login|anmelden|menu|menü|suche|search|"
    r"kontakt|contact|impressum|home|startseite|blog|news|inhalte?|content|roadshow|fotografie|secrets?|"
    r"posted|admin|administrator|datum|date|powered|beitrag|beiträge|posts|neueste|"
    # a comment's header (``Art Edwards says``), not a byline
    r"says|said|sagt|schreibt|writes|wrote|dice|dit|"
    # a photo's credit (``Josh Willink von Pexels``)
    r"pexels|unsplash|pixabay|istock|shutterstock|getty|"
    # a domain made a name (``Finanztreff De`` from finanztreff.de)
    r"(?<=\w )(?:de|at|ch|com|net|org|it|fr|es|nl|uk|io)$)\b"
)
_FUNCTION_WORDS = frozenset(
    {
        "für",
        "und",
        "die",
        "das",
        "dem",
        "im",
        "in",
        "am",
        "zum",
        "zur",
        "mit",
        "vom",
        "auf",
        "aus",
        "bei",
        "nach",
        "über",
        "unter",
        "ein",
        "eine",
        "the",
        "and",
        "of",
        "to",
        "on",
        "for",
        "with",
        "at",
        "from",
        "by",
        "an",
        "les",
        "et",
        "pour",
        "sur",
        "par",
        "el",
        "los",
        "las",
        "con",
        "il",
        "lo",
        "gli",
        "della",
        "e",
        "per",
        "this",
        "these",
        "our",
        "my",
        "your",
        "dieses",
        "diese",
        "dieser",
        "unser",
        "unsere",
        "mein",
        "meine",
    }
)
"""Function words that are never part of a name (name particles such as von, de, van, der are)."""


def _name_line(text: str) -> str:
    """The line is a name and nothing else (an agency or date after it may be cut)."""
    name = _AGENCY.sub("", text).strip()
    words = name.split()
    if not (2 <= len(words) <= 4 and looks_like_name(name) and all(w[0].isupper() for w in words)):
        return ""
    return name if plausible_name(name) else ""


def _without_dates(text: str) -> str:
    """``28. Jan. 2022 Paula Balov`` -> `` | Paula Balov``: dates become separators."""
    out, end = [], 0
    for start, stop in sorted(date_spans(text)):
        if start >= end:
            out.append(text[end:start] + " | ")
            end = stop
    return "".join(out) + text[end:]


def _explicit_byline(texts: list[str], i: int) -> str:
    """The name a line states as its author: ``By X``, ``Autor: X``, ``Redaktion: X``,
    ``Posted by X``, ``X Autor``, ``Von`` then ``X`` on the next line, ``von eseppelt · 31. Oktober``."""
    text = texts[i]
    if _BY_ALONE.search(text) and i + 1 < len(texts) and (name := _name_line(_ROLE.sub("", texts[i + 1]))):
        return name
    m = _BY_INSIDE.search(text) or _POSTED_BY.search(text) or _NAME_THEN_ROLE.search(text)
    if m and (name := byline_name(m.group("name"))):
        return name
    if _DATEISH.search(text) and (h := _BY_HANDLE.search(text)) and plausible_name(h["name"]):
        return h.group("name")
    return ""


def _name_beside_date(texts: list[str], i: int) -> str:
    """A name sharing its line with a date (``Marie Merlet | lundi 9 décembre 2019``) or alone on
    a line next to a date line (``August 23, 2020`` / ``Leah C. Stokes``)."""
    text = texts[i]
    if _DATEISH.search(text):
        if not _dated(text):  # a year alone dates no byline
            return ""
        for n, part in enumerate(_PARTS.split(_without_dates(text))):
            # A dash left after a date that was the separator goes; one opening the line stays
            # (``— Radu Oncescu November 3, 2023`` signs a quoted tweet, not the article).
            part = _AGENCY.sub("", part.lstrip(_SEPARATOR_MARKS) if n else part).strip()
            if _name_line(part) and not _DATEISH.search(part):
                return part
        return ""
    name = _name_line(text)
    if name and any(len(texts[j]) < 80 and _dated(texts[j]) for j in (i - 1, i + 1) if 0 <= j < len(texts)):
        return name
    return ""


def _texts(lines: list[Classified]) -> list[str]:
    return [c.block.text for c in lines]


SKIPPED_BLOCKS = 4
"""Lines an extractor left out between its first this many blocks are read for a byline."""


def author_around(lines: list[str], matched: Collection[int]) -> str:
    """The author of an article an extractor found as the ``matched`` lines of a page's
    lines: a byline among the lines it left out between its first blocks (``Von Tobias
    Kuske`` under the lead) or in the 20 lines above it, nearest the text first; else in the
    15 below; else the copyright holder below."""
    at = sorted(set(matched))
    first, last = at[0], at[-1]
    kept = set(at)
    skipped = [lines[i] for i in range(first, at[min(SKIPPED_BLOCKS, len(at) - 1)]) if i not in kept]
    above, below = lines[max(0, first - 20) : first], lines[last + 1 :]
    return find_author(above + skipped) or find_author(below[:15], after=True) or copyright_holder(below)


def page_authors(names: str) -> str:
    """A page's own author field (``A; B``) without what is no person's byline: furniture
    words (``Posted``, ``Jobs``), companies (``Frankfurter Allgemeine Zeitung GmbH``); a role
    after a name goes (``Anna Berg, Staff Writer``)."""
    parts = [_without_role(p.strip()) for p in names.split(";")]
    return "; ".join(p for p in parts if p and plausible_name(p) and not _COMPANY.search(p) and not _ROLE_ONLY.match(p))


def _without_role(name: str) -> str:
    """``Anna Berg, Staff Writer`` -> ``Anna Berg``; anything else as it is."""
    m = _NAME_THEN_ROLE.match(name)
    return m["name"] if m else name


_JOINER = re.compile(r"\s*(?:,|;|&|\+|/|\b(?:and|und|et|y|e|en|og|och|i|a)\b)\s*", re.I)


MAX_PRINTED_AUTHORS = 12
"""More authors than this are left as the metadata lists them (a hostile page may list
thousands, and each would be looked for in every line)."""


def as_printed(names: str, lines: list[str]) -> str:
    """Several authors (``A; B``) as a line of the page prints them, when one names two or
    more of them joined by commas or an ``and``: ``A und B``, ``A, B and C`` (a name the
    metadata adds that the byline leaves out, such as the publisher, goes); else as given."""
    parts = [p.strip() for p in names.split(";") if p.strip()]
    if not 2 <= len(parts) <= MAX_PRINTED_AUTHORS:
        return names
    for line in lines:
        present = [p for p in parts if p in line]
        if len(present) < 2:
            continue
        gaps = [rf"(?P<j{i}>\W*\w{{0,3}}\W*)" for i in range(len(present) - 1)]
        body = "".join(re.escape(p) + (gaps[i] if i < len(gaps) else "") for i, p in enumerate(present))
        m = re.search(rf"(?<!\w){body}(?!\w)", line)
        if m and all(_JOINER.fullmatch(m[f"j{i}"]) for i in range(len(gaps))):
            return m[0]
    return names


def find_author(lines: list[str], after: bool = False) -> str:
    """A byline that no rule caught, nearest the text first (upwards from it, or with ``after``
    down from its end): an explicit one anywhere in reach before a name merely beside a date.
    After the text, a name on its own in the first two lines (the signature) also counts, but
    not a name beside a date further down (a commenter)."""
    texts = [_BY_GLUED.sub(" ", unglued(_without_comment_prompt(text))) if len(text) <= 120 else "" for text in lines]
    order = list(range(len(texts))) if after else list(range(len(texts) - 1, -1, -1))
    for i in order:
        if texts[i] and (name := _explicit_byline(texts, i)):
            return name
    if after:
        return next((name for i in order[:2] if (name := _name_line(texts[i]))), "")
    return next((name for i in order if texts[i] and (name := _name_beside_date(texts, i))), "")


def copyright_holder(lines: list[str]) -> str:
    """``© 2020 - Bernhard Sgoda``, ``Copyright (c) 2012 Gregory Szorc``: a blog's owner, the last resort."""
    for text in lines:
        m = _COPYRIGHT.search(text)
        name = m["name"] if m else ""
        if name and looks_like_name(name) and plausible_name(name) and 2 <= len(name.split()) <= 3:
            return "" if _COMPANY.search(name) else name
    return ""


def find_title(cleaned: Cleaned, has_stopwords: bool = True) -> tuple[str, int | None]:
    """(title, its index in the body when it is one of the body's first lines, else None):
    the headline ranker's pick."""
    top = headline.choose(headline.page_candidates(cleaned, has_stopwords), headline.shipped_model())
    if top is None:
        return "", None
    return top.text, (-top.distance if top.distance <= 0 else None)


def _section(cleaned: Cleaned, title: str) -> str:
    """A breadcrumb before the title: ``Home SECURITY & DEFENCE <title>`` -> ``Security & Defence``."""
    for c in cleaned.before:
        text = c.block.text
        if title and text != title and text.endswith(title):
            prefix = BREADCRUMB_HOME.sub("", text[: -len(title)]).strip(" >»›/|:-")
            if prefix and len(prefix) <= 60:
                return prefix.title() if prefix.isupper() else prefix
        if c.rule is not None and c.rule.name == "breadcrumb":
            parts = [p.strip() for p in re.split(r"[>»›/|]", BREADCRUMB_HOME.sub("", text)) if p.strip()]
            if parts and len(parts[-1]) <= 40:
                return parts[-1].title() if parts[-1].isupper() else parts[-1]
    return ""


def element(text: str, next_text: str | None) -> Element:
    if m := CALLOUT.match(text):
        return Element("callout", m.group("text"), label=m.group("label").rstrip())
    if m := BULLET.match(text):
        return Element("bullet", m.group("text"))
    if (m := NUMBERED.match(text)) and len(text) < 600 and not any(at == 0 for at, _ in date_spans(text[:40])):
        # (``16. Dezember 2019`` opens with a date, not with item 16)
        return Element("number", m.group("text"), number=int(m.group("n")))
    if next_text is not None and headline_like(text) and len(text.split()) <= 18:
        return Element("heading", text[:-1].rstrip() if text.endswith(":") else text)
    return Element("paragraph", text)


def build_document(cleaned: Cleaned, has_stopwords: bool = True, title: str = "") -> Document:
    """``title``: the headline when the source states it (a page's metadata): then no line
    is searched for one, and only a line that repeats it leaves the body."""
    title_at: int | None = None
    if not title:
        title, title_at = find_title(cleaned, has_stopwords)
    body = [c for i, c in enumerate(cleaned.body) if i != title_at]
    title_key = headline.key(title)
    # A subheadline between the title (and byline) and the text opens the body.
    if cleaned.before and body and title_at is None:
        last = cleaned.before[-1]
        text = last.block.text
        if (
            last.rule is None
            and headline.key(text) != title_key
            and headline_like(text)
            and len(text.split()) >= 4
            and "|" not in text
            and not re.search(r"\d{1,2}[./:]\d{1,2}", text)
        ):
            body.insert(0, last)
    body = [c for c in body if headline.key(c.block.text) != title_key]  # a repeated title is not body
    standfirst = ""
    if body and DASH_LEAD.match(body[0].block.text) and len(body) > 1:
        standfirst = DASH_LEAD.sub("", body.pop(0).block.text)
    author = byline_name(cleaned.meta.get("byline", ""))
    author = author or find_author(_texts(cleaned.before[-20:]))
    # The lines among the body's first four the cleaner left out (a byline or date under a
    # headline it kept) are looked at as the lines above the text are.
    limit = body[3].block.index if len(body) > 3 else math.inf
    gap = [c for c in cleaned.left_out if c.block.index < limit]
    # A byline the cleaner kept among the body's first lines is metadata: the author, out of the body.
    top = [c for c in body[:4] if len(c.block.text) <= 120 and not c.block.text.endswith(".")]
    top = sorted(top + gap, key=lambda c: c.block.index)
    moved: list[Classified] = []
    if not author and top and len(body) > 1 and (found := find_author(_texts(cleaned.before[-20:] + top))):
        author = found
        moved = [c for c in body if c in top and found in c.block.text]
        body = [c for c in body if c not in moved]
    author = author or find_author(_texts(cleaned.after[:15]), after=True) or copyright_holder(_texts(cleaned.after))
    if author:
        # An author box (the name on its own line, then a bio) ends the article.
        name = author.casefold()
        for i in range(len(body) - 1, max(0, len(body) * 3 // 5) - 1, -1):
            if body[i].block.text.casefold().strip(" :") in (name, f"by {name}", f"von {name}"):
                body = body[:i]
                break
    texts = [c.block.text for c in body]
    elements = []
    for i, text in enumerate(texts):
        nxt = texts[i + 1] if i + 1 < len(texts) else None
        el = element(text, nxt)
        if el.kind == "heading" and body[i].cls == GOOD and len(text) > 120:
            el = Element("paragraph", text)
        elements.append(replace(el, block=body[i].block.index))
    # A heading must head something: drop trailing headings and merge heading runs.
    while elements and elements[-1].kind == "heading":
        elements.pop()
    return Document(
        title=title,
        standfirst=standfirst,
        author=author,
        section=_section(cleaned, title),
        elements=tuple(elements),
        header=tuple(c.block.text for c in reversed(cleaned.before + sorted(gap + moved, key=lambda c: c.block.index))),
        trailer=tuple(c.block.text for c in cleaned.after),
        inside=tuple(c.block.text for c in cleaned.left_out if c.block.index >= limit),
    )
