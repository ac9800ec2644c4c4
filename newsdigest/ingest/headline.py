"""Which line above the article is its headline: a small learned ranker.

Every short line in the 30 above the article (and the article's first line) is a candidate.
Each gets features of what headlines look like and where pages print them: how far above
the text, its length and case, whether it repeats on the page, whether its words recur in
the text below, whether a byline or a date sits next to it, whether it reads like a label,
a dateline or a menu entry. A logistic regression fitted by ``bench/train_headline.py`` on
eval-segments' known titles scores them; the best candidate above a floor is the headline.

The weights are a tiny JSON file beside this module (``headline_model.json``). Without it
the hand-set score (``hand_score``) ranks alone.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .boilerplate import Classified, Cleaned
from .dates import dates_in
from .language import WORD

MODEL_FILE = Path(__file__).with_name("headline_model.json")
WINDOW = 30

NOT_TITLE = re.compile(
    r"^(?:by|von|posted|published|ver(?:ö|oe)ffentlicht|gepostet|aktualisiert|updated|written|geschrieben|"
    r"erstellt|am|on|le|el|par|por|publi(?:é|e)|publicado|actualizado|stand|datum|date|quelle|source|"
    r"foto|photo|bild|image|tags?|kategorie|category|categories|rubrik|share|teilen)\b|https?://|www\.|@|"
    r"\s[|]\s|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2}",
    re.I,
)
_SEPARATOR = re.compile(r"\s[|–—-]\s|\s»\s|\s::\s")
_OPENERS = "„“\"'«¿¡‘"

FEATURES = (
    "near",
    "distance",
    "words",
    "long",
    "short",
    "repeated",
    "repeated_after",
    "body_overlap",
    "lead_overlap",
    "byline_next",
    "date_next",
    "date_before",
    "capital",
    "all_caps",
    "stop",
    "no_stop",
    "question",
    "colon_end",
    "separator",
    "first_body",
    "longest",
    "hand",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    text: str
    distance: int
    """Lines above the article's first kept line (0: it is that line)."""
    features: tuple[float, ...]


def key(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def eligible(c: Classified) -> bool:
    """The shape of a headline at all: a few words, letters, no rule hit, not a dateline."""
    text = c.block.text
    words = text.split()
    if c.rule is not None or not (2 <= len(words) <= 30 and 12 <= len(text) <= 220):
        return False
    if text.endswith((".", ",", ";")) or not re.search(r"[^\W\d_]", text) or text.startswith(("©", "|")):
        return False
    return not NOT_TITLE.search(text) and not dates_in(text)


def hand_score(text: str, distance: int, repeated: bool, stop: float, has_stopwords: bool) -> float:
    """The hand-set score the ranker learned to refine (and ranks alone without a model)."""
    words = text.split()
    s = 8.0 - distance * 0.4 + min(len(words), 12) * 0.5
    s += 5 if repeated else 0
    s += 1 if text[0].isupper() or text[0] in _OPENERS else -2
    if len(words) <= 3 and not repeated:
        s -= 3
    if has_stopwords and stop == 0 and len(words) <= 4:
        s -= 2
    return s


def _overlap(words: list[str], pool: set[str]) -> float:
    return sum(w in pool for w in words) / len(words) if words else 0.0


def candidates(
    before: Sequence[Classified],
    body: Sequence[Classified],
    counts: dict[str, int],
    has_stopwords: bool,
    after: Sequence[Classified] = (),
) -> list[Candidate]:
    """The lines that could be the headline, each with its features (order of FEATURES).
    ``counts``: how often each line (by ``key``) occurs above and in the text; ``after``: the
    lines below the text (a headline recurs there in "most read" lists)."""
    below = {key(c.block.text) for c in after if 12 <= len(c.block.text) <= 220}  # a headline's length
    lines = list(before) + list(body[:2])
    start = len(before)
    body_words = {w for w in WORD.findall(" ".join(c.block.text for c in body).casefold()) if len(w) > 3}
    lead_words = {w for c in body[:3] for w in WORD.findall(c.block.text.casefold()) if len(w) > 3}
    picked: list[tuple[int, Classified]] = [(i, before[i]) for i in range(max(0, start - WINDOW), start)]
    if len(body) > 1:
        picked.append((start, body[0]))
    picked = [(i, c) for i, c in picked if eligible(c)]
    longest = max((len(c.block.text.split()) for _, c in picked), default=0)
    out = []
    for i, c in picked:
        text = c.block.text
        words = text.split()
        distance = start - i
        long_words = [w for w in WORD.findall(text.casefold()) if len(w) > 3]
        repeated = counts.get(key(text), 0) > 1
        near = lines[i + 1 : i + 4]
        f = (
            1.0 / (1 + distance),
            min(distance, WINDOW) / WINDOW,
            min(len(words), 20) / 20,
            float(len(words) >= 6),
            float(len(words) <= 3),
            float(repeated),
            float(key(text) in below),
            _overlap(long_words, body_words),
            _overlap(long_words, lead_words),
            float(any(x.rule is not None and x.rule.name == "byline" for x in lines[i + 1 : i + 4])),
            float(any(len(x.block.text) < 120 and dates_in(x.block.text) for x in near)),
            float(i > 0 and len(lines[i - 1].block.text) < 120 and bool(dates_in(lines[i - 1].block.text))),
            float(text[0].isupper() or text[0] in _OPENERS),
            float(text.isupper()),
            c.stop_density,
            float(has_stopwords and c.stop_density == 0),
            float(text.endswith(("?", "!"))),
            float(text.endswith(":")),
            float(bool(_SEPARATOR.search(text))),
            float(distance == 0),
            float(len(words) == longest),
            hand_score(text, max(distance, 1), repeated, c.stop_density, has_stopwords) / 20,
        )
        out.append(Candidate(text, distance, f))
    return out


def page_candidates(cleaned: Cleaned, has_stopwords: bool) -> list[Candidate]:
    """``candidates`` of a cleaned page, with how often each line occurs above and in the text."""
    counts: dict[str, int] = {}
    for c in cleaned.before + cleaned.body:
        k = key(c.block.text)
        counts[k] = counts.get(k, 0) + 1
    return candidates(cleaned.before, cleaned.body, counts, has_stopwords, cleaned.after)


@dataclass(frozen=True, slots=True)
class HeadlineModel:
    weights: tuple[float, ...]
    bias: float
    floor: float
    """No candidate scoring below this is a headline."""

    def score(self, c: Candidate) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, c.features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def parse_model(text: str) -> HeadlineModel:
    data = json.loads(text)
    if tuple(data["features"]) != FEATURES:
        raise ValueError("headline model was fitted on other features: retrain with bench/train_headline.py")
    return HeadlineModel(tuple(float(w) for w in data["weights"]), float(data["bias"]), float(data["floor"]))


def to_json(model: HeadlineModel, fitted_on: Sequence[str]) -> str:
    data = {
        "features": list(FEATURES),
        "weights": [round(w, 6) for w in model.weights],
        "bias": round(model.bias, 6),
        "floor": model.floor,
        "fitted_on": list(fitted_on),
    }
    return json.dumps(data, indent=1) + "\n"


@lru_cache(maxsize=1)
def shipped_model() -> HeadlineModel | None:
    try:
        return parse_model(MODEL_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def best(cands: Sequence[Candidate], model: HeadlineModel | None) -> Candidate | None:
    """The headline among the candidates (first wins a tie: the nearer one), or None."""
    if not cands:
        return None
    if model is None:
        hand, overlap = FEATURES.index("hand"), FEATURES.index("body_overlap")
        scored = [(c.features[hand] * 20 + 12 * c.features[overlap], c) for c in cands]
        floor = 0.0
    else:
        scored = [(model.score(c), c) for c in cands]
        floor = model.floor
    top = max(scored, key=lambda t: t[0])
    return top[1] if top[0] > floor else None


def choose(cands: Sequence[Candidate], model: HeadlineModel | None, opening_is_headline: bool) -> Candidate | None:
    """The headline among the lines above the text; the text's first line only when none of
    them is a candidate and it reads like a headline (taking the opening sentence for a
    headline costs the body its first line)."""
    top = best([c for c in cands if c.distance > 0], model)
    if top is None and opening_is_headline:
        top = best(cands, model)
    return top
