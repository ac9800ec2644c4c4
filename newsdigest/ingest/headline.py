"""Which line is the page's headline: a small learned ranker.

Every headline-shaped line in the 40 above the article and the article's first three lines
is a candidate. Each gets features of what headlines look like and where pages print them:
how far above the text (and how many other candidates lie between), its length, case and
punctuation, whether it repeats on the page or inside another line, how many of its words the
text and its lead use, whether a byline or a date sits next to it, how likely the learned
cleaner found it and the lines below it to be article text, whether it sits in a run of
menu-length lines. A ranking ensemble of small trees (``bench/train_headline.py``, LightGBM's
lambdarank) scores them; the best is the headline.

The model is a JSON file beside this module (``headline_model.json``); without it a
hand-set score ranks alone.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .boilerplate import SENTENCE_TAIL, Classified, Cleaned
from .classifier import shipped_model as shipped_cleaner
from .dates import dates_in, unglued
from .language import WORD, line_key
from .trees import Forest

MODEL_FILE = Path(__file__).with_name("headline_model.json")
FORMAT = "newsdigest-headline/2"
WINDOW = 40
BODY_LINES = 3

NOT_TITLE = re.compile(
    r"^(?:by|von|posted|published|ver(?:ö|oe)ffentlicht|gepostet|aktualisiert|updated|written|geschrieben|"
    r"erstellt|am|on|le|el|par|por|publi(?:é|e)|publicado|actualizado|stand|datum|date|quelle|source|"
    r"foto|photo|bild|image|tags?|kategorie|category|categories|rubrik|share|teilen)\b|https?://|www\.|@|"
    r"\s[|]\s|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2}",
    re.I,
)
BYLINE_NEAR = re.compile(r"^(?:by|von|par|por|door|autor|author|text)\b|\b(?:posted|written) by\b", re.I)
_SEPARATOR = re.compile(r"\s[|–—-]\s|\s»\s|\s::\s")
_OPENERS = "„“\"'«¿¡‘"

FEATURES = (
    "distance",
    "near",
    "in_body",
    "body_index",
    "between",
    "words",
    "chars",
    "titlecase",
    "all_caps",
    "upper_first",
    "stop",
    "no_stop",
    "digits",
    "question",
    "colon_end",
    "sentence_end",
    "separator",
    "not_title_shape",
    "dated",
    "repeated",
    "repeated_after",
    "body_overlap",
    "lead_overlap",
    "byline_next",
    "date_next",
    "date_before",
    "p",
    "p_next",
    "p_below",
    "p_prev",
    "prose_between",
    "candidates",
    "longest",
    "hand",
    "short_around",
    "short_run",
    "inside_other",
    "holds_other",
    "page_position",
    "chars_between",
    "lexicon",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    text: str
    distance: int
    """Lines above the article's first kept line (0: it is that line; -1, -2: the next ones)."""
    features: tuple[float, ...]


key = line_key
"""A line's words, casefolded (``language.line_key``)."""


def eligible(c: Classified) -> bool:
    """The shape of a headline at all: a few words with letters, no rule hit, not a fragment."""
    text = c.block.text
    words = text.split()
    if c.rule is not None or not (2 <= len(words) <= 40 and 8 <= len(text) <= 250):
        return False
    return not text.endswith((",", ";")) and bool(re.search(r"[^\W\d_]", text)) and not text.startswith(("©", "|"))


def hand_score(text: str, distance: int, repeated: bool, stop: float, has_stopwords: bool) -> float:
    """The hand-set score (ranks alone without a model; one feature among others with one)."""
    words = text.split()
    s = 8.0 - distance * 0.4 + min(len(words), 12) * 0.5
    s += 5 if repeated else 0
    s += 1 if text[0].isupper() or text[0] in _OPENERS else -2
    if len(words) <= 3 and not repeated:
        s -= 3
    if has_stopwords and stop == 0 and len(words) <= 4:
        s -= 2
    if NOT_TITLE.search(text) or _has_date(text):
        s -= 6
    return s


def _overlap(words: list[str], pool: set[str]) -> float:
    return sum(w in pool for w in words) / len(words) if words else 0.0


@lru_cache(maxsize=8192)
def _has_date(text: str) -> bool:
    return bool(dates_in(unglued(text)))


def _long_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.casefold()) if len(w) > 3]


def candidates(
    before: Sequence[Classified],
    body: Sequence[Classified],
    counts: dict[str, int],
    has_stopwords: bool,
    after: Sequence[Classified] = (),
) -> list[Candidate]:
    """The lines that could be the headline, each with its features (order of FEATURES).
    ``counts``: how often each line (by ``key``) occurs on the page; ``after``: the lines
    below the text (a headline recurs there in "most read" lists)."""
    below = {key(c.block.text) for c in after if 12 <= len(c.block.text) <= 220}
    lines = list(before) + list(body) + list(after)
    keys = [f" {key(c.block.text)} " for c in lines]
    short = [len(c.block.text) < 40 for c in lines]
    lexicon = cleaner.lexicon if (cleaner := shipped_cleaner()) is not None else None
    start = len(before)
    body_words = {w for c in body for w in _long_words(c.block.text)}
    lead_words = {w for c in body[:3] for w in _long_words(c.block.text)}
    # the text's first lines too, but never its last (taking that for the title would empty it)
    picked = [(i, lines[i]) for i in range(max(0, start - WINDOW), min(start + BODY_LINES, start + len(body) - 1))]
    picked = [(i, c) for i, c in picked if eligible(c)]
    longest = max((len(c.block.text.split()) for _, c in picked), default=0)
    above = [i for i, _ in picked if i < start]
    out = []
    for i, c in picked:
        text = c.block.text
        words = text.split()
        distance = start - i
        long_words = _long_words(text)
        own = keys[i]
        count = counts.get(own[1:-1], 0)
        repeated = count > 1
        nxt = lines[i + 1 : i + 4]
        prev = lines[i - 1] if i > 0 else None
        letters = [w for w in words if w[:1].isalpha()]
        between = sum(1 for j in above if i < j)
        prose_between = sum(1 for x in lines[i + 1 : start] if x.first in ("good", "near"))
        run_start, run_end = i, i
        while run_start > 0 and short[run_start - 1]:
            run_start -= 1
        while run_end + 1 < len(lines) and short[run_end + 1]:
            run_end += 1
        near_keys = [k for k in keys[max(0, i - WINDOW) : i] + keys[i + 1 : i + WINDOW] if k.strip()]
        f = (
            math.log1p(max(distance, 0)),
            1.0 / (1 + max(distance, 0)),
            float(distance <= 0),
            float(max(0, -distance)),
            float(between),
            min(len(words), 30) / 30,
            math.log1p(len(text)),
            sum(w[0].isupper() for w in letters) / len(letters) if letters else 0.0,
            float(text.isupper()),
            float(text[0].isupper() or text[0] in _OPENERS),
            c.stop_density,
            float(has_stopwords and c.stop_density == 0),
            sum(ch.isdigit() for ch in text) / len(text),
            float(text.endswith(("?", "!"))),
            float(text.endswith(":")),
            float(text.endswith(SENTENCE_TAIL)),
            float(bool(_SEPARATOR.search(text))),
            float(bool(NOT_TITLE.search(text))),
            float(_has_date(text)),
            math.log(max(1, count)),
            float(own[1:-1] in below),
            _overlap(long_words, body_words),
            _overlap(long_words, lead_words),
            float(
                any((x.rule is not None and x.rule.name == "byline") or BYLINE_NEAR.search(x.block.text) for x in nxt)
            ),
            float(any(len(x.block.text) < 120 and _has_date(x.block.text) for x in nxt)),
            float(prev is not None and len(prev.block.text) < 120 and _has_date(prev.block.text)),
            c.p,
            lines[i + 1].p if i + 1 < len(lines) else -1.0,
            max((x.p for x in nxt), default=-1.0),
            prev.p if prev is not None else -1.0,
            float(prose_between),
            float(len(picked)),
            float(len(words) == longest),
            hand_score(text, max(distance, 1), repeated, c.stop_density, has_stopwords) / 20,
            float(sum(short[max(0, i - 3) : i + 4]) - short[i]),
            float(run_end - run_start + 1 if short[i] else 0),
            float(any(own in k and own != k for k in near_keys)),
            float(any(k in own and own != k and len(k) > 12 for k in near_keys)),
            i / len(lines),
            math.log1p(sum(len(x.block.text) for x in lines[i + 1 : start])),
            lexicon.line_features(WORD.findall(text.casefold()))[0] if lexicon is not None else 0.0,
        )
        out.append(Candidate(text, distance, f))
    return out


def page_candidates(cleaned: Cleaned, has_stopwords: bool) -> list[Candidate]:
    """``candidates`` of a cleaned page, with how often each line occurs on the page."""
    counts: dict[str, int] = {}
    for c in cleaned.before + cleaned.body + cleaned.after:
        k = key(c.block.text)
        counts[k] = counts.get(k, 0) + 1
    return candidates(cleaned.before, cleaned.body, counts, has_stopwords, cleaned.after)


@dataclass(frozen=True, slots=True)
class HeadlineModel:
    forest: Forest
    meta: dict[str, object]

    def score(self, c: Candidate) -> float:
        return self.forest.raw(c.features)


class HeadlineModelError(ValueError):
    """The model file is not one this version can use."""


def parse_model(text: str) -> HeadlineModel:
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise HeadlineModelError(f"headline model format {data.get('format')!r}, expected {FORMAT!r}")
    if tuple(data["features"]) != FEATURES:
        raise HeadlineModelError("headline model was fitted on other features: retrain with bench/train_headline.py")
    return HeadlineModel(Forest(data["trees"]), dict(data.get("meta", {})))


def model_json(trees: Sequence[dict[str, list[float]]], meta: dict[str, object]) -> str:
    data = {"format": FORMAT, "features": list(FEATURES), "meta": meta, "trees": list(trees)}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


@lru_cache(maxsize=1)
def shipped_model() -> HeadlineModel | None:
    if not MODEL_FILE.exists():
        return None
    return parse_model(MODEL_FILE.read_text(encoding="utf-8"))


def choose(cands: Sequence[Candidate], model: HeadlineModel | None) -> Candidate | None:
    """The headline: the best-scoring candidate (the nearer one on a tie), or None without any."""
    if not cands:
        return None
    if model is None:  # the hand score: a line above the text, the text's first line only without one
        hand, overlap = FEATURES.index("hand"), FEATURES.index("body_overlap")
        pool = [c for c in cands if c.distance > 0] or [c for c in cands if c.distance == 0]
        if not pool:
            return None
        return max(pool, key=lambda c: (c.features[hand] * 20 + 12 * c.features[overlap], -abs(c.distance)))
    return max(cands, key=lambda c: (model.score(c), -abs(c.distance)))
