"""Command line: argparse, logging, and the one place errors are printed and exit codes set."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .config import load_config
from .errors import NewsdigestError

log = logging.getLogger("newsdigest")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, default=Path("site.toml"), help="site configuration (default: site.toml)")
    noise = p.add_mutually_exclusive_group()
    noise.add_argument("-v", "--verbose", action="store_true", help="say more")
    noise.add_argument("-q", "--quiet", action="store_true", help="print only errors")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="newsdigest: a static site generator for news digests")
    sub = parser.add_subparsers(dest="command")
    b = sub.add_parser("build", help="render content/ through layouts/ into output/ (the default)")
    _common(b)
    b.add_argument("--out", type=Path, help="write the site here instead of [paths] output")
    b.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    return parser


def _setup_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    from .build.pipeline import BuildOptions, build

    config = load_config(args.config)
    report = build(config, BuildOptions(out=args.out, drafts=args.drafts))
    if report.drafts_skipped:
        log.debug("left out %d draft(s); pass --drafts to include them", report.drafts_skipped)
    if not args.quiet:
        print(report.summary())
    return 0


COMMANDS = {"build": run_build}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    _setup_logging(args)
    try:
        return COMMANDS[args.command](args)
    except NewsdigestError as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
