"""What a long-running process keeps between its builds (``serve``): the last build's state,
so it is not unpickled again, and the template environment with its compiled templates.

Kept only as long as it is provably the state on disk: a build by another process (the
cache's signature file no longer what this process saved) or a failed build drops nothing
it relies on, since the disk is asked first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .cache import BuildCache, BuildState

if TYPE_CHECKING:
    from collections.abc import Callable

    import jinja2

    from ..config import SiteConfig
    from .pipeline import BuildOptions, BuildReport


def _template_stamp(files: dict[str, Path]) -> tuple:
    out = []
    for name, path in sorted(files.items()):
        try:
            st = path.stat()
        except OSError:
            return ()
        out.append((name, str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


class Memory:
    def __init__(self) -> None:
        self.state: BuildState | None = None
        self.saved: tuple[str, int, float] | None = None
        self.env: jinja2.Environment | None = None
        self.templates: tuple = ()

    def state_for(self, cache: BuildCache, key: str) -> BuildState | None:
        """The last build's state if it is still the one on disk, for this configuration."""
        if self.state is None or self.state.key != key or cache.signature() != self.saved:
            return None
        cache.prepare()
        return self.state

    def env_for(self, templates: dict[str, Path]) -> jinja2.Environment | None:
        """The last build's template environment if no template changed since."""
        stamp = _template_stamp(templates)
        return self.env if self.env is not None and stamp and stamp == self.templates else None

    def keep(self, state: BuildState, cache: BuildCache, env: jinja2.Environment, templates: dict[str, Path]) -> None:
        self.state, self.saved = state, cache.signature()
        self.env, self.templates = env, _template_stamp(templates)


class WarmBuilder:
    """Builds one site again and again in this process."""

    def __init__(self) -> None:
        self.memory = Memory()

    def build(
        self, config: SiteConfig, options: BuildOptions, on_commit: Callable[[], None] | None = None
    ) -> BuildReport:
        from .pipeline import build

        return build(config, options, self.memory, on_commit)

    def close(self) -> None:
        self.memory = Memory()
