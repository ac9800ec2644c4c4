"""Fit the headline ranker (newsdigest/ingest/headline.py) and measure it leave one corpus out.

    python bench/train_headline.py              # LOCO table, then fit on the allowed corpora -> headline_model.json
    python bench/train_headline.py --no-write   # measure only

Labels. eval-segments knows each page's title (the gold). The other corpora don't, so their
labels are silver: the page's own ``og:title`` (else ``<title>``) from its saved HTML, with a
site name after `` | `` or `` - `` allowed. A candidate line is the headline when its words
are the title's words, or hold them, or are held by them and make up most of them. A page
with no such candidate teaches nothing and is left out of the fit (it still counts, as a
miss, in the accuracy: the ranker had to find some line or none).

The shipped weights are fitted on eval-segments, eval-dev and eval-train's readability set
(their terms allow it); dragnet and cleanportaleval only validate. scikit-learn is needed
here only (its numpy and scipy); the fit is deterministic (L-BFGS from zero, fixed order).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsdigest.ingest import headline  # noqa: E402
from newsdigest.ingest import language as lang_mod  # noqa: E402
from newsdigest.ingest.blocks import split_blocks  # noqa: E402
from newsdigest.ingest.boilerplate import clean, headline_like  # noqa: E402
from newsdigest.ingest.read import read_text  # noqa: E402
from newsdigest.ingest.rules import active_rules  # noqa: E402

SHARED = ROOT.parent / "shared"
TRAINABLE = ("eval-segments", "eval-dev", "readability")
VALIDATE = ("dragnet", "cleanportaleval")
WORD = re.compile(r"\w+")
OG = re.compile(r"<meta[^>]+property=[\"']og:title[\"'][^>]*content=[\"']([^\"']*)", re.I)
OG2 = re.compile(r"<meta[^>]+content=[\"']([^\"']*)[\"'][^>]*property=[\"']og:title", re.I)
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


@dataclass
class Page:
    id: str
    text: Path
    title: str
    gold: bool
    """The title is the corpus's gold (eval-segments), not read off the HTML."""
    cands: list[headline.Candidate] | None = None
    opening: bool = False
    """The text's first line reads like a headline."""


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
            Page(k, SHARED / f"eval-segments/text/{k}.txt", v["title"].strip(), True)
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
    return [Page(k, path, t, False) for k, path, raw in pairs if (t := html_title(raw)) and len(words(t)) >= 2]


RULES = active_rules((), (), ())


def featurize(page: Page) -> None:
    text = read_text(page.text.read_bytes())
    language = lang_mod.detect(text)
    cleaned = clean(split_blocks(text), language, RULES, None)
    page.cands = headline.page_candidates(cleaned, bool(language.stopwords))
    page.opening = bool(cleaned.body) and headline_like(cleaned.body[0].block.text)


def fit(pages: list[Page], l2: float) -> headline.HeadlineModel:
    """A conditional logit: per page, a softmax over its candidates, fitted so that the
    headline's share is as high as it can be (L2-penalised). It ranks candidates against each
    other, as the ranker is used, rather than scoring each line on its own."""
    import numpy as np
    from scipy.optimize import minimize

    groups = []
    for p in pages:
        assert p.cands is not None
        labels = np.array([is_title(c.text, p.title, p.gold) for c in p.cands], dtype=float)
        if labels.any():
            groups.append((np.array([c.features for c in p.cands]), labels / labels.sum()))
    n = len(headline.FEATURES)

    def loss(w):
        total, grad = 0.0, np.zeros(n)
        for x, target in groups:
            s = x @ w
            s -= s.max()
            prob = np.exp(s) / np.exp(s).sum()
            total -= float((target * np.log(prob + 1e-12)).sum())
            grad += x.T @ (prob - target)
        return total / len(groups) + l2 * float(w @ w), grad / len(groups) + 2 * l2 * w

    result = minimize(loss, np.zeros(n), jac=True, method="L-BFGS-B")
    return headline.HeadlineModel(tuple(float(v) for v in result.x), 0.0, 0.0)


def accuracy(pages: list[Page], model: headline.HeadlineModel | None) -> float:
    hits = 0
    for p in pages:
        assert p.cands is not None
        top = headline.choose(p.cands, model, p.opening)
        hits += bool(top and is_title(top.text, p.title, p.gold))
    return hits / len(pages) if pages else 0.0


GRID = (0.001, 0.01, 0.1)
"""L2 penalties tried."""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    sets = {name: corpus(name) for name in TRAINABLE + VALIDATE}
    for pages in sets.values():
        for p in pages:
            featurize(p)
    print("corpus           pages  hand   " + "  ".join(f"l2={c:<5}" for c in GRID) + "  (left out of the fit)")
    loco: dict[float, list[float]] = {c: [] for c in GRID}
    for name, pages in sets.items():
        train = [p for n in TRAINABLE if n != name for p in sets[n]]
        row = []
        for c in GRID:
            acc = accuracy(pages, fit(train, c))
            row.append(acc)
            if name in TRAINABLE:
                loco[c].append(acc)
        print(f"{name:16} {len(pages):5}  {accuracy(pages, None):.3f}  " + "  ".join(f"{a:.3f}  " for a in row))
    best_c = max(GRID, key=lambda c: (sum(loco[c]) / len(loco[c]), c))
    print(f"chosen l2={best_c} (mean over the trainable corpora, each left out)")
    model = fit([p for n in TRAINABLE for p in sets[n]], best_c)
    for name in TRAINABLE:
        print(f"  fitted on all three, on {name}: {accuracy(sets[name], model):.3f} (not held out)")
    for name in VALIDATE:
        print(f"  fitted on all three, on {name}: {accuracy(sets[name], model):.3f} (held out)")
    if not args.no_write:
        headline.MODEL_FILE.write_text(headline.to_json(model, TRAINABLE), encoding="utf-8")
        print(f"wrote {headline.MODEL_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
