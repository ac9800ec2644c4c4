"""Run a stage's work over the machine's cores: forked worker processes over index chunks.

Workers are forked *after* the parent has loaded and planned everything, so they share its
memory (the plan, the template environment) instead of receiving it through pipes; only
chunk indexes go out and small results come back, in order. ``jobs=1`` runs the very same
function in-process, so output never depends on the number of processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
_SHARED: Any = None
MIN_PER_WORKER = 48
"""Below this many items per extra process, forking costs more than it saves."""


def shared() -> Any:
    """The object the parent published for this batch of work."""
    return _SHARED


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def chunks(n: int, parts: int) -> list[range]:
    size = max(1, -(-n // parts))
    return [range(i, min(n, i + size)) for i in range(0, n, size)]


def run(func: Callable[[range], T], n: int, jobs: int, payload: Any) -> list[T]:
    """``func`` over chunks of ``range(n)``; results in chunk order."""
    global _SHARED
    _SHARED = payload
    try:
        workers = min(jobs, n // MIN_PER_WORKER)
        if workers <= 1 or not hasattr(os, "fork"):
            return [func(r) for r in chunks(n, 1)] if n else []
        import multiprocessing  # here, not at the top: a small rebuild never forks

        # More chunks than workers evens out the load; order is restored by map.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(func, chunks(n, workers * 8), chunksize=1)
    finally:
        _SHARED = None


def flatten(results: Sequence[list[T]]) -> list[T]:
    return [x for part in results for x in part]
