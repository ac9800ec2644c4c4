"""What a long-running process keeps between its builds (``serve``): the last build's state,
so it is not unpickled again; the template environment with its compiled templates; story
grouping's pair index, updated per edit (``similar``); and the last plan, so an edit of
articles' text re-plans only their pages and the feeds (``replan``).

Kept only as long as it is provably the state on disk: a build by another process (the
cache's signature file no longer what this process saved) or a failed build drops nothing
it relies on, since the disk is asked first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .cache import BuildCache, BuildState
from .inputs import Inputs, rescan, scan_inputs

if TYPE_CHECKING:
    from collections.abc import Callable

    import jinja2

    from ..config import SiteConfig
    from ..models import Site
    from .feeds import KeptEntries
    from .output import Output
    from .pipeline import BuildOptions, BuildReport
    from .plan import Plan
    from .similar import PairIndex


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
        self.pairs: PairIndex | None = None
        """Story grouping's pair index, updated per edit instead of rebuilt."""
        self.plan: Plan | None = None
        self.plan_for: tuple = ()
        self.plan_shape: tuple | None = None
        """The stories, copies and related reading of the last plan's site (``replan.shape``)."""
        self.inputs: Inputs | None = None
        """The last scan, whatever became of its build (a failed build's changes must
        still count as seen when the next save brings only its own)."""
        self.scan_for: tuple = ()
        self.entries: KeptEntries | None = None

    def entries_for(self, config: SiteConfig) -> KeptEntries:
        """The feed entries kept from the last builds, for this configuration."""
        from .feeds import KeptEntries

        if self.entries is None or self.entries.fingerprint != config.fingerprint:
            self.entries = KeptEntries(config.fingerprint)
        return self.entries

    def scan(
        self, changed: frozenset[str] | None, content: Path, layouts: Path, static: Path, root: Path, key: str,
        out: Path, drafts: object,
    ) -> Inputs:  # fmt: skip
        """What the build reads: the last scan brought up to date from the paths the watcher
        reported (``changed``), else a scan of everything (``None``: nobody knows)."""
        stamp = (content, layouts, static, root, key, out, str(drafts))
        found = None
        if changed is not None and self.inputs is not None and stamp == self.scan_for:
            found = rescan(self.inputs, changed, content, root, key, out, drafts)
        if found is None:
            found = scan_inputs(content, layouts, static, root, key, out, drafts)
        self.inputs, self.scan_for = found, stamp
        return found

    def state_for(self, cache: BuildCache, key: str) -> BuildState | None:
        """The last build's state if it is still the one on disk, for this configuration."""
        if self.state is None or self.state.key != key or cache.signature() != self.saved:
            return None
        cache.prepare()
        return self.state

    def since_last(self, plan: Plan, before: dict[str, str]) -> tuple[int, ...] | None:
        """The outputs of ``plan`` that can differ from ``before`` (what output/ holds), when
        ``plan`` was made from the last plan and ``before`` is that plan's record; else None."""
        if plan.replanned is None or self.state is None or before is not self.state.outputs:
            return None
        return plan.replanned

    def env_for(self, templates: dict[str, Path]) -> jinja2.Environment | None:
        """The last build's template environment if no template changed since."""
        from .templates import for_build

        stamp = _template_stamp(templates)
        if self.env is None or not stamp or stamp != self.templates:
            return None
        return for_build(self.env)

    def keep(
        self,
        state: BuildState,
        cache: BuildCache,
        env: jinja2.Environment,
        templates: dict[str, Path],
        pairs: PairIndex | None,
        plan: Plan,
        template_fps: dict[str, str],
    ) -> None:
        self.state, self.saved = state, cache.signature()
        self.env, self.templates = env, _template_stamp(templates)
        self.pairs = pairs
        from .replan import shape

        self.plan, self.plan_for = plan, self._plan_stamp(template_fps, plan.outputs)
        self.plan_shape = shape(plan.site)  # after the reload, not in the next save's way

    @staticmethod
    def _plan_stamp(template_fps: dict[str, str], outputs: list[Output]) -> tuple:
        statics = tuple((o.path, o.key) for o in outputs if o.kind == "static")
        return (tuple(sorted(template_fps.items())), statics)

    def replan(
        self, config: SiteConfig, site: Site, template_fps: dict[str, str], statics: dict[str, Path], preview: bool
    ) -> Plan | None:
        """The last plan brought up to ``site`` when only articles' text changed since, with
        the same configuration, templates and static files; else None."""
        from .plan import plan_static
        from .replan import replan_edited

        last = self.plan
        if last is None or last.planner.config.fingerprint != config.fingerprint or last.planner.preview != preview:
            return None
        if self._plan_stamp(template_fps, plan_static(statics, config.search.enabled)) != self.plan_for:
            return None
        return replan_edited(last, config, site, self.plan_shape)


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
