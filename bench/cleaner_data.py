"""The cleaner's corpora as labelled lines, for bench/train_cleaner.py.

Every page's text (``../shared/<corpus>/text/``) is read and split into lines exactly as
ingest does. A line's label:

- corpora with a gold article text (eval-dev, eval-train's sets): the share of the line's
  words that an alignment of the page's words with the gold's (difflib, matching runs of
  two or more words) covers; a line is article text at 0.5 or more;
- eval-segments (passages to keep and to drop): 1 for a line holding a passage to keep, 0
  for one holding a passage to drop; its other lines are labelled "silver", by trafilatura
  run on the page's saved HTML (Apache-2.0 like the pages): outside the stretch between the
  first and last passage to keep, as trafilatura says, inside it only where trafilatura keeps
  the line, each silver line weighing ``SILVER_WEIGHT`` of a gold one. trafilatura reads the
  markup (links, tags) the text has lost, so this teaches the text cleaner what a page's
  menus, sidebars and comments look like on 474 more pages.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner_augment import Labelled  # noqa: E402

from newsdigest.ingest.blocks import split_blocks  # noqa: E402
from newsdigest.ingest.read import read_text  # noqa: E402

SHARED = ROOT.parent / "shared"
FITTABLE = ("eval-dev", "eval-segments", "readability")
"""Corpora whose terms allow fitting what ships: MIT, Apache-2.0, Apache-2.0."""
VALIDATE = ("dragnet", "cleanportaleval", "cleaneval-final", "cleaneval-dev")
"""AGPL-3.0 and no stated licence: only ever scored, never fitted on."""
NEWS = ("eval-dev", "dragnet", "cleanportaleval", "readability")
SILVER_WEIGHT = 0.3
WORD = re.compile(r"\w+")


@dataclass
class Page:
    id: str
    corpus: str
    path: Path
    """The text input (what ingest reads)."""
    html: Path | None
    gold: str | None
    """The gold article (shingle-scored corpora)."""
    segments: dict | None
    """eval-segments' item: passages with / without, title, author, date."""
    lines: list[str]


def _words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def _norm(text: str) -> str:
    return " " + " ".join(_words(text)) + " "


def aligned_labels(lines: list[str], gold: str) -> list[float]:
    """Per line, the share of its words inside a run of two or more words matched with the gold."""
    tokens: list[str] = []
    owner: list[int] = []
    for i, line in enumerate(lines):
        w = _words(line)
        tokens += w
        owner += [i] * len(w)
    matcher = difflib.SequenceMatcher(None, tokens, _words(gold), autojunk=False)
    matched = [0] * len(lines)
    for a, _b, size in matcher.get_matching_blocks():
        if size >= 2:
            for k in range(a, a + size):
                matched[owner[k]] += 1
    return [matched[i] / n if (n := len(_words(line))) else 0.0 for i, line in enumerate(lines)]


def segment_labels(lines: list[str], item: dict) -> list[float | None]:
    keep = [s for s in (_norm(x) for x in item["with"]) if s.strip()]
    drop = [s for s in (_norm(x) for x in item["without"]) if s.strip()]
    out: list[float | None] = []
    for line in lines:
        s = _norm(line)
        if len(s) <= 2:
            out.append(None)
        elif any(k in s or (len(s) > 20 and s in k) for k in keep):
            out.append(1.0)
        elif any(k in s or (len(s) > 20 and s in k) for k in drop):
            out.append(0.0)
        else:
            out.append(None)
    return out


def _lines(path: Path) -> list[str]:
    return [b.text for b in split_blocks(read_text(path.read_bytes()))]


def corpus(name: str) -> list[Page]:
    if name == "eval-dev":
        truth = json.loads((SHARED / "eval-dev/ground-truth.json").read_text(encoding="utf-8"))
        items = [
            (k, SHARED / f"eval-dev/text/{k}.txt", SHARED / f"eval-dev/html/{k}.html", v["articleBody"], None)
            for k, v in sorted(truth.items())
        ]
    elif name == "eval-segments":
        data = json.loads((SHARED / "eval-segments/evaldata.json").read_text(encoding="utf-8"))
        items = [
            (k, SHARED / f"eval-segments/text/{k}.txt", SHARED / f"eval-segments/html/{k}.html", None, v)
            for k, v in sorted(data.items())
            if (SHARED / f"eval-segments/text/{k}.txt").exists()
        ]
    else:
        truth = json.loads((SHARED / "eval-train/ground-truth.json").read_text(encoding="utf-8"))
        items = [
            (k, SHARED / f"eval-train/text/{k}.txt", SHARED / f"eval-train/html/{k}.html.gz", v["articleBody"], None)
            for k, v in sorted(truth.items())
            if v["set"] == name
        ]
    return [Page(k, name, path, html, gold, seg, _lines(path)) for k, path, html, gold, seg in items]


def _trafilatura_text(path: Path) -> str:
    import trafilatura

    try:
        return trafilatura.extract(path.read_text(encoding="utf-8", errors="replace"), include_comments=False) or ""
    except Exception:  # a page trafilatura cannot read gives no silver labels, not a failed run
        return ""


def labelled(pages: list[Page], jobs: int = 2) -> list[Labelled]:
    """Each page's lines with their labels and weights (silver for eval-segments' unlabelled lines)."""
    segment_pages = [p for p in pages if p.segments is not None and p.html is not None]
    with ProcessPoolExecutor(jobs) as pool:
        silver_texts = dict(
            zip(
                (p.id for p in segment_pages), pool.map(_trafilatura_text, [p.html for p in segment_pages]), strict=True
            )
        )
    out = []
    for p in pages:
        if p.gold is not None:
            labels: list[float | None] = list(aligned_labels(p.lines, p.gold))
            weights = [1.0] * len(p.lines)
        else:
            assert p.segments is not None
            labels = segment_labels(p.lines, p.segments)
            weights = [1.0] * len(p.lines)
            silver = aligned_labels(p.lines, silver_texts.get(p.id, "")) if silver_texts.get(p.id) else None
            keep = [i for i, y in enumerate(labels) if y is not None and y >= 0.5]
            if silver is not None and keep:
                for i, y in enumerate(labels):
                    if y is None and (i < keep[0] or i > keep[-1] or silver[i] >= 0.5):
                        labels[i], weights[i] = silver[i], SILVER_WEIGHT
        out.append(Labelled(p.id, p.corpus, p.lines, labels, weights))
    return out
