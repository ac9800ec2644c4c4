"""What the learned cleaner reads of each line: one row per line, columns as named, no hidden state."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

from newsdigest.ingest.language import detect
from newsdigest.ingest.lexicon import Lexicon
from newsdigest.ingest.linefeatures import FAR, LineInput, feature_names, page_features

ROOT = Path(__file__).parent.parent


def lines(*texts: str, cls: str = "good") -> list[LineInput]:
    return [LineInput(t, cls, cls, 0, "") for t in texts]


def column(rows: list[list[float]], name: str) -> list[float]:
    k = feature_names().index(name)
    return [r[k] for r in rows]


PAGE = [
    "Home",
    "Ministers meet in Geneva",
    "The ministers met in Geneva on Monday and said the talks on the grain corridor had gone well.",
    "Ministers will meet again next week in Geneva to settle the corridor and the prisoners.",
    "12 Comments",
    "Jane says:",
    "June 2, 2024 at 9:14 am",
    "I doubt it.",
]


def test_one_row_per_line_with_every_named_column():
    language = detect(" ".join(PAGE))
    rows = page_features(lines(*PAGE), language, None)
    assert len(rows) == len(PAGE) and {len(r) for r in rows} == {len(feature_names())}
    assert len(set(feature_names())) == len(feature_names())
    assert all(math.isfinite(v) for r in rows for v in r)
    assert page_features([], language, None) == []


def test_columns_say_what_their_names_say():
    language = detect(" ".join(PAGE))
    rows = page_features(lines(*PAGE), language, None)
    assert column(rows, "lchars")[0] == math.log1p(4)
    assert column(rows, "sent_end")[2] == 1.0 and column(rows, "sent_end")[1] == 0.0
    assert column(rows, "lchars@-1")[0] == -1.0 and column(rows, "lchars@-1")[1] == math.log1p(4)  # no line above
    assert column(rows, "lchars@3")[-1] == -1.0
    # the two paragraphs share "ministers", "geneva", "corridor": each finds its words next door
    assert column(rows, "ncoh_prev")[2] > 0 and column(rows, "ncoh_next")[2] > 0
    assert column(rows, "ncoh_next")[3] == 0.0  # nothing below shares its words
    assert column(rows, "ncoh5")[0] == -1.0  # "Home": no content words
    # anchors: the comment-shaped lines are below the article and the date is next to them
    assert column(rows, "com_dn")[3] == math.log1p(2) and column(rows, "com_up")[0] == FAR
    assert column(rows, "date_dn")[5] == math.log1p(1)
    assert column(rows, "comment_up")[5] == math.log1p(1)  # "12 Comments" is a comment-keyword line


def test_the_lexicon_fills_its_columns():
    language = detect(" ".join(PAGE))
    lexicon = Lexicon({"comments": -4.0, "ministers": 2.0}, -0.5, {"comments": (-5.0, 30)})
    rows = page_features(lines(*PAGE), language, lexicon)
    assert column(rows, "lex_line")[4] == -5.0 and column(rows, "lex_line_n")[4] == math.log1p(30)
    assert column(rows, "lex_max")[2] == 2.0 and column(rows, "lex_first")[0] == -0.5
    without = page_features(lines(*PAGE), language, None)
    assert column(without, "lex_line")[4] == 0.0


def test_rows_do_not_depend_on_the_hash_seed():
    """Content words are kept in sets; nothing read from them may depend on their order."""
    code = (
        "import json, sys; from newsdigest.ingest.language import detect; "
        "from newsdigest.ingest.linefeatures import LineInput, page_features; "
        "page = json.loads(sys.argv[1]); lines = [LineInput(t, 'good', 'good', 0, '') for t in page]; "
        "print(json.dumps(page_features(lines, detect(' '.join(page)), None)))"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-c", code, json.dumps(PAGE)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
