"""What a site may hold. Each limit is far above any real article or site, and each stops
what would make a build crawl or a page unusable (a database dump pasted as an article, the
keyword list of a stuffed page as tags, a runaway script writing files) with a message that
names the file, instead of a hang or a page nobody can open. The README lists them."""

from __future__ import annotations

MAX_FILE_BYTES = 4 * 1024 * 1024
"""One content file, front matter and body (the longest eval-train article is 0.3 MB)."""
MAX_WORDS = 200_000
"""Words in one article's body (a novel is about 100,000)."""
MAX_TAGS = 100
"""Tags on one article."""
MAX_FILES = 500_000
"""Content files in one site."""
MAX_RAW_BYTES = 20 * 1024 * 1024
"""One raw file or fetched page that ``ingest`` reads (its HTML cap too)."""
MAX_SEGMENT_BYTES = 255
"""One segment of an output path (a file or folder name: ext4, APFS and NTFS allow 255)."""


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"
