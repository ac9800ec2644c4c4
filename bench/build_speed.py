"""Build speed at scale: cold, no-change, one-article-edit and one-template-edit builds of a
deterministic synthetic corpus (bench/corpus.py), peak memory, files written, and Pelican's
cold build on the same corpus when Pelican is available.

    python bench/build_speed.py                      # N = 1,000 and 10,000
    python bench/build_speed.py --sizes 1000 --runs 3
    python bench/build_speed.py --pelican /path/to/pelican   # else `pelican` if importable
    python bench/build_speed.py --against 98cb095            # and that commit, side by side

Every figure is the median of --runs runs of `python build.py` in a fresh process (imports
included), after one untimed warm-up build, with `sync` before each so one run's pending
writes don't slow the next, and the previous run's output moved aside rather than deleted
(for Pelican too; Pelican's runs alternate with ours).
Corpora are generated once under bench/.work/ (git-ignored). Targets (issue 5, 2 cores):
cold 1,000 <= 2 s, 10,000 <= 20 s and >= 4x faster than Pelican; one-edit rebuild <= 0.3 s
at 1,000, <= 1 s at 10,000; no-change rebuild at 10,000 <= 0.5 s; peak memory at 10,000 <= 300 MiB.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

WORK = Path(__file__).resolve().parent / ".work"


def tree_pids(pid: int) -> list[int]:
    """``pid`` and its descendants (forked workers)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def pss_kib(pid: int) -> int:
    """Proportional set size: the process's private memory plus its share of pages it shares
    (forked workers share their parent's pages copy-on-write; RSS would count them in each)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        return int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")))
    except (OSError, StopIteration, ValueError):
        return 0


def run(cmd: list[str], cwd: Path, sample_memory: bool = False) -> tuple[float, int, int]:
    """(seconds, peak RSS of the largest process in KiB, peak PSS summed over the process tree
    in KiB or 0). The largest process's peak RSS is exact (wait4's rusage covers the process
    and every descendant it waited for); the tree's PSS is sampled every 50 ms, and only when
    asked, since reading it costs the machine some CPU."""
    os.sync()
    time.sleep(0.5)  # let the disk settle after the previous run's writes
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_pss = [0]

    def poll() -> None:
        while proc.returncode is None:
            peak_pss[0] = max(peak_pss[0], sum(pss_kib(p) for p in tree_pids(proc.pid)))
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    if sample_memory:
        watcher.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if sample_memory:
        watcher.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode()}")
    return seconds, usage.ru_maxrss, peak_pss[0]


def build_cmd(site: Path, *extra: str, code: Path = ROOT) -> list[str]:
    """``python build.py`` of the checkout at ``code`` (this one, or --against's worktree)."""
    return [sys.executable, str(code / "build.py"), "--config", str(site / "site.toml"), "--quiet", *extra]


def reference_checkout(rev: str) -> Path:
    """A detached worktree of ``rev`` under bench/.work/ (its build.py imports its own package)."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    target = WORK / f"ref-{sha}"
    if not (target / "build.py").is_file():
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(target), sha], cwd=ROOT, check=True, capture_output=True
        )
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "newsdigest")], check=True)
    return target


def copy_site(site: Path, name: str) -> Path:
    """The same corpus in a second folder, so each checkout keeps its own output and cache."""
    target = site.with_name(name)
    if not (target / "content").is_dir():
        shutil.copytree(site, target, ignore=shutil.ignore_patterns("output", ".newsdigest-cache"))
    # The reference commit predates [search] (and builds no index): the same site without it.
    toml = target / "site.toml"
    toml.write_text(toml.read_text().replace("\n[search]\nenabled = false\n", ""))
    return target


TRASH = WORK / "trash"


def clean(site: Path, *names: str) -> None:
    """Move the last run's output and cache aside (deleted at the end): deleting 100 MB of
    small files right before a timed run makes the next run pay for the disk's discards."""
    TRASH.mkdir(parents=True, exist_ok=True)
    for name in names or ("output", ".newsdigest-cache"):
        if (site / name).exists():
            os.replace(site / name, TRASH / f"{site.name}-{name}-{time.time_ns()}")


def edit_article(site: Path, i: int) -> None:
    path = sorted((site / "content").glob("*.md"))[i * 37 % 1000]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f" An editor's correction, number {i}.\n", encoding="utf-8")


def edit_lead(site: Path, i: int) -> None:
    """An edit of an article's first paragraph: words that story grouping reads (the text's
    first 6,000 characters), so the build groups the site again. ``edit_article``'s
    correction lands past them in the corpus's 8 KB articles, and its build takes the last
    grouping as it is."""
    path = sorted((site / "content").glob("*.md"))[(i * 53 + 11) % 1000]
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    path.write_text(f"{head}\n---\nA reporter's update, number {i}, on the talks.\n\n{body}", encoding="utf-8")


def edit_template(site: Path, i: int) -> None:
    path = site / "layouts/partials/footer.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<footer class="site-footer"><p>{{{{ site.title }}}}, edition {i}</p></footer>\n')


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def pelican_site(site: Path) -> Path:
    """The same corpus as Pelican input (Markdown with Pelican's metadata lines)."""
    import yaml

    target = site.with_name(site.name + "-pelican")
    if (target / "content").is_dir():
        return target
    (target / "content").mkdir(parents=True)
    for path in sorted((site / "content").glob("*.md")):
        head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        meta = yaml.safe_load(head.lstrip("-\n"))
        lines = [
            f"Title: {meta['title']}",
            f"Date: {meta['date']}",
            f"Author: {meta['author']}",
            f"Tags: {', '.join(str(t) for t in meta['tags'])}",
            f"Summary: {meta['description']}",
            f"Slug: {path.stem}",
            "",
        ]
        (target / "content" / path.name).write_text("\n".join(lines) + body, encoding="utf-8")
    (target / "pelicanconf.py").write_text(
        'SITENAME = "Synthetic Digest"\nSITEURL = ""\nTIMEZONE = "UTC"\nDEFAULT_LANG = "en"\n'
        "DEFAULT_PAGINATION = 10\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\nTAG_FEED_ATOM = 'feeds/{slug}.atom.xml'\n"
        "TAG_FEED_RSS = 'feeds/{slug}.rss.xml'\nCATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\n"
        "AUTHOR_FEED_RSS = None\nAUTHOR_SAVE_AS = ''\nAUTHORS_SAVE_AS = ''\n"
        "ARTICLE_URL = '{date:%Y}/{date:%m}/{slug}/'\n"
        "ARTICLE_SAVE_AS = '{date:%Y}/{date:%m}/{slug}/index.html'\nLOAD_CONTENT_CACHE = False\n"
    )
    return target


def pelican_cmd() -> list[str] | None:
    try:
        import pelican  # noqa: F401

        return [sys.executable, "-m", "pelican"]
    except ImportError:
        return None


def bench(n: int, runs: int, pelican: list[str] | None, against: Path | None) -> None:
    site = WORK / f"corpus-{n}"
    if not (site / "content").is_dir():
        print(f"generating {n} articles ...", flush=True)
        write_corpus(site, n)
    (site / "layouts/partials").mkdir(parents=True, exist_ok=True)
    edit_template(site, 0)
    # Each side: (label, its site folder, its checkout). --against's runs alternate with ours,
    # phase by phase, so the machine's drift falls on both alike.
    sides = [("newsdigest", site, ROOT)]
    if against:
        ref = copy_site(site, f"{site.name}-ref")
        edit_template(ref, 0)
        sides.append((f"at {against.name[4:]}", ref, against))
    psite = pelican_site(site) if pelican else None
    pelican_runs = max(1, min(runs, 3 if n <= 1000 else 1))
    # One untimed cold build first: this VM hands freed memory back to its host, and the first
    # run after a quiet spell pays to fault it in again (seen here as 2.4 s against 1.4 s,
    # with five times the usual system time).
    for _, s, code in sides:
        clean(s)
        run(build_cmd(s, code=code), s)
    fig: dict[str, dict[str, list]] = {
        label: {"cold": [], "nochange": [], "edit": [], "lead": [], "tmpl": []} for label, _, _ in sides
    }
    pel = []
    for i in range(runs):
        for label, s, code in sides:
            clean(s)
            fig[label]["cold"].append(run(build_cmd(s, code=code), s))
        # Pelican's runs alternate with ours, so the machine's drift (this VM's speed wanders
        # by +-20% within minutes) falls on both sides of the ratio alike.
        if psite and i < pelican_runs:
            clean(psite, "output")
            pel.append(
                run(
                    [
                        *pelican,
                        str(psite / "content"),
                        "-o",
                        str(psite / "output"),
                        "-s",
                        str(psite / "pelicanconf.py"),
                        "-q",
                    ],
                    psite,
                )[0]
            )
    files = sum(1 for p in (site / "output").rglob("*") if p.is_file())
    for _ in range(runs):
        for label, s, code in sides:
            fig[label]["nochange"].append(run(build_cmd(s, code=code), s)[0])
    for i in range(runs):
        for label, s, code in sides:
            edit_article(s, i + 1)
            fig[label]["edit"].append(run(build_cmd(s, code=code), s)[0])
    for i in range(runs):
        for label, s, code in sides:
            edit_lead(s, i + 1)
            fig[label]["lead"].append(run(build_cmd(s, code=code), s)[0])
    for i in range(runs):
        for label, s, code in sides:
            edit_template(s, i + 1)
            fig[label]["tmpl"].append(run(build_cmd(s, code=code), s)[0])
    one = [run(build_cmd(site, "--no-cache", "--jobs", "1"), site)[0]]
    clean(site)
    memory = run(build_cmd(site), site, sample_memory=True)  # untimed: sampling costs CPU

    ours = fig["newsdigest"]
    peak_one = max(c[1] for c in [*ours["cold"], memory]) / 1024
    peak_sum = memory[2] / 1024
    cold_s = median([c[0] for c in ours["cold"]])
    print(f"\nN = {n:,} articles ({files:,} files written)")
    each = ", ".join(f"{c[0]:.2f}" for c in ours["cold"])
    print(f"  cold build            {cold_s:7.2f} s   (median of {each}; one process, --jobs 1: {one[0]:.2f} s)")
    print(f"  no-change rebuild     {median(ours['nochange']):7.2f} s")
    edits = ", ".join(f"{x:.2f}" for x in ours["edit"])
    print(
        f"  one-article edit      {median(ours['edit']):7.2f} s   (median of {edits}; the first follows a cold "
        "build, the others an edit: made from the spare tree it left; a correction at the end of the text, "
        "past what grouping reads)"
    )
    leads = ", ".join(f"{x:.2f}" for x in ours["lead"])
    print(
        f"  one-article lead edit {median(ours['lead']):7.2f} s   (median of {leads}; words story grouping reads: "
        "the site is grouped again)"
    )
    print(f"  one-template edit     {median(ours['tmpl']):7.2f} s   (footer partial: every page re-renders)")
    print(
        f"  peak memory           {peak_one:7.0f} MiB RSS of the largest process (cold build); "
        f"{peak_sum:.0f} MiB PSS summed over it and its workers"
    )
    if pel:
        p = median(pel)
        print(
            f"  Pelican cold build    {p:7.2f} s   (median of {', '.join(f'{x:.2f}' for x in pel)}; "
            "alternating with ours) "
            f"-> newsdigest is {p / cold_s:.1f}x faster (target >= 4x)"
        )
    if against:
        ref_label = sides[1][0]
        print(f"  side by side with the checkout {ref_label} (runs alternating):")
        print(f"    {'':20} {'this':>8} {ref_label:>12} {'ratio':>7}")
        for name, phase in (
            ("cold build", "cold"),
            ("no-change rebuild", "nochange"),
            ("one-article edit", "edit"),
            ("lead edit", "lead"),
            ("one-template edit", "tmpl"),
        ):
            a = median([x[0] if isinstance(x, tuple) else x for x in ours[phase]])
            b = median([x[0] if isinstance(x, tuple) else x for x in fig[ref_label][phase]])
            print(f"    {name:20} {a:7.2f}s {b:11.2f}s {a / b:7.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pelican", help="path of a pelican executable (default: `python -m pelican` if importable)")
    ap.add_argument("--against", metavar="REV", help="also time the checkout of this git revision, runs alternating")
    args = ap.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "newsdigest")], check=True)
    if args.pelican and not shutil.which(args.pelican):
        ap.error(f"--pelican {args.pelican}: no such executable")
    pelican = [args.pelican] if args.pelican else pelican_cmd()
    if pelican is None:
        print("Pelican not installed (pip install pelican markdown): no comparison this run")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    try:
        for n in args.sizes:
            bench(n, args.runs, pelican, reference_checkout(args.against) if args.against else None)
    finally:
        shutil.rmtree(TRASH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
