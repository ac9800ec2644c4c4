"""The process helpers: results come back in order and exceptions cross the fork."""

import os

import pytest

from newsdigest.publish import parallel


def _square_chunk(indexes: range) -> list[int]:
    return [i * i + parallel.shared() for i in indexes]


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_returns_chunks_in_order(jobs):
    n = 5 * parallel.MIN_PER_WORKER
    out = parallel.flatten(parallel.run(_square_chunk, n, jobs, 7))
    assert out == [i * i + 7 for i in range(n)]


def _pid_and_double(x: int) -> tuple[int, int]:
    return os.getpid(), 2 * x


def test_background_runs_in_a_child_and_returns_its_value():
    job = parallel.Background(_pid_and_double, 21, jobs=2)
    pid, value = job.result()
    assert value == 42 and pid != os.getpid()


def test_background_with_one_job_runs_here():
    pid, value = parallel.Background(_pid_and_double, 4, jobs=1).result()
    assert value == 8 and pid == os.getpid()


def _fail(message: str) -> None:
    raise ValueError(message)


@pytest.mark.parametrize("jobs", [1, 2])
def test_background_raises_the_childs_exception(jobs):
    with pytest.raises(ValueError, match="bad feed"):
        parallel.Background(_fail, "bad feed", jobs).result()


def _sleep_long(_):
    import time

    time.sleep(60)


def test_background_cancel_stops_the_child():
    job = parallel.Background(_sleep_long, None, jobs=2)
    pid = job._pid
    job.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no such child any more
