"""Normalised text -> blocks: one per paragraph-like line, hard-wrapped lines re-joined."""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE_END = tuple(".!?…:;\"”»)'’。！？")
_WRAP_CONT = re.compile(r"^[a-zà-öø-ÿ0-9(“\"'‘]")


@dataclass(frozen=True, slots=True)
class Block:
    """One line of text as the scraper left it (or several re-joined)."""

    index: int
    """Position in the document."""
    text: str
    """Stripped text."""
    line: int
    """1-based line in the raw file where it starts."""


def split_blocks(text: str) -> list[Block]:
    """Each non-blank line is a block, except hard-wrapped paragraphs (blank-line separated
    groups whose lines break mid-sentence and continue in lower case), which are joined.
    Text without blank lines is one block per line, as scrapers write it."""
    blocks: list[Block] = []
    wrapped = "\n\n" in text
    group: list[tuple[int, str]] = []

    def flush() -> None:
        i = 0
        while i < len(group):
            start, _line = group[i]
            j = i
            while (
                wrapped
                and j + 1 < len(group)
                and len(group[j][1]) >= 40
                and not group[j][1].endswith(SENTENCE_END)
                and _WRAP_CONT.match(group[j + 1][1])
                and not group[j + 1][1].startswith(("- ", "* "))
            ):
                j += 1
            joined = " ".join(t for _, t in group[i : j + 1])
            blocks.append(Block(len(blocks), joined, start))
            i = j + 1
        group.clear()

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line:
            group.append((number, line))
        else:
            flush()
    flush()
    return blocks
