"""The headline ranker: candidates, the model file, the shipped model's choices."""

import json

import pytest

from newsdigest.ingest import headline
from newsdigest.ingest.blocks import Block
from newsdigest.ingest.boilerplate import GOOD, SHORT, Classified


def line(text: str, stop: float = 0.3, p: float = 0.1, cls: str = GOOD) -> Classified:
    return Classified(Block(0, text, 1), cls, cls, stop_density=stop, p=p)


BODY = [
    line("The ministers met in Geneva on Monday to resume the ceasefire talks that stalled in the spring.", p=0.97),
    line("Officials from both delegations said the first session of the ceasefire talks had gone well.", p=0.98),
]
LEAF = {"feature": [-1], "threshold": [0], "left": [0], "right": [0], "value": [0.0]}


def test_shipped_model_loads_and_matches_the_features():
    model = headline.shipped_model()
    assert model is not None
    raw = json.loads(headline.MODEL_FILE.read_text(encoding="utf-8"))
    assert tuple(raw["features"]) == headline.FEATURES
    assert set(raw["meta"]["fitted_on"]) == {"eval-dev", "eval-segments", "readability"}


def test_model_fitted_on_other_features_or_formats_is_refused():
    text = headline.model_json([LEAF], {"fitted_on": ["x"]})
    assert headline.parse_model(text).meta == {"fitted_on": ["x"]}
    data = json.loads(text)
    data["features"] = data["features"][:-1]
    with pytest.raises(headline.HeadlineModelError, match="retrain"):
        headline.parse_model(json.dumps(data))
    data = json.loads(text)
    data["format"] = "newsdigest-headline/1"
    with pytest.raises(headline.HeadlineModelError, match="format"):
        headline.parse_model(json.dumps(data))


def test_candidates_are_headline_shaped_lines_above_and_the_texts_first_lines_but_its_last():
    before = [line("Home", cls=SHORT), line("Ceasefire talks resume in Geneva"), line("A, b,")]
    cands = headline.candidates(before, BODY, {}, True)
    assert [(c.text, c.distance) for c in cands] == [
        ("Ceasefire talks resume in Geneva", 2),
        (BODY[0].block.text, 0),  # not the last line of the text: taking it would leave no text
    ]
    assert all(len(c.features) == len(headline.FEATURES) for c in cands)


def test_headline_beats_menu_labels_datelines_and_the_first_paragraph():
    before = [
        line("Home", 0.0, cls=SHORT),
        line("World News", 0.0, cls=SHORT),
        line("Ceasefire talks resume in Geneva", p=0.4),
        line("3 May 2024", 0.0, cls=SHORT),
    ]
    top = headline.choose(headline.candidates(before, BODY, {}, True), headline.shipped_model())
    assert top is not None and top.text == "Ceasefire talks resume in Geneva"


def test_without_a_model_the_hand_score_ranks():
    before = [
        line("Weather and sport for the weekend"),
        line("Ceasefire talks resume in Geneva"),
        line("Share", cls=SHORT),
    ]
    cands = headline.candidates(before, BODY, {}, True)
    assert len([c for c in cands if c.distance > 0]) == 2  # two lines above to choose between
    top = headline.choose(cands, None)
    assert top is not None and top.text == "Ceasefire talks resume in Geneva"
    assert headline.choose([], None) is None
