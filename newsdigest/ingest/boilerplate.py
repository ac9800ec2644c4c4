"""Blocks -> the article's blocks. Three signals, combined:

1. **Rules** (``rules.py``): named patterns for widgets, calls to action, SEO lines, bylines.
2. **Text statistics**, as jusText does: a block with many stop words and sentence
   punctuation is prose; a short, stop-word-poor or link-heavy block is boilerplate. Short
   blocks and borderline ones take their class from their neighbours, so a heading or list
   item between good paragraphs survives.
3. **Zones**: the article is one stretch of the page. The stretch with the most prose (a
   maximum-sum run over block scores) is kept; menus before it and related links, footers
   and comments after it go, and an end marker (``You may also like``) closes it early.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from .blocks import Block
from .classifier import Model
from .language import WORD, Language, line_key
from .linefeatures import LineInput
from .rules import RULE_NAMES, Rule, match

URL = re.compile(r"https?://\S+|www\.\S+|(?<!\S)[^\s@]+@[^\s@]+\.\w+")
r"""Links and e-mail addresses written out. An address is looked for only from the start of a
word, with one ``@``: ``\S+@\S+`` tried from every position of a 100,000-character word
without spaces took seconds a line (a scraped page's data URL or a hostile page)."""
LENGTH_LOW, LENGTH_HIGH = 70, 200
STOP_LOW, STOP_HIGH = 0.28, 0.32
MAX_LINK_DENSITY = 0.25

GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"
SENTENCE_TAIL = (".", "!", "?", "…", '"', "”", "»", ")", "。", "！", "？")


@dataclass(slots=True)
class Classified:
    block: Block
    cls: str
    """good / near / short / bad, after context."""
    first: str = ""
    """The class before context: only blocks that were prose on their own pull a zone together."""
    rule: Rule | None = None
    value: str = ""
    """A meta rule's captured value."""
    stop_density: float = 0.0
    p: float = -1.0
    """The learned cleaner's probability that the block is article text (-1 without a model)."""


@dataclass(slots=True)
class Cleaned:
    """The outcome: the article's blocks and what the rest told us."""

    body: list[Classified]
    """Kept blocks, in order (prose, plus short blocks that context kept)."""
    before: list[Classified]
    """Every block before the article's first kept block (title, byline, date live here)."""
    after: list[Classified] = field(default_factory=list)
    """The blocks after the article's last kept block (a date printed at the end, the footer)."""
    meta: dict[str, str] = field(default_factory=dict)
    """Values from meta rules: ``seo_description``, ``seo_keywords``, ``byline``."""
    left_out: list[Classified] = field(default_factory=list)
    """The blocks between the first kept block and the last that were not kept (a byline or
    date line under a headline the cleaner kept is one)."""


def headline_like(text: str) -> bool:
    """A heading or title: one short line that doesn't end like a sentence (``?`` and ``:`` may)."""
    n = len(text)
    return 3 <= n <= 160 and not text.endswith((".", "!", ";", ",", "…")) and len(text.split()) <= 22


_INNER_SENTENCE = re.compile(r"[^\W\d_]{2}[.!]\s+[\"„“«]?[A-ZÀ-ÖØ-ÞА-ЯЁ]|[。！？]")
_CLOSED_SENTENCE = re.compile(r"[.!…][\"'”’»)]+$")
"""A sentence end and the quotation marks or bracket closing it (a bare one: ``headline_like``)."""


def teaser_like(text: str) -> bool:
    """A title of the next post, which an extractor takes for an article's last line: headline
    shaped and no sentence in it. A line with a sentence end inside (``... in Stichworten.
    Brandenburgische ...``, any ``。``) or closing a quotation (``... geb' ich nicht!"``) is prose."""
    return headline_like(text) and not _INNER_SENTENCE.search(text) and not _CLOSED_SENTENCE.search(text)


def stop_density(text: str, language: Language) -> tuple[int, float]:
    words = WORD.findall(text.casefold())
    if not words:
        return 0, 0.0
    return len(words), sum(w in language.stopwords for w in words) / len(words)


def classify_one(block: Block, language: Language, rules: tuple[Rule, ...]) -> Classified:
    text = block.text
    hit = match(rules, text)
    if hit:
        rule, m = hit
        value = m.groupdict().get("value") or ""
        return Classified(block, BAD, BAD, rule, value.strip())
    n = len(text)
    link_chars = sum(len(u) for u in URL.findall(text))
    if n and link_chars / n > MAX_LINK_DENSITY:
        return Classified(block, BAD, BAD)
    if not language.stopwords:  # no word spaces (CJK) or no stop list: length and punctuation
        sentences = sum(text.count(c) for c in "。！？.!?，,")
        if n < 25:
            return Classified(block, SHORT, SHORT)
        if sentences and n >= 60:
            return Classified(block, GOOD, GOOD)
        return Classified(block, NEAR, NEAR) if sentences else Classified(block, BAD, BAD)
    _words, density = stop_density(text, language)
    if n < LENGTH_LOW or headline_like(text):
        cls = SHORT
    elif density >= STOP_HIGH:
        cls = GOOD if n >= LENGTH_HIGH else NEAR
    else:
        cls = NEAR if density >= STOP_LOW else BAD
    return Classified(block, cls, cls, stop_density=density)


def _classes_after(items: list[Classified]) -> list[str]:
    """For each block, the class of the nearest block after it that is not short (BAD when
    there is none)."""
    after, nearest = [BAD] * len(items), BAD
    for i in range(len(items) - 1, -1, -1):
        after[i] = nearest
        if items[i].cls != SHORT:
            nearest = items[i].cls
    return after


def resolve_context(items: list[Classified]) -> None:
    """jusText's context step: near-good joins good company, short blocks follow their neighbours.
    Each block's neighbours are the nearest blocks before and after it that are not short, as
    they stand when it is reached (the ones before already resolved): one pass each way, so a
    page of 100,000 short lines takes no longer than it should."""
    before, after = BAD, _classes_after(items)
    for c, nxt in zip(items, after, strict=True):
        if c.cls == NEAR and c.rule is None:
            c.cls = BAD if before == BAD and nxt == BAD else GOOD
        if c.cls != SHORT:
            before = c.cls
    before, after = BAD, _classes_after(items)
    for c, nxt in zip(items, after, strict=True):
        if c.cls == SHORT:
            if before == GOOD and nxt == GOOD:
                c.cls = GOOD
            elif before == BAD and nxt == BAD:
                c.cls = BAD
        if c.cls != SHORT:
            before = c.cls


def score(c: Classified) -> float:
    """A block's weight in the zone search: prose pulls, everything else pushes.

    Short blocks push a little whatever their context says, so a heading between two
    paragraphs costs almost nothing while thirty teaser headlines end the article."""
    n = len(c.block.text)
    if c.cls == GOOD and c.first in (GOOD, NEAR):
        return float(n)
    if c.cls == GOOD or c.cls == SHORT:
        return -max(3.0, min(n, 100) * 0.1)
    return -max(30.0, min(n, 300) * 0.4)


END_AFTER_PROSE = 150
"""Characters of prose that must come before an end marker for it to bound the article
(a "Most read" box above the story must not)."""


def best_run(items: list[Classified]) -> tuple[int, int]:
    """The maximum-sum stretch of blocks (Kadane): [start, end), empty when nothing is prose.

    The first end marker (``Comments``, ``You may also like``) that follows a real stretch
    of prose bounds the search: below it come other people's texts (comments, teasers),
    which can outweigh a short article."""
    limit = len(items)
    prose = 0
    for i, c in enumerate(items):
        if c.rule is not None and c.rule.kind == "end" and prose >= END_AFTER_PROSE:
            limit = i
            break
        if c.cls == GOOD and c.first in (GOOD, NEAR):
            prose += len(c.block.text)
    return _kadane(items[:limit])


def _kadane(items: list[Classified]) -> tuple[int, int]:
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, c in enumerate(items):
        if total <= 0:
            total, start = 0.0, i
        total += score(c)
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


_SMILEY = re.compile(r"(?:\s*(?:[:;=8][-']?[)(DPp]|[^\w\s.,!?…\"”»)':;。！？(-]))+$")


def sentence_like(c: Classified, has_stopwords: bool, colon: bool = False) -> bool:
    """A short block that reads as a sentence (``Thanks for reading!``, ``Isn't it? :)``),
    not a label. With ``colon``, a sentence introducing what follows (``Details here:``) too."""
    text = _SMILEY.sub("", c.block.text)
    tail = SENTENCE_TAIL + ((":",) if colon else ())
    return (
        c.rule is None
        and (c.first != BAD or len(text.split()) >= 8)
        and text.endswith(tail)
        and len(text.split()) >= 3
        and (not has_stopwords or c.stop_density >= 0.15)
    )


def extend_edges(items: list[Classified], start: int, end: int, has_stopwords: bool) -> tuple[int, int]:
    """Grow the zone over adjacent sentence-like blocks: a one-line opening or closing
    sentence is too short to count as prose on its own but belongs to the article."""
    if start >= end:
        return start, end
    while start > 0 and sentence_like(items[start - 1], has_stopwords):
        start -= 1
        items[start].cls = GOOD
    while end < len(items):
        if sentence_like(items[end], has_stopwords, colon=True):
            items[end].cls = GOOD
            end += 1
        else:
            break
    return start, end


LIST_MARK = re.compile(r"^(?:[-*•▪◦·‣●○■□➢➤►✓✔]\s*|\d{1,3}[.)]\s+)\S")


def keep_in_zone(items: list[Classified], i: int, has_stopwords: bool) -> bool:
    """Inside the article, a block that was not prose on its own stays only as a heading
    (a headline-like line with prose after it), a list item or a sentence."""
    c = items[i]
    if c.first in (GOOD, NEAR):
        return True
    text = c.block.text
    if LIST_MARK.match(text) or sentence_like(c, has_stopwords, colon=True):
        return True
    if _introduced(items, i):
        return True
    nxt = next((x for x in items[i + 1 : i + 3] if x.cls != BAD or x.rule is None), None)
    return (
        headline_like(text) and nxt is not None and (nxt.first in (GOOD, NEAR) or bool(LIST_MARK.match(nxt.block.text)))
    )


def _introduced(items: list[Classified], i: int, reach: int = 12) -> bool:
    """A run of short lines after a line ending in a colon is a list without markers
    (``Ingredients:``, ``The demands:``), not a row of captions."""
    for j in range(i - 1, max(-1, i - 1 - reach), -1):
        prev = items[j]
        if prev.rule is not None:
            return False
        if prev.block.text.endswith(":"):
            return True
        if prev.first in (GOOD, NEAR) and not prev.block.text.endswith(":"):
            return False
    return False


def _zone_score(items: list[Classified]) -> float:
    return sum(score(c) for c in items)


def earlier_part(items: list[Classified], start: int, end: int) -> int:
    """An article cut in two by a widget block (a gallery, an ad, a share bar): a strong
    stretch of prose shortly before the zone, with no end marker, joins it."""
    if start <= 0:
        return start
    window_start = max(0, start - 40)
    window = items[window_start:start]
    if any(c.rule is not None and c.rule.kind == "end" for c in window):
        return start
    s, e = _kadane(window)
    if e <= s:
        return start
    part = _zone_score(window[s:e])
    if part >= 0.4 * _zone_score(items[start:end]) and part >= MIN_ARTICLE:
        return window_start + s
    return start


def find_lead(items: list[Classified], start: int, reach: int = 16) -> int | None:
    """A standfirst set apart from the text by a byline, a date, a photo credit or a table
    of contents: the first prose-like block found looking back from the zone over such
    widgets. Found above a byline, it is the standfirst; without one in between, only
    within a few lines (further up, it would be some other story's teaser)."""
    byline = False
    for i in range(start - 1, max(-1, start - 1 - reach), -1):
        c = items[i]
        if c.rule is not None:
            if c.rule.kind == "end":
                return None
            byline = byline or c.rule.name == "byline"
            continue
        if c.first in (GOOD, NEAR) and c.block.text.endswith(SENTENCE_TAIL) and c.stop_density >= 0.2:
            return i if byline or start - i <= 6 else None
        if c.first != SHORT:
            return None  # other prose: the lead would be someone else's
        byline = byline or (bool(_DATE_LINE.search(c.block.text)) and len(c.block.text) < 60)
    return None


_DATE_LINE = re.compile(
    r"\b\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4}\b|\b\d{1,2}\.? [A-ZÄÖÜ][a-zäöü]+ \d{4}\b|\b[A-Z][a-z]+ \d{1,2}, \d{4}\b"
)


MIN_ARTICLE = 250
"""Characters of prose below which the strict pass is distrusted and the lenient one runs."""


def rule_and_zone(
    blocks: list[Block], language: Language, rules: tuple[Rule, ...]
) -> tuple[list[Classified], set[int], int | None]:
    """The rule-and-zone cleaner: (every block classified, the indexes it keeps, the lead's index)."""
    first_pass = [classify_one(b, language, rules) for b in blocks]
    items = [Classified(c.block, c.cls, c.cls, c.rule, c.value, c.stop_density) for c in first_pass]
    resolve_context(items)
    start, end = best_run(items)
    if sum(len(c.block.text) for c in items[start:end] if c.cls == GOOD) < MIN_ARTICLE:
        # A short page (a brief, a blog note) has few long paragraphs: let borderline prose count.
        items = [
            Classified(c.block, GOOD if c.cls == NEAR else c.cls, c.cls, c.rule, c.value, c.stop_density)
            for c in first_pass
        ]
        resolve_context(items)
        start, end = best_run(items)
    # An end marker inside the stretch closes the article, once it has begun.
    seen_good = False
    for i in range(start, end):
        c = items[i]
        if c.rule is not None and c.rule.kind == "end" and seen_good:
            end = i
            break
        seen_good = seen_good or c.cls == GOOD
    start, end = extend_edges(items, start, end, bool(language.stopwords))
    start = earlier_part(items, start, end)
    lead = find_lead(items, start)
    has_stopwords = bool(language.stopwords)
    kept = {
        i
        for i, c in enumerate(items)
        if c.rule is None
        and (i == lead or (start <= i < end and c.cls in (GOOD, SHORT) and keep_in_zone(items, i, has_stopwords)))
    }
    # Trailing short blocks (a teaser headline, a caption) are not the article's end.
    while kept and items[max(kept)].cls == SHORT:
        kept.discard(max(kept))
    return items, kept, lead


def classify(blocks: list[Block], language: Language, rules: tuple[Rule, ...]) -> list[Classified]:
    """Every block's named rule and jusText class (before and after context)."""
    items = [classify_one(b, language, rules) for b in blocks]
    resolve_context(items)
    return items


_SITE_RULE = len(RULE_NAMES) + 1
_RULE_NUMBER = {name: i + 1 for i, name in enumerate(RULE_NAMES)}


def line_inputs(items: list[Classified]) -> list[LineInput]:
    """What the learned cleaner reads of each block. A rule is known by its place in the
    built-in table (a site's own patterns share one number), so a site that switches rules
    off or adds its own does not shift the others."""
    return [
        LineInput(
            c.block.text,
            c.cls,
            c.first,
            (_RULE_NUMBER.get(c.rule.name, _SITE_RULE) if c.rule else 0),
            c.rule.kind if c.rule else "",
        )
        for c in items
    ]


def _meta_values(items: list[Classified]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for c in items:
        if c.rule is not None and c.rule.kind == "meta" and c.value and c.rule.name not in meta:
            meta[c.rule.name] = c.value
    return meta


def clean(blocks: list[Block], language: Language, rules: tuple[Rule, ...], model: Model | None = None) -> Cleaned:
    """The article's blocks: the learned cleaner's when there is a model, else the
    rule-and-zone cleaner's. Either way a line a named rule recognises never stays, and a
    site's own end marker (``[ingest] end_markers``) closes the article once it has begun.
    ``before`` and ``after`` (where title, byline and dates are looked for) are the blocks
    above the first kept one and below the last."""
    if model is None:
        return _rule_and_zone_clean(blocks, language, rules)
    items = classify(blocks, language, rules)
    for c, q in zip(items, model.probabilities(line_inputs(items), language), strict=True):
        c.p = q
    kept = [i for i, c in enumerate(items) if c.p >= model.threshold and c.rule is None]
    for i, c in enumerate(items):
        if c.rule is not None and c.rule.name.startswith("site_end_") and kept and kept[0] < i:
            kept = [k for k in kept if k < i]
            break
    # A title-case line after the last paragraph is a teaser for the next story, not the end of this one.
    if len(kept) > 1 and _teaser(items[kept[-1]].block.text):
        kept.pop()
    first = kept[0] if kept else len(items)
    last = kept[-1] + 1 if kept else len(items)
    inside = set(kept)
    return Cleaned(
        body=[items[i] for i in kept],
        before=items[:first],
        after=items[last:],
        meta=_meta_values(items),
        left_out=[items[i] for i in range(first, last) if i not in inside],
    )


def _teaser(text: str) -> bool:
    """A headline-shaped line in Title Case (three or more words, most of them capitalised)."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return (
        headline_like(text)
        and not text.endswith((":", "?"))
        and len(words) >= 3
        and sum(w[0].isupper() for w in words) >= 0.6 * len(words)
    )


def _rule_and_zone_clean(blocks: list[Block], language: Language, rules: tuple[Rule, ...]) -> Cleaned:
    """The hand-set cleaner (rules, jusText statistics, the prose zone), used without a model."""
    items, kept, lead = rule_and_zone(blocks, language, rules)
    # "Before" is everything above the zone but the lead: the title, and the byline and
    # date lines that often sit between a standfirst and the text.
    zone = sorted(i for i in kept if i != lead)
    first = zone[0] if zone else len(items)
    last = max(kept) + 1 if kept else len(items)
    before = [c for i, c in enumerate(items[:first]) if i != lead]
    return Cleaned(
        body=[items[i] for i in sorted(kept)],
        before=before,
        meta=_meta_values(items),
        after=items[last:],
        left_out=[items[i] for i in range(first, last) if i not in kept and i != lead],
    )


EXTRACTOR_VETO = 0.1
"""An extractor's block goes when the learned cleaner, reading the page, gives its line a
probability under this. Chosen on two thirds of dragnet (0.05 / 0.1 / 0.2 / 0.3); on the
third never used to choose, on cleanportaleval and on CleanEval it gains too (README)."""
EXTRACTOR_MARGIN = 5
"""The cleaner reads the page's lines from this many above the extractor's first block to as
many below its last (the whole page: the same F1 on two thirds of dragnet, 30 % slower)."""


def match_lines(texts: list[str], visible: list[str]) -> dict[int, int]:
    """Where an extractor's blocks (``texts``) are among the page's visible lines: block ->
    line, each block matched to the first line with the same words after the line the block
    before it matched; a block matched to none is left out."""
    at: dict[str, list[int]] = {}
    for i, t in enumerate(visible):
        at.setdefault(line_key(t), []).append(i)
    matched: dict[int, int] = {}
    last = -1
    for n, text in enumerate(texts):
        places = at.get(line_key(text), [])
        k = bisect.bisect_right(places, last)  # the first place after the last match
        if k < len(places):
            matched[n] = last = places[k]
    return matched


def block_probabilities(
    matched: dict[int, int], visible: list[str], language: Language, rules: tuple[Rule, ...], model: Model
) -> dict[int, float]:
    """The learned cleaner's probability that each of an extractor's blocks (matched to the
    page's visible lines by ``match_lines``) is article text, reading the visible text (one
    block element a line) as it reads a text file: the stretch of lines the matched blocks
    span, ``EXTRACTOR_MARGIN`` more each side. Blocks matched to no line are left out."""
    if not matched:
        return {}
    start = max(0, min(matched.values()) - EXTRACTOR_MARGIN)
    lines = visible[start : max(matched.values()) + EXTRACTOR_MARGIN + 1]
    items = classify([Block(i, t, i + 1) for i, t in enumerate(lines)], language, rules)
    p = model.probabilities(line_inputs(items), language)
    return {n: p[i - start] for n, i in matched.items()}


END_OVERRULED = 0.5
"""An end marker in an extractor's article (``Related stories``) does not end it when the
learned cleaner's mean probability for the blocks after it is at least this (chosen on two
thirds of dragnet among 0.5 / 0.7 / 0.85, all within 0.0003 of each other)."""


DROP_OVERRULED = 0.9
"""A block a named drop rule hits stays in an extractor's article when the learned cleaner
gives it at least this. The model reads the rules' hits among its features, so a line it is
still this sure of is prose a rule's words happen to be in: ``More than 600,000 Israelis
live ...`` (read_more), ``Home prices have recovered ...`` (breadcrumb), ``... wie
Datenschutz und Medien`` (cookie_notice), a quotation closed by ``(Source: Financial Times)``
(caption_credit), a tutorial's code (template_debris). Over every corpus's extracted blocks
(scratch count) the hits at 0.9 or more were in the gold text 63 times and outside it 7. At
0.8 a PHP warning printed next to an article stayed (the debris the rules are surest of)."""


def _overruled(c: Classified, likely: dict[int, float]) -> Classified:
    """``c`` without its drop rule when the learned cleaner is sure it is article text."""
    if c.rule is not None and c.rule.kind == "drop" and likely.get(c.block.index, 0.0) >= DROP_OVERRULED:
        return replace(c, rule=None)
    return c


def _goes_on(rest: list[Classified], likely: dict[int, float]) -> bool:
    """The article goes on past an end marker: the learned cleaner finds the blocks after it
    article text on average (``likely``: block index -> probability)."""
    p = [likely[c.block.index] for c in rest if c.block.index in likely]
    return bool(p) and sum(p) / len(p) >= END_OVERRULED


def rules_only(
    blocks: list[Block], language: Language, rules: tuple[Rule, ...], likely: dict[int, float] | None = None
) -> Cleaned:
    """The second pass over an extractor's article: the extractor already found the article
    zone, so only the named rules act (a widget, call to action or share prompt goes unless
    the learned cleaner's ``likely`` (block index -> probability) is sure it is article text;
    an end marker after the first few blocks ends the article unless ``likely`` says the text
    goes on; meta lines give metadata).
    Statistics and zones would cut real short paragraphs the extractor rightly kept:
    measured on eval-dev and eval-segments HTML, rules alone keep more of the article for
    the same precision (see the README)."""
    items = [_overruled(classify_one(b, language, rules), likely or {}) for b in blocks]
    meta: dict[str, str] = {}
    body: list[Classified] = []
    end = len(items)
    for i, c in enumerate(items):
        if c.rule is None:
            body.append(c)
            continue
        if c.rule.kind == "meta" and c.value and c.rule.name not in meta:
            meta[c.rule.name] = c.value
        if c.rule.kind == "end" and len(body) >= 3 and not _goes_on(items[i + 1 :], likely or {}):
            end = i
            break
    # A teaser headline the extractor took for the article's last line (the next post's
    # title): short, no sentence in it (``teaser_like``), right after the last sentence.
    if len(body) > 3 and teaser_like(body[-1].block.text) and body[-2].block.text.endswith(SENTENCE_TAIL):
        body.pop()
    return Cleaned(body=body, before=[], meta=meta, after=items[end:])
