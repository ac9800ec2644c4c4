"""Kept blocks -> Document: title, standfirst, byline, section, and the body's elements
(paragraphs, ``##`` headings, lists, call-outs)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .boilerplate import GOOD, Classified, Cleaned, headline_like
from .dates import dates_in
from .language import WORD

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
    """``paragraph``, ``heading``, ``bullet``, ``number`` or ``callout``."""
    text: str
    """Plain text (not yet escaped for Markdown)."""
    label: str = ""
    """A call-out's label (``Did you know?``)."""
    number: int = 0
    """A numbered item's number."""


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
_BY_INSIDE = re.compile(rf"(?:^|\s)(?:by|von|por|par|di|door)\s+(?P<name>{_NAME})", re.I)
_DATEISH = re.compile(r"\d{1,2}[./:]\d{1,2}|\b(?:19|20)\d\d\b|\b(?:ago|vor|hace|il y a)\b|\d+\s*(?:min|h|uhr)\b", re.I)
_PARTS = re.compile(r"\s*[|•·,]\s*|\s+[–—-]\s+")


def find_author(before: list[Classified]) -> str:
    """A byline that no rule caught, in the lines just above the text: ``July 24, 2019 by
    Amy Motroni``, ``Marie Merlet | lundi 9 décembre 2019``, ``04.02.2022 | 13:10 Uhr | Uta Helkenberg``."""
    for c in reversed(before):
        text = c.block.text
        if len(text) > 120:
            continue
        m = _BY_INSIDE.search(text)
        if m and looks_like_name(m.group("name")):
            return m.group("name")
        if _DATEISH.search(text):
            for part in _PARTS.split(text):
                part = re.sub(r"\s+\d.*$", "", part).strip()  # "Ariel Melgar Cabrera 3/5/2022"
                words = part.split()
                if (
                    2 <= len(words) <= 4
                    and looks_like_name(part)
                    and not _DATEISH.search(part)
                    and all(w[0].isupper() for w in words)
                ):
                    return part
    return ""


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


NOT_TITLE = re.compile(
    r"^(?:by|von|posted|published|ver(?:ö|oe)ffentlicht|gepostet|aktualisiert|updated|written|geschrieben|"
    r"erstellt|am|on|le|el|par|por|publi(?:é|e)|publicado|actualizado|stand|datum|date|quelle|source|"
    r"foto|photo|bild|image|tags?|kategorie|category|categories|rubrik|share|teilen)\b|https?://|www\.|@|"
    r"\s[|]\s|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2}",
    re.I,
)


def _title_score(c: Classified, distance: int, counts: dict[str, int], has_stopwords: bool) -> float:
    """How much a line looks like this page's headline (<= 0: not at all)."""
    text = c.block.text
    if c.rule is not None:
        return -1
    words = text.split()
    if not (2 <= len(words) <= 30 and 12 <= len(text) <= 220) or text.endswith((".", ",", ";", ":")):
        return -1
    if not re.search(r"[^\W\d_]", text) or text.startswith(("©", "|")) or NOT_TITLE.search(text):
        return -1
    if dates_in(text):
        return -1  # a dateline, not a headline
    repeated = counts.get(_key(text), 0) > 1
    s = 8.0 - distance * 0.4 + min(len(words), 12) * 0.5
    s += 5 if repeated else 0
    s += 1 if text[0].isupper() or text[0] in "„“\"'«¿¡" else -2
    if len(words) <= 3 and not repeated:
        s -= 3  # labels and section names are short
    if has_stopwords and c.stop_density == 0 and len(words) <= 4:
        s -= 2
    return s


def _byline_follows(before: list[Classified], i: int) -> bool:
    return any(c.rule is not None and c.rule.name == "byline" for c in before[i + 1 : i + 4])


def find_title(cleaned: Cleaned, counts: dict[str, int], has_stopwords: bool = True) -> tuple[str, int | None]:
    """(title, index into body if the title was the body's first block, else None)."""
    best, best_text, in_body = 0.0, "", None
    before = cleaned.before
    body_words = {w for c in cleaned.body for w in WORD.findall(c.block.text.casefold()) if len(w) > 3}
    for i in range(len(before) - 1, max(-1, len(before) - 31), -1):
        c = before[i]
        s = _title_score(c, len(before) - i, counts, has_stopwords)
        if s > 0 and _byline_follows(before, i):
            s += 4  # a headline sits above its byline
        if s > 0:
            # A headline is about the text below it: its words recur there; a menu's don't.
            words = [w for w in WORD.findall(c.block.text.casefold()) if len(w) > 3]
            s += 12 * (sum(w in body_words for w in words) / len(words)) if words else 0
        if s > best and c.rule is None:
            best, best_text, in_body = s, c.block.text, None
    first = cleaned.body[0] if len(cleaned.body) > 1 else None
    if (
        not best_text
        and first
        and headline_like(first.block.text)
        and _title_score(first, 1, counts, has_stopwords) > 0
    ):
        best_text, in_body = first.block.text, 0  # no headline before the text: the page may start with it
    return best_text, in_body


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


def build_document(cleaned: Cleaned, has_stopwords: bool = True) -> Document:
    counts: dict[str, int] = {}
    for c in cleaned.before + cleaned.body:
        k = _key(c.block.text)
        counts[k] = counts.get(k, 0) + 1
    title, title_at = find_title(cleaned, counts, has_stopwords)
    body = [c for i, c in enumerate(cleaned.body) if i != title_at]
    title_key = _key(title)
    # A subheadline between the title (and byline) and the text opens the body.
    if cleaned.before and body and title_at is None:
        last = cleaned.before[-1]
        text = last.block.text
        if (
            last.rule is None
            and _key(text) != title_key
            and headline_like(text)
            and len(text.split()) >= 4
            and "|" not in text
            and not re.search(r"\d{1,2}[./:]\d{1,2}", text)
        ):
            body.insert(0, last)
    body = [c for c in body if _key(c.block.text) != title_key]  # a repeated title is not body
    standfirst = ""
    if body and DASH_LEAD.match(body[0].block.text) and len(body) > 1:
        standfirst = DASH_LEAD.sub("", body.pop(0).block.text)
    author = cleaned.meta.get("byline", "")
    if author and not looks_like_name(author):
        author = ""
    author = author or find_author(cleaned.before[-12:])
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
        elements.append(el)
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
