"""The learned cleaner: is this line of a scraped page part of the article?

Two stages of small gradient-boosted tree ensembles, fitted by ``bench/train_cleaner.py``:

1. every line's row of features (``linefeatures``) gives a first probability;
2. those probabilities, read around each line, give the second one: the neighbours' and the
   windows' probabilities, how much of the page's likely article lies above and below, and
   whether the line sits in the heaviest stretch of likely article (the best contiguous run
   and each line's best run through it: a max-marginal over the page, the sequence pass that
   lets a heading or a short list item inside the article survive and a lone good-looking
   line in a footer, or a comment thread below a short post, go).

A line is kept when the second probability reaches the model's threshold. The model is a
JSON file beside this module (``cleaner_model.json``: trees as flat arrays, the lexicon, the
threshold, what it was fitted on); reading it takes a few milliseconds and the standard
library only. Without it, ingest falls back to the rule-and-zone cleaner.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .language import Language
from .lexicon import Lexicon
from .linefeatures import LineInput, feature_names, page_features
from .trees import Forest

MODEL_FILE = Path(__file__).with_name("cleaner_model.json")
FORMAT = "newsdigest-cleaner/2"

CONTEXT = (
    "p",
    *(f"p@{o}" for o in (-3, -2, -1, 1, 2, 3)),
    *(f"pmean{w}" for w in (2, 5, 10, 25)),
    "mass_before",
    "mass_after",
    "in_run",
    "run_d0",
    "run_d1",
    "run_l0",
    "run_l1",
    "run_mass",
    "heavy_d",
    "mm_share",
    "mm_len",
    "mm_logit",
    "mm_low",
    "own_run_lines",
    "own_run_chars",
    "runs_near",
    "run_len_near",
    "own_run_share",
)


def stage2_names() -> tuple[str, ...]:
    return feature_names() + CONTEXT


def _max_marginals(scores: Sequence[float]) -> list[float]:
    """Per line: the best sum of a contiguous stretch through it, less the page's best (<= 0)."""
    n = len(scores)
    forward, backward = [0.0] * n, [0.0] * n
    run = 0.0
    for i in range(n):
        run = scores[i] + max(run, 0.0)
        forward[i] = run
    run = 0.0
    for i in range(n - 1, -1, -1):
        run = scores[i] + max(run, 0.0)
        backward[i] = run
    best = max(forward)
    return [forward[i] + backward[i] - scores[i] - best for i in range(n)]


def _signed_log(v: float) -> float:
    return math.copysign(math.log1p(abs(v)), v)


def context_features(lengths: Sequence[int], p: Sequence[float]) -> list[list[float]]:
    """The second stage's extra columns (``CONTEXT``) from the first stage's probabilities."""
    n = len(p)
    weights = [length + 20 for length in lengths]
    cum_p = [0.0]
    for q in p:
        cum_p.append(cum_p[-1] + q)
    mass = [q * w for q, w in zip(p, weights, strict=True)]
    cum_m = [0.0]
    for m in mass:
        cum_m.append(cum_m[-1] + m)
    total = cum_m[-1] or 1.0
    # the heaviest stretch of likely article (Kadane over (p - 0.5) * weight)
    best, span, run, start = 0.0, (0, 0), 0.0, 0
    for i in range(n):
        if run <= 0:
            run, start = 0.0, i
        run += (p[i] - 0.5) * weights[i]
        if run > best:
            best, span = run, (start, i + 1)
    rs, re_ = span
    run_mass = (cum_m[re_] - cum_m[rs]) / total
    heavy = max(range(n), key=lambda i: mass[i])
    page_weight = sum(weights) or 1
    mm_half = _max_marginals([(q - 0.5) * w for q, w in zip(p, weights, strict=True)])
    logits = [math.log(max(q, 1e-4) / max(1 - q, 1e-4)) for q in p]
    mm_logit = _max_marginals([v * math.sqrt(w) for v, w in zip(logits, weights, strict=True)])
    mm_low = _max_marginals([(q - 0.3) * w for q, w in zip(p, weights, strict=True)])
    # runs of likely lines (p >= 0.5): a comment thread is many short runs, an article a long one
    run_of = [-1] * n
    runs: list[list[int]] = []
    for i in range(n):
        if p[i] >= 0.5:
            if i and run_of[i - 1] >= 0:
                run_of[i] = run_of[i - 1]
                runs[-1][1] = i
            else:
                run_of[i] = len(runs)
                runs.append([i, i])
    run_lines = [b - a + 1 for a, b in runs]
    run_chars = [sum(weights[a : b + 1]) for a, b in runs]
    heaviest_run = max(run_chars, default=0)
    starts = [a for a, _ in runs]
    rows = []
    for i in range(n):
        row = [p[i]]
        for o in (-3, -2, -1, 1, 2, 3):
            j = i + o
            row.append(p[j] if 0 <= j < n else -1.0)
        for w in (2, 5, 10, 25):
            a, b = max(0, i - w), min(n, i + w + 1)
            row.append((cum_p[b] - cum_p[a]) / (b - a))
        row += [
            cum_m[i] / total,
            (total - cum_m[i + 1]) / total,
            float(rs <= i < re_),
            (i - rs) / n,
            (i - re_ + 1) / n,
            _signed_log(i - rs),
            _signed_log(i - re_ + 1),
            run_mass,
            (i - heavy) / n,
            mm_half[i] / page_weight,
            _signed_log(mm_half[i]),
            _signed_log(mm_logit[i]),
            _signed_log(mm_low[i]),
        ]
        k = run_of[i]
        lo, hi = bisect.bisect_left(starts, i - 30), bisect.bisect_right(starts, i + 30)
        near = run_lines[lo:hi]
        row += [
            math.log1p(run_lines[k]) if k >= 0 else 0.0,
            math.log1p(run_chars[k]) if k >= 0 else 0.0,
            float(len(near)),
            sum(near) / len(near) if near else 0.0,
            run_chars[k] / heaviest_run if k >= 0 and heaviest_run else 0.0,
        ]
        rows.append(row)
    return rows


@dataclass(frozen=True, slots=True)
class Model:
    first: Forest
    """Stage 1: a line's features -> probability."""
    second: Forest
    """Stage 2: the features and the context of the first probabilities -> probability."""
    lexicon: Lexicon
    threshold: float
    """A line is kept at a second-stage probability at least this."""
    meta: dict[str, object]
    """What it was fitted on and how (from the training script), kept for the record."""

    def probabilities(self, lines: Sequence[LineInput], language: Language) -> list[float]:
        """The second-stage probability of each line being article text."""
        if not lines:
            return []
        rows = page_features(lines, language, self.lexicon)
        first = [self.first.probability(r) for r in rows]
        context = context_features([len(x.text) for x in lines], first)
        return [self.second.probability(r + c) for r, c in zip(rows, context, strict=True)]

    def keep(self, lines: Sequence[LineInput], language: Language) -> list[bool]:
        return [q >= self.threshold for q in self.probabilities(lines, language)]


class ModelError(ValueError):
    """The model file is not one this version can use."""


def parse_model(text: str) -> Model:
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ModelError(f"cleaner model format {data.get('format')!r}, expected {FORMAT!r}")
    if tuple(data["features"]) != feature_names() or tuple(data["stage2_features"]) != stage2_names():
        raise ModelError("the cleaner model was fitted on other features: retrain it (bench/train_cleaner.py)")
    return Model(
        Forest(data["stage1"]),
        Forest(data["stage2"]),
        Lexicon.from_dict(data["lexicon"]),
        float(data["threshold"]),
        dict(data.get("meta", {})),
    )


def model_json(
    stage1: Sequence[dict[str, list[float]]],
    stage2: Sequence[dict[str, list[float]]],
    lexicon: Lexicon,
    threshold: float,
    meta: dict[str, object],
) -> str:
    """The model file's text (deterministic: sorted keys, fixed separators)."""
    data = {
        "format": FORMAT,
        "features": list(feature_names()),
        "stage2_features": list(stage2_names()),
        "threshold": threshold,
        "meta": meta,
        "lexicon": lexicon.to_dict(),
        "stage1": list(stage1),
        "stage2": list(stage2),
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    """The model shipped with the package, or None when there is none (rules and zones then)."""
    if not MODEL_FILE.exists():
        return None
    return parse_model(MODEL_FILE.read_text(encoding="utf-8"))
