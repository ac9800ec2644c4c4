"""RSS/Atom feeds and OPML subscription lists -> entries to ingest, and the polling state
that makes ``ingest`` safe to run from cron: conditional GET per feed, and every entry's
identity (GUID, link, content hash) remembered so it goes in once.

feedparser reads every RSS and Atom dialect, resolves relative links and sanitises entry
HTML; OPML is a small XML format read with the standard library (entities refused).
"""

from __future__ import annotations

import calendar
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..hashing import sha256
from .html import clean_url

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json", "text/rss+xml"}
)
_FEED_SNIFF = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)
STATE_FILE = "ingest-state.json"


class NotAFeed(ValueError):
    """The bytes are no RSS or Atom feed."""


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """A feed by its media type, or (for ``text/xml`` and friends, or none) by its first tags."""
    if content_type in FEED_TYPES:
        return True
    if content_type in ("text/html", "application/xhtml+xml"):
        return False
    return bool(_FEED_SNIFF.search(data[:2048]))


@dataclass(frozen=True, slots=True)
class Entry:
    guid: str
    link: str
    """The entry's article URL (absolute, without tracking parameters)."""
    title: str
    author: str
    published: str
    """ISO 8601 with offset (UTC), or ""."""
    updated: str
    """When the entry says it last changed (ISO 8601, UTC), when it gives a publication date
    too; else ""."""
    tags: tuple[str, ...]
    content: str
    """The entry's full HTML content when the feed carries it, else ""."""
    summary: str
    """The entry's summary HTML."""

    def identity(self) -> tuple[str, ...]:
        """What identifies the entry across polls: its GUID, its link, its content's hash."""
        out = []
        if self.guid:
            out.append("guid:" + self.guid)
        if self.link:
            out.append("link:" + self.link)
        body = self.content or self.summary
        if body:
            out.append("sha:" + sha256(body.encode("utf-8")))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    link: str
    entries: tuple[Entry, ...]


def _iso(parsed) -> str:
    if not parsed:
        return ""
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()


def parse_feed(data: bytes, url: str = "") -> Feed:
    """An RSS or Atom document -> its entries, in the feed's order."""
    import feedparser  # first use only: plain-text ingest never pays for it

    parsed = feedparser.parse(data, response_headers={"content-location": url} if url else None)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        why = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(parsed.get("bozo_exception", ""))
        raise NotAFeed(f"not an RSS or Atom feed{f' ({why})' if why else ''}")
    entries = []
    for e in parsed.entries:
        content = ""
        for c in e.get("content", []) or []:
            if c.get("value") and "html" in (c.get("type") or "html"):
                content = c["value"]
                break
        link = clean_url(e.get("link", "") or "", url)
        entries.append(
            Entry(
                guid=(e.get("id") or "").strip(),
                link=link,
                title=(e.get("title") or "").strip(),
                author=(e.get("author") or "").strip(),
                published=_iso(e.get("published_parsed") or e.get("updated_parsed")),
                updated=_iso(e.get("updated_parsed")) if e.get("published_parsed") else "",
                tags=tuple(t.get("term", "").strip() for t in e.get("tags", []) or [] if t.get("term", "").strip()),
                content=content,
                summary=e.get("summary", "") or "",
            )
        )
    feed = parsed.feed
    return Feed((feed.get("title") or "").strip(), clean_url(feed.get("link", "") or "", url), tuple(entries))


def parse_opml(data: bytes) -> list[tuple[str, str]]:
    """An OPML subscription list -> (title, feed URL) of every outline with an ``xmlUrl``."""
    if b"<!ENTITY" in data[:4096].upper():
        raise NotAFeed("OPML with entity declarations is refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise NotAFeed(f"not an OPML file ({exc})") from None
    out = []
    for el in root.iter("outline"):
        url = (el.get("xmlUrl") or el.get("xmlurl") or "").strip()
        if url:
            out.append((el.get("title") or el.get("text") or "", url))
    return out


@dataclass
class PollState:
    """What earlier runs learned: per feed, its ETag and Last-Modified; every entry key seen."""

    feeds: dict[str, dict[str, str]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    def known(self, entry: Entry) -> bool:
        return any(k in self.seen for k in entry.identity())

    def remember(self, entry: Entry) -> None:
        self.seen.update(entry.identity())


def load_state(folder: Path) -> PollState:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
        return PollState(dict(data.get("feeds", {})), set(data.get("seen", [])))
    except (OSError, ValueError, AttributeError):
        return PollState()  # none yet, or unreadable: start afresh (entries are also deduplicated by content)


def save_state(folder: Path, state: PollState) -> None:
    """Written whole to a temporary file and renamed: a killed run leaves the old state."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"feeds": state.feeds, "seen": sorted(state.seen)}, indent=1, sort_keys=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{STATE_FILE}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        os.replace(tmp, folder / STATE_FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
