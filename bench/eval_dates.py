"""Date accuracy on pages nobody tuned dates on: the eval-train pages whose URL carries a
``/yyyy/mm/dd/`` date, ingested from their text and from their HTML without the URL.

    python bench/eval_dates.py                 # both inputs (about 2 minutes)
    python bench/eval_dates.py --input html

The URL's date is a silver label, not a gold one: a newspaper's CMS may date a URL when
the story was created and print a later "Posted at" on the page (the Washington Post
blogs in cleanportaleval do). eval-segments' gold dates (``bench/eval_quality.py``) are
what the date rules were developed on; these pages are the check that they carry over.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval_quality import make_cleaner  # noqa: E402

from newsdigest.ingest.pipeline import NoArticle  # noqa: E402

URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/")


def url_dated(shared: Path) -> list[tuple[str, str, date]]:
    """(id, set, the URL's date) of every eval-train page whose URL gives a whole date."""
    truth = json.loads((shared / "eval-train" / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key, item in sorted(truth.items()):
        m = URL_DATE.search(item.get("url") or "")
        if m:
            try:
                out.append((key, item["set"], date(int(m[1]), int(m[2]), int(m[3]))))
            except ValueError:
                continue
    return out


def score(shared: Path, kind: str) -> tuple[Counter[str], Counter[str], Counter[str]]:
    cleaner = make_cleaner()
    pages, right, near = Counter[str](), Counter[str](), Counter[str]()
    for key, name, gold in url_dated(shared):
        path = (
            shared
            / "eval-train"
            / ("html" if kind == "html" else "text")
            / (f"{key}.html.gz" if kind == "html" else f"{key}.txt")
        )
        try:
            got = cleaner.clean(path.read_bytes(), path.name.removesuffix(".gz"), url="").meta.date.date()
        except (NoArticle, ValueError):
            got = None
        pages[name] += 1
        right[name] += got == gold
        near[name] += got is not None and abs((got - gold).days) <= 1
    return pages, right, near


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--input", choices=["text", "html", "both"], default="both")
    args = ap.parse_args()
    for kind in ("text", "html") if args.input == "both" else (args.input,):
        pages, right, near = score(args.shared, kind)
        print(f"{kind}: date = the URL's (within a day)")
        for name in sorted(pages):
            n = pages[name]
            print(f"  {name:16} {n:4} pages  {right[name] / n:.3f} ({near[name] / n:.3f})")
        total = sum(pages.values())
        print(f"  {'all':16} {total:4} pages  {sum(right.values()) / total:.3f} ({sum(near.values()) / total:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
