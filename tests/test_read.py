import codecs

import pytest

from newsdigest.ingest.read import UnreadableError, decode, normalise, read_text

TEXT = "Zelenskyy’s “peace” plan – café naïve résumé, 5 €"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),  # no BOM
        TEXT.encode("utf-16-le"),  # no BOM
        TEXT.encode("cp1252"),
    ],
)
def test_encodings_detected(data):
    assert decode(data) == TEXT


def test_latin1_text():
    text = "Der Bürgermeister von Köln sagte, die Straße bleibt gesperrt. " * 3
    assert decode(text.encode("latin-1")) == text


def test_binary_rejected():
    with pytest.raises(UnreadableError):
        decode(b"\x00\x01\x02\x03" * 100 + b"\xff\xfe\x00")


def test_normalise_newlines_spaces_and_nfc():
    raw = "A\r\nB\rC\u2028D  e\u0301\u00a0f\u200bg\u00adh\ufeff\t  \n"
    assert normalise(raw) == "A\nB\nC\nD é fgh\n"


def test_typographic_punctuation_kept():
    assert read_text("“Quote” — it’s… ‘fine’".encode()) == "“Quote” — it’s… ‘fine’"


def test_stray_utf16_bom_bytes_before_utf8_text_do_not_turn_it_into_utf16():
    """Found by the property tests at 2,000 examples: two junk bytes that happen to be a
    UTF-16 byte-order mark made a UTF-8 article unreadable garbage."""
    from newsdigest.ingest.read import decode

    assert decode(b"\xfe\xff\n\nTalks resume in Geneva \x80") == "\n\nTalks resume in Geneva \ufffd"
    assert decode("Talks resume".encode("utf-16")) == "Talks resume"  # real UTF-16 still is
    assert decode(b"\xfe\xff" + "東京で会議が開かれた。".encode("utf-16-be")) == "東京で会議が開かれた。"
