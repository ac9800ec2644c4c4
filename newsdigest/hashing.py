"""Hashes: short stable keys for the build cache, and the raw-file hash ingest records."""

from __future__ import annotations

import hashlib


def digest(*parts: str) -> str:
    """A short stable hash of some strings (cache keys)."""
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def file_hash(data: bytes) -> str:
    """A content file's identity in the build cache."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def sha256(data: bytes) -> str:
    """A raw article's identity in front matter ``provenance`` (so re-ingesting it is noticed)."""
    return hashlib.sha256(data).hexdigest()
