"""Run a stage's work over the machine's cores: forked worker processes over index chunks.

Workers are forked *after* the parent has loaded and planned everything, so they share its
memory (the plan, the template environment) instead of receiving it through pipes; only
chunk indexes go out and small results come back, in order. ``jobs=1`` runs the very same
function in-process, so output never depends on the number of processes.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
_SHARED: Any = None
MIN_PER_WORKER = 48
"""Below this many items per extra process, forking costs more than it saves."""
SERIAL_BAR_MIN = 1000
"""In one process, work this large is done in pieces so that a progress bar can move."""


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


def run(
    func: Callable[[range], T],
    n: int,
    jobs: int,
    payload: Any,
    split: Callable[[int, int], list[range]] | None = None,
    progress: str = "",
) -> list[T]:
    """``func`` over chunks of ``range(n)``; results in chunk order. ``split(n, workers)``
    chooses the chunks (default: eight per worker, which evens out the load). ``progress``:
    the label of a progress bar, shown on a terminal once the work has taken two seconds."""
    global _SHARED
    _SHARED = payload
    try:
        workers = min(jobs, n // MIN_PER_WORKER)
        if workers <= 1 or not hasattr(os, "fork"):
            if not progress or n < SERIAL_BAR_MIN:
                return [func(r) for r in chunks(n, 1)] if n else []
            with _bar(progress, n) as bar:  # in pieces, so that the bar moves
                return [_counted(func(r), r, bar) for r in chunks(n, 50)]
        import multiprocessing  # here, not at the top: a small rebuild never forks

        parts = split(n, workers) if split else chunks(n, workers * 8)
        # Workers take chunks in order as they free up; imap keeps the order of results.
        context = multiprocessing.get_context("fork")
        with (
            context.Pool(workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool,
            _bar(progress, n) as bar,
        ):
            results = []
            for part, result in zip(parts, pool.imap(func, parts, chunksize=1), strict=True):
                results.append(result)
                bar.update(len(part))
            return results
    finally:
        _SHARED = None


@contextmanager
def _bar(label: str, total: int) -> Iterator[Any]:
    """A tqdm bar on stderr (drawn only on a terminal, and only after two seconds), or a no-op."""
    if not label:
        yield _NoBar()
        return
    from tqdm import tqdm  # a large build only: tqdm imports in ~10 ms

    with tqdm(total=total, desc=label, unit="file", file=sys.stderr, disable=None, delay=2.0, leave=False) as bar:
        yield bar


def die_with_parent(parent: int) -> None:
    """Make this forked worker end when the build process does, however it ends (a killed
    build's workers would otherwise render on and print BrokenPipeError tracebacks). Linux:
    the kernel's parent-death signal; elsewhere a no-op (the workers notice the closed pipe)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _counted(result: T, part: range, bar: Any) -> T:
    bar.update(len(part))
    return result


class _NoBar:
    def update(self, _n: int) -> None:
        return None


class Helper:
    """One forked child that starts early, warms up (``warm()``: imports, say) and waits;
    ``give(func, payload)`` hands it work later and ``result()`` waits for the outcome (or
    raises the child's exception). ``func`` and ``payload`` travel pickled, so the child
    works on what it is given, not on the state it was forked with.

    For the small jobs of an incremental build, where a process pool's start-up (and the
    import of multiprocessing) would cost more than the overlap saves: the child pays for
    its imports while this process loads and plans, and nothing is handed to it before the
    build has checked everything. Without fork, or with ``jobs=1``, the work simply runs
    here when the result is asked for, so output never depends on it.
    """

    def __init__(self, warm: Callable[[], object], jobs: int, shared: Any = None) -> None:
        """``shared``: what ``shared()`` returns in the child (objects it keeps from the fork,
        such as a template environment, that can't travel pickled)."""
        self._pid, self._to, self._from = 0, -1, -1
        self._work: tuple[Callable[[Any], Any], Any] | None = None
        self._shared = shared
        if jobs > 1 and hasattr(os, "fork"):
            self._start(warm)

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *_: object) -> None:
        self.cancel()

    def _start(self, warm: Callable[[], object]) -> None:
        import pickle

        global _SHARED

        work_r, work_w = os.pipe()
        result_r, result_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: warm up, wait, run, send the outcome, leave without the parent's clean-up
            die_with_parent(os.getppid())
            os.close(work_w)
            os.close(result_r)
            _SHARED = self._shared
            try:
                try:
                    warm()
                    with os.fdopen(work_r, "rb") as f:
                        request = f.read()
                    if not request:  # the parent went away or needs nothing
                        os._exit(0)
                    func, payload = pickle.loads(request)
                    data = pickle.dumps((True, func(payload)))
                except BaseException as exc:
                    try:
                        data = pickle.dumps((False, exc))
                    except Exception:
                        data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
                with os.fdopen(result_w, "wb") as f:
                    f.write(data)
            finally:
                os._exit(0)
        os.close(work_r)
        os.close(result_w)
        self._pid, self._to, self._from = pid, work_w, result_r

    def give(self, func: Callable[[Any], T], payload: Any) -> None:
        """Hand the child its work (run here at ``result()`` when there is no child)."""
        if not self._pid:
            self._work = (func, payload)
            return
        import pickle

        # A child whose warm-up failed has already sent its error and left: result() raises it.
        with contextlib.suppress(BrokenPipeError), os.fdopen(self._to, "wb") as f:
            f.write(pickle.dumps((func, payload), protocol=pickle.HIGHEST_PROTOCOL))
        self._to = -1

    def result(self) -> Any:
        if not self._pid:
            assert self._work is not None, "result() before give()"
            global _SHARED
            func, payload = self._work
            _SHARED = self._shared
            try:
                return func(payload)
            finally:
                _SHARED = None
        import pickle

        with os.fdopen(self._from, "rb") as f:
            data = f.read()
        self._from = -1
        self._reap()
        if not data:
            raise RuntimeError("a build worker process died without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child (nothing for it to do, or the build failed) and wait for it."""
        if self._pid:
            import signal

            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            for fd in (self._to, self._from):
                with contextlib.suppress(OSError):
                    if fd >= 0:
                        os.close(fd)
            self._to = self._from = -1
            self._reap()

    @property
    def pid(self) -> int:
        """The child's process id; 0 when there is none (any more)."""
        return self._pid

    def _reap(self) -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)
        self._pid = 0


def flatten(results: Sequence[list[T]]) -> list[T]:
    return [x for part in results for x in part]
