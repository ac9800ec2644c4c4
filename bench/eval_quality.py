"""Score the cleaner on ../shared/eval-dev (shingle F1) and ../shared/eval-segments
(segment F1, title/author/date accuracy), in one process, with the scorers' own code.

    python bench/eval_quality.py                 # both sets
    python bench/eval_quality.py --set dev --csv /tmp/dev.csv
    python bench/eval_quality.py --input html    # the saved HTML instead of the text

The official, one-process-per-page commands (slower, same numbers) are:

    python ../shared/eval-dev/score.py run --input text --markdown --cmd 'python build.py ingest --dry-run {input}'
    python ../shared/eval-segments/score_segments.py run --input text --jobs 2 \
        --cmd 'python build.py ingest --dry-run {input}'
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsdigest.config import parse_config  # noqa: E402
from newsdigest.ingest.pipeline import Cleaner, IngestOptions, NoArticle  # noqa: E402


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def make_cleaner() -> Cleaner:
    config = parse_config("", ROOT)
    fixed = datetime(2030, 1, 1, tzinfo=UTC)  # "now": pages carry their own dates
    return Cleaner(config, IngestOptions(into=ROOT / "unused"), now=fixed)


def run(cleaner: Cleaner, path: Path) -> str:
    try:
        return cleaner.clean(path.read_bytes(), path.name).text
    except NoArticle:
        return ""


def eval_dev(shared: Path, kind: str, csv_path: str | None) -> dict:
    score = load_module(shared / "eval-dev" / "score.py", "dev_score")
    truth = json.loads((shared / "eval-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    cleaner = make_cleaner()
    pages, rows, start = [], [], time.perf_counter()
    for item_id in sorted(truth):
        path = shared / "eval-dev" / kind / f"{item_id}.{'txt' if kind == 'text' else 'html'}"
        pred = score.strip_markdown(run(cleaner, path))
        s = score.score_page(truth[item_id]["articleBody"], pred, 4)
        pages.append(s)
        rows.append({"id": item_id, "precision": s.precision, "recall": s.recall})
    elapsed = time.perf_counter() - start
    if csv_path:
        with open(csv_path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["id", "precision", "recall"])
            w.writeheader()
            w.writerows(rows)
    result = score.aggregate(pages)
    result["pages"] = len(pages)
    result["seconds"] = elapsed
    return result


def eval_segments(shared: Path, kind: str, csv_path: str | None) -> dict:
    seg = load_module(shared / "eval-segments" / "score_segments.py", "seg_score")
    data = json.loads((shared / "eval-segments" / "evaldata.json").read_text(encoding="utf-8"))
    cleaner = make_cleaner()
    tp = fp = fn = 0
    meta = {"title": [], "author": [], "date": []}
    rows, start = [], time.perf_counter()
    for item_id in sorted(data):
        path = shared / "eval-segments" / kind / f"{item_id}.{'txt' if kind == 'text' else 'html'}"
        if not path.exists():
            continue
        row = seg.score_page(data[item_id], run(cleaner, path))
        tp, fp, fn = tp + row["tp"], fp + row["fp"], fn + row["fn"]
        for key in meta:
            if key in row:
                meta[key].append(row[key])
        rows.append({"id": item_id, **row})
    elapsed = time.perf_counter() - start
    if csv_path:
        with open(csv_path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["id", "tp", "fp", "fn", "title", "author", "date"])
            w.writeheader()
            w.writerows(rows)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    out = {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "pages": len(rows),
        "seconds": elapsed,
    }
    out.update({f"{k}_accuracy": statistics.fmean(v) if v else 0.0 for k, v in meta.items()})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--set", choices=["dev", "segments", "both"], default="both")
    ap.add_argument("--input", choices=["text", "html"], default="text")
    ap.add_argument("--csv", help="per-page figures to this file")
    args = ap.parse_args()
    if args.set in ("dev", "both"):
        r = eval_dev(args.shared, args.input, args.csv if args.set == "dev" else None)
        print(
            f"eval-dev ({r['pages']} pages, {args.input}): shingle P {r['precision']:.3f} R {r['recall']:.3f} "
            f"F1 {r['f1']:.3f}  ({r['seconds']:.1f} s)"
        )
    if args.set in ("segments", "both"):
        r = eval_segments(args.shared, args.input, args.csv if args.set == "segments" else None)
        print(
            f"eval-segments ({r['pages']} pages, {args.input}): segment P {r['precision']:.3f} R {r['recall']:.3f} "
            f"F1 {r['f1']:.3f}; title {r['title_accuracy']:.3f} author {r['author_accuracy']:.3f} "
            f"date {r['date_accuracy']:.3f}  ({r['seconds']:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
