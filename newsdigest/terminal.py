"""Messages on a terminal: colour when it can show it, plain text otherwise.

Colour follows the conventions other tools do: ``NO_COLOR`` (any value) turns it off
(https://no-color.org), ``FORCE_COLOR`` turns it on, else only a terminal that is not
``TERM=dumb`` gets it. The text is the same either way; colour only marks the parts.

Messages quote what they are about (file names, feed entries' links and GUIDs, values), and
those come from editors and from scraped pages. Control characters in them (an escape
sequence that retitles the terminal or clears it, a carriage return that overwrites the line)
and bidirectional overrides (text that reads otherwise than it is) are shown as escapes
(``\x1b``, ``\u202e``), in every message, coloured or not.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import TextIO

_BOLD, _RED, _YELLOW, _CYAN, _RESET = "\033[1m", "\033[1;31m", "\033[1;33m", "\033[36m", "\033[0m"
_LOCATED = re.compile(r"^(?P<where>[^\s:][^:\n]*:\d+(?::\d+)?:)(?P<rest> .*)$")
_LABEL = re.compile(r"^(?P<label>error|warning|skipped):")
_HINT = re.compile(r"^(?P<indent>\s+)hint:")
_FAILED = re.compile(r"^\w+ failed:")


_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls but tab and newline, DEL, and the bidirectional marks and overrides."""


def visible(text: str) -> str:
    """``text`` with its control and bidirectional characters written as escapes."""
    return _HIDDEN.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


class VisibleFormatter(logging.Formatter):
    """Log records (``ingest``'s progress lines) with the same escapes as messages."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record))


def wants_colour(stream: TextIO) -> bool:
    env = os.environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and env.get("TERM") != "dumb"


def paint(text: str) -> str:
    """Colour the parts of newsdigest's messages: the place, ``error:``/``warning:``, hints."""
    return "\n".join(_paint_line(line) for line in text.split("\n"))


def _paint_line(line: str) -> str:
    m = _LOCATED.match(line)
    if m:
        rest = m.group("rest")
        rest = re.sub(r"^ (error|warning):", lambda w: f" {_label(w.group(1))}", rest)
        return f"{_BOLD}{m.group('where')}{_RESET}{rest}"
    m = _LABEL.match(line)
    if m:
        return _label(m.group("label")) + line[m.end() :]
    m = _HINT.match(line)
    if m:
        return f"{m.group('indent')}{_CYAN}hint:{_RESET}{line[m.end() :]}"
    if _FAILED.match(line):
        return f"{_RED}{line}{_RESET}"
    return line


def _label(name: str) -> str:
    return f"{_RED if name == 'error' else _YELLOW}{name}:{_RESET}"


def say(text: str, stream: TextIO | None = None) -> None:
    """Print a message, coloured when ``stream`` (default: stderr) wants it."""
    stream = stream or sys.stderr
    text = visible(text)
    print(paint(text) if wants_colour(stream) else text, file=stream)
