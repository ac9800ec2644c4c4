"""Where the learned text cleaner fails on pages it was not fitted on: its held-out scores by
language and by kind of page, with the worst pages of each.

    python bench/train_cleaner.py --no-write --pages-csv pages.csv   # each page's held-out score (~12 min)
    python bench/cleaner_breakdown.py pages.csv                      # the tables
    python bench/cleaner_breakdown.py pages.csv --examples 3         # and what the worst never-fitted pages lose

Measures (as train_cleaner.py names them): "left out of the fit" (a corpus scored by a model
fitted on the other two), "pages held out" (a quarter of a corpus scored by a model fitted on
everything else), "never fitted on" (dragnet, CleanEval, CleanPortalEval with the shipped
model). A page's language is what ingest detects in its text; its kind is read from its URL
(a forum or Q&A thread, a shop page, a reference or wiki entry, an about/contact/legal page,
an article or post, a home or section page; "no URL" where the corpus gives none); a gold
article's length is its number of words (a picture post's gold is its headline). Scores are
aggregated as the corpora's scorers do: segment F1 over summed counts for eval-segments, F1 of
the mean shingle precision and recall for the others.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from newsdigest.ingest.language import detect  # noqa: E402

KINDS = (
    ("forum or Q&A", r"forum|thread|viewtopic|discussion|board|/questions/|stackexchange|/t\d+-|/topic"),
    ("shop or product", r"produkt|product|/shop|store|collections/|/p/|warenkorb|/cart|/kaufen"),
    ("reference or wiki", r"wiki|baike|lexikon|glossar|dictionary|encyclop|/item/"),
    ("about, contact, legal", r"impressum|kontakt|contact|about|datenschutz|privacy|/agb|/team"),
    (
        "article or post",
        r"/(19|20)\d\d/\d{1,2}/|news|nachricht|article|artikel|story|stories|meldung|presse|blog|review|"
        r"/politi|/sport|/kultur|/wirtschaft|/economia|/actualit|\d{5,}|-[a-z]+-[a-z]+-[a-z]+",
    ),
)


def kind_of(url: str) -> str:
    """What a page is, as far as its URL tells."""
    if not url.startswith("http"):
        return "no URL"
    parts = urlsplit(url.strip())
    path = parts.path.lower() + ("?" + parts.query.lower() if parts.query else "")
    for name, pattern in KINDS:
        if re.search(pattern, path):
            return name
    return "home or section" if path.strip("/").count("/") == 0 and len(path) < 30 else "other"


def urls_and_sizes() -> tuple[dict[str, str], dict[str, str]]:
    """Each page's URL, and for the corpora with a whole gold article its length in words."""
    urls, sizes = {}, {}
    for name in ("eval-dev/ground-truth.json", "eval-segments/evaldata.json", "eval-train/ground-truth.json"):
        data = json.loads((SHARED / name).read_text(encoding="utf-8"))
        urls.update({k: (v.get("url") or "") for k, v in data.items()})
        sizes.update({k: size_of(len(v["articleBody"].split())) for k, v in data.items() if "articleBody" in v})
    return urls, sizes


SIZES = ((50, "under 50 words"), (300, "50-299 words"), (1000, "300-999 words"))


def size_of(words: int) -> str:
    return next((name for bound, name in SIZES if words < bound), "1,000 words or more")


def text_path(corpus: str, page_id: str) -> Path:
    folder = {"eval-dev": "eval-dev", "eval-segments": "eval-segments"}.get(corpus, "eval-train")
    return SHARED / folder / "text" / f"{page_id}.txt"


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


_SCORER = None


def _scorer():
    """eval-dev's scorer module (its aggregate is the one the shingle tables use)."""
    global _SCORER
    if _SCORER is None:
        sys.path.insert(0, str(ROOT / "bench"))
        from eval_quality import load_module

        _SCORER = load_module(SHARED / "eval-dev/score.py", "dev_score")
    return _SCORER


def score(rows: list[dict]) -> tuple[float, float, float]:
    """(F1, precision, recall) of some pages of one corpus kind, as its scorer aggregates."""
    if rows[0]["tp"] != "":  # the segment scorer: summed counts
        tp, fp, fn = (sum(float(r[k]) for r in rows) for k in ("tp", "fp", "fn"))  # (means of runs)
        p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
        return f1(p, r), p, r
    sc = _scorer()
    number = lambda v: float(v) if v != "" else None  # "" in the CSV is the scorer's None
    agg = sc.aggregate([sc.PageScore(number(r["precision"]), number(r["recall"]), False) for r in rows])
    return agg["f1"], agg["precision"], agg["recall"]


def page_f1(row: dict) -> float:
    return score([row])[0]


def table(title: str, rows: list[dict], by: str, worst: int) -> None:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r[by]].append(r)
    whole = score(rows)[0]
    print(f"\n{title}: {len(rows)} pages, F1 {whole:.3f}")
    print(f"  {by:24} {'pages':>5}  {'F1 (P / R)':22}  worst pages (F1, id, URL)")
    for name, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        f, p, r = score(members)
        low = sorted(members, key=page_f1)[:worst] if len(members) >= 3 else []
        shown = "; ".join(f"{page_f1(m):.2f} {m['id']} {m['url'][:60]}" for m in low)
        print(f"  {name:24} {len(members):5}  {f:.3f} ({p:.3f} / {r:.3f})  {shown}")


def examples(rows: list[dict], n: int) -> None:
    """What the shipped cleaner (the one these never-fitted pages were scored with) keeps
    that the gold does not, and loses that it keeps, on the n worst pages."""
    from eval_quality import make_cleaner

    from newsdigest.ingest.pipeline import NoArticle

    score_mod = _scorer()
    truth = json.loads((SHARED / "eval-train/ground-truth.json").read_text(encoding="utf-8"))
    cleaner = make_cleaner()
    print(f"\nthe {n} worst never-fitted pages: lines kept that the gold leaves out (-), gold lines lost (+)")
    for row in sorted(rows, key=page_f1)[:n]:
        path = text_path(row["corpus"], row["id"])
        try:
            out = score_mod.strip_markdown(cleaner.clean(path.read_bytes(), path.name).text)
        except NoArticle:
            out = ""
        gold = truth[row["id"]]["articleBody"]
        gold_words, out_words = _words(gold), _words(out)
        print(f"  {row['id']} ({row['lang']}, {row['kind']}, F1 {page_f1(row):.2f}) {row['url'][:80]}")
        kept = [t for t in out.split("\n") if len(t) > 20 and _words(t) not in gold_words][:3]
        lost = [t for t in gold.split("\n") if len(t) > 20 and _words(t) not in out_words][:3]
        for t in kept:
            print(f"    - {t[:110]}")
        for t in lost:
            print(f"    + {t[:110]}")


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", type=Path, help="written by bench/train_cleaner.py --pages-csv")
    ap.add_argument("--worst", type=int, default=2, help="worst pages named per group")
    ap.add_argument("--examples", type=int, default=0, help="show what the N worst never-fitted pages lose")
    args = ap.parse_args()
    known, sizes = urls_and_sizes()
    with open(args.csv, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["url"] = known.get(r["id"], "")
        r["kind"] = kind_of(r["url"])
        r["gold length"] = sizes.get(r["id"], "")
        text = text_path(r["corpus"], r["id"]).read_text(encoding="utf-8", errors="replace")
        r["lang"] = detect(text).name
    for measure in ("left out of the fit", "pages held out"):
        seg = [r for r in rows if r["measure"] == measure and r["corpus"] == "eval-segments"]
        if seg:
            table(f"eval-segments, {measure} (segment F1), by language", seg, "lang", args.worst)
            table(f"eval-segments, {measure} (segment F1), by kind of page", seg, "kind", args.worst)
    for corpus in sorted({r["corpus"] for r in rows if r["measure"] == "never fitted on"}):
        part = [r for r in rows if r["measure"] == "never fitted on" and r["corpus"] == corpus]
        table(f"{corpus}, never fitted on (shingle F1), by kind of page", part, "kind", args.worst)
    shingle = [r for r in rows if r["measure"] in ("pages held out", "never fitted on") and r["tp"] == ""]
    table("every shingle-scored page held out (eval-dev, readability, never-fitted sets), by language", shingle,
          "lang", args.worst)  # fmt: skip
    table("the same pages by the gold article's length", shingle, "gold length", args.worst)
    if args.examples:
        examples([r for r in rows if r["measure"] == "never fitted on"], args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
