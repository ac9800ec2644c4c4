"""sitemap.xml (sitemaps.org 0.9) and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(entries: list[tuple[str, datetime | None]]) -> bytes:
    """``entries``: (absolute URL, last modified or None), written in the order given."""
    urlset = ET.Element("urlset", xmlns=NS)
    for loc, lastmod in entries:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = loc
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod.isoformat(timespec="seconds")
    ET.indent(urlset)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="utf-8") + b"\n"


def robots_txt(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
