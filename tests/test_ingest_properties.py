"""Property tests: ingest never crashes, round-trips its front matter, leaves clean text alone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdigest import frontmatter
from newsdigest.config import parse_config
from newsdigest.ingest.pipeline import Cleaner, IngestOptions, NoArticle
from newsdigest.ingest.read import UnreadableError

CONFIG = parse_config('[tags.aliases]\nZelensky = "Zelenskyy"\n', Path("/tmp"))
CLEANER = Cleaner(CONFIG, IngestOptions(into=Path("/tmp/unused")), now=datetime(2024, 6, 1, tzinfo=UTC))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

STOP = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "with",
    "was",
    "on",
    "by",
    "at",
    "from",
    "this",
    "be",
    "are",
]
CONTENT = [
    "government",
    "talks",
    "ceasefire",
    "minister",
    "region",
    "report",
    "officials",
    "troops",
    "border",
    "economy",
    "sanctions",
    "analysts",
    "capital",
    "forces",
    "agreement",
    "parliament",
    "election",
    "voters",
    "budget",
    "winter",
    "energy",
    "prices",
]


def ingest(data: bytes):
    try:
        return CLEANER.clean(data, "raw.txt")
    except (NoArticle, UnreadableError):
        return None


@SETTINGS
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash(data):
    ingest(data)


@SETTINGS
@given(st.text(max_size=3000))
def test_arbitrary_text_never_crashes_and_round_trips(text):
    result = ingest(text.encode("utf-8"))
    if result is None:
        return
    split = frontmatter.split(result.text)
    assert frontmatter.parse(split.yaml_text, Path("x.md"), UTC) == result.meta
    assert result.text.endswith("\n")


# Clean prose: function words and content words alternate, as they do in real sentences
# (a "sentence" of only nouns is not prose to any cleaner, and not what editors write).
pair = st.tuples(st.sampled_from(STOP), st.sampled_from(CONTENT)).map(" ".join)
sentence = st.builds(lambda pairs: " ".join(pairs).capitalize() + ".", st.lists(pair, min_size=5, max_size=11))
paragraph = st.lists(sentence, min_size=3, max_size=5).map(" ".join)


@SETTINGS
@given(st.lists(paragraph, min_size=2, max_size=6), st.lists(st.sampled_from(CONTENT), min_size=3, max_size=7))
def test_clean_article_body_unchanged(paragraphs, title_words):
    title = " ".join(w.capitalize() for w in title_words) + " Explained"
    raw = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    result = ingest(raw.encode("utf-8"))
    assert result is not None
    assert result.meta.title == title
    assert result.body == "\n\n".join(paragraphs) + "\n"
    # And ingesting our own output again changes nothing either.
    again = ingest((title + "\n\n" + result.body).encode("utf-8"))
    assert again is not None and again.body == result.body
