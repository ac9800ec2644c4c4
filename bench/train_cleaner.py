"""Fit the learned cleaner (newsdigest/ingest/classifier.py) and measure it the way that predicts
unseen pages: leave one corpus out, and pages held out within each corpus.

    pip install -e '.[train]'                # lightgbm, training time only
    python bench/train_cleaner.py            # measure, then write newsdigest/ingest/cleaner_model.json
    python bench/train_cleaner.py --no-write # measure only
    python bench/train_cleaner.py --quick    # 40 pages a corpus, no cross-validation: a smoke run

What it does (deterministic: fixed seeds, one ordering, LightGBM's deterministic mode):

1. Labels every line of the corpora the shipped model may be fitted on (eval-dev, MIT;
   eval-segments, Apache-2.0; eval-train's readability set, Apache-2.0), with silver labels
   for eval-segments' unlabelled lines (cleaner_data.py), and adds to each page a copy with
   comment threads and sidebars around its article (cleaner_augment.py).
2. Computes every line's features with the package's own code (linefeatures.py), so what is
   fitted is exactly what ingest computes.
3. Fits stage 1 (a line's features plus the lexicon's log-odds, the lexicon fitted on the
   other folds for training lines) and stage 2 (stage 1's out-of-fold probabilities in
   context), gradient-boosted trees, and converts them to the model file's flat trees.
4. Scores through the real ingest (Cleaner.clean, Markdown, the official scorers' code):
   - leave one corpus out: each fittable corpus scored by a model fitted on the other two;
   - held-out pages: each fittable corpus in four folds, each fold scored by a model fitted
     on the other corpora and the corpus's other three folds (what unseen pages of a corpus
     the shipped model was fitted on should score);
   - dragnet (AGPL-3.0) and CleanEval/CleanPortalEval (no licence): never fitted on, scored
     with the model fitted on all three.
   The threshold is chosen by the mean leave-one-corpus-out F1 (for each corpus's own row,
   by the mean of the other two), never by the score of the corpus being reported: 0.5
   unless another is better by THRESHOLD_MARGIN (less is a page or two, noise).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import statistics
import sys
import time
import zlib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cleaner_augment import Labelled, augment, pools  # noqa: E402
from cleaner_data import FITTABLE, NEWS, SHARED, SILVER_WEIGHT, VALIDATE, Page, corpus, labelled  # noqa: E402
from eval_quality import load_module  # noqa: E402

from newsdigest.config import parse_config  # noqa: E402
from newsdigest.ingest import language as lang_mod  # noqa: E402
from newsdigest.ingest.blocks import Block  # noqa: E402
from newsdigest.ingest.boilerplate import classify, line_inputs  # noqa: E402
from newsdigest.ingest.classifier import (  # noqa: E402
    MODEL_FILE,
    Forest,
    Model,
    context_features,
    model_json,
    parse_model,
)
from newsdigest.ingest.lexicon import Lexicon  # noqa: E402
from newsdigest.ingest.linefeatures import LOCAL, LineInput, page_features  # noqa: E402
from newsdigest.ingest.pipeline import Cleaner, IngestOptions, NoArticle  # noqa: E402
from newsdigest.ingest.rules import active_rules  # noqa: E402

DETERMINISTIC = {"seed": 1, "deterministic": True, "force_col_wise": True, "num_threads": 2, "verbose": -1}
"""LightGBM settings that make a fit the same file every run (bench/train_headline.py too)."""
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 15,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    **DETERMINISTIC,
}
ROUNDS = 100
FOLDS = 4
LEXICON_MIN_WORD = 20
LEXICON_MIN_LINE = 5
"""Words and short lines seen less often stay out of the lexicon (and the model file)."""
THRESHOLDS = (0.4, 0.5, 0.6)
THRESHOLD_MARGIN = 0.002
"""Mean F1 by which a threshold must beat 0.5 to be chosen over it (0.002: about one eval-dev page)."""
LEX = slice(LOCAL.index("lex_mean"), LOCAL.index("lex_line_n") + 1)
RULES = active_rules()


@dataclass
class Rows:
    """A labelled page's feature rows (lexicon columns still empty) and what the lexicon reads."""

    page: Labelled
    rows: list[list[float]]
    words: list[list[str]]


def _features(page: Labelled) -> Rows:
    language = lang_mod.detect("\n".join(page.lines))
    items = classify([Block(i, t, i + 1) for i, t in enumerate(page.lines)], language, RULES)
    inputs: list[LineInput] = line_inputs(items)
    words = [lang_mod.WORD.findall(t.casefold()) for t in page.lines]
    return Rows(page, page_features(inputs, language, None), words)


def fold_of(page_id: str, k: int = FOLDS) -> int:
    """A page and its augmented copy share a fold."""
    return zlib.crc32(page_id.split("#")[0].encode()) % k


def _lexicon(data: Sequence[Rows]) -> Lexicon:
    pairs = (
        (words, label >= 0.5)
        for r in data
        for words, label in zip(r.words, r.page.labels, strict=True)
        if label is not None
    )
    return Lexicon.fit(pairs, LEXICON_MIN_WORD, LEXICON_MIN_LINE)


def _with_lexicon(r: Rows, lexicon: Lexicon) -> list[list[float]]:
    out = []
    for row, words in zip(r.rows, r.words, strict=True):
        row = list(row)
        row[LEX] = lexicon.line_features(words)
        out.append(row)
    return out


def _matrix(data: Sequence[Rows], rows: dict[str, list[list[float]]]):
    import numpy as np

    xs, ys, ws = [], [], []
    for r in data:
        labelled_at = [i for i, y in enumerate(r.page.labels) if y is not None]
        if not labelled_at:
            continue
        size = [len(r.page.lines[i].split()) + 3 for i in labelled_at]
        total = sum(size)
        for i, s in zip(labelled_at, size, strict=True):
            label = r.page.labels[i]
            assert label is not None
            xs.append(rows[r.page.id][i])
            ys.append(1 if label >= 0.5 else 0)
            ws.append(r.page.weights[i] * s / total)  # each page weighs the same, its long lines more
    x = np.array(xs, dtype=np.float64)
    w = np.array(ws)
    return x, np.array(ys), w * len(w) / w.sum()


def _fit(x, y, w):
    import lightgbm as lgb

    return lgb.train(PARAMS, lgb.Dataset(x, y, weight=w, free_raw_data=False), ROUNDS)


def trees_of(booster) -> list[dict[str, list[float]]]:
    """LightGBM's trees as the model file's flat arrays."""
    out = []
    for info in booster.dump_model()["tree_info"]:
        tree: dict[str, list[float]] = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}

        def walk(node: dict, tree: dict[str, list[float]] = tree) -> int:
            at = len(tree["feature"])
            for key in tree:
                tree[key].append(0)
            if "leaf_value" in node:
                tree["feature"][at], tree["value"][at] = -1, node["leaf_value"]
                return at
            assert node["decision_type"] == "<=", node["decision_type"]
            tree["feature"][at], tree["threshold"][at] = node["split_feature"], node["threshold"]
            tree["left"][at] = walk(node["left_child"])
            tree["right"][at] = walk(node["right_child"])
            return at

        walk(info["tree_structure"])
        out.append(tree)
    return out


def _check_trees(booster, trees, x) -> None:
    """The flat trees must give LightGBM's own scores."""
    forest = Forest(trees)
    raw = booster.predict(x[:500], raw_score=True)
    worst = max(abs(forest.raw(list(row)) - r) for row, r in zip(x[:500], raw, strict=True))
    assert worst < 1e-9, f"flat trees differ from LightGBM by {worst}"


@dataclass
class Fitted:
    model: Model
    trees: tuple[list[dict[str, list[float]]], list[dict[str, list[float]]]]


def fit(data: Sequence[Rows], threshold: float = 0.5) -> Fitted:
    """Both stages on these pages (and their augmented copies)."""
    lexicon = _lexicon(data)
    # training rows read a lexicon that never saw them (else stage 1 trusts it too much)
    own: dict[str, list[list[float]]] = {}
    for f in range(FOLDS):
        lex_f = _lexicon([r for r in data if fold_of(r.page.id) != f])
        own.update({r.page.id: _with_lexicon(r, lex_f) for r in data if fold_of(r.page.id) == f})
    x, y, w = _matrix(data, own)
    first = _fit(x, y, w)
    trees1 = trees_of(first)
    _check_trees(first, trees1, x)
    # stage 2 reads stage 1's probabilities as a model that never saw the page gives them
    second_rows: dict[str, list[list[float]]] = {}
    for f in range(FOLDS):
        inside = [r for r in data if fold_of(r.page.id) != f]
        model_f = Forest(trees_of(_fit(*_matrix(inside, own))))
        for r in data:
            if fold_of(r.page.id) == f:
                rows = own[r.page.id]
                p = [model_f.probability(row) for row in rows]
                context = context_features([len(t) for t in r.page.lines], p)
                second_rows[r.page.id] = [a + b for a, b in zip(rows, context, strict=True)]
    x2, y2, w2 = _matrix(data, second_rows)
    second = _fit(x2, y2, w2)
    trees2 = trees_of(second)
    _check_trees(second, trees2, x2)
    return Fitted(Model(Forest(trees1), Forest(trees2), lexicon, threshold, {}), (trees1, trees2))


class Thresholds:
    """A model whose probabilities are worked out once per page and read at any threshold."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.threshold = model.threshold
        self.memo: dict[tuple[str, ...], list[float]] = {}

    def probabilities(self, lines: Sequence[LineInput], language: lang_mod.Language) -> list[float]:
        key = tuple(x.text for x in lines)
        if key not in self.memo:
            self.memo = {key: self.model.probabilities(lines, language)}
        return self.memo[key]


_SCORE = None
_SEG = None


def _scorers():
    global _SCORE, _SEG
    if _SCORE is None:
        _SCORE = load_module(SHARED / "eval-dev/score.py", "dev_score")
        _SEG = load_module(SHARED / "eval-segments/score_segments.py", "seg_score")
    return _SCORE, _SEG


def _score_pages(job: tuple[Model | None, list[Page], Sequence[float]]) -> list[list[object]]:
    """Per page and threshold, the scorer's row: (precision, recall) or the segment row."""
    model, pages, thresholds = job
    score, seg = _scorers()
    wrapped = Thresholds(model) if model is not None else None
    config = parse_config("", ROOT)
    now = datetime(2030, 1, 1, tzinfo=UTC)
    cleaner = Cleaner(config, IngestOptions(into=ROOT / "unused"), now=now, model=wrapped)  # type: ignore[arg-type]
    out = []
    for page in pages:
        rows = []
        for t in thresholds if model is not None else (None,):
            if wrapped is not None:
                wrapped.threshold = t
            try:
                text = cleaner.clean(page.path.read_bytes(), page.path.name).text
            except NoArticle:
                text = ""
            if page.gold is not None:
                s = score.score_page(page.gold, score.strip_markdown(text), 4)
                rows.append((s.precision, s.recall))
            else:
                rows.append(seg.score_page(page.segments, text))
        out.append(rows)
    return out


def page_rows(model: Model | None, pages: list[Page], jobs: int) -> dict[float | None, list]:
    """Each page's scorer row by threshold (None: the rule-and-zone cleaner)."""
    thresholds = THRESHOLDS if model is not None else (None,)
    chunks = [pages[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_score_pages, [(model, c, thresholds) for c in chunks]))
    per_page: list = [None] * len(pages)
    for c, res in enumerate(results):
        for k, rows in enumerate(res):
            per_page[c + k * jobs] = rows
    return {t: [rows[j] for rows in per_page] for j, t in enumerate(thresholds)}


def evaluate(model: Model | None, pages: list[Page], jobs: int) -> dict[float | None, dict[str, float]]:
    """Scores by threshold, as the official scorers compute them."""
    return {t: aggregate(pages, rows) for t, rows in page_rows(model, pages, jobs).items()}


def aggregate(pages: list[Page], rows: list) -> dict[str, float]:
    score, _ = _scorers()
    if pages[0].segments is None:
        return score.aggregate([score.PageScore(p, r, False) for p, r in rows])
    tp, fp, fn = sum(r["tp"] for r in rows), sum(r["fp"] for r in rows), sum(r["fn"] for r in rows)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    out = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    for key in ("title", "author", "date"):
        known = [row[key] for row in rows if key in row]
        out[key] = statistics.fmean(known) if known else 0.0
    return out


def write_pages_csv(path: Path, measured: list[tuple[str, list[Page], list]]) -> None:
    """One line per page and measure: its scorer row (precision and recall, or the segment
    counts and whether title, author and date are right) as the tables above aggregate it."""
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["measure", "corpus", "id", "precision", "recall", "tp", "fp", "fn", "title", "author", "date"])
        for measure, tested, rows in measured:
            for page, row in zip(tested, rows, strict=True):
                if page.segments is None:
                    p, r = ("" if v is None else f"{v:.6f}" for v in row)  # None: nothing to score
                    out.writerow([measure, page.corpus, page.id, p, r, "", "", "", "", "", ""])
                else:
                    found = [row.get(k, "") for k in ("title", "author", "date")]  # "" where the gold has none
                    out.writerow([measure, page.corpus, page.id, "", "", row["tp"], row["fp"], row["fn"], *found])


def fmt(r: dict[str, float]) -> str:
    return f"{r['f1']:.3f} ({r['precision']:.3f} / {r['recall']:.3f})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true", help="measure only; leave cleaner_model.json alone")
    ap.add_argument("--quick", action="store_true", help="40 pages a corpus, no held-out folds (a smoke run)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--skip-cv", action="store_true", help="no held-out-pages table (saves most of the time)")
    ap.add_argument(
        "--pages-csv", type=Path, help="each page's score in each held-out measure, for bench/cleaner_breakdown.py"
    )
    ap.add_argument(
        "--seed", type=int, default=PARAMS["seed"], help="LightGBM's seed (another shows what a refit alone moves)"
    )
    args = ap.parse_args()
    PARAMS["seed"] = args.seed
    start = time.perf_counter()
    limit = 40 if args.quick else None
    pages = {name: corpus(name)[:limit] for name in (*FITTABLE, *VALIDATE)}
    train = [p for name in FITTABLE for p in pages[name]]
    labels = labelled(train, args.jobs)
    by_lang_prose, by_lang_titles = pools(labels)
    augmented = [a for i, lab in enumerate(labels) if (a := augment(lab, by_lang_prose, by_lang_titles, i))]
    with ProcessPoolExecutor(args.jobs) as pool:
        data = list(pool.map(_features, labels + augmented, chunksize=8))
    print(f"{len(labels)} pages + {len(augmented)} augmented copies featurised ({time.perf_counter() - start:.0f} s)")

    def rows_of(names: Sequence[str], held_fold: tuple[str, int] | None = None) -> list[Rows]:
        keep = []
        for r in data:
            if r.page.corpus not in names:
                continue
            if held_fold and r.page.corpus == held_fold[0] and fold_of(r.page.id) == held_fold[1]:
                continue
            keep.append(r)
        return keep

    base = {name: evaluate(None, pages[name], args.jobs)[None] for name in (*FITTABLE, *VALIDATE)}
    loco, loco_rows = {}, {}
    for held in FITTABLE:
        model = fit(rows_of([n for n in FITTABLE if n != held])).model
        loco_rows[held] = page_rows(model, pages[held], args.jobs)
        loco[held] = {t: aggregate(pages[held], rows) for t, rows in loco_rows[held].items()}
        print(f"  left out {held}: " + ", ".join(f"{t} {fmt(r)}" for t, r in loco[held].items()), flush=True)

    def chosen(exclude: str | None = None) -> float:
        names = [n for n in FITTABLE if n != exclude]
        mean = {t: statistics.fmean(loco[n][t]["f1"] for n in names) for t in THRESHOLDS}
        best = max(THRESHOLDS, key=lambda t: (mean[t], -abs(t - 0.5)))
        # 0.5 unless another threshold is better by more than noise
        return best if mean[best] - mean[0.5] >= THRESHOLD_MARGIN else 0.5

    threshold = chosen()
    full = fit(rows_of(FITTABLE), threshold)
    held_rows = {name: page_rows(full.model, pages[name], args.jobs)[threshold] for name in VALIDATE}
    held_out = {name: {threshold: aggregate(pages[name], held_rows[name])} for name in VALIDATE}
    within: dict[str, dict[str, float]] = {}
    within_rows: dict[str, tuple[list[Page], list]] = {}
    if not args.quick and not args.skip_cv:
        for name in FITTABLE:
            tested: list[Page] = []
            rows: list = []
            for f in range(FOLDS):
                model = fit(rows_of(FITTABLE, (name, f)), threshold).model
                test = [p for p in pages[name] if fold_of(p.id) == f]
                tested += test
                rows += page_rows(model, test, args.jobs)[threshold]
            within[name] = aggregate(tested, rows)
            within_rows[name] = (tested, rows)
            print(f"  held-out pages of {name}: {fmt(within[name])}", flush=True)

    print(f"\nthreshold {threshold} (chosen by the mean leave-one-corpus-out F1 of {', '.join(FITTABLE)})")
    print(f"{'corpus':16} {'rule-and-zone':27} {'left out of the fit':27} {'pages held out':27}")
    for name in FITTABLE:
        r = loco[name][chosen(exclude=name)]
        w = fmt(within[name]) if name in within else "-"
        print(f"{name:16} {fmt(base[name]):27} {fmt(r):27} {w:27}")
    for name in VALIDATE:
        print(f"{name:16} {fmt(base[name]):27} {fmt(held_out[name][threshold]):27} {'(never fitted on)':27}")
    seg = loco["eval-segments"][chosen(exclude="eval-segments")]
    print(
        f"eval-segments metadata (left out): title {seg['title']:.3f} author {seg['author']:.3f} date {seg['date']:.3f}"
    )
    if args.pages_csv:
        measured = [("left out of the fit", pages[n], loco_rows[n][chosen(exclude=n)]) for n in FITTABLE]
        measured += [("pages held out", *within_rows[n]) for n in FITTABLE if n in within_rows]
        measured += [("never fitted on", pages[n], held_rows[n]) for n in VALIDATE]
        write_pages_csv(args.pages_csv, measured)
        print(f"wrote {args.pages_csv}")
    news = [n for n in NEWS if n in FITTABLE]
    print(f"news corpora: {', '.join(NEWS)}; fitted on {', '.join(FITTABLE)} ({', '.join(news)} among them)")

    if not args.no_write and not args.quick:
        trees1, trees2 = full.trees
        meta = {
            "fitted_on": list(FITTABLE),
            "pages": {name: len(pages[name]) for name in FITTABLE},
            "augmented_copies": len(augmented),
            "silver_weight": SILVER_WEIGHT,
            "rounds": ROUNDS,
            "params": {k: v for k, v in PARAMS.items() if k not in ("num_threads", "verbose")},
            "lightgbm": importlib.metadata.version("lightgbm"),
        }
        text = model_json(trees1, trees2, full.model.lexicon, threshold, meta)
        parse_model(text)  # refuses a file this version could not read
        MODEL_FILE.write_text(text, encoding="utf-8")
        print(f"\nwrote {MODEL_FILE.relative_to(ROOT)} ({len(text.encode()) // 1024} KB)")
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
