"""Fit the learned line classifier (newsdigest/ingest/classifier.py) and measure it the way
that predicts unseen pages: leave one corpus out.

    python bench/train_cleaner.py                 # LOCO table + fit on all allowed corpora -> cleaner_model.json
    python bench/train_cleaner.py --no-write      # measure only
    python bench/train_cleaner.py --limit 200     # at most 200 pages per corpus (a quick look)

Corpora (../shared/): eval-dev (41 pages, MIT), eval-segments (474, Apache-2.0) and
eval-train's readability set (115, Apache-2.0) may be fitted on, and the shipped weights are
fitted on exactly those three. dragnet (AGPL-3.0) and the CleanEval sets (no licence) only
validate: they are never in any training set here, so every figure on them is held out.

Labels: a line of a page's text is article text when most of its word trigrams are in the
gold article (eval-dev, eval-train), or when it holds one of the passages to keep, and not
when it holds one to drop (eval-segments; other lines of those pages are unlabelled).
Each page weighs the same in the fit, whatever its length. scikit-learn is needed here only
(pip install scikit-learn); the shipped model is plain JSON read by the standard library.
The fit is deterministic (liblinear, fixed data order).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval_quality import load_module  # noqa: E402  (bench/ is on the path when run as a script)

from newsdigest.config import parse_config  # noqa: E402
from newsdigest.ingest import language as lang_mod  # noqa: E402
from newsdigest.ingest.blocks import split_blocks  # noqa: E402
from newsdigest.ingest.boilerplate import rule_and_zone, views  # noqa: E402
from newsdigest.ingest.classifier import MODEL_FILE, Model, feature_names, features  # noqa: E402
from newsdigest.ingest.pipeline import Cleaner, IngestOptions, NoArticle  # noqa: E402
from newsdigest.ingest.read import read_text  # noqa: E402
from newsdigest.ingest.rules import active_rules  # noqa: E402

SHARED = ROOT.parent / "shared"
TRAINABLE = ("eval-dev", "eval-segments", "readability")
VALIDATE = ("dragnet", "cleanportaleval", "cleaneval-final", "cleaneval-dev")
WORD = re.compile(r"\w+")
SETTINGS = [{"add_above": hi, "add_after": after} for hi in (0.5, 0.6, 0.7, 1.01) for after in (True, False)]
"""The grid: (0, 1.01) is the rule-and-zone cleaner unchanged."""


@dataclass
class Page:
    id: str
    path: Path
    gold: str | None
    """The gold article text (shingle-scored corpora)."""
    segments: dict | None
    """eval-segments' item: ``with`` / ``without`` passages, title, author, date."""
    rows: list[list[float]] | None = None
    labels: list[int | None] | None = None


def corpus(name: str, limit: int | None) -> list[Page]:
    if name == "eval-dev":
        truth = json.loads((SHARED / "eval-dev/ground-truth.json").read_text(encoding="utf-8"))
        pages = [Page(k, SHARED / f"eval-dev/text/{k}.txt", v["articleBody"], None) for k, v in sorted(truth.items())]
    elif name == "eval-segments":
        data = json.loads((SHARED / "eval-segments/evaldata.json").read_text(encoding="utf-8"))
        pages = [
            Page(k, SHARED / f"eval-segments/text/{k}.txt", None, v)
            for k, v in sorted(data.items())
            if (SHARED / f"eval-segments/text/{k}.txt").exists()
        ]
    else:
        truth = json.loads((SHARED / "eval-train/ground-truth.json").read_text(encoding="utf-8"))
        pages = [
            Page(k, SHARED / f"eval-train/text/{k}.txt", v["articleBody"], None)
            for k, v in sorted(truth.items())
            if v["set"] == name
        ]
    return pages[:limit] if limit else pages


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


RULES = active_rules()


def featurize(page: Page) -> None:
    """The page's feature rows and line labels (None: unlabelled)."""
    text = read_text(page.path.read_bytes())
    language = lang_mod.detect(text)
    items, kept, _ = rule_and_zone(split_blocks(text), language, RULES)
    page.rows = features(views(items, kept))
    labels: list[int | None] = []
    if page.gold is not None:
        gold = trigrams(WORD.findall(page.gold.casefold()))
        for c in items:
            words = WORD.findall(c.block.text.casefold())
            grams = trigrams(words) if words else set()
            labels.append(int(bool(grams) and len(grams & gold) / len(grams) >= 0.5))
    else:
        keep = [_norm(s) for s in page.segments["with"]]
        drop = [_norm(s) for s in page.segments["without"]]
        for c in items:
            line = _norm(c.block.text)
            if line and any(s and (s in line or (len(line) > 20 and line in s)) for s in keep):
                labels.append(1)
            elif line and any(s and (s in line or (len(line) > 20 and line in s)) for s in drop):
                labels.append(0)
            else:
                labels.append(None)
    page.labels = labels


def fit(pages: list[Page]) -> Model:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    xs, ys, ws = [], [], []
    trans = [[1.0, 1.0], [1.0, 1.0]]
    for page in pages:
        labelled = [(r, y) for r, y in zip(page.rows, page.labels, strict=True) if y is not None]
        if not labelled:
            continue
        w = 1.0 / math.sqrt(len(labelled))  # long pages count more, but not in proportion
        for r, y in labelled:
            xs.append(r)
            ys.append(y)
            ws.append(w)
        if page.gold is not None:  # fully labelled: the sequence of states
            for a, b in zip(page.labels, page.labels[1:], strict=False):
                trans[a][b] += 1
    x = np.array(xs)
    y = np.array(ys)
    clf = LogisticRegression(C=1.0, solver="liblinear", fit_intercept=False, max_iter=5000)
    clf.fit(x, y, sample_weight=np.array(ws))
    transitions = tuple(tuple(math.log(c / sum(row)) for c in row) for row in trans)
    return Model(tuple(feature_names()), tuple(float(v) for v in clf.coef_[0]), transitions, float(y.mean()))


def evaluate(pages: list[Page], model: Model | None, score, seg) -> dict:
    config = parse_config("", ROOT)
    cleaner = Cleaner(config, IngestOptions(into=ROOT / "unused"), now=datetime(2030, 1, 1, tzinfo=UTC), model=model)
    scores, tp, fp, fn, meta = [], 0, 0, 0, {"title": [], "author": [], "date": []}
    for page in pages:
        try:
            out = cleaner.clean(page.path.read_bytes(), page.path.name).text
        except NoArticle:
            out = ""
        if page.gold is not None:
            scores.append(score.score_page(page.gold, score.strip_markdown(out), 4))
        else:
            row = seg.score_page(page.segments, out)
            tp, fp, fn = tp + row["tp"], fp + row["fp"], fn + row["fn"]
            for k in meta:
                if k in row:
                    meta[k].append(row[k])
    if scores:
        return score.aggregate(scores)
    p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    out = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    out.update({k: statistics.fmean(v) if v else 0.0 for k, v in meta.items()})
    return out


def fmt(r: dict) -> str:
    s = f"{r['f1']:.3f} ({r['precision']:.3f} / {r['recall']:.3f})"
    if "title" in r:
        s += f"  title {r['title']:.2f} author {r['author']:.2f} date {r['date']:.2f}"
    return s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, help="at most this many pages per corpus")
    ap.add_argument("--no-write", action="store_true", help="measure only; leave cleaner_model.json alone")
    ap.add_argument("--validate", nargs="*", default=list(VALIDATE), help="validation corpora to score")
    args = ap.parse_args()
    score = load_module(SHARED / "eval-dev/score.py", "dev_score")
    seg = load_module(SHARED / "eval-segments/score_segments.py", "seg_score")
    start = time.perf_counter()
    data = {name: corpus(name, args.limit) for name in (*TRAINABLE, *args.validate)}
    for pages in data.values():
        for page in pages:
            featurize(page)
    print(f"featurized {sum(len(p) for p in data.values())} pages in {time.perf_counter() - start:.0f} s")
    # The one setting, how readily lines are kept, is chosen by the mean of the three
    # leave-one-corpus-out scores: never by a score on a corpus the model was fitted on.
    folds = {held: fit([p for name in TRAINABLE if name != held for p in data[name]]) for held in TRAINABLE}
    by_setting = {}
    for setting in SETTINGS:
        results = {held: evaluate(data[held], replace(m, **setting), score, seg) for held, m in folds.items()}
        by_setting[tuple(setting.items())] = results
        print(f"  {setting}: LOCO F1 " + ", ".join(f"{h} {r['f1']:.3f}" for h, r in results.items()), flush=True)
    best = max(by_setting, key=lambda s: statistics.fmean(r["f1"] for r in by_setting[s].values()))
    chosen = dict(best)
    print(f"\nleave one corpus out (fit on the other allowed corpora, score the one left out), {chosen}:")
    print(f"  {'corpus':16} {'rule-and-zone cleaner':32} {'learned, corpus held out':32}")
    for held in TRAINABLE:
        base = evaluate(data[held], None, score, seg)
        print(f"  {held:16} {fmt(base):32}   {fmt(by_setting[best][held])}", flush=True)
    full = replace(fit([p for name in TRAINABLE for p in data[name]]), **chosen)
    print("\nfitted on all allowed corpora (eval-dev, eval-segments, readability):")
    for name in (*args.validate, *TRAINABLE):
        tag = "held out (never fitted on)" if name in args.validate else "fitted on (not a fair figure)"
        base = evaluate(data[name], None, score, seg)
        print(f"  {name:16} {fmt(base):32}   {fmt(evaluate(data[name], full, score, seg))}   {tag}", flush=True)
    if not args.no_write and not args.limit:
        MODEL_FILE.write_text(full.to_json(), encoding="utf-8")
        print(f"\nwrote {MODEL_FILE.relative_to(ROOT)}")
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
