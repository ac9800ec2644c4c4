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


WARMED = []


def _warm() -> None:
    WARMED.append(os.getpid())


def _pid_double_and_warmed(x: int) -> tuple[int, int, list[int]]:
    return os.getpid(), 2 * x, list(WARMED)


def test_helper_warms_up_then_runs_what_it_is_given_in_a_child():
    helper = parallel.Helper(_warm, jobs=2)
    helper.give(_pid_double_and_warmed, 21)
    pid, value, warmed = helper.result()
    assert value == 42 and pid != os.getpid()
    assert warmed == [pid]  # warm() ran in the child, not here
    assert WARMED == [] and helper.pid == 0


def test_helper_with_one_job_runs_here():
    helper = parallel.Helper(_warm, jobs=1)
    helper.give(_pid_and_double, 4)
    assert helper.pid == 0
    pid, value = helper.result()
    assert value == 8 and pid == os.getpid()


def _fail(message: str) -> None:
    raise ValueError(message)


@pytest.mark.parametrize("jobs", [1, 2])
def test_helper_raises_the_childs_exception(jobs):
    helper = parallel.Helper(_warm, jobs)
    helper.give(_fail, "bad feed")
    with pytest.raises(ValueError, match="bad feed"):
        helper.result()


def _sleep_long(_=None):
    import time

    time.sleep(60)


@pytest.mark.parametrize("busy", [False, True])
def test_helper_cancel_stops_the_child_waiting_or_working(busy):
    helper = parallel.Helper(lambda: None, jobs=2)
    pid = helper.pid
    if busy:
        helper.give(_sleep_long, None)
    helper.cancel()
    assert helper.pid == 0
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no such child any more


def _bad_warm() -> None:
    raise ImportError("no feedgen here")


def test_helper_whose_warm_up_failed_raises_that_error():
    helper = parallel.Helper(_bad_warm, jobs=2)
    import time

    time.sleep(0.2)  # let it fail and leave before it is given work
    helper.give(_pid_and_double, 1)
    with pytest.raises(ImportError, match="no feedgen"):
        helper.result()


class _Terminal:
    """A stderr that says it is a terminal, keeping what was written."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return True


def _slow_chunk(indexes: range) -> list[int]:
    import time

    time.sleep(len(indexes) * parallel.shared())
    return list(indexes)


@pytest.mark.parametrize("jobs", [1, 2])
def test_long_work_shows_a_progress_bar_on_a_terminal_and_keeps_its_results(monkeypatch, jobs):
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    n = 1000  # ~2.6 s of work whatever the jobs: the bar appears after two seconds
    out = parallel.flatten(parallel.run(_slow_chunk, n, jobs, 0.0026 * jobs, progress="rendering"))
    assert out == list(range(n))
    assert "rendering:" in terminal.text and "/1000" in terminal.text, terminal.text


def test_no_progress_bar_without_a_label_or_off_a_terminal(monkeypatch, capsys):
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    parallel.run(_square_chunk, 4 * parallel.MIN_PER_WORKER, 2, 0)
    assert terminal.text == ""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return "\nState:\tZ" not in f.read()  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
@pytest.mark.parametrize("kind", ["pool", "helper"])
def test_workers_end_with_a_killed_build_within_a_second(tmp_path, kind):
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "work.py"
    script.write_text(
        "import os, sys, time\n"
        "from newsdigest.publish import parallel\n"
        "def slow(r):\n    time.sleep(60)\n    return list(r)\n"
        "print(os.getpid(), flush=True)\n"
        "if sys.argv[1] == 'pool':\n    parallel.run(slow, 200, 2, None)\n"
        "else:\n    h = parallel.Helper(lambda: None, 2)\n    h.give(slow, range(3))\n    h.result()\n"
    )
    proc = subprocess.Popen([sys.executable, str(script), kind], stdout=subprocess.PIPE, text=True)
    pid = int(proc.stdout.readline())
    children: list[int] = []
    for _ in range(100):  # until the workers are forked
        time.sleep(0.05)
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = [int(c) for c in f.read().split()]
        if len(children) >= (2 if kind == "pool" else 1):
            break
    assert children, "no worker started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(1.0)
    assert [c for c in children if _alive(c)] == [], children
