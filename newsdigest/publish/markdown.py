"""Markdown body -> HTML, plain-text summary and reading time (markdown-it-py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..slugs import anchor
from ..xmlchars import xml_text

WORDS_PER_MINUTE = 230


@dataclass(frozen=True, slots=True)
class Rendered:
    """What the markdown stage derives from one body."""

    html: str
    """Body HTML."""
    lead: str
    """Plain text of the first paragraph."""
    words: int
    """Word count of the body's text."""


def make_markdown(unsafe_html: bool = False) -> MarkdownIt:
    """The one Markdown parser of a build: CommonMark + tables + strikethrough, heading ids.

    ``js-default`` is markdown-it's default with raw HTML off; only a site owner's
    ``[markdown] unsafe_html = true`` turns it on. Dangerous link schemes (javascript:,
    vbscript:, file:, most data:) are refused by markdown-it's validateLink either way.
    """
    md = MarkdownIt("js-default", {"html": unsafe_html})
    md.core.ruler.push("heading_ids", heading_ids)
    return md


def heading_ids(state: StateCore) -> None:
    """Every heading's ``id``: its text as an anchor, ``-1``, ``-2`` ... after the first use
    (the ids mdit-py-plugins' anchors give, which this replaces: it counts from 1 again for
    each repeat, so a page of 20,000 headings alike took 18 s, and one of a content file's
    4 MB of them hours; here each base keeps its next number)."""
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    for i, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        children = state.tokens[i + 1].children or ()
        base = anchor("".join(c.content for c in children if c.type in ("text", "code_inline")))
        slug, n = base, next_number.get(base, 1)
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        next_number[base] = n
        taken.add(slug)
        token.attrSet("id", slug)


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            continue
    return " ".join("".join(parts).split())


def render(md: MarkdownIt, body: str) -> Rendered:
    """Parse once; render HTML and take the lead paragraph and word count from the tokens.
    Characters XML forbids are dropped first, so neither the page nor a feed carries them."""
    tokens = md.parse(xml_text(body), {})
    for token in tokens:  # images in the text are below the lead: the browser fetches them late
        for child in token.children or ():
            if child.type == "image":
                child.attrSet("loading", "lazy")
                child.attrSet("decoding", "async")
    html = md.renderer.render(tokens, md.options, {})
    lead, words = "", 0
    for i, token in enumerate(tokens):
        if token.type != "inline":
            continue
        text = _inline_text(token)
        words += len(text.split())
        if not lead and i and tokens[i - 1].type == "paragraph_open" and tokens[i - 1].level == 0:
            lead = text
    return Rendered(html=html, lead=lead, words=words)


def standfirst(description: str, lead: str) -> str:
    """The description to show under the headline: none when the body opens with the same
    words (ingest keeps a scraped standfirst as the first paragraph too)."""
    words = lambda t: " ".join(re.findall(r"\w+", t.casefold()))
    d = words(description.rstrip("…"))
    return "" if d and words(lead).startswith(d) else description


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE))
