"""The exception hierarchy. Errors format themselves; only cli.py prints them."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


class NewsdigestError(Exception):
    """Base of every error newsdigest reports to a user (not a bug)."""

    exit_code = 1

    def format_message(self) -> str:
        return str(self)

    def show(self, file: TextIO | None = None) -> None:
        from .terminal import say

        say(f"error: {self.format_message()}", file or sys.stderr)


class UsageError(NewsdigestError):
    """The command line asks for something impossible."""

    exit_code = 2


class ConfigError(NewsdigestError):
    """site.toml is unreadable or invalid. Holds every problem found, not just the first."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def format_message(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0]
        return f"{len(self.problems)} problems in the site configuration:\n" + "\n".join(
            f"  {p}" for p in self.problems
        )


@dataclass(frozen=True, slots=True)
class SourceError:
    """One problem in one input file, located by line (1-based; 0 = the whole file)."""

    path: Path
    """The file, as given (relative to the site root where possible)."""
    line: int
    """1-based line number; 0 when the problem has no single line."""
    message: str
    """What is wrong, e.g. ``front matter 'date': expected an ISO 8601 date, got '05/01/24'``."""
    hint: str | None = None
    """How to fix it, shown indented under the message."""
    column: int = 0
    """1-based column on that line; 0 when the problem has no single place on it."""

    @property
    def where(self) -> str:
        """``path:line:column`` as far as known (``content/a.md:3:7``, ``content/a.md:3``, ``content/a.md``)."""
        if not self.line:
            return str(self.path)
        return f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class BuildFailed(NewsdigestError):
    """The build found problems in its inputs; output/ was not touched."""

    exit_code = 1

    def __init__(self, errors: list[SourceError], what: str = "build") -> None:
        self.errors = list(errors)
        self.what = what
        super().__init__(self.format_message())

    def __reduce__(self):  # raised in a worker process, it travels back pickled
        return (type(self), (self.errors, self.what))

    def format_message(self) -> str:
        lines = [str(e) for e in self.errors]
        n = len(self.errors)
        lines.append(
            f"{self.what} failed: {n} problem{'s' if n != 1 else ''}; output/ was left as it was"
            if self.what == "build"
            else f"{self.what} failed: {n} problem{'s' if n != 1 else ''}"
        )
        return "\n".join(lines)

    def show(self, file: TextIO | None = None) -> None:
        from .terminal import say

        say(self.format_message(), file or sys.stderr)
