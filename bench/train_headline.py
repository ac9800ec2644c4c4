"""Fit the headline ranker (newsdigest/ingest/headline.py) and measure it the way that predicts
unseen pages.

    pip install -e '.[train]'
    python bench/train_headline.py              # measure, then write newsdigest/ingest/headline_model.json
    python bench/train_headline.py --no-write   # measure only

Candidates come from the shipped learned cleaner's reading of each page (its article zone and
its probabilities are features), so retrain this after the cleaner.

Labels. eval-segments knows each page's title (the gold). The other corpora don't, so their
labels are silver: the page's own ``og:title`` (else ``<title>``) from its saved HTML, with a
site name after `` | `` or `` - `` allowed. A candidate line is the headline when its words
are the title's words, or hold them, or are held by them and make up most of them. A page
with no such candidate teaches nothing and is left out of the fit (it still counts, as a
miss, in the accuracy).

The shipped ranker is fitted on eval-segments, eval-dev and eval-train's readability set
(their terms allow it); dragnet and cleanportaleval only validate. LightGBM's lambdarank
(training time only, deterministic), trees stored as flat arrays in the model file.
Figures: each corpus left out of the fit, and each corpus's pages held out in four folds
(the rest in the fit), as bench/train_cleaner.py does.
"""

from __future__ import annotations

import argparse
import gzip
import html
import importlib.metadata
import json
import re
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_cleaner import DETERMINISTIC, trees_of  # noqa: E402

from newsdigest.ingest import headline  # noqa: E402
from newsdigest.ingest import language as lang_mod  # noqa: E402
from newsdigest.ingest.blocks import split_blocks  # noqa: E402
from newsdigest.ingest.boilerplate import clean  # noqa: E402
from newsdigest.ingest.classifier import shipped_model  # noqa: E402
from newsdigest.ingest.read import read_text  # noqa: E402
from newsdigest.ingest.rules import active_rules  # noqa: E402
from newsdigest.ingest.trees import Forest  # noqa: E402

SHARED = ROOT.parent / "shared"
TRAINABLE = ("eval-segments", "eval-dev", "readability")
VALIDATE = ("dragnet", "cleanportaleval")
WORD = re.compile(r"\w+")
OG = re.compile(r"<meta[^>]+property=[\"']og:title[\"'][^>]*content=[\"']([^\"']*)", re.I)
OG2 = re.compile(r"<meta[^>]+content=[\"']([^\"']*)[\"'][^>]*property=[\"']og:title", re.I)
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
PARAMS = {
    "objective": "lambdarank",
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 50,
    "lambdarank_truncation_level": 10,
    **DETERMINISTIC,
}
ROUNDS = 100
FOLDS = 4


@dataclass
class Page:
    id: str
    corpus: str
    text: Path
    title: str
    gold: bool
    """The title is the corpus's gold (eval-segments), not read off the HTML."""
    cands: list[headline.Candidate] | None = None


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def is_title(line: str, title: str, gold: bool) -> bool:
    got, want = " ".join(words(line)), " ".join(words(title))
    if not got or not want:
        return False
    if got == want or f" {want} " in f" {got} ":
        return True
    if gold:
        return f" {got} " in f" {want} "  # the scorer's rule
    return f" {got} " in f" {want} " and len(got.split()) >= 0.6 * len(want.split())


def html_title(raw: str) -> str:
    m = OG.search(raw) or OG2.search(raw) or TITLE.search(raw)
    return html.unescape(re.sub(r"\s+", " ", m.group(1))).strip() if m else ""


def _read(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace")


def corpus(name: str) -> list[Page]:
    if name == "eval-segments":
        data = json.loads((SHARED / "eval-segments/evaldata.json").read_text(encoding="utf-8"))
        return [
            Page(k, name, SHARED / f"eval-segments/text/{k}.txt", v["title"].strip(), True)
            for k, v in sorted(data.items())
            if v.get("title") and (SHARED / f"eval-segments/text/{k}.txt").exists()
        ]
    if name == "eval-dev":
        ids = sorted(json.loads((SHARED / "eval-dev/ground-truth.json").read_text(encoding="utf-8")))
        pairs = [(k, SHARED / f"eval-dev/text/{k}.txt", _read(SHARED / f"eval-dev/html/{k}.html")) for k in ids]
    else:
        truth = json.loads((SHARED / "eval-train/ground-truth.json").read_text(encoding="utf-8"))
        ids = sorted(k for k, v in truth.items() if v["set"] == name)
        pairs = [(k, SHARED / f"eval-train/text/{k}.txt", _read(SHARED / f"eval-train/html/{k}.html.gz")) for k in ids]
    return [Page(k, name, path, t, False) for k, path, raw in pairs if (t := html_title(raw)) and len(words(t)) >= 2]


RULES = active_rules()


def _candidates(path: Path) -> list[headline.Candidate]:
    text = read_text(path.read_bytes())
    language = lang_mod.detect(text)
    cleaned = clean(split_blocks(text), language, RULES, shipped_model())
    return headline.page_candidates(cleaned, bool(language.stopwords))


def fit(pages: list[Page]) -> tuple[headline.HeadlineModel, list[dict[str, list[float]]]]:
    import lightgbm as lgb
    import numpy as np

    xs, ys, groups = [], [], []
    for p in pages:
        assert p.cands is not None
        labels = [int(is_title(c.text, p.title, p.gold)) for c in p.cands]
        if any(labels):
            xs += [c.features for c in p.cands]
            ys += labels
            groups.append(len(labels))
    data = lgb.Dataset(np.array(xs, dtype=np.float64), np.array(ys), group=groups)
    trees = trees_of(lgb.train(PARAMS, data, ROUNDS))
    return headline.HeadlineModel(Forest(trees), {}), trees


def accuracy(pages: list[Page], model: headline.HeadlineModel | None) -> float:
    hits = 0
    for p in pages:
        assert p.cands is not None
        top = headline.choose(p.cands, model)
        hits += bool(top and is_title(top.text, p.title, p.gold))
    return hits / len(pages) if pages else 0.0


def fold_of(page_id: str) -> int:
    return zlib.crc32(page_id.encode()) % FOLDS


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    sets = {name: corpus(name) for name in TRAINABLE + VALIDATE}
    pages = [p for name in sets for p in sets[name]]
    with ProcessPoolExecutor(args.jobs) as pool:
        for p, cands in zip(pages, pool.map(_candidates, [p.text for p in pages], chunksize=8), strict=True):
            p.cands = cands
    print(f"{'corpus':16} {'pages':>5}  {'hand':>6}  {'left out':>8}  {'held out':>8}")
    for name in TRAINABLE:
        loco = accuracy(sets[name], fit([p for n in TRAINABLE if n != name for p in sets[n]])[0])
        hits = 0.0
        for f in range(FOLDS):
            train = [p for n in TRAINABLE for p in sets[n] if n != name or fold_of(p.id) != f]
            test = [p for p in sets[name] if fold_of(p.id) == f]
            hits += accuracy(test, fit(train)[0]) * len(test)
        hand, held = accuracy(sets[name], None), hits / len(sets[name])
        print(f"{name:16} {len(sets[name]):5}  {hand:6.3f}  {loco:8.3f}  {held:8.3f}")
    model, trees = fit([p for n in TRAINABLE for p in sets[n]])
    for name in VALIDATE:
        hand, held = accuracy(sets[name], None), accuracy(sets[name], model)
        print(f"{name:16} {len(sets[name]):5}  {hand:6.3f}  {held:8.3f}  (never fitted on)")
    if not args.no_write:
        meta = {
            "fitted_on": list(TRAINABLE),
            "pages": {n: len(sets[n]) for n in TRAINABLE},
            "rounds": ROUNDS,
            "lightgbm": importlib.metadata.version("lightgbm"),
        }
        headline.MODEL_FILE.write_text(headline.model_json(trees, meta), encoding="utf-8")
        print(f"wrote {headline.MODEL_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
