"""The lexicon: which words and short lines say article, which say boilerplate."""

from __future__ import annotations

import math

from newsdigest.ingest.lexicon import Lexicon, line_key


def test_log_odds_follow_the_labels_and_rare_words_stay_out():
    pairs = [(["the", "minister", "said"], True)] * 30 + [(["share", "this"], False)] * 30 + [(["rare"], True)]
    lex = Lexicon.fit(pairs, min_count=5, min_line_count=3)
    assert lex.words["minister"] > 0 > lex.words["share"]
    assert "rare" not in lex.words
    assert lex.lines["share this"][0] < 0 and lex.lines["share this"][1] == 30
    mean, low, high, first, line, seen = lex.line_features(["share", "this"])
    assert line == lex.lines["share this"][0] and seen == math.log1p(30)
    assert low == high == first == mean == lex.words["share"] == lex.words["this"]
    assert lex.line_features(["2024"]) == (0.0,) * 6  # digits only


def test_unknown_words_get_the_prior_and_long_lines_have_no_line_value():
    lex = Lexicon({"a": 1.0}, -0.5, {"a b": (2.0, 9)})
    assert lex.line_features(["zzz", "a"])[:4] == (0.25, -0.5, 1.0, -0.5)
    assert lex.line_features(["a", "b", "c", "d", "e"])[4:] == (0.0, 0.0)
    assert line_key(["a", "1", "b"]) == "a b" and line_key(["a", "b", "c", "d", "e"]) == ""


def test_round_trip():
    lex = Lexicon({"a": 1.0}, -0.5, {"a b": (2.0, 9)})
    assert Lexicon.from_dict(lex.to_dict()) == lex
