"""Saved web pages -> the article's blocks (with their HTML kinds and links) and the page's
own metadata.

trafilatura finds the article in the page and reads its structured metadata (JSON-LD,
OpenGraph, ``<meta>``, htmldate for dates). Its output is then handed, one block a line, to
the named rules of the plain-text cleaner (``boilerplate.rules_only``), which remove what
extractors leave behind (calls to action, share prompts, template debris); the HTML's own
structure (headings, lists, quotes, images, links) is kept for the blocks that survive.
When trafilatura finds nothing, the page's visible text, one block a line, goes through the
text cleaner alone.

Nothing of the page's markup survives except as plain text, links and images whose URLs
are ``http(s)`` (made absolute against the page's URL, tracking parameters removed).
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

from .. import limits
from . import pagedates, pagetitle
from .read import UnreadableError, decode

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
MAX_HTML_BYTES = limits.MAX_RAW_BYTES
"""A page (or a gzipped page, unpacked) larger than this is refused."""

_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|_hsenc|_hsmi|"
    r"mkt_tok|oly_anon_id|oly_enc_id|vero_id|ref_src|ref_url|s_cid|icid|cmpid|wt_mc|spm)$",
    re.I,
)


class NotHtml(ValueError):
    """The bytes are not a web page."""


def is_html_name(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES)


def sniff(data: bytes) -> bool:
    """The bytes start like an HTML document (after a BOM, an XML declaration, comments)."""
    head = data[:2048].lstrip(codecs.BOM_UTF8)
    return bool(_SNIFF.match(head))


def unpack(data: bytes, name: str) -> bytes:
    """A ``.gz`` page unpacked, at most MAX_HTML_BYTES of it."""
    if not (name.lower().endswith(".gz") or data[:2] == b"\x1f\x8b"):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            out = f.read(MAX_HTML_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise UnreadableError(f"not a readable gzip file ({exc})") from None
    if len(out) > MAX_HTML_BYTES:
        raise UnreadableError(f"unpacks to more than {MAX_HTML_BYTES // 2**20} MiB")
    return out


def decode_html(data: bytes, charset: str = "") -> str:
    """Page bytes -> text: a BOM, then the HTTP header's charset, then ``<meta charset>``,
    then UTF-8, then detection. A charset name nobody knows is skipped, not fatal."""
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            return decode(data)
    m = _META_CHARSET.search(data[:4096])
    for name in (charset, m.group(1).decode("ascii", "replace") if m else ""):
        if not name:
            continue
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec in ("iso8859-1", "ascii", "latin-1"):
            codec = "cp1252"  # what browsers do with a Latin-1 label
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            break  # the label lies: fall through to UTF-8 and detection
    return decode(data)


def clean_url(url: str, base: str = "") -> str:
    """An absolute http(s) URL without tracking parameters or fragment, or "" (a
    ``javascript:`` or ``data:`` link, one that won't parse)."""
    url = url.strip()
    try:
        absolute = urljoin(base, url) if base else url
        parts = urlsplit(absolute)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    query = "&".join(p for p in parts.query.split("&") if p and not TRACKING.match(p.split("=", 1)[0]))
    return parts._replace(query=query, fragment="").geturl()


@dataclass(frozen=True, slots=True)
class HtmlBlock:
    """One block of the extracted article."""

    kind: str
    """``paragraph``, ``heading``, ``bullet``, ``number``, ``quote``, ``image``."""
    text: str
    """Plain text (an image's alt text)."""
    links: tuple[tuple[str, str], ...] = ()
    """(anchor text, absolute URL) of the links inside it, in order."""
    src: str = ""
    """An image's URL."""
    number: int = 0


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says of itself (structured data first, as trafilatura reads it)."""

    title: str = ""
    author: str = ""
    date: str = ""
    """``YYYY-MM-DD`` (htmldate)."""
    updated: str = ""
    """When the page says the article last changed, ``YYYY-MM-DD`` (``pagedates``)."""
    description: str = ""
    url: str = ""
    """The canonical URL (or the URL it was fetched from)."""
    site_name: str = ""
    language: str = ""
    tags: tuple[str, ...] = ()
    section: str = ""
    image: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    blocks: tuple[HtmlBlock, ...]
    meta: PageMeta
    extracted: bool = True
    """False: the extractor found nothing and ``blocks`` are the page's visible text."""
    notes: tuple[str, ...] = field(default=())
    visible: tuple[str, ...] = ()
    """The page's whole visible text, one block element a line (what the text cleaner reads)."""
    source: str = ""
    """The page's HTML, for the slow date search (``datesearch``) a few pages need."""


_SPACE = re.compile(r"\s+")
TAG = re.compile(r"<[^>]*>")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


_INLINE_TAGS = frozenset({"hi", "ref", "lb", "del", "span", "b", "i", "em", "strong", "a"})
"""Tags of trafilatura's output that are part of a line of text, not a block of their own."""
_NESTED_BLOCKS = frozenset({"p", "item", "list", "head", "quote", "row", "cell", "code", "table", "div"})


def _inline(el) -> str:
    """The text of an element of trafilatura's output (links are found by ``prose_links``)."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            parts.append(" ")
        elif tag != "graphic":  # an image inside text is no text (``text_block`` adds images)
            inner = _inline(child)
            # A block inside a block (``<item><p>..</p><p>..</p></item>``) is a word break.
            parts.append(f" {inner} " if tag in _NESTED_BLOCKS else inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks_of(body, base: str) -> list[HtmlBlock]:
    out: list[HtmlBlock] = []

    def text_block(kind: str, el, number: int = 0) -> None:
        text = _norm(_inline(el))
        if text:
            out.append(HtmlBlock(kind, text, number=number))
        for g in el.iter("graphic"):
            image(g)

    def image(g) -> None:
        src = clean_url(g.get("src") or "", base)
        if src:
            out.append(HtmlBlock("image", _norm(g.get("alt") or g.get("title") or ""), src=src))

    # Text can also sit loose in the body, between blocks (``<head>..</head>In einem Trailer
    # wird <hi>dafür</hi> ...``), inline elements in it: a paragraph up to the next block.
    loose: list[str] = [body.text or ""]

    def flush() -> None:
        text = _norm("".join(loose))
        if text:
            out.append(HtmlBlock("paragraph", text))
        loose.clear()

    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _INLINE_TAGS:
            loose.append(" " if tag == "lb" else _inline(el))
            loose.append(el.tail or "")
            continue
        flush()
        if tag == "head":
            text_block("heading", el)
        elif tag == "list":
            ordered = (el.get("rend") or "").lower() in ("ol", "ordered")
            for n, item in enumerate((i for i in el if i.tag == "item"), start=1):
                text_block("number" if ordered else "bullet", item, n)
        elif tag == "quote":
            text_block("quote", el)
        elif tag == "graphic":
            image(el)
        elif tag == "table":
            for row in el.iter("row"):
                cells = [_norm(_inline(cell)) for cell in row.iter("cell")]
                if any(cells):
                    out.append(HtmlBlock("paragraph", " | ".join(c for c in cells if c)))
        elif tag:
            text_block("paragraph", el)
        loose.append(el.tail or "")
    flush()
    return out


def prose_links(tree, base: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """The links written inside paragraphs (``<p>``, ``<li>`` of a text, ``<blockquote>``):
    the article's own links, not menus. Paragraph text -> its (anchor text, URL) pairs in
    order (the paragraph keyed by ``_spaceless``). An anchor that is the whole paragraph (a
    teaser) is left out."""
    found: dict[str, list[tuple[str, str]]] = {}
    texts: dict[object, str] = {}  # paragraph element -> its text, worked out once for all its links
    for a in tree.iter("a"):
        href = a.get("href") or ""
        text = _norm(a.text_content())
        if not href or len(text) < 3 or len(text) > 200:
            continue
        parent = a.getparent()
        for _ in range(3):
            if parent is None or parent.tag in ("p", "blockquote", "dd", "figcaption"):
                break
            parent = parent.getparent()
        if parent is None or parent.tag not in ("p", "blockquote", "dd", "figcaption"):
            continue
        paragraph = texts.get(parent)
        if paragraph is None:
            paragraph = texts[parent] = _norm(parent.text_content())
        if paragraph == text:
            continue
        url = clean_url(href, base)
        if url:
            found.setdefault(_spaceless(paragraph), []).append((text, url))
    return {k: tuple(v) for k, v in found.items()}


def _spaceless(text: str) -> str:
    """A paragraph's key: its text without white space (markup joins words differently)."""
    return "".join(text.split())


def with_prose_links(blocks: list[HtmlBlock], links: dict[str, tuple[tuple[str, str], ...]]) -> list[HtmlBlock]:
    """Each block's links: those of the page's paragraph the block is (or is part of, or
    holds), each at its anchor's first whole-word occurrence in the block, in order. A link
    is never put on the same words elsewhere in the text."""
    if not links:
        return blocks
    out = []
    for b in blocks:
        if b.kind == "image":
            out.append(b)
            continue
        text = b.text
        own = _spaceless(text)
        pairs = links.get(own, ())
        if not pairs and len(own) >= 30:
            pairs = tuple(pair for para, found in links.items() if own in para or para in own for pair in found)
        hits = []
        for anchor, url in pairs:
            at = _whole_word_at(text, anchor)
            if at >= 0:
                hits.append((at, anchor, url))
        chosen, end = [], -1
        for at, anchor, url in sorted(hits):
            if at >= end:  # no overlapping anchors
                chosen.append((anchor, url))
                end = at + len(anchor)
        out.append(replace(b, links=tuple(chosen)) if chosen else b)
    return out


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what ``\w`` matches


def _whole_word_at(text: str, phrase: str) -> int:
    r"""Where ``phrase`` first stands in ``text`` as whole words (no word character touching
    it either side), or -1. By ``str.find``: a pattern compiled per link (``(?<!\w)...(?!\w)``)
    cost ~50 us a link, and a page's links are nearly all different."""
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or not _is_word_char(text[at - 1])) and (end == len(text) or not _is_word_char(text[end])):
            return at
        at = text.find(phrase, at + 1)
    return -1


_BLOCK_WORDS = (
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul"
)
_BLOCK_TAGS = frozenset(_BLOCK_WORDS.split())
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "head")


def visible_lines(tree) -> list[str]:
    """The page's visible text, one block element a line (as a scraper that keeps all text
    writes it): what the text cleaner gets when the extractor finds nothing."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _norm("".join(buf))
        if text:
            lines.append(text)
        buf.clear()

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _INVISIBLE_TAGS:
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        buf.append(el.text or "")
        for child in el:
            walk(child)
        if block:
            flush()
        buf.append(el.tail or "")

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    flush()
    return lines


_KIND_OF = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading"}


def fragment_blocks(content: str, base: str) -> list[HtmlBlock]:
    """A feed entry's HTML content (the article itself, already sanitised by feedparser) ->
    blocks, by its own markup: no extractor, since there is no page around it."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(content, create_parent="div")
    except Exception:  # lxml's ParserError: an empty or broken fragment
        return []
    out: list[HtmlBlock] = []
    buf: list[str] = []
    links: list[tuple[str, str]] = []
    kind = ["paragraph"]

    def flush() -> None:
        text = _norm("".join(buf))
        if text:
            out.append(HtmlBlock(kind[0], text, tuple(links)))
        buf.clear()
        links.clear()

    def walk(el, inherited: str) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _INVISIBLE_TAGS:
            buf.append(el.tail or "")
            return
        if tag == "img":
            flush()
            src = clean_url(el.get("src") or "", base)
            if src:
                out.append(HtmlBlock("image", _norm(el.get("alt") or ""), src=src))
            buf.append(el.tail or "")
            return
        block = tag in _BLOCK_TAGS
        mine = inherited
        if block:
            flush()
            mine = _KIND_OF.get(tag) or ("bullet" if tag == "li" else "quote" if tag == "blockquote" else inherited)
            kind[0] = mine
        start = len("".join(buf))
        buf.append(el.text or "")
        for child in el:
            walk(child, mine)
        if tag == "a" and el.get("href"):
            anchor = _norm("".join(buf)[start:])
            url = clean_url(el.get("href") or "", base)
            if anchor and url:
                links.append((anchor, url))
        if block:
            flush()
            kind[0] = inherited
        buf.append(el.tail or "")

    walk(root, "paragraph")
    flush()
    return out


def _meta(doc, url: str) -> PageMeta:
    if doc is None:
        return PageMeta(url=url)
    tags = tuple(t for t in (doc.tags or []) if t)
    return PageMeta(
        title=_norm(doc.title or ""),
        author=_norm(doc.author or ""),
        date=doc.date or "",
        description=_norm(doc.description or ""),
        url=clean_url(doc.url or "", url) or url,
        site_name=_norm(doc.sitename or ""),
        language=(doc.language or "").split("-")[0].lower(),
        tags=tags,
        section=_norm((doc.categories or [""])[0]),
        image=clean_url(doc.image or "", url),
    )


def _parser():
    """lxml's HTML parser making every element an ``HtmlElement`` (what trafilatura takes) by
    lxml's own C lookup: ``lxml.html``'s parser asks a Python method for each element's class
    (form, input, label ...), a call per element every time the tree is walked, which none of
    the readers here need (about 1.5 ms of a page's 38 here, the same output)."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement,
            comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction,
            entity=lxml_html.HtmlEntity,
        )
    )
    return parser


def extract(html: str, url: str = "") -> Page:
    """The article of a page and the page's metadata (trafilatura), or, when it finds no
    article, the page's visible text with whatever metadata it found."""
    import trafilatura  # imported on first use: plain-text ingest never pays for it
    from lxml import html as lxml_html

    data = html.encode("utf-8", "replace")
    parser = _parser()
    try:
        tree = lxml_html.document_fromstring(data, parser=parser)
    except Exception as exc:  # lxml's ParserError / XMLSyntaxError: an empty or binary page
        raise NotHtml(f"not a parseable web page ({type(exc).__name__}: {exc})") from None
    # Links and images are not asked of trafilatura: with them it keeps less of the article
    # (eval-segments HTML recall 0.895 -> 0.877 with links, 0.875 with images too). The
    # article's links are found again by their anchor text; its lead image is in the metadata.
    links = prose_links(tree, url)
    lines = tuple(visible_lines(tree))  # before trafilatura prunes `tree`
    titles = pagetitle.read(tree)
    changed = pagedates.modified(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_formatting=False,
        include_links=False,
        include_images=False,
        include_tables=True,
        deduplicate=False,
        # htmldate's extensive search (dates in the text, written out in words: dateparser)
        # costs about as much as the rest of the metadata; most pages state their date or
        # print it beside the article, so only a page with neither searches (datesearch)
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if isinstance(doc, dict):  # only with as_dict=True; never here
        raise TypeError("trafilatura returned a dict")
    meta = _meta(doc, url)
    meta = replace(meta, title=pagetitle.headline(titles, meta.title), updated=changed)
    base = meta.url or url
    blocks = _blocks_of(doc.body, base) if doc is not None and doc.body is not None else []
    blocks = with_prose_links(blocks, links)
    page = Page(tuple(blocks), meta, visible=lines, source=html)
    return page if sum(len(b.text) for b in blocks if b.kind != "image") >= 200 else unextracted(page)


def unextracted(page: Page) -> Page:
    """The page as if the extractor had found nothing: its visible text, one block a line."""
    return replace(page, blocks=tuple(HtmlBlock("paragraph", t) for t in page.visible), extracted=False)
