"""Is a change to the cleaner a gain or refitting noise? Per-page scores of runs before and
after it, compared page by page, with a paired bootstrap interval for each corpus's difference.

    # at the old code, then at the new one (--seed: each run a refit with another seed)
    python bench/train_cleaner.py --no-write --skip-cv --seed 1 --pages-csv before-1.csv
    python bench/train_cleaner.py --no-write --skip-cv --seed 2 --pages-csv before-2.csv
    ...
    python bench/compare_pages.py --before before-*.csv --after after-*.csv

For every measure and corpus the files hold (the pages all of them scored), it prints the
corpus's F1 on each side (aggregated as its scorer does: summed segment counts for
eval-segments, F1 of the mean precision and recall for the others), the difference, a 95 %
interval for the difference from resampling the corpus's pages with replacement (the same
pages for both sides, so what they share cancels), and how often the resampled difference is
above zero. With several runs a side, a page's row is its mean over them.

The interval is over pages, not over fits: it says how much another sample of pages could
move the difference, not how much refitting could. Refitting the same code with another
seed alone moves eval-segments' left-out F1 by a hundredth, with an interval that leaves
zero out (README). So give each side several seeds (three or more), and trust a difference
only when the seed-averaged sides differ and the interval leaves out zero.

Deterministic: the resampling's generator is seeded (``--seed``).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cleaner_breakdown import score


@dataclass(frozen=True)
class Difference:
    measure: str
    corpus: str
    pages: int
    before: float
    after: float
    low: float
    high: float
    above_zero: float
    """The share of resamples in which the second run scores higher."""

    @property
    def change(self) -> float:
        return self.after - self.before


def read_rows(path: Path) -> dict[tuple[str, str], dict[str, dict]]:
    """(measure, corpus) -> page id -> that page's row."""
    out: dict[tuple[str, str], dict[str, dict]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            missing = [k for k in ("measure", "corpus", "id", "tp", "fp", "fn", "precision", "recall") if k not in row]
            if missing:
                raise SystemExit(
                    f"{path}:{line}: no {', '.join(missing)} column; write it with train_cleaner.py --pages-csv"
                )
            out.setdefault((row["measure"], row["corpus"]), {})[row["id"]] = row
    return out


def averaged(runs: list[dict[tuple[str, str], dict[str, dict]]]) -> dict[tuple[str, str], dict[str, dict]]:
    """Runs of the same pages as one: each page's counts, precision and recall their mean (a
    precision or recall the scorer left empty counts for nothing; empty in every run stays so)."""
    if len(runs) == 1:
        return runs[0]
    out: dict[tuple[str, str], dict[str, dict]] = {}
    for key in set.intersection(*(set(r) for r in runs)):
        ids = set.intersection(*(set(r[key]) for r in runs))
        out[key] = {}
        for page_id in ids:
            rows = [r[key][page_id] for r in runs]
            row = dict(rows[0])
            for field in ("tp", "fp", "fn", "precision", "recall"):
                values = [float(x[field]) for x in rows if x[field] != ""]
                row[field] = repr(sum(values) / len(values)) if values else ""
            out[key][page_id] = row
    return out


def compare(
    before: dict[tuple[str, str], dict[str, dict]],
    after: dict[tuple[str, str], dict[str, dict]],
    resamples: int = 1000,
    seed: int = 1,
) -> list[Difference]:
    """Each (measure, corpus) in both runs, over the pages both scored."""
    rng = random.Random(seed)
    out = []
    for key in sorted(before.keys() & after.keys()):
        ids = sorted(before[key].keys() & after[key].keys())
        if not ids:
            continue
        a = [before[key][i] for i in ids]
        b = [after[key][i] for i in ids]
        diffs = []
        for _ in range(resamples):
            pick = [rng.randrange(len(ids)) for _ in ids]
            diffs.append(score([b[k] for k in pick])[0] - score([a[k] for k in pick])[0])
        diffs.sort()
        low, high = diffs[int(0.025 * resamples)], diffs[min(resamples - 1, int(0.975 * resamples))]
        above = sum(d > 0 for d in diffs) / resamples
        out.append(Difference(key[0], key[1], len(ids), score(a)[0], score(b)[0], low, high, above))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, nargs="+", required=True, help="train_cleaner.py --pages-csv files")
    ap.add_argument("--after", type=Path, nargs="+", required=True, help="the same, after the change")
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1, help="the resampling's seed")
    args = ap.parse_args()
    before = averaged([read_rows(p) for p in args.before])
    after = averaged([read_rows(p) for p in args.after])
    found = compare(before, after, args.resamples, args.seed)
    if not found:
        print("the two files share no measure and corpus", file=sys.stderr)
        return 1
    print(f"{'measure':22} {'corpus':16} {'pages':>5}  {'before':>6}  {'after':>6}  {'change':>7}  "
          f"{'95 % interval':>17}  {'above 0':>7}")  # fmt: skip
    for d in found:
        mark = "" if d.low <= 0 <= d.high else "  *"
        print(
            f"{d.measure:22} {d.corpus:16} {d.pages:5}  {d.before:6.3f}  {d.after:6.3f}  {d.change:+7.3f}  "
            f"[{d.low:+.3f}, {d.high:+.3f}]  {d.above_zero:7.2f}{mark}"
        )
    print("* the interval leaves out zero")
    return 0


if __name__ == "__main__":
    sys.exit(main())
