"""Property tests: ingest never crashes, round-trips its front matter, leaves clean text alone."""

from __future__ import annotations

import os
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
# ND_EXAMPLES=600 for a longer run
EXAMPLES = int(os.environ.get("ND_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

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


ARTICLE = (
    "Ceasefire Talks Resume In Geneva\n\n"
    + "\n\n".join(
        " ".join(
            f"The {w} of the talks was agreed by the ministers in the capital on {d}, and officials said it would hold."
            for w, d in zip(words.split(), ("Monday", "Tuesday", "Friday"), strict=True)
        )
        for words in ("outline timing scope", "agenda venue format", "text order rules")
    )
    + "\n"
)
MARKER = "The agenda of the talks was agreed by the ministers in the capital on Monday"


@SETTINGS
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash(data):
    result = ingest(data)  # a clear NoArticle / UnreadableError is fine; any other exception fails
    if result is not None:
        assert result.text.startswith("---\n") and result.meta.title


TEXTLIKE = st.binary(max_size=1500).filter(lambda b: b"\x00" not in b)


@SETTINGS
@given(TEXTLIKE, TEXTLIKE)
def test_an_article_inside_arbitrary_bytes_is_found(before, after):
    """Junk around a real article (no NUL bytes, which mean binary data) never hides it."""
    result = ingest(before + b"\n\n" + ARTICLE.encode("utf-8") + b"\n\n" + after)
    assert result is not None
    assert MARKER in result.body


@SETTINGS
@given(st.text(max_size=1500), st.text(max_size=1500))
def test_arbitrary_text_never_crashes_and_round_trips(before, after):
    """Any text around a real article: an article comes out, and its front matter reads back to what was written."""
    result = ingest((before + "\n\n" + ARTICLE + "\n\n" + after).encode("utf-8"))
    assert result is not None
    assert MARKER in result.body
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
