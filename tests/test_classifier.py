"""The learned line classifier: features, the smoothing pass, the model file."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from newsdigest.ingest.classifier import LineView, Model, feature_names, features, parse_model


def line(text: str, kept: bool = False, cls: str = "good", rule: str = "") -> LineView:
    return LineView(text, cls, cls, rule, 0.4, kept)


def model(
    weights: dict[str, float],
    stay: float = 0.9,
    prior: float = 0.5,
    bias: float = 0.0,
    drop_below: float = 0.0,
    add_above: float = 0.0,
) -> Model:
    names = feature_names()
    t = (math.log(stay), math.log(1 - stay))
    return Model(
        tuple(names), tuple(weights.get(n, 0.0) for n in names), (t, t[::-1]), prior, bias, drop_below, add_above
    )


def test_one_row_per_line_in_the_declared_order():
    rows = features([line("A short line"), line("A sentence that ends.", kept=True), line("Footer")])
    assert len(rows) == 3 and all(len(r) == len(feature_names()) for r in rows)
    kept = feature_names().index("kept")
    assert [r[kept] for r in rows] == [0.0, 1.0, 0.0]
    assert rows[1][feature_names().index("prev_kept")] == 0.0 and rows[0][feature_names().index("next_kept")] == 1.0


def test_smoothing_keeps_a_weak_line_between_strong_ones_and_drops_a_lone_one():
    m = model({}, stay=0.95)
    assert m.decode([0.95, 0.95, 0.35, 0.95, 0.95]) == [True] * 5  # a heading inside the article
    assert m.decode([0.05, 0.05, 0.65, 0.05, 0.05]) == [False] * 5  # a stray line in a footer
    assert model({}, stay=0.5).decode([0.95, 0.35, 0.95]) == [True, False, True]  # no smoothing: as scored


def test_model_removes_and_adds_only_where_it_is_sure():
    lines = [line("x", kept=True), line("y", kept=True), line("z")]
    weights = {"kept": 2.0, "bias": -1.0}  # kept lines score 0.73, the others 0.27
    keep_all = model(weights, stay=0.5, drop_below=0.0, add_above=0.0)
    assert keep_all.keep(lines) == [True, True, False]  # the smoothing pass drops z: p < prior
    assert model(weights, stay=0.5, drop_below=0.8, add_above=1.01).keep(lines) == [False, False, False]
    assert model(weights, stay=0.5, drop_below=0.0, add_above=1.01, bias=4.0).keep(lines) == [True, True, False]
    assert model(weights, stay=0.5, drop_below=0.0, add_above=0.5, bias=4.0).keep(lines) == [True, True, True]


def test_model_file_round_trips_and_refuses_other_features():
    m = model({"kept": 1.5, "len": 0.25}, bias=0.5, drop_below=0.2, add_above=0.85)
    m = replace(m, add_after=False)
    back = parse_model(m.to_json())
    assert (back.names, back.weights, back.prior, back.bias, back.drop_below, back.add_above) == (
        m.names,
        m.weights,
        m.prior,
        m.bias,
        m.drop_below,
        m.add_above,
    )
    flat = [x for row in m.transitions for x in row]
    assert [x for row in back.transitions for x in row] == pytest.approx(flat, abs=1e-6)
    with pytest.raises(ValueError, match="retrain"):
        parse_model(m.to_json().replace('"kept"', '"kept_old"'))


def test_ingest_uses_the_model_it_is_given():
    from datetime import UTC, datetime
    from pathlib import Path

    from newsdigest.config import parse_config
    from newsdigest.ingest.pipeline import Cleaner, IngestOptions, NoArticle

    raw = (
        "Talks Resume In Geneva\n\n"
        + "The ministers met in Geneva on Monday and said that the talks had gone well. " * 4
        + "\n\n"
        + "They will meet again in the capital next week to agree on the order of the questions. " * 4
        + "\n"
    )
    config, options = parse_config("", Path("/tmp")), IngestOptions(into=Path("/tmp/unused"))
    now = datetime(2024, 6, 1, tzinfo=UTC)
    assert "Geneva on Monday" in Cleaner(config, options, now, model=None).clean(raw.encode(), "a.txt").body
    removes_all = model({}, drop_below=1.1, add_above=1.1)
    with pytest.raises(NoArticle):
        Cleaner(config, options, now, model=removes_all).clean(raw.encode(), "a.txt")


def test_additions_after_the_article_can_be_refused():
    lines = [line("x", kept=True), line("y"), line("z", kept=True), line("comment")]
    keen = model({"bias": 3.0}, stay=0.5, add_above=0.5)
    assert keen.keep(lines) == [True, True, True, True]
    assert replace(keen, add_after=False).keep(lines) == [True, True, True, False]
