"""Front matter: split a content file, validate its YAML header, and write one back.

``split`` finds the header, ``parse`` turns it into a FrontMatter or a list of located
problems, ``dump`` writes a FrontMatter as YAML that ``parse`` reads back to the same value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import yaml

from .config import LANGUAGE_TAG
from .errors import SourceError
from .models import FrontMatter, Provenance, Source
from .slugs import is_slug
from .slugs import slug as slugify
from .xmlchars import xml_text

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader (libyaml when present) that reads every scalar as text except ``true``,
    ``false`` and ``null``.

    Front matter is text: YAML 1.1 would read ``title: 12:30`` as 750 (base 60),
    ``tags: [012]`` as 10 (octal), ``tags: [Norway, NO]`` as False and ``2024-13-45`` as a
    ValueError with no line. Kept as written, dates are checked here instead, with the file
    line and a hint, and a number in ``extra:`` reaches templates as text (``|int`` turns it
    back). Aliases (``*name``) are refused before loading (``first_alias``): a few hundred
    bytes of nested aliases expand to gigabytes.
    """

    yaml_implicit_resolvers: ClassVar[dict] = {
        k: [(tag, rx) for tag, rx in v if tag == "tag:yaml.org,2002:null"]
        for k, v in _BaseLoader.yaml_implicit_resolvers.items()
    }


Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def first_alias(yaml_text: str) -> tuple[int, int] | None:
    """(0-based line, column) of the first reference to an anchor (``*name``), parsed as
    events, nothing expanded; None when there is none."""
    if "*" not in yaml_text:
        return None
    try:
        for event in yaml.parse(yaml_text, Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return (mark.line, mark.column) if mark else (0, 0)
    except yaml.YAMLError:
        return None  # the load reports it, with its place
    return None


def shown(value: object, limit: int = 80) -> str:
    """``repr`` of a user's value for a message, cut: a message quotes, it does not dump."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

FENCE = re.compile(r"^---[ \t]*$")
END_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
KNOWN_KEYS = [f.name for f in fields(FrontMatter)]
DATE_HINT = "write an ISO 8601 date such as 2024-05-01 or 2024-05-01T09:30:00+02:00"
EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
END = datetime(9999, 1, 1, tzinfo=UTC)
"""The dates a page may carry: a year inside Python's, so that it can be shown in any time
zone and a day added to it (the digest's days, the feeds) without leaving the calendar."""


class SplitError(ValueError):
    """The file has no well-formed front matter block."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


@dataclass(frozen=True, slots=True)
class Split:
    """A content file cut in two."""

    yaml_text: str
    """The header between the fences."""
    body: str
    """Everything after the closing fence."""
    body_line: int
    """1-based line where the body starts."""


def split(text: str) -> Split:
    """Cut ``---\\nYAML\\n---\\nbody`` into its parts; the YAML starts on line 2."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or not FENCE.match(lines[0].rstrip("\r")):
        raise SplitError(
            1,
            "no front matter: the file must start with a line '---'",
            "start the file with '---', then 'title: Your headline', then '---', then the text",
        )
    for i in range(1, len(lines)):
        if END_FENCE.match(lines[i].rstrip("\r")):
            return Split("\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2)
    raise SplitError(
        1,
        "front matter is not closed: no second '---' line",
        "add a line '---' after the last front matter field",
    )


@dataclass(frozen=True, slots=True)
class Place:
    """Where one top-level key and its value sit in the file (1-based lines and columns)."""

    line: int
    column: int
    value_line: int
    value_column: int


def key_places(yaml_text: str, first_line: int = 2) -> dict[str, Place]:
    """Each top-level key's place in the file and its value's (only computed when reporting)."""
    try:
        node = yaml.compose(yaml_text, Loader=Loader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(k.value): Place(
            k.start_mark.line + first_line,
            k.start_mark.column + 1,
            v.start_mark.line + first_line,
            v.start_mark.column + 1,
        )
        for k, v in node.value
        if hasattr(k, "value")
    }


def item_places(yaml_text: str, key: str, first_line: int = 2) -> list[tuple[int, int]]:
    """(line, column) of each item of a top-level list, e.g. every tag of ``tags:``."""
    try:
        node = yaml.compose(yaml_text, Loader=Loader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    for k, v in node.value:
        if getattr(k, "value", None) == key and isinstance(v, yaml.SequenceNode):
            return [(i.start_mark.line + first_line, i.start_mark.column + 1) for i in v.value]
    return []


def _as_datetime(value: object, tz: tzinfo) -> datetime:
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime.combine(value, time())
    elif isinstance(value, str):
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    else:
        raise ValueError
    return dt.replace(tzinfo=tz) if dt.tzinfo is None else dt


_URL_BREAKERS = re.compile(r"[\\\s\x00-\x1f\x7f]")


def _safe_url(value: str) -> bool:
    """Only http(s) URLs and site paths may become an href or src: no javascript:, data:, ...;
    and none with a backslash, a space or a control character, which browsers and Python
    split differently (``/\\evil.example/x`` is another host to a browser)."""
    if _URL_BREAKERS.search(value):
        return False
    parts = urlsplit(value)
    if parts.scheme:
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    return value.startswith("/") and not value.startswith("//") and ".." not in value.split("/")


def _site_path(value: str) -> bool:
    """A path on this site (``/2024/06/slug/``): what an old URL of an article is."""
    return value.startswith("/") and _safe_url(value) and "?" not in value and "#" not in value


class _Fields:
    """Collects values and problems while one header is checked."""

    def __init__(self, data: dict, tz: tzinfo) -> None:
        self.data, self.tz = data, tz
        self.values: dict = {}
        self.problems: list[tuple[str, str, str | None, bool]] = []

    def fail(self, key: str, what: str, hint: str | None = None, at_key: bool = False) -> None:
        """``at_key``: the problem is the key itself (located at the key, not its value)."""
        self.problems.append((key, f"front matter '{key}': {what}", hint, at_key))

    def text(self, key: str, single_line: bool = True) -> None:
        if key not in self.data or self.data[key] is None:
            return
        value = self.data[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(key, f"expected text, got {type(value).__name__} {shown(value)}")
        elif single_line and "\n" in value.strip():
            self.fail(key, "expected a single line of text", "join the lines or quote the value")
        else:
            self.values[key] = xml_text(value).strip()

    def when(self, key: str) -> None:
        if self.data.get(key) is None:
            return
        try:
            value = _as_datetime(self.data[key], self.tz)
        except (ValueError, TypeError):
            self.fail(key, f"expected an ISO 8601 date, got {shown(self.data[key])}", DATE_HINT)
            return
        try:
            in_range = EARLIEST <= value.astimezone(UTC) < END
        except OverflowError:  # within hours of year 1 or 9999, in its own offset
            in_range = False
        if in_range:
            self.values[key] = value
        else:
            self.fail(key, f"{shown(self.data[key])} is out of range", "write a date between the years 2 and 9998")


def _check(data: dict, tz: tzinfo) -> _Fields:
    f = _Fields(data, tz)
    for key in data:
        if key not in KNOWN_KEYS:
            import difflib  # only on an error

            close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.6)
            f.fail(
                str(key),
                "unknown field",
                f"did you mean '{close[0]}'?" if close else "put custom data under 'extra:'",
                at_key=True,
            )
    for key in ("title", "author", "description", "section", "lang"):
        f.text(key, single_line=key != "description")
    if not f.values.get("title") and not any(key == "title" for key, *_ in f.problems):
        f.fail("title", "required, and must be non-empty text", "add a line such as 'title: Your headline'")
    for key in ("date", "updated", "expires"):
        f.when(key)
    if "lang" in f.values and not LANGUAGE_TAG.match(f.values["lang"]):
        f.fail("lang", f"expected a language tag such as 'en' or 'pt-BR', got {f.values.pop('lang')!r}")
    tags = data.get("tags")
    if tags is not None:
        if isinstance(tags, list) and all(isinstance(t, (str, int, float)) for t in tags):
            f.values["tags"] = tuple(s for t in tags if (s := " ".join(xml_text(str(t)).split())))
        else:
            f.fail("tags", f"expected a list of text, got {shown(tags)}", "write tags: [Ukraine, Diplomacy]")
    slug = data.get("slug")
    if slug is not None:
        if isinstance(slug, str) and is_slug(slug):
            f.values["slug"] = slug
        else:
            good = slugify(str(slug)) or "my-article"
            f.fail("slug", f"expected lowercase ASCII letters, digits and '-', got {shown(slug)}", f"use slug: {good}")
    if data.get("draft") is not None:
        if isinstance(data["draft"], bool):
            f.values["draft"] = data["draft"]
        else:
            f.fail("draft", f"expected true or false, got {shown(data['draft'])}")
    image = data.get("image")
    if image is not None:
        if isinstance(image, str) and _safe_url(image.strip()):
            f.values["image"] = image.strip()
        else:
            f.fail("image", f"expected an http(s) URL or a /site/path, got {shown(image)}")
    if data.get("image_alt") is not None:
        f.text("image_alt")
    ident = data.get("id")
    if ident is not None:
        if isinstance(ident, str) and _site_path(ident.strip()):
            f.values["id"] = ident.strip()
        else:
            f.fail(
                "id",
                f"expected the site path the article was first published at, got {shown(ident)}",
                "write e.g. id: /2024/06/my-article/ (or remove the line: the article's URL is used)",
            )
    aliases = data.get("aliases")
    if aliases is not None:
        if isinstance(aliases, list) and all(isinstance(x, str) and _site_path(x.strip()) for x in aliases):
            f.values["aliases"] = tuple(x.strip() for x in aliases)
        else:
            f.fail(
                "aliases",
                f"expected a list of site paths, got {shown(aliases)}",
                "write aliases: [/2024/05/old-slug/]",
            )
    story = data.get("story")
    if story is not None:
        if story is False:
            f.values["story"] = ""
        elif isinstance(story, str) and is_slug(story.strip()):
            f.values["story"] = story.strip()
        else:
            good = slugify(str(story)) or "my-story"
            f.fail(
                "story", f"expected a story slug or false, got {shown(story)}", f"use story: {good} (or story: false)"
            )
    source = data.get("source")
    if source is not None:
        if isinstance(source, dict) and set(source) <= {"name", "url"}:
            name, url = xml_text(str(source.get("name") or "")).strip(), str(source.get("url") or "").strip()
            if url and not _safe_url(url):
                f.fail("source", f"url: expected an http(s) URL, got {shown(url)}")
            else:
                f.values["source"] = Source(name=name, url=url)
        else:
            f.fail(
                "source",
                f"expected a table with 'name' and 'url', got {shown(source)}",
                "write source: {name: EU Today, url: 'https://...'}",
            )
    prov = data.get("provenance")
    if prov is not None:
        if isinstance(prov, dict) and set(prov) <= {"file", "sha256"}:
            f.values["provenance"] = Provenance(str(prov.get("file") or ""), str(prov.get("sha256") or ""))
        else:
            f.fail("provenance", "expected a table with 'file' and 'sha256'")
    extra = data.get("extra")
    if extra is not None:
        if isinstance(extra, dict):
            f.values["extra"] = extra
        else:
            f.fail("extra", f"expected a table, got {shown(extra)}")
    return f


def parse(yaml_text: str, path: Path, tz: tzinfo, first_line: int = 2) -> FrontMatter | list[SourceError]:
    """Validate a header. Returns the FrontMatter, or every problem found (with file lines)."""
    alias = first_alias(yaml_text)
    if alias is not None:
        return [
            SourceError(
                path,
                alias[0] + first_line,
                "front matter uses a YAML alias (*name), which newsdigest does not expand",
                "write the value out where the alias is (or quote a value that starts with '*')",
                alias[1] + 1,
            )
        ]
    try:
        data = yaml.load(yaml_text, Loader=Loader) if yaml_text.strip() else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        problem = exc.problem or "invalid YAML"
        return [
            SourceError(
                path,
                line,
                f"front matter is not valid YAML: {problem}",
                "check indentation and quote values containing ': ' or '#'",
                mark.column + 1 if mark else 0,
            )
        ]
    except yaml.YAMLError as exc:
        return [SourceError(path, first_line, f"front matter is not valid YAML: {exc}")]
    if not isinstance(data, dict):
        return [
            SourceError(
                path,
                first_line,
                "front matter must be a mapping of 'field: value' lines",
                "write e.g. 'title: Your headline'",
            )
        ]
    checked = _check(data, tz)
    if checked.problems:
        places = key_places(yaml_text, first_line)
        return [
            _located(path, places.get(key), first_line, msg, hint, at_key)
            for key, msg, hint, at_key in checked.problems
        ]
    return FrontMatter(**checked.values)


def _located(
    path: Path, place: Place | None, first_line: int, message: str, hint: str | None, at_key: bool
) -> SourceError:
    if place is None:  # a required key that is missing: the opening fence
        return SourceError(path, first_line - 1, message, hint, 1)
    if at_key:
        return SourceError(path, place.line, message, hint, place.column)
    return SourceError(path, place.value_line, message, hint, place.value_column)


def _plain(meta: FrontMatter) -> dict:
    out: dict = {"title": meta.title}
    for key in ("date", "updated", "expires"):
        value = getattr(meta, key)
        if value is not None:
            out[key] = value.isoformat()
    for key in ("author", "description", "section", "slug", "lang", "image", "image_alt", "id"):
        if getattr(meta, key):
            out[key] = getattr(meta, key)
    if meta.tags:
        out["tags"] = list(meta.tags)
    if meta.aliases:
        out["aliases"] = list(meta.aliases)
    if meta.source:
        out["source"] = {k: v for k, v in (("name", meta.source.name), ("url", meta.source.url)) if v}
    if meta.draft:
        out["draft"] = True
    if meta.story is not None:
        out["story"] = meta.story or False
    if meta.provenance:
        out["provenance"] = {"file": meta.provenance.file, "sha256": meta.provenance.sha256}
    if meta.extra:
        out["extra"] = meta.extra
    return out


def dump(meta: FrontMatter) -> str:
    """The ``---`` block for a FrontMatter, YAML that ``parse`` reads back to an equal value."""
    text = yaml.dump(_plain(meta), Dumper=Dumper, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{text}---\n"
