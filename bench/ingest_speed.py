"""Ingest speed: raw articles cleaned per second in one process (target: >= 200/s).

    python bench/ingest_speed.py                # the five seeds, 400 times
    python bench/ingest_speed.py --pages        # also the 474 full scraped pages of ../shared/eval-segments

Measures Cleaner.clean (read, clean, structure, metadata, Markdown) without disk writes,
after one warm-up article (stop lists load once per process). The seeds repeated hit the
per-line caches on every line after their first round; a second figure empties those
caches before each article, as a batch of new articles would see them (a batch of one
site's pages shares only their boilerplate lines).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsdigest.config import parse_config  # noqa: E402
from newsdigest.ingest import headline  # noqa: E402
from newsdigest.ingest.language import line_key  # noqa: E402
from newsdigest.ingest.pipeline import Cleaner, IngestOptions, NoArticle  # noqa: E402


def forget_lines() -> None:
    """Empty the per-line caches (a line's words, whether it holds a date): a batch of one
    site's pages shares their boilerplate lines, but the seeds repeated share every line."""
    line_key.cache_clear()
    headline._has_date.cache_clear()


def measure(
    cleaner: Cleaner, raws: list[tuple[str, bytes]], rounds: int = 3, fresh: bool = False
) -> tuple[float, float, float]:
    """(articles per wall-clock second, per CPU second, mean KiB per article), medians of ``rounds``.
    ``fresh``: each article starts with the per-line caches empty, as a new article would.

    Both are printed because this VM's wall clock includes time its vCPU is not running
    (other tenants): the CPU-second figure is the one that compares across runs."""
    rates, cpu_rates = [], []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        for name, data in raws:
            if fresh:
                forget_lines()
            with contextlib.suppress(NoArticle):  # a page without an article still took the time
                cleaner.clean(data, name)
        rates.append(len(raws) / (time.perf_counter() - start))
        cpu_rates.append(len(raws) / (time.process_time() - cpu))
    return statistics.median(rates), statistics.median(cpu_rates), sum(len(d) for _, d in raws) / len(raws) / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", action="store_true", help="also time the eval-segments pages")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    cleaner = Cleaner(parse_config("", ROOT), IngestOptions(into=ROOT / "unused"), now=datetime(2024, 6, 1, tzinfo=UTC))
    seeds = [(p.name, p.read_bytes()) for p in sorted((ROOT / "tests/fixtures/seeds").glob("*.txt"))]
    cleaner.clean(seeds[0][1], seeds[0][0])  # warm-up: stop lists, regex caches
    rate, cpu_rate, kib = measure(cleaner, seeds * 80)
    print(
        f"seeds: {len(seeds) * 80} articles ({kib:.1f} KiB each): {rate:.0f} articles/s "
        f"({cpu_rate:.0f} per CPU second; target >= 200)"
    )
    rate, cpu_rate, kib = measure(cleaner, seeds * 80, fresh=True)
    print(
        f"seeds, each as a new article (per-line caches emptied first): {rate:.0f} articles/s "
        f"({cpu_rate:.0f} per CPU second)"
    )
    if args.pages:
        pages = [(p.name, p.read_bytes()) for p in sorted((args.shared / "eval-segments/text").glob("*.txt"))]
        forget_lines()
        rate, cpu_rate, kib = measure(cleaner, pages, rounds=1)
        print(
            f"eval-segments pages: {len(pages)} full pages ({kib:.1f} KiB each): {rate:.0f} pages/s "
            f"({cpu_rate:.0f} per CPU second)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
