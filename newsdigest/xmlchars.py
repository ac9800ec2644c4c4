"""Characters XML 1.0 forbids (C0 controls but tab and newlines, U+FFFE/U+FFFF, lone
surrogates). Scraped text carries them; lxml refuses them and HTML calls them errors, so
every text that reaches a page or a feed is scrubbed of them."""

from __future__ import annotations

import re

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: str) -> str:
    return XML_ILLEGAL.sub("", value)
