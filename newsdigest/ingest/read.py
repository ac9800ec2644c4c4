"""Raw bytes -> normalised text: encoding detected, newlines unified, Unicode tidied.

Typographic punctuation (curly quotes, dashes, ellipses) is kept; what is normalised is
what a reader can't see: BOMs, non-breaking and zero-width spaces, control characters,
and composed vs decomposed accents (NFC).
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Spaces a reader sees as ordinary spaces.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Invisible characters: zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_TRAILING = re.compile(r"[ ]+$", re.M)
_RUN = re.compile(r" {2,}")


class UnreadableError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def decode(data: bytes) -> str:
    """Bytes -> str. BOM first, then strict UTF-8, then charset detection (UTF-16, cp1252, Latin-1...)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            rest = data[len(bom) :]
            if encoding.startswith("utf-16") and b"\x00" not in rest[:4000]:
                # Latin-script UTF-16 is half NULs, and other UTF-16 is seldom near-valid UTF-8:
                # stray bytes before (mostly) UTF-8 text, which is what is read.
                text = rest.decode("utf-8", errors="replace")
                if text.count("\ufffd") <= max(2, len(text) // 100):
                    return text
            return rest.decode(encoding, errors="replace")
    with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: detect below
        return data.decode("utf-8")
    if b"\x00" in data[:4000]:
        return _utf16_or_binary(data)
    best = from_bytes(data, cp_isolation=None).best()
    if best is None:
        # Every byte sequence is valid cp1252/Latin-1: better a few wrong accents than nothing.
        return data.decode("cp1252", errors="replace")
    encoding = best.encoding
    if encoding in _LATIN_FAMILY and _is_cp1252(data):
        # Short Western text fits several single-byte code pages equally; cp1252 (Latin-1
        # plus the curly quotes Windows editors write) is by far the commonest.
        encoding = "cp1252"
    return data.decode(encoding, errors="replace")


_LATIN_FAMILY = {
    "ascii",
    "latin_1",
    "iso8859_15",
    "iso8859_2",
    "cp1250",
    "cp1257",
    "iso8859_13",
    "cp1254",
    "iso8859_9",
    "iso8859_4",
    "iso8859_10",
    "mac_latin2",
    "mac_roman",
    "mac_iceland",
    "cp850",
    "cp437",
}


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _utf16_or_binary(data: bytes) -> str:
    """BOM-less UTF-16 (every other byte of Latin text is NUL), else refuse binary data."""
    head = data[:4000]
    evens, odds = head[0::2], head[1::2]
    for zeros, text, encoding in ((odds, evens, "utf-16-le"), (evens, odds, "utf-16-be")):
        if zeros.count(0) > len(zeros) * 0.6 and sum(32 <= b < 127 or b in (9, 10, 13) for b in text) > len(text) * 0.6:
            return data.decode(encoding, errors="replace")
    raise UnreadableError("binary data (NUL bytes), not text")


def normalise(text: str) -> str:
    """Unify newlines, compose accents (NFC), make odd spaces plain and drop invisible ones."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _RUN.sub(" ", text)
    return _TRAILING.sub("", text)


def read_text(data: bytes) -> str:
    return normalise(decode(data))
