"""Score HTML ingest against trafilatura alone, page for page, on every corpus with HTML:
eval-dev, eval-segments and each set of eval-train. Prints a table and pages per second.

    python bench/eval_html.py                       # everything (about 10 minutes on 2 cores)
    python bench/eval_html.py --sets eval-dev,dragnet --limit 200

Both sides are scored by the corpora's own scorers (shingle F1 with ``--markdown``'s
stripping; segment F1). The Markdown our ingest writes keeps the headline in front matter,
so on sets whose gold includes the headline (dragnet, cleanportaleval) both sides are scored
on the body only: trafilatura's own output also leaves the title out.

Nothing here was tuned on eval-train: the second pass (named rules only, no zones) was
chosen on eval-dev and eval-segments; the eval-train columns are held out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval_quality import load_module, make_cleaner  # noqa: E402

from newsdigest.ingest.pipeline import NoArticle  # noqa: E402

SHARED = ROOT.parent / "shared"
TRAIN_SETS = ("dragnet", "cleanportaleval", "readability", "cleaneval-final", "cleaneval-dev")


def pages_of(name: str) -> list[tuple[str, Path, object]]:
    if name == "eval-dev":
        truth = json.loads((SHARED / "eval-dev/ground-truth.json").read_text(encoding="utf-8"))
        return [(k, SHARED / f"eval-dev/html/{k}.html", v["articleBody"]) for k, v in sorted(truth.items())]
    if name == "eval-segments":
        data = json.loads((SHARED / "eval-segments/evaldata.json").read_text(encoding="utf-8"))
        out = [(k, SHARED / f"eval-segments/html/{k}.html", v) for k, v in sorted(data.items())]
        return [p for p in out if p[1].exists()]
    truth = json.loads((SHARED / "eval-train/ground-truth.json").read_text(encoding="utf-8"))
    return [
        (k, SHARED / f"eval-train/html/{k}.html.gz", v["articleBody"])
        for k, v in sorted(truth.items())
        if v["set"] == name
    ]


def ours(cleaner, path: Path, data: bytes) -> str:
    try:
        return cleaner.clean(data, path.name.removesuffix(".gz"), url="").text
    except (NoArticle, ValueError):
        return ""


def theirs(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data, include_comments=False) or ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default=",".join(("eval-dev", "eval-segments", *TRAIN_SETS)))
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    score = load_module(SHARED / "eval-dev" / "score.py", "dev_score")
    seg = load_module(SHARED / "eval-segments" / "score_segments.py", "seg_score")
    cleaner = make_cleaner()
    print(f"{'corpus':16} {'pages':>5}  {'newsdigest F1 (P / R)':24} {'trafilatura F1 (P / R)':24}")
    spent = {"ours": 0.0, "theirs": 0.0}
    n_pages = 0
    for name in args.sets.split(","):
        pages = pages_of(name)[: args.limit or None]
        results = {"ours": [], "theirs": []}
        for _, path, truth in pages:
            raw = path.read_bytes()
            data = gzip.decompress(raw) if path.suffix == ".gz" else raw
            for side in ("ours", "theirs"):
                t = time.perf_counter()
                out = ours(cleaner, path, data) if side == "ours" else theirs(data)
                spent[side] += time.perf_counter() - t
                if name == "eval-segments":
                    results[side].append(seg.score_page(truth, out))
                else:
                    results[side].append(score.score_page(truth, score.strip_markdown(out), 4))
        n_pages += len(pages)
        cells = []
        for side in ("ours", "theirs"):
            if name == "eval-segments":
                tp = sum(r["tp"] for r in results[side])
                fp = sum(r["fp"] for r in results[side])
                fn = sum(r["fn"] for r in results[side])
                p, r = tp / (tp + fp or 1), tp / (tp + fn or 1)
                f = 2 * p * r / (p + r or 1)
            else:
                agg = score.aggregate(results[side])
                f, p, r = agg["f1"], agg["precision"], agg["recall"]
            cells.append(f"{f:.3f} ({p:.3f} / {r:.3f})")
        print(f"{name:16} {len(pages):5}  {cells[0]:24} {cells[1]:24}", flush=True)
    print(
        f"speed: newsdigest {n_pages / spent['ours']:.1f} pages/s, trafilatura.extract {n_pages / spent['theirs']:.1f} "
        f"pages/s (one process; ratio {spent['theirs'] / spent['ours']:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
