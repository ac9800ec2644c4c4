"""Jinja2: one Environment per build, site layouts/ over the built-in theme, filters in one place."""

from __future__ import annotations

import hashlib
import re
import traceback
from datetime import datetime
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..errors import SourceError
from .inputs import THEME

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(value: datetime | None) -> str:
    """``2024-05-01`` -> ``1 May 2024``, the same on every machine (no locale)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


def breadcrumb_items(trail: list[tuple[str, str]]) -> list[dict]:
    """``[(name, absolute URL), ...]`` -> schema.org ``ListItem``s, numbered from 1."""
    return [{"@type": "ListItem", "position": i, "name": name, "item": url} for i, (name, url) in enumerate(trail, 1)]


def absolute(value: str, base: str) -> str:
    """``/img/a.png`` (or ``img/a.png``) against the site's base URL; an absolute URL as it is."""
    from urllib.parse import urljoin

    return urljoin(base, value)


def iso_date(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def month_name(number: int) -> str:
    return MONTHS[number - 1]


def make_env(layouts_dir: Path, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """Templates from the site's layouts/ first, then the built-in theme's; autoescape on.
    ``bytecode_dir`` keeps compiled templates between builds (keyed by their source)."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(layouts_dir)),
            jinja2.FileSystemLoader(str(THEME / "layouts")),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(bytecode_dir),
        # Templates don't change during a build: no stat of the file at every get_template.
        auto_reload=False,
    )
    env.filters.update(
        human_date=human_date,
        iso_date=iso_date,
        month_name=month_name,
        absolute=absolute,
        items_to_dict=dict,
        breadcrumb_items=breadcrumb_items,
    )
    return for_build(env)


def for_build(env: jinja2.Environment) -> jinja2.Environment:
    """The environment ready for one build: what it remembers per build (card HTML) starts
    empty. A long-running process (serve) keeps the environment, not the build's memo."""
    env.globals["card_html"] = _card_renderer(env)
    return env


CARD = "partials/article_card.html"


def _card_renderer(env: jinja2.Environment):
    """``{{ card_html(card) }}``: ``partials/article_card.html`` rendered once per article
    per build (an article shows on the front page, three to six tag pages and its month),
    then reused: the same card on every listing, at a fifth of the rendering cost."""
    memo: dict[str, Markup] = {}

    @jinja2.pass_context
    def card_html(context, card) -> Markup:
        found = memo.get(card.url)
        if found is None:
            html = env.get_template(CARD).render(card=card, site=context["site"])
            found = memo[card.url] = Markup(html)
        return found

    return card_html


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


# {% extends "x" %}, {% include 'x' %}, {% import "x" as y %}, {% from "x" import y %}
_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")
_DYNAMIC = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+(?!["'])""")


def template_fingerprints(files: dict[str, Path]) -> dict[str, str]:
    """Template name -> hash of its bytes and of every template it extends or includes.

    A page's cache key uses its template's fingerprint, so editing ``tag.html`` re-renders
    tag pages only, while editing ``base.html`` re-renders everything that extends it.
    References are read from the template text (no Jinja parse on every build); a template
    whose includes can't be read statically depends on every template."""
    data = {name: path.read_bytes() for name, path in files.items()}
    refs: dict[str, set[str]] = {}
    for name, raw in data.items():
        text = raw.decode("utf-8", errors="replace")
        found = set(_REFERENCE.findall(text))
        if _DYNAMIC.search(text):
            found = set(files)  # an include whose name is computed: depend on everything
        if "card_html" in text:
            found.add(CARD)  # card_html() renders the card partial (a call, not an include)
        refs[name] = {r for r in found if r in files}
    out = {}
    for name in files:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(refs.get(current, ()))
        h = hashlib.blake2b(digest_size=16)
        for dep in sorted(seen):
            h.update(dep.encode() + b"\0" + data[dep] + b"\0")
        out[name] = h.hexdigest()
    return out


def _display(path: str | None, root: Path) -> Path:
    p = Path(path or "?")
    return p.relative_to(root) if p.is_absolute() and p.is_relative_to(root) else p


def check(env: jinja2.Environment, files: dict[str, Path], root: Path) -> list[SourceError]:
    """Compile every template now, so a syntax error stops the build before anything is written."""
    errors = []
    for name in files:
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            errors.append(
                SourceError(_display(exc.filename, root), exc.lineno or 0, f"template syntax error: {exc.message}")
            )
    return errors


def render_error(exc: Exception, template: str, root: Path) -> SourceError:
    """Locate an exception raised while rendering at the template line that raised it."""
    path, line = Path(template), 0
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml")) and Path(frame.filename).exists():
            path, line = _display(frame.filename, root), frame.lineno or 0
            break
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    return SourceError(
        path, line, f"template error: {message}", "check the variable names against the template context in the README"
    )
