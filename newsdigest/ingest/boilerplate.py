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

import re
from dataclasses import dataclass, field

from .blocks import SENTENCE_END, Block
from .language import WORD, Language
from .rules import Rule, match

URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")
LENGTH_LOW, LENGTH_HIGH = 70, 200
STOP_LOW, STOP_HIGH = 0.28, 0.32
MAX_LINK_DENSITY = 0.25

GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"


@dataclass(slots=True)
class Classified:
    block: Block
    cls: str
    """good / near / short / bad, after context."""
    rule: Rule | None = None
    value: str = ""
    """A meta rule's captured value."""
    stop_density: float = 0.0


@dataclass(slots=True)
class Cleaned:
    """The outcome: the article's blocks and what the rest told us."""

    body: list[Classified]
    """Kept blocks, in order (prose, plus short blocks that context kept)."""
    before: list[Classified]
    """Every block before the article's first kept block (title, byline, date live here)."""
    meta: dict[str, str] = field(default_factory=dict)
    """Values from meta rules: ``seo_description``, ``seo_keywords``, ``byline``."""
    dropped: dict[str, int] = field(default_factory=dict)
    """How many lines each rule removed (for --verbose)."""


def headline_like(text: str) -> bool:
    """A heading or title: one short line that doesn't end like a sentence (``?`` and ``:`` may)."""
    n = len(text)
    return 3 <= n <= 160 and not text.endswith((".", "!", ";", ",", "…")) and len(text.split()) <= 22


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
        return Classified(block, BAD, rule, value.strip())
    n = len(text)
    link_chars = sum(len(u) for u in URL.findall(text))
    if n and link_chars / n > MAX_LINK_DENSITY:
        return Classified(block, BAD)
    if not language.stopwords:  # no word spaces (CJK) or no stop list: length and punctuation
        sentences = sum(text.count(c) for c in "。！？.!?，,")
        if n < 25:
            return Classified(block, SHORT)
        if sentences and n >= 60:
            return Classified(block, GOOD)
        return Classified(block, NEAR if sentences else BAD)
    words, density = stop_density(text, language)
    if n < LENGTH_LOW or headline_like(text):
        return Classified(block, SHORT, stop_density=density)
    if density >= STOP_HIGH:
        return Classified(block, GOOD if n >= LENGTH_HIGH else NEAR, stop_density=density)
    if density >= STOP_LOW:
        return Classified(block, NEAR, stop_density=density)
    return Classified(block, BAD, stop_density=density)


def _neighbour(items: list[Classified], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(items):
        if items[j].cls != SHORT:
            return items[j].cls if items[j].cls != NEAR else NEAR
        j += step
    return BAD


def resolve_context(items: list[Classified]) -> None:
    """jusText's context step: near-good joins good company, short blocks follow their neighbours."""
    for i, c in enumerate(items):
        if c.cls == NEAR and c.rule is None:
            prev, nxt = _neighbour(items, i, -1), _neighbour(items, i, 1)
            c.cls = BAD if prev == BAD and nxt == BAD else GOOD
    for i, c in enumerate(items):
        if c.cls == SHORT:
            prev, nxt = _neighbour(items, i, -1), _neighbour(items, i, 1)
            if prev == GOOD and nxt == GOOD:
                c.cls = GOOD
            elif prev == BAD and nxt == BAD:
                c.cls = BAD


def score(c: Classified) -> float:
    n = len(c.block.text)
    if c.cls == GOOD:
        return float(n)
    if c.cls == SHORT:
        return -5.0
    return -max(30.0, min(n, 300) * 0.6)


def best_run(items: list[Classified]) -> tuple[int, int]:
    """The maximum-sum stretch of blocks (Kadane): [start, end), empty when nothing is prose."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, c in enumerate(items):
        if total <= 0:
            total, start = 0.0, i
        total += score(c)
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def clean(blocks: list[Block], language: Language, rules: tuple[Rule, ...]) -> Cleaned:
    items = [classify_one(b, language, rules) for b in blocks]
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
    meta: dict[str, str] = {}
    dropped: dict[str, int] = {}
    body = []
    for i, c in enumerate(items):
        if c.rule is not None:
            dropped[c.rule.name] = dropped.get(c.rule.name, 0) + 1
            if c.rule.kind == "meta" and c.value and c.rule.name not in meta:
                meta[c.rule.name] = c.value
            continue
        if start <= i < end and c.cls in (GOOD, SHORT):
            body.append(c)
    # Trailing short blocks (a teaser headline, a caption) are not the article's end.
    while body and body[-1].cls == SHORT:
        body.pop()
    first = body[0].block.index if body else len(items)
    return Cleaned(body=body, before=items[:first], meta=meta, dropped=dropped)
