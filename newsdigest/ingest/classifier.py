"""A learned line classifier: is this line of a scraped page part of the article?

Every line gets features in the jusText / boilerpipe / Dragnet manner (length, stop-word
density, punctuation, capitals, digits, links, position, what the named rules and the
prose-zone search say of it, repetition on the page) and the same of its neighbours; a
logistic regression fitted by ``bench/train_cleaner.py`` turns them into a probability,
and a two-state Viterbi pass over the page smooths the sequence, so that a heading or a
list item inside the article survives and a lone good-looking line in a footer doesn't.

The weights are a small JSON file shipped beside this module (``cleaner_model.json``);
loading it takes a millisecond and needs nothing beyond the standard library.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("cleaner_model.json")

_PUNCT = re.compile(r"[.,;:!?]")
_DIGIT = re.compile(r"\d")
_UPPER_WORD = re.compile(r"\b[A-ZÀ-ÖØ-Þ]")
_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|html?|php)\b|@\w")
_DATEISH = re.compile(r"\b(?:19|20)\d\d\b|\d{1,2}:\d{2}|\b\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago\b", re.I)
_COMMENT = re.compile(
    r"\b(?:says|said|wrote|schreibt|écrit|dice)\s*:\s*$|\breply\b|\bantworten\b|\brépondre\b|\bresponder\b|"
    r"\bat \d{1,2}:\d{2}\s*[ap]\.?m\b|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?)\s+ago\b|\bpermalink\b|"
    r"\b(?:like|likes|upvote|report|flag)\b\s*$",
    re.I,
)
_LIST = re.compile(r"^(?:[-*•▪◦·‣●○■□➢➤►✓✔]\s*|\d{1,3}[.)]\s+)\S")
SENTENCE_END = (".", "!", "?", "…", '"', "”", "»", ")", "。", "！", "？")


@dataclass(frozen=True, slots=True)
class LineView:
    """What the classifier reads of one line (filled by the boilerplate stage)."""

    text: str
    cls: str
    """The jusText-style class after context: ``good``, ``near``, ``short``, ``bad``."""
    first: str
    """The class before context."""
    rule_kind: str
    """``drop``, ``end``, ``meta`` when a named rule matched, else empty."""
    stop_density: float
    kept: bool
    """The rule-and-zone cleaner's decision: in its article zone and kept."""


BASE = (
    "len",
    "words",
    "stop",
    "punct",
    "comma",
    "sent_end",
    "upper",
    "digit",
    "url",
    "headline",
    "list",
    "colon_end",
    "cls_good",
    "cls_near",
    "cls_short",
    "cls_bad",
    "first_good",
    "first_near",
    "first_short",
    "rule_drop",
    "rule_end",
    "rule_meta",
    "kept",
    "repeated",
    "dateish",
    "comment_header",
)
"""Features of one line, in order."""
NEIGHBOURS = ("len", "stop", "kept", "cls_good", "rule_end", "sent_end")
"""Features of the lines before and after that are added to a line's own."""
PAGE = (
    "position",
    "zone_distance",
    "before_zone",
    "after_zone",
    "after_end",
    "window_len",
    "window_stop",
    "window_kept",
    "comments_near",
    "dates_near",
    "bias",
)
"""Features of where the line sits in the page."""


def feature_names() -> list[str]:
    return (
        list(BASE)
        + [f"prev_{n}" for n in NEIGHBOURS]
        + [f"next_{n}" for n in NEIGHBOURS]
        + [f"prev2_{n}" for n in NEIGHBOURS]
        + [f"next2_{n}" for n in NEIGHBOURS]
        + list(PAGE)
    )


def _own(line: LineView, repeats: int) -> list[float]:
    text = line.text
    n = len(text) or 1
    words = text.split()
    nw = len(words) or 1
    return [
        min(math.log1p(len(text)) / 6.0, 1.5),
        min(math.log1p(len(words)) / 4.0, 1.5),
        line.stop_density,
        len(_PUNCT.findall(text)) / nw,
        text.count(",") / nw,
        1.0 if text.endswith(SENTENCE_END) else 0.0,
        len(_UPPER_WORD.findall(text)) / nw,
        len(_DIGIT.findall(text)) / n,
        1.0 if _URLISH.search(text) else 0.0,
        1.0 if 3 <= len(text) <= 160 and not text.endswith((".", "!", ";", ",", "…")) and len(words) <= 22 else 0.0,
        1.0 if _LIST.match(text) else 0.0,
        1.0 if text.endswith(":") else 0.0,
        1.0 if line.cls == "good" else 0.0,
        1.0 if line.cls == "near" else 0.0,
        1.0 if line.cls == "short" else 0.0,
        1.0 if line.cls == "bad" else 0.0,
        1.0 if line.first == "good" else 0.0,
        1.0 if line.first == "near" else 0.0,
        1.0 if line.first == "short" else 0.0,
        1.0 if line.rule_kind == "drop" else 0.0,
        1.0 if line.rule_kind == "end" else 0.0,
        1.0 if line.rule_kind == "meta" else 0.0,
        1.0 if line.kept else 0.0,
        1.0 if repeats > 1 else 0.0,
        1.0 if len(text) < 200 and _DATEISH.search(text) else 0.0,
        1.0 if len(text) < 200 and _COMMENT.search(text) else 0.0,
    ]


_NEIGHBOUR_AT = [BASE.index(n) for n in NEIGHBOURS]
_LEN, _STOP, _KEPT = BASE.index("len"), BASE.index("stop"), BASE.index("kept")
_DATE, _COMMENT_AT = BASE.index("dateish"), BASE.index("comment_header")
_EMPTY = [0.0] * len(NEIGHBOURS)


def features(lines: Sequence[LineView]) -> list[list[float]]:
    """One feature row per line (``feature_names()`` order)."""
    n = len(lines)
    counts = Counter(line.text.casefold() for line in lines)
    own = [_own(line, counts[line.text.casefold()]) for line in lines]
    kept_at = [i for i, line in enumerate(lines) if line.kept]
    rows = []
    after_end = 0.0
    for i in range(n):
        f = own[i]
        near = []
        for j in (i - 1, i + 1, i - 2, i + 2):
            near += [own[j][k] for k in _NEIGHBOUR_AT] if 0 <= j < n else _EMPTY
        if kept_at:
            d = 0 if kept_at[0] <= i <= kept_at[-1] else min(abs(i - kept_at[0]), abs(i - kept_at[-1]))
        else:
            d = n
        lo, hi = max(0, i - 3), min(n, i + 4)
        window = own[lo:hi]
        wide = own[max(0, i - 8) : min(n, i + 3)]
        page = [
            i / max(1, n - 1),
            min(math.log1p(d) / 3.0, 2.0),
            1.0 if kept_at and i < kept_at[0] else 0.0,
            1.0 if kept_at and i > kept_at[-1] else 0.0,
            after_end,
            sum(w[_LEN] for w in window) / len(window),
            sum(w[_STOP] for w in window) / len(window),
            sum(w[_KEPT] for w in window) / len(window),
            min(sum(w[_COMMENT_AT] for w in wide), 3.0) / 3.0,
            min(sum(w[_DATE] for w in wide), 3.0) / 3.0,
            1.0,
        ]
        rows.append(f + near + page)
        if lines[i].rule_kind == "end" and kept_at and kept_at[0] < i:  # an end marker after the article began
            after_end = 1.0
    return rows


@dataclass(frozen=True, slots=True)
class Model:
    """Logistic-regression weights and the smoothing pass's transition log-probabilities."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    transitions: tuple[tuple[float, float], tuple[float, float]]
    """log P(next state | state), states (drop, keep)."""
    prior: float
    """Share of article lines in the training data (the emission is p / prior)."""
    bias: float = 0.0
    """Added to every line's log-odds: how readily lines are kept."""
    drop_below: float = 0.0
    """A line the rule-and-zone cleaner kept goes when its probability is below this."""
    add_above: float = 0.0
    """A line it dropped comes in when the smoothing pass keeps it and its probability is
    at least this. Both are chosen by the leave-one-corpus-out scores, not by any one corpus."""
    add_after: bool = True
    """Whether lines after the rule-and-zone article's last line may come in (readers'
    comments follow an article and read like prose)."""

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        w, bias = self.weights, self.bias
        out = []
        for row in rows:
            z = bias + sum(a * b for a, b in zip(w, row, strict=True))
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out

    def decode(self, probs: list[float]) -> list[bool]:
        """Viterbi over (drop, keep) with the model's transitions: the likeliest sequence."""
        if not probs:
            return []
        eps = 1e-6
        prior = min(max(self.prior, eps), 1 - eps)
        emit = [(math.log(max(1 - p, eps) / (1 - prior)), math.log(max(p, eps) / prior)) for p in probs]
        t = self.transitions
        score = [math.log(1 - prior) + emit[0][0], math.log(prior) + emit[0][1]]
        back: list[tuple[int, int]] = []
        for e in emit[1:]:
            from_drop = (score[0] + t[0][0], score[1] + t[1][0])
            from_keep = (score[0] + t[0][1], score[1] + t[1][1])
            b0 = 0 if from_drop[0] >= from_drop[1] else 1
            b1 = 0 if from_keep[0] >= from_keep[1] else 1
            score = [from_drop[b0] + e[0], from_keep[b1] + e[1]]
            back.append((b0, b1))
        state = 0 if score[0] >= score[1] else 1
        states = [state]
        for b in reversed(back):
            state = b[state]
            states.append(state)
        return [s == 1 for s in reversed(states)]

    def keep(self, lines: Sequence[LineView]) -> list[bool]:
        """The lines to keep: the rule-and-zone cleaner's, less those the model is sure are
        not article text, plus those it and the smoothing pass are sure are."""
        probs = self.probabilities(features(lines))
        smoothed = self.decode(probs)
        last = max((i for i, line in enumerate(lines) if line.kept), default=len(lines))
        return [
            (line.kept and p >= self.drop_below)
            or (not line.kept and s and p >= self.add_above and (self.add_after or i < last))
            for i, (line, p, s) in enumerate(zip(lines, probs, smoothed, strict=True))
        ]

    def to_json(self) -> str:
        return (
            json.dumps(
                {
                    "names": self.names,
                    "weights": [round(w, 6) for w in self.weights],
                    "transitions": [[round(x, 6) for x in row] for row in self.transitions],
                    "prior": round(self.prior, 6),
                    "bias": self.bias,
                    "drop_below": self.drop_below,
                    "add_above": self.add_above,
                    "add_after": self.add_after,
                },
                indent=1,
            )
            + "\n"
        )


def parse_model(text: str) -> Model:
    data = json.loads(text)
    names = tuple(data["names"])
    if list(names) != feature_names():
        raise ValueError("cleaner model does not match this version's features; retrain with bench/train_cleaner.py")
    t = data["transitions"]
    transitions = ((t[0][0], t[0][1]), (t[1][0], t[1][1]))
    return Model(
        names,
        tuple(data["weights"]),
        transitions,
        data["prior"],
        data.get("bias", 0.0),
        data.get("drop_below", 0.0),
        data.get("add_above", 0.0),
        data.get("add_after", True),
    )


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    """The model fitted on the corpora whose terms allow it (see the README), or None when
    none ships (the rule-and-zone cleaner then decides alone)."""
    try:
        return parse_model(MODEL_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
