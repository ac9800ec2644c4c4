"""Which of a saved page's own titles is the article's headline.

A page names itself several times: ``<title>`` (often with the site's name after a
separator), ``og:title`` (often a rewrite for social media), and the ``<h1>`` the reader
sees, which may also be the site's logo or a section name. The headline readers see is the
``<h1>`` that another of the page's titles confirms; else the one ``<h1>`` that is not page
chrome (logo, site title, navigation, a link); else an ``<h2>`` or ``<h3>`` that the titles
confirm (blogs title their posts so, under an ``<h1>`` that is the blog's name); else the
extractor's choice.

Measured on eval-segments' gold titles and on dragnet's and cleanportaleval's pages whose
gold text opens with the headline (README, "Ingest from the web").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import islice

from .language import line_key

_SEPARATOR = re.compile(r"\s+(?:[|–—•»«:~/]|-{1,2}|::)\s+")
_CHROME = re.compile(r"logo|brand|masthead|site-?title|site-?name|navbar|banner", re.I)
_GENERIC = frozenset(["navigation", "quicklink", "quicklinks", "menu", "search", "suche", "home", "startseite"])
MAX_HEADINGS = 50
"""A page's first 50 ``<h1>``, and first 50 ``<h2>``/``<h3>``, are read (a hostile page may hold millions)."""
MAX_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Titles:
    """What a page says its title is, read before an extractor prunes the tree."""

    title: str = ""
    """``<title>``."""
    og: str = ""
    """``og:title`` (else ``twitter:title``)."""
    site: str = ""
    """``og:site_name``."""
    h1s: tuple[tuple[str, bool], ...] = ()
    """Each ``<h1>``'s text and whether it is page chrome (logo, site title, navigation, a link)."""
    subheads: tuple[tuple[str, bool], ...] = ()
    """The same of each ``<h2>`` and ``<h3>``, in page order (a blog's post titles, under an
    ``<h1>`` that is the blog's name); read only when the ``<h1>`` give no headline."""


def read(tree) -> Titles:
    """The titles of an lxml HTML tree."""

    def first(xpath: str) -> str:
        for value in tree.xpath(xpath):
            text = " ".join(str(value).split())
            if text:
                return text
        return ""

    def headings(xpath: str) -> tuple[tuple[str, bool], ...]:
        found = tree.xpath(xpath)[:MAX_HEADINGS]
        return tuple((" ".join(h.text_content().split())[:MAX_CHARS], _is_chrome(h)) for h in found)

    titles = Titles(
        title=first("//title/text()"),
        og=first('//meta[@property="og:title"]/@content') or first('//meta[@name="twitter:title"]/@content'),
        site=first('//meta[@property="og:site_name"]/@content'),
        h1s=headings("//body//h1"),
    )
    if _from_h1s(titles):  # most pages: the subheadings would never be asked
        return titles
    return replace(titles, subheads=headings("//body//h2|//body//h3"))


def _is_chrome(h1) -> bool:
    """A heading that is the site's, not the article's: in a header or navigation outside the
    article, in or around a link, or in an element named for a logo or the site's title."""
    in_article = bool(h1.xpath("ancestor::article or ancestor::main"))
    for el in [h1, *islice(h1.iterancestors(), 8)]:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "a" or (tag in ("header", "nav") and not in_article):
            return True
        if _CHROME.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            return True
    text = h1.text_content().strip()
    return bool(text) and any(len(a.text_content().strip()) >= 0.8 * len(text) for a in islice(h1.iter("a"), 20))


def _words(text: str) -> str:
    """A title's words, casefolded and padded, so that one title can be found inside another."""
    return f" {line_key(text)} "


def _plausible(text: str) -> bool:
    n = len(text.split())
    return text.casefold() not in _GENERIC and (2 <= n <= 30 or (n == 1 and len(text) >= 4))


def _parts(titles: Titles) -> list[str]:
    return [p.strip() for p in _SEPARATOR.split(titles.title) if p.strip()]


def _candidates(titles: Titles, headings: tuple[tuple[str, bool], ...]) -> list[str]:
    """The headings that could be the headline: not chrome, plausible, not the site's name
    (``og:site_name``, or what follows the last separator of ``<title>``)."""
    parts = _parts(titles)
    site = {_words(titles.site)} if titles.site else set()
    if len(parts) > 1:
        site.add(_words(parts[-1]))
    return [t for t, chrome in headings if t and not chrome and _plausible(t) and _words(t) not in site]


def _confirmed(titles: Titles, texts: list[str]) -> str:
    """The first of the texts that ``<title>`` or ``og:title`` holds."""
    title, og = _words(titles.title), _words(titles.og)
    return next((t for t in texts if len(t.split()) >= 2 and (_words(t) in title or _words(t) in og)), "")


def _from_h1s(titles: Titles) -> str:
    """An ``<h1>`` that ``<title>`` or ``og:title`` holds; else the page's only ``<h1>`` when
    none is chrome; else ""."""
    h1s = _candidates(titles, titles.h1s)
    if found := _confirmed(titles, h1s):
        return found
    if len(h1s) == 1 and len(h1s[0].split()) >= 3 and not any(chrome for _, chrome in titles.h1s):
        return h1s[0]
    return ""


def headline(titles: Titles, extracted: str) -> str:
    """The article's headline: an ``<h1>`` (not chrome, not the site's name) that ``<title>``
    or ``og:title`` holds; else the page's only ``<h1>`` when none is chrome; else the first
    ``<h2>`` or ``<h3>`` that they hold (a blog's post title under its name's ``<h1>``); else
    ``extracted`` (the extractor's title), else ``og:title``, else ``<title>``'s first part."""
    parts = _parts(titles)
    return (
        _from_h1s(titles)
        or _confirmed(titles, _candidates(titles, titles.subheads))
        or extracted
        or titles.og
        or (parts[0] if parts else "")
    )
