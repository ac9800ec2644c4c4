import json

import pytest

from newsdigest.ingest import headline
from newsdigest.ingest.blocks import Block
from newsdigest.ingest.boilerplate import GOOD, Classified


def line(text: str, stop: float = 0.3) -> Classified:
    return Classified(Block(0, text, 1), GOOD, GOOD, stop_density=stop)


BODY = [
    line("The ministers met in Geneva on Monday to resume the ceasefire talks that stalled in the spring."),
    line("Officials from both delegations said the first session of the ceasefire talks had gone well."),
]


def test_shipped_model_loads_and_matches_the_features():
    model = headline.shipped_model()
    assert model is not None
    assert len(model.weights) == len(headline.FEATURES)


def test_model_fitted_on_other_features_is_refused():
    text = headline.to_json(headline.HeadlineModel((1.0,) * len(headline.FEATURES), 0.0, 0.0), ["x"])
    data = json.loads(text)
    assert headline.parse_model(text).weights == (1.0,) * len(headline.FEATURES)
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        headline.parse_model(json.dumps(data))


def test_headline_beats_menu_labels_and_datelines():
    before = [line("Home"), line("World News", 0.0), line("Ceasefire talks resume in Geneva"), line("3 May 2024")]
    cands = headline.candidates(before, BODY, {}, True)
    assert "3 May 2024" not in [c.text for c in cands]  # a dateline is not a candidate
    top = headline.choose(cands, headline.shipped_model(), opening_is_headline=False)
    assert top is not None and top.text == "Ceasefire talks resume in Geneva"


def test_the_opening_line_only_when_nothing_above_qualifies():
    body = [line("Ceasefire talks resume in Geneva"), *BODY]
    cands = headline.candidates([line("Menu")], body, {}, True)
    assert [c.distance for c in cands] == [0]
    assert headline.choose(cands, headline.shipped_model(), opening_is_headline=False) is None
    top = headline.choose(cands, headline.shipped_model(), opening_is_headline=True)
    assert top is not None and top.distance == 0


def test_without_a_model_the_hand_score_ranks():
    before = [line("Ceasefire talks resume in Geneva"), line("Share")]
    top = headline.choose(headline.candidates(before, BODY, {}, True), None, False)
    assert top is not None and top.text == "Ceasefire talks resume in Geneva"
