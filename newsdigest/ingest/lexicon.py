"""Which words say "article" and which say "boilerplate": log-odds learned from labelled lines.

For every word (casefolded, digits left out) the log of how much likelier it is on an
article line than on a boilerplate line of the training pages, and the same for whole short
lines (up to four words: ``share this``, ``leave a reply``, ``weiterlesen``). The learned
cleaner reads, per line, the mean, least and greatest of its words' values, its first word's,
and its whole line's with how often that line was seen. ``bench/train_cleaner.py`` fits it
(keeping only words seen often enough) and stores it in the model file.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

SHORT_LINE_WORDS = 4


def line_key(words: Sequence[str]) -> str:
    """A short line's key: its words (no digits), space-joined; empty for a longer line."""
    kept = [w for w in words if not w.isdigit()]
    return " ".join(kept) if 0 < len(kept) <= SHORT_LINE_WORDS else ""


@dataclass(frozen=True, slots=True)
class Lexicon:
    words: dict[str, float]
    """Word -> log-odds (article over boilerplate)."""
    unknown: float
    """The value of a word not in ``words``."""
    lines: dict[str, tuple[float, int]]
    """Short line key -> (log-odds, times seen)."""

    def line_features(self, words: Sequence[str], _n: int = 0) -> tuple[float, ...]:
        """(mean, min, max, first word's, whole line's log-odds, log1p(times the line was seen))."""
        kept = [w for w in words if not w.isdigit()]
        if not kept:
            return (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        values = list(map(self.words.get, kept[:30], repeat(self.unknown)))
        line, seen = self.lines.get(line_key(kept), (0.0, 0)) if len(kept) <= SHORT_LINE_WORDS else (0.0, 0)
        return (sum(values) / len(values), min(values), max(values), values[0], line, math.log1p(seen))

    @classmethod
    def fit(
        cls, labelled: Iterable[tuple[Sequence[str], bool]], min_count: int = 5, min_line_count: int = 3
    ) -> Lexicon:
        """From (casefolded words of a line, is it article text) pairs."""
        pos_w: Counter[str] = Counter()
        neg_w: Counter[str] = Counter()
        pos_l: Counter[str] = Counter()
        neg_l: Counter[str] = Counter()
        n_pos = n_neg = 0
        for words, article in labelled:
            kept = [w for w in words if not w.isdigit()]
            key = line_key(kept)
            if article:
                n_pos += 1
                pos_w.update(set(kept))
                if key:
                    pos_l[key] += 1
            else:
                n_neg += 1
                neg_w.update(set(kept))
                if key:
                    neg_l[key] += 1

        def log_odds(a: float, b: float, smooth: float) -> float:
            return math.log((a + smooth) / (n_pos + 2 * smooth)) - math.log((b + smooth) / (n_neg + 2 * smooth))

        table = {
            w: round(log_odds(pos_w[w], neg_w[w], 1.0), 4)
            for w in sorted(pos_w.keys() | neg_w.keys())
            if pos_w[w] + neg_w[w] >= min_count
        }
        lines = {
            k: (round(log_odds(pos_l[k], neg_l[k], 0.5), 4), pos_l[k] + neg_l[k])
            for k in sorted(pos_l.keys() | neg_l.keys())
            if pos_l[k] + neg_l[k] >= min_line_count
        }
        return cls(table, round(log_odds(0, 0, 1.0), 4), lines)

    def to_dict(self) -> dict[str, object]:
        return {"unknown": self.unknown, "words": self.words, "lines": {k: list(v) for k, v in self.lines.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Lexicon:
        words = data["words"]
        lines = data["lines"]
        assert isinstance(words, dict) and isinstance(lines, dict)
        return cls(
            {str(k): float(v) for k, v in words.items()},
            float(data["unknown"]),  # type: ignore[arg-type]
            {str(k): (float(v[0]), int(v[1])) for k, v in lines.items()},
        )
