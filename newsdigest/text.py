"""Plain-text helpers both halves use: cutting a summary on a word boundary."""

from __future__ import annotations

SUMMARY_CHARS = 220


def cut(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Shorten to at most ``limit`` characters on a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    space = head.rfind(" ")
    head = head[:space] if space > limit // 2 else text[:limit]
    return head.rstrip(" ,;:.-–—") + "…"
