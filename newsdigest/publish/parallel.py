"""Run a stage's work over the machine's cores: forked worker processes over index chunks.

Workers are forked *after* the parent has loaded and planned everything, so they share its
memory (the plan, the template environment) instead of receiving it through pipes; only
chunk indexes go out and small results come back, in order. ``jobs=1`` runs the very same
function in-process, so output never depends on the number of processes.
"""

from __future__ import annotations

import contextlib
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


def run(func: Callable[[range], T], n: int, jobs: int, payload: Any,
        split: Callable[[int, int], list[range]] | None = None) -> list[T]:
    """``func`` over chunks of ``range(n)``; results in chunk order. ``split(n, workers)``
    chooses the chunks (default: eight per worker, which evens out the load)."""
    global _SHARED
    _SHARED = payload
    try:
        workers = min(jobs, n // MIN_PER_WORKER)
        if workers <= 1 or not hasattr(os, "fork"):
            return [func(r) for r in chunks(n, 1)] if n else []
        import multiprocessing  # here, not at the top: a small rebuild never forks

        parts = split(n, workers) if split else chunks(n, workers * 8)
        # Workers take chunks in order as they free up; map restores the order of results.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(func, parts, chunksize=1)
    finally:
        _SHARED = None


class Background:
    """``func(payload)`` running in one forked child while this process goes on with other
    work; ``result()`` waits for it and returns its value (or raises its exception).

    For the small jobs of an incremental build, where a process pool's start-up (and the
    import of multiprocessing) would cost more than the overlap saves: one ``os.fork`` and a
    pipe carrying the pickled result. Without fork, or with ``jobs=1``, ``func`` simply runs
    here when the result is asked for, so output never depends on it.
    """

    def __init__(self, func: Callable[[Any], T], payload: Any, jobs: int) -> None:
        self._func, self._payload = func, payload
        self._pid, self._fd = 0, -1
        if jobs > 1 and hasattr(os, "fork"):
            self._start()

    def _start(self) -> None:
        import pickle

        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, send the outcome, leave without any clean-up of the parent's
            os.close(read)
            try:
                try:
                    data = pickle.dumps((True, self._func(self._payload)))
                except BaseException as exc:  # noqa: BLE001 - handed to the parent to raise
                    try:
                        data = pickle.dumps((False, exc))
                    except Exception:  # noqa: BLE001 - an exception that can't be pickled
                        data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
                with os.fdopen(write, "wb") as f:
                    f.write(data)
            finally:
                os._exit(0)
        os.close(write)
        self._pid, self._fd = pid, read

    def result(self) -> T:
        if not self._pid:
            return self._func(self._payload)
        import pickle

        with os.fdopen(self._fd, "rb") as f:
            data = f.read()
        self._reap()
        if not data:
            raise RuntimeError("a build worker process died without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere) and wait for it."""
        if self._pid:
            import signal

            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._reap()

    def _reap(self) -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)
        self._pid = 0


def flatten(results: Sequence[list[T]]) -> list[T]:
    return [x for part in results for x in part]
