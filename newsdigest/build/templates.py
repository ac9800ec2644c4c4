"""Jinja2: one Environment per build, site layouts/ over the built-in theme, filters in one place."""

from __future__ import annotations

import hashlib
import traceback
from datetime import datetime
from pathlib import Path

import jinja2

from ..errors import SourceError

THEME = Path(__file__).resolve().parent.parent / "theme"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def human_date(value: datetime | None) -> str:
    """``2024-05-01`` -> ``1 May 2024``, the same on every machine (no locale)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


def iso_date(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def month_name(number: int) -> str:
    return MONTHS[number - 1]


def make_env(layouts_dir: Path) -> jinja2.Environment:
    """Templates from the site's layouts/ first, then the built-in theme's; autoescape on."""
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(layouts_dir)),
        jinja2.FileSystemLoader(str(THEME / "layouts")),
    ])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(human_date=human_date, iso_date=iso_date, month_name=month_name)
    return env


def template_files(layouts_dir: Path) -> dict[str, Path]:
    """Every template name -> the file that wins (site layout over theme)."""
    found: dict[str, Path] = {}
    for base in (layouts_dir, THEME / "layouts"):
        if base.is_dir():
            for path in sorted(base.rglob("*.html")) + sorted(base.rglob("*.xml")):
                found.setdefault(path.relative_to(base).as_posix(), path)
    return dict(sorted(found.items()))


def templates_fingerprint(layouts_dir: Path) -> str:
    """Hash of every effective template's name and bytes (a template edit changes it)."""
    h = hashlib.blake2b(digest_size=16)
    for name, path in template_files(layouts_dir).items():
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _display(path: str | None, root: Path) -> Path:
    p = Path(path or "?")
    return p.relative_to(root) if p.is_absolute() and p.is_relative_to(root) else p


def check_templates(env: jinja2.Environment, layouts_dir: Path, root: Path) -> list[SourceError]:
    """Compile every template now, so a syntax error stops the build before anything is written."""
    errors = []
    for name in template_files(layouts_dir):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            errors.append(SourceError(_display(exc.filename, root), exc.lineno or 0,
                                      f"template syntax error: {exc.message}"))
    return errors


def render_error(exc: Exception, template: str, root: Path) -> SourceError:
    """Locate an exception raised while rendering at the template line that raised it."""
    path, line = Path(template), 0
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml")) and Path(frame.filename).exists():
            path, line = _display(frame.filename, root), frame.lineno or 0
            break
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    return SourceError(path, line, f"template error: {message}",
                       "check the variable names against the template context in the README")
