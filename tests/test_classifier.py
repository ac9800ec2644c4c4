"""The learned cleaner: tree ensembles, the second stage's context, the model file, the shipped model."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdigest.config import parse_config
from newsdigest.ingest.classifier import (
    CONTEXT,
    ModelError,
    context_features,
    model_json,
    parse_model,
    shipped_model,
    stage2_names,
)
from newsdigest.ingest.lexicon import Lexicon
from newsdigest.ingest.linefeatures import feature_names
from newsdigest.ingest.pipeline import Cleaner, IngestOptions, NoArticle

LEAF = {"feature": [-1], "threshold": [0], "left": [0], "right": [0], "value": [0.25]}


def test_context_marks_the_heaviest_run_and_the_lines_outside_it():
    lengths = [20, 300, 300, 300, 20, 20, 100]
    p = [0.1, 0.9, 0.95, 0.9, 0.2, 0.1, 0.55]  # the last line: too little beyond two weak ones
    rows = context_features(lengths, p)
    assert len(rows) == len(p) and all(len(r) == len(CONTEXT) for r in rows)
    in_run, margin = CONTEXT.index("in_run"), CONTEXT.index("mm_share")
    assert [r[in_run] for r in rows] == [0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0]
    assert all(rows[i][margin] == 0.0 for i in (1, 2, 3))  # the best stretch is through them
    assert rows[0][margin] < 0 and rows[5][margin] < 0
    before, after = CONTEXT.index("mass_before"), CONTEXT.index("mass_after")
    assert rows[0][before] == 0.0 and rows[-1][after] == 0.0
    assert [r[CONTEXT.index("p@-1")] for r in rows[:2]] == [-1.0, 0.1]


def _model_text(threshold: float = 0.5) -> str:
    lexicon = Lexicon({"reply": -2.0}, 0.0, {"reply": (-3.0, 40)})
    return model_json([LEAF], [LEAF], lexicon, threshold, {"fitted_on": ["test"]})


def test_model_file_round_trips_and_refuses_other_features_or_formats():
    model = parse_model(_model_text(0.4))
    assert model.threshold == 0.4 and model.meta == {"fitted_on": ["test"]}
    assert model.lexicon.words == {"reply": -2.0} and model.lexicon.lines == {"reply": (-3.0, 40)}
    assert model_json([LEAF], [LEAF], model.lexicon, 0.4, {"fitted_on": ["test"]}) == _model_text(0.4)
    data = json.loads(_model_text())
    data["features"] = data["features"][:-1]
    with pytest.raises(ModelError, match="retrain"):
        parse_model(json.dumps(data))
    data = json.loads(_model_text())
    data["format"] = "newsdigest-cleaner/1"
    with pytest.raises(ModelError, match="format"):
        parse_model(json.dumps(data))


def test_shipped_model_loads_and_reads_the_current_features():
    model = shipped_model()
    assert model is not None, "newsdigest/ingest/cleaner_model.json is missing: run bench/train_cleaner.py"
    raw = json.loads((Path(__file__).parent.parent / "newsdigest/ingest/cleaner_model.json").read_text())
    assert tuple(raw["features"]) == feature_names() and tuple(raw["stage2_features"]) == stage2_names()
    assert set(raw["meta"]["fitted_on"]) == {"eval-dev", "eval-segments", "readability"}  # corpora whose terms allow it
    assert 0.0 < model.threshold < 1.0


def _cleaner(model: object = "shipped", end_markers: str = "") -> Cleaner:
    toml = f"[ingest]\nend_markers = [{end_markers}]\n" if end_markers else ""
    config = parse_config(toml, Path("/tmp"))
    return Cleaner(config, IngestOptions(into=Path("/tmp/unused")), datetime(2024, 6, 1, tzinfo=UTC), model=model)  # type: ignore[arg-type]


MENU = ["Home", "World", "Politics", "Business", "Sport", "Subscribe", "Log in"]
ARTICLE = [
    "Talks Resume In Geneva",
    "By Jane Doe",
    "The foreign ministers met in Geneva on Monday and said that the first round of talks had gone better "
    "than either side expected, with both delegations staying past midnight.",
    "They agreed to meet again in the capital next week, where they will try to settle the order in which the "
    "remaining questions are taken up, starting with the exchange of prisoners.",
    "Observers said the tone of the meeting was the warmest since the talks broke down two years ago, although "
    "neither side has yet moved on the questions that divided them then.",
]
COMMENTS = [
    "3 Comments",
    "Mark Weber says:",
    "June 2, 2024 at 9:14 am",
    "I think the ministers are wasting their time, and nothing will come of these meetings until the elections.",
    "Reply",
    "Anna Rossi says:",
    "June 2, 2024 at 10:02 am",
    "Actually the last round did produce an agreement on grain, so I would not be so quick to dismiss it.",
    "Reply",
]


def test_shipped_model_keeps_the_article_and_drops_menu_byline_and_comments():
    page = "\n".join(MENU + ARTICLE + COMMENTS) + "\n"
    body = _cleaner().clean(page.encode(), "page.txt").body
    assert "first round of talks" in body and "exchange of prisoners" in body and "warmest since" in body
    assert "Politics" not in body and "Subscribe" not in body
    assert "wasting their time" not in body and "so quick to dismiss" not in body and "Reply" not in body


def test_ingest_uses_the_model_it_is_given():
    page = ("\n".join(MENU + ARTICLE) + "\n").encode()
    assert "warmest since" in _cleaner(model=None).clean(page, "a.txt").body  # the rule-and-zone cleaner
    nothing = replace(parse_model(_model_text()), threshold=1.1)  # keeps no line
    with pytest.raises(NoArticle):
        _cleaner(model=nothing).clean(page, "a.txt")
    everything = replace(parse_model(_model_text()), threshold=0.0)  # keeps every line no rule takes
    body = _cleaner(model=everything).clean(page, "a.txt").body
    assert "Politics" in body and "Log in" not in body  # `Log in` is a named rule's (navigation)


def test_a_sites_end_marker_closes_the_article_even_where_the_model_would_keep_more():
    page = ("\n".join([*ARTICLE[:3], "EU Today Weekly Roundup", *ARTICLE[3:]]) + "\n").encode()
    everything = replace(parse_model(_model_text()), threshold=0.0)
    body = _cleaner(model=everything, end_markers='"EU Today Weekly Roundup"').clean(page, "a.txt").body
    assert "first round of talks" in body and "remaining questions" not in body
