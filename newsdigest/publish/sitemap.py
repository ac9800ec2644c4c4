"""sitemap.xml (sitemaps.org 0.9) and robots.txt."""

from __future__ import annotations

from datetime import datetime
from html import escape

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(entries: list[tuple[str, datetime | None]]) -> bytes:
    """``entries``: (absolute URL, last modified or None), written in the order given.

    Written line by line with XML escaping rather than through ElementTree: the format is
    four fixed elements, and at ten thousand pages ElementTree's serialiser costs half a
    second of every rebuild."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NS}">']
    for loc, lastmod in entries:
        mod = f"\n    <lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>" if lastmod else ""
        lines.append(f"  <url>\n    <loc>{escape(loc, quote=False)}</loc>{mod}\n  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def robots_txt(sitemap_url: str, preview: bool = False) -> str:
    """Everything allowed, the sitemap named; a preview (drafts, scheduled) disallows all."""
    if preview:
        return "User-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
