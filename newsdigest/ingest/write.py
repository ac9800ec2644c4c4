"""Document -> Markdown with front matter, and into content/ without losing anyone's work.

Only this module writes files during ingest. An existing file is never overwritten unless
``force``; a raw article already ingested (same sha256 in a file's provenance) is skipped;
a new article whose slug is taken gets ``-2``, ``-3``...
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .. import frontmatter
from ..contentfiles import content_entries
from ..models import FrontMatter
from .structure import Element

_INLINE = re.compile(r"([\\`*\[\]<>~])")
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(#{1,6}(?:\s|$)|[-+*](?:\s|$)|=+\s*$|\d{1,9}(?=[.)](?:\s|$)))")
_PROVENANCE = re.compile(r"^\s+sha256:\s*['\"]?([0-9a-f]{64})", re.M)


def escape_inline(text: str) -> str:
    """Plain text -> Markdown for the middle of a line: no emphasis, links, HTML or entities."""
    text = _INLINE.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    return _ENTITY.sub(r"\\&", text)


def escape(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text (no accidental emphasis,
    links, HTML, entities, headings or list markers)."""
    return _line_start(escape_inline(text))


def _line_start(text: str) -> str:
    m = _LINE_START.match(text)
    if m:
        marker = m.group(1)
        if marker[0].isdigit():
            text = marker + "\\" + text[len(marker) :]
        elif marker[0] not in "\\":
            text = "\\" + text
    return text


def link_destination(url: str) -> str:
    """A URL as a Markdown link destination: ``<...>``, with what would end it encoded."""
    return "<" + url.replace("%", "%25").replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A") + ">"


def with_links(text: str, links: tuple[tuple[str, str], ...], defined: dict[str, str]) -> str:
    """Escaped text with each link's anchor (first unclaimed occurrence, in order) made a
    collapsed reference link, ``[anchor][]``, its URL put in ``defined`` (label -> URL) for
    the definitions under the text. The prose reads (and is searched, and scored) as the
    words it is; a label that already means another URL stays plain text."""
    out, rest = [], escape_inline(text)
    for anchor, url in links:
        label = escape_inline(anchor)
        key = " ".join(label.casefold().split())
        at = rest.find(label) if label.strip() else -1
        if at < 0 or defined.get(key, url) != url or "\\" in label[-1:]:
            continue
        defined[key] = url
        out.append(rest[:at] + f"[{label}][]")
        rest = rest[at + len(label) :]
    return _line_start("".join(out) + rest)


def body_markdown(elements: tuple[Element, ...]) -> str:
    """Elements -> Markdown blocks; consecutive list items form one list; link definitions last."""
    chunks: list[str] = []
    prev = ""
    defined: dict[str, str] = {}
    labels: dict[str, str] = {}
    for el in elements:
        text = with_links(el.text, el.links, defined) if el.links else escape(el.text)
        for anchor, _ in el.links:
            labels.setdefault(" ".join(escape_inline(anchor).casefold().split()), escape_inline(anchor))
        if el.kind == "image":
            chunk = f"![{escape_inline(el.text)}]({link_destination(el.src)})"
        elif el.kind == "quote":
            chunk = f"> {text}"
        elif el.kind == "heading":
            chunk = f"## {text}"
        elif el.kind == "bullet":
            chunk = f"- {text}"
        elif el.kind == "number":
            chunk = f"{el.number}. {text}"
        elif el.kind == "callout":
            chunk = f"> **{escape(el.label)}** {text}"
        else:
            chunk = text
        if chunks and el.kind == prev and el.kind in ("bullet", "number"):
            chunks[-1] += "\n" + chunk
        else:
            chunks.append(chunk)
        prev = el.kind
    if defined:
        chunks.append("\n".join(f"[{labels[k]}]: {link_destination(u)}" for k, u in defined.items()))
    return "\n\n".join(chunks) + "\n" if chunks else ""


BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Bidirectional marks, embeddings, overrides and isolates: in a scraped headline or byline
they make text read otherwise than it is (``Evil \u202egnp.exe`` shows as ``Evil exe.png``);
no article needs them to read right."""


def document_text(meta: FrontMatter, body: str) -> str:
    """The content file: front matter and body, without bidirectional controls from any
    source (a text file's are gone already; a web page's or a feed entry's go here)."""
    return BIDI_CONTROLS.sub("", frontmatter.dump(meta) + "\n" + body)


def ingested_hashes(content_dir: Path) -> dict[str, Path]:
    """sha256 of every raw article already in content/ -> its file, read from the first 4 KB
    of each content file the build would read (the same link policy: nothing outside
    content/, no FIFO or device); a file that cannot be read is passed over (the build names
    it), so it cannot stop an ingest."""
    found: dict[str, Path] = {}
    for entry in content_entries(content_dir):
        try:
            with open(entry.path, "rb") as f:
                head = f.read(4000).decode("utf-8", errors="replace")
        except OSError:
            continue
        for sha in _PROVENANCE.findall(head):
            found.setdefault(sha, Path(entry.path))
    return found


@dataclass(frozen=True, slots=True)
class Placement:
    path: Path | None
    """Where to write; None when skipped."""
    reason: str
    """``new``, ``renamed``, ``overwrite`` or why it was skipped."""


def place(content_dir: Path, slug: str, sha: str, seen: dict[str, Path], force: bool) -> Placement:
    """Decide where an article goes without overwriting an editor's file."""
    if sha in seen:
        if not force:
            return Placement(None, f"already ingested as {seen[sha]} (same sha256); --force to replace it")
        return Placement(seen[sha], "overwrite")
    path = content_dir / f"{slug}.md"
    if path.exists() and force:
        return Placement(path, "overwrite")
    n = 2
    while path.exists():
        path = content_dir / f"{slug}-{n}.md"
        n += 1
    return Placement(path, "new" if n == 2 else "renamed")


LEFTOVER = re.compile(r"^\..+\.md\.[A-Za-z0-9_]{8}$")
"""The name ``write_atomic``'s temporary files have (``.<name>.md.`` + mkstemp's 8 characters)."""
LEFTOVER_AGE_S = 600
"""A temporary file older than this is a killed ingest's, not a running one's (which keeps
one for milliseconds)."""


def clean_leftovers(content_dir: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files a killed ingest left in content/; the ones removed."""
    now = time.time() if now is None else now
    removed = []
    for path in content_dir.rglob(".*.md.*") if content_dir.is_dir() else ():
        try:
            if LEFTOVER.match(path.name) and path.is_file() and now - path.stat().st_mtime > LEFTOVER_AGE_S:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
