"""Markdown body -> HTML, plain-text summary and reading time (markdown-it-py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

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
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=anchor)
    return md


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
