"""bench/compare_pages.py: the paired bootstrap that tells a cleaner's gain from refitting noise."""

import csv
import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def compare_pages():
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module("compare_pages")
    finally:
        sys.path.remove(str(BENCH))


def write(path: Path, rows: list[tuple[str, int, int, int]]) -> Path:
    """A --pages-csv file of eval-segments pages: (id, tp, fp, fn)."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["measure", "corpus", "id", "precision", "recall", "tp", "fp", "fn", "title", "author", "date"])
        for page_id, tp, fp, fn in rows:
            out.writerow(["left out of the fit", "eval-segments", page_id, "", "", tp, fp, fn, "", "", ""])
    return path


def test_the_same_run_twice_is_no_change(compare_pages, tmp_path):
    rows = [(f"p{i}", 5 + i % 3, i % 2, i % 4) for i in range(40)]
    a = compare_pages.read_rows(write(tmp_path / "a.csv", rows))
    [d] = compare_pages.compare(a, a, resamples=200)
    assert d.pages == 40 and d.change == 0 and d.low == d.high == 0 and d.above_zero == 0


def test_a_gain_on_every_page_leaves_zero_out_and_a_gain_on_one_page_does_not(compare_pages, tmp_path):
    before = [(f"p{i}", 5, 2, 2) for i in range(40)]
    everywhere = [(f"p{i}", 6, 1, 1) for i in range(40)]
    one_page = [(f"p{i}", 6 if i == 0 else 5, 1 if i == 0 else 2, 1 if i == 0 else 2) for i in range(40)]
    a = compare_pages.read_rows(write(tmp_path / "a.csv", before))
    [d] = compare_pages.compare(a, compare_pages.read_rows(write(tmp_path / "b.csv", everywhere)), resamples=200)
    assert d.change > 0 and d.low > 0 and d.above_zero == 1
    [d] = compare_pages.compare(a, compare_pages.read_rows(write(tmp_path / "c.csv", one_page)), resamples=200)
    assert d.change > 0 and d.low <= 0 <= d.high


def test_only_pages_both_runs_scored_are_compared(compare_pages, tmp_path):
    a = compare_pages.read_rows(write(tmp_path / "a.csv", [("p1", 5, 0, 0), ("p2", 5, 0, 0)]))
    b = compare_pages.read_rows(write(tmp_path / "b.csv", [("p2", 5, 0, 0), ("p3", 0, 5, 5)]))
    [d] = compare_pages.compare(a, b, resamples=50)
    assert d.pages == 1 and d.before == d.after == 1.0


def test_runs_of_a_side_are_averaged_page_by_page(compare_pages, tmp_path):
    one = compare_pages.read_rows(write(tmp_path / "a.csv", [("p1", 4, 0, 2), ("p2", 5, 0, 0)]))
    two = compare_pages.read_rows(write(tmp_path / "b.csv", [("p1", 6, 2, 0), ("p3", 5, 0, 0)]))
    [(key, pages)] = compare_pages.averaged([one, two]).items()
    assert key == ("left out of the fit", "eval-segments")
    assert set(pages) == {"p1"}
    assert [float(pages["p1"][k]) for k in ("tp", "fp", "fn")] == [5.0, 1.0, 1.0]


def test_a_file_that_is_not_a_pages_csv_is_named_with_its_line(compare_pages, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,value\na,1\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"other\.csv:2: no measure, corpus, id"):
        compare_pages.read_rows(path)
