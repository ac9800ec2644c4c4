"""Messages on a terminal: colour when it can show it, plain text otherwise.

Colour follows the conventions other tools do: ``NO_COLOR`` (any value) turns it off
(https://no-color.org), ``FORCE_COLOR`` turns it on, else only a terminal that is not
``TERM=dumb`` gets it. The text is the same either way; colour only marks the parts.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

_BOLD, _RED, _YELLOW, _CYAN, _RESET = "\033[1m", "\033[1;31m", "\033[1;33m", "\033[36m", "\033[0m"
_LOCATED = re.compile(r"^(?P<where>[^\s:][^:\n]*:\d+(?::\d+)?:)(?P<rest> .*)$")
_LABEL = re.compile(r"^(?P<label>error|warning|skipped):")
_HINT = re.compile(r"^(?P<indent>\s+)hint:")
_FAILED = re.compile(r"^\w+ failed:")


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
    print(paint(text) if wants_colour(stream) else text, file=stream)
