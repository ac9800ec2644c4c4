"""Command line: argparse, logging, and the one place errors are printed and exit codes set."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path

from .config import SiteConfig, load_config, parse_config
from .errors import NewsdigestError, UsageError
from .terminal import VisibleFormatter, say

log = logging.getLogger("newsdigest")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, default=Path("site.toml"), help="site configuration (default: site.toml)")
    noise = p.add_mutually_exclusive_group()
    noise.add_argument("-v", "--verbose", action="store_true", help="say more")
    noise.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    p.add_argument("--debug", action="store_true", help="show Python tracebacks (for reporting a bug)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program_name(), description="newsdigest: a static site generator for news digests"
    )
    sub = parser.add_subparsers(dest="command")
    b = sub.add_parser("build", help="render content/ through layouts/ into output/ (the default)")
    _common(b)
    b.add_argument("--out", type=Path, help="write the site here instead of [paths] output")
    b.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    b.add_argument("--future", action="store_true", help="include articles dated later than now")
    b.add_argument("--jobs", "-j", type=_positive, default=0, help="worker processes (default: every core)")
    b.add_argument("--no-cache", action="store_true", help="ignore the build cache and build everything")
    i = sub.add_parser("ingest", help="clean raw scraped articles into content/ as Markdown")
    _common(i)
    i.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="raw article files (.txt, .html, .html.gz), feed files (.xml, .rss, .atom), folders, or URLs of pages "
        "or feeds; none: poll every [[sources]] feed of site.toml",
    )
    i.add_argument("--opml", type=Path, action="append", default=[], help="ingest every feed listed in an OPML file")
    i.add_argument("--list", type=Path, action="append", default=[], help="a file of URLs (or paths), one a line")
    i.add_argument(
        "--no-fetch", action="store_true", help="feeds: keep an entry's summary instead of fetching its page"
    )
    i.add_argument("--timeout", type=_positive, default=20, help="seconds a URL may take (default: 20)")
    i.add_argument("--into", type=Path, help="content folder to write into (default: [paths] content)")
    i.add_argument("--dry-run", action="store_true", help="write nothing; print each Markdown document to stdout")
    i.add_argument("--force", action="store_true", help="replace an existing file (same slug or same raw article)")
    i.add_argument("--date", type=_iso_date, help="publication date (YYYY-MM-DD) when the text gives none")
    i.add_argument("--source-name", default="", help="name of the publication the articles come from")
    i.add_argument("--source-url", default="", help="URL of the original article")
    i.add_argument("--list-rules", action="store_true", help="print the cleaning rules and exit")
    n = sub.add_parser("new", help="start a new article: content/<slug>.md with its front matter, as a draft")
    _common(n)
    n.add_argument("title", help="the headline")
    n.add_argument("--tags", default="", help="comma-separated tags, e.g. Ukraine,Diplomacy")
    n.add_argument("--section", default="", help="the site section")
    n.add_argument("--date", help="publication time (YYYY-MM-DD or ISO 8601; default: now in the site's zone)")
    c = sub.add_parser(
        "check", help="lint content/ and layouts/ without building: path:line:col: error|warning: message"
    )
    _common(c)
    c.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1 on any finding)")
    s = sub.add_parser(
        "serve", help="build a preview, serve it on this machine, rebuild and reload open pages on every save"
    )
    _common(s)
    s.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000; 0: any free one)")
    s.add_argument("--bind", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    s.add_argument("--future", action="store_true", help="include articles dated later than now")
    s.add_argument("--jobs", "-j", type=_positive, default=0, help="worker processes (default: every core)")
    return parser


def program_name(argv0: str | None = None) -> str:
    """How the user ran us: ``build.py`` (the repository's entry) or ``newsdigest`` (the installed command)."""
    name = Path(argv0 if argv0 is not None else sys.argv[0]).name
    return "build.py" if name == "build.py" else "newsdigest"


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {value!r}")
    return int(value)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return n


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-05-01, got {value!r}") from None


def _setup_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    # Only our own logger: libraries (markdown-it logs every block rule at DEBUG) stay quiet.
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr, force=True)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(VisibleFormatter("%(message)s"))
    log.setLevel(level)
    # The extractor warns "discarding data: None" whenever it finds no article; ingest then
    # reads the page's visible text and says itself what came of it.
    logging.getLogger("trafilatura").setLevel(logging.DEBUG if args.verbose else logging.ERROR)


def run_build(args: argparse.Namespace) -> int:
    from .publish.pipeline import BuildOptions, build

    config = load_config(args.config)
    options = BuildOptions(
        out=args.out,
        drafts=args.drafts,
        jobs=args.jobs,
        use_cache=not args.no_cache,
        future=args.future,
        progress=not args.quiet,
    )
    report = build(config, options)
    if report.drafts_skipped:
        log.debug("left out %d draft(s); pass --drafts to include them", report.drafts_skipped)
    if not report.up_to_date:
        log.debug(
            "rendered %d pages and feeds (the rest were unchanged); %d files changed", report.rendered, report.changed
        )
    if not args.quiet:
        print(report.summary())
    return 0


def _ingest_config(path: Path) -> SiteConfig:
    """site.toml when there is one (aliases, rules, time zone); else the defaults, here."""
    return load_config(path) if path.exists() else parse_config("", Path.cwd())


def run_ingest(args: argparse.Namespace) -> int:
    from .ingest.pipeline import IngestOptions
    from .ingest.rules import RULES
    from .ingest.sources import ingest_targets, targets_from

    if args.list_rules:
        for rule in RULES:
            print(f"{rule.name:16} {rule.kind:5} {rule.doc}")
        return 0
    if args.source_url and not args.source_url.startswith(("http://", "https://")):
        raise UsageError(f"--source-url: expected an http(s) URL, got {args.source_url!r}")
    config = _ingest_config(args.config)
    options = IngestOptions(
        into=args.into or config.path("content"),
        dry_run=args.dry_run,
        force=args.force,
        date=args.date,
        source_name=args.source_name,
        source_url=args.source_url,
        no_fetch=args.no_fetch,
        timeout=float(args.timeout),
    )
    targets, problems = targets_from(args.paths, args.opml, args.list, config)
    if not targets and not problems:
        raise UsageError(
            "ingest: give a raw article file, folder, URL, --opml or --list; or list feeds as [[sources]] in site.toml"
        )
    report = ingest_targets(targets, config, options, sys.stdout)
    report.failed[:0] = problems
    for line in report.skipped:
        say(f"skipped: {line}")
    for line in report.failed:
        say(f"error: {line}")
    if not args.dry_run and not args.quiet:
        print(
            f"ingested {len(report.written)} articles, skipped {len(report.skipped)}, failed {len(report.failed)}",
            file=sys.stderr,
        )
    return 1 if report.failed else 0


def run_new(args: argparse.Namespace) -> int:
    from datetime import datetime as dt

    from .scaffold import NewArticle, new_article

    config = _ingest_config(args.config)
    when = dt.now(config.tz)
    if args.date:
        try:
            when = dt.fromisoformat(args.date)
        except ValueError:
            raise UsageError(
                f"--date: expected a date like 2024-05-01 or 2024-05-01T09:30, got {args.date!r}"
            ) from None
        when = when if when.tzinfo else when.replace(tzinfo=config.tz)
    tags = tuple(t.strip() for t in args.tags.split(",") if t.strip())
    spec = NewArticle(args.title, when, tags, args.section.strip(), config.site.permalink)
    path = new_article(config.path("content"), spec)
    print(path)
    return 0


def run_check(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .publish.lint import lint

    findings = lint(load_config(args.config))
    if args.strict:
        findings = [replace(f, severity="error") for f in findings]
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    for finding in findings:
        if finding.severity == "error" or not args.quiet:
            say(str(finding), sys.stdout)
    if not args.quiet or errors:
        print(f"check: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}",
              file=sys.stderr)  # fmt: skip
    return 1 if errors else 0


def run_serve(args: argparse.Namespace) -> int:
    from .preview.session import ServeOptions, serve

    return serve(ServeOptions(args.config, args.port, args.bind, args.drafts, args.future, args.jobs))


COMMANDS = {"build": run_build, "ingest": run_ingest, "new": run_new, "check": run_check, "serve": run_serve}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    _setup_logging(args)
    try:
        return COMMANDS[args.command](args)
    except NewsdigestError as exc:
        if args.debug:
            import traceback

            traceback.print_exc()
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``ingest --dry-run | head``): not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141  # 128 + SIGPIPE, as a shell reports it
    except Exception as exc:  # a bug, not the user's mistake: one clear line, the traceback on --debug
        if args.debug:
            raise
        say(
            f"error: internal error: {type(exc).__name__}: {exc}\n"
            "    hint: this is a bug in newsdigest, not in your files; run the command again with --debug "
            "and report what it prints"
        )
        return INTERNAL_ERROR


INTERNAL_ERROR = 70
"""Exit status for a bug (EX_SOFTWARE of sysexits.h)."""
