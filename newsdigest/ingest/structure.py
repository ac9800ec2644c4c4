"""Kept blocks -> Document: title, standfirst, byline, section, and the body's elements
(paragraphs, ``##`` headings, lists, call-outs)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import headline
from .boilerplate import GOOD, Classified, Cleaned, headline_like
from .dates import date_spans

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


def looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and all(NAME_WORD.match(w) for w in words) and any(w[0].isupper() for w in words)


_NAME = r"(?-i:[A-ZÀ-ÖØ-Þ][\w.'’-]+)(?:\s+(?:(?-i:[A-ZÀ-ÖØ-Þ][\w.'’-]*)|de|da|van|von|der|di|del|la|le)){1,3}"
_ONE_NAME = r"(?-i:[A-ZÀ-ÖØ-Þ][\w.'’-]+)"
_BY_WORD = (
    r"(?:by|von|por|par|di|door|durch|av|af|przez|"
    r"(?:text|texte|autor(?:in)?|author|auteur|fotos?|photos?)(?:\s*(?:&|und|and|/)\s*(?:fotos?|photos?|text))?\s*:|"
    r"about the author\s*[-–—:]?|über den autor(?:in)?\s*[-–—:]?|written by|posted by|geschrieben von|verfasst von|"
    r"publié par|publicado por|escrito por|scritto da)"
)
_BY_INSIDE = re.compile(rf"(?:^|\s){_BY_WORD}\s*:?\s*(?P<name>{_NAME})", re.I)
_POSTED_BY = re.compile(
    rf"(?:^|\s)(?:posted by|written by|geschrieben von|publié par|publicado por)\s+(?P<name>{_ONE_NAME})", re.I
)
_BY_ALONE = re.compile(rf"(?:^|\s){_BY_WORD}\s*:?\s*$", re.I)
_DATEISH = re.compile(r"\d{1,2}[./:]\d{1,2}|\b(?:19|20)\d\d\b|\b(?:ago|vor|hace|il y a)\b|\d+\s*(?:min|h|uhr)\b", re.I)
_PARTS = re.compile(r"\s*[|•·,]\s*|\s+[–—-]\s+")
_AGENCY = re.compile(r"\s*/\s*\S+$|\s+\d.*$")
"""What follows a name on its line: ``Peter Maahn/SP-X``, ``Ariel Melgar Cabrera 3/5/2022``."""


def _name_line(text: str) -> str:
    """The line is a name and nothing else (an agency or date after it may be cut)."""
    name = _AGENCY.sub("", text).strip()
    words = name.split()
    return name if 2 <= len(words) <= 4 and looks_like_name(name) and all(w[0].isupper() for w in words) else ""


def _without_dates(text: str) -> str:
    """``28. Jan. 2022 Paula Balov`` -> `` | Paula Balov``: dates become separators."""
    out, end = [], 0
    for start, stop in sorted(date_spans(text)):
        if start >= end:
            out.append(text[end:start] + " | ")
            end = stop
    return "".join(out) + text[end:]


def find_author(lines: list[Classified], after: bool = False) -> str:
    """A byline that no rule caught, in the lines just above the text: ``July 24, 2019 by
    Amy Motroni``, ``Marie Merlet | lundi 9 décembre 2019``, ``04.02.2022 | 13:10 Uhr | Uta Helkenberg``,
    ``Von`` then ``Simon Braasch`` on the next line, a name on its own beside a date line."""
    texts = [c.block.text for c in lines]
    # Nearest the text first: upwards from it, or (``after``) down from its end.
    for i in range(len(texts)) if after else range(len(texts) - 1, -1, -1):
        text = texts[i]
        if len(text) > 120:
            continue
        if _BY_ALONE.search(text) and i + 1 < len(texts) and (name := _name_line(texts[i + 1])):
            return name
        m = _BY_INSIDE.search(text) or _POSTED_BY.search(text)
        if m and looks_like_name(m.group("name")):
            return m.group("name")
        if after:
            continue  # after the text: only an explicit byline (not a commenter beside a date)
        if _DATEISH.search(text):
            for part in _PARTS.split(_without_dates(text)):
                part = _AGENCY.sub("", part).strip()
                if _name_line(part) and not _DATEISH.search(part):
                    return part
        elif (name := _name_line(text)) and any(
            len(texts[j]) < 80 and _DATEISH.search(texts[j]) for j in (i - 1, i + 1) if 0 <= j < len(texts)
        ):
            return name  # ``August 23, 2020`` / ``Leah C. Stokes``
    return ""


def find_title(cleaned: Cleaned, has_stopwords: bool = True) -> tuple[str, int | None]:
    """(title, 0 if the title was the body's first block, else None): the headline ranker's pick."""
    cands = headline.page_candidates(cleaned, has_stopwords)
    opening = bool(cleaned.body) and headline_like(cleaned.body[0].block.text)
    top = headline.choose(cands, headline.shipped_model(), opening)
    if top is None:
        return "", None
    return top.text, (0 if top.distance == 0 else None)


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
    if (m := NUMBERED.match(text)) and len(text) < 600:
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
    author = cleaned.meta.get("byline", "")
    if author and not looks_like_name(author):
        author = ""
    author = author or find_author(cleaned.before[-20:])
    # A byline the cleaner kept at the top of the body is metadata: the author, out of the body.
    top = 0
    while top < min(3, len(body) - 1) and len(body[top].block.text) <= 120 and not body[top].block.text.endswith("."):
        top += 1
    if not author and top and (found := find_author(cleaned.before[-20:] + body[:top])):
        author = found
        body = [c for i, c in enumerate(body) if i >= top or found not in c.block.text]
    author = author or find_author(cleaned.after[:15], after=True)
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
        header=tuple(c.block.text for c in reversed(cleaned.before)),
        trailer=tuple(c.block.text for c in cleaned.after),
    )
