"""``factcheck report RESULT.json``: re-render a saved JSON result in any format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    from factcheck.report import FAIL_ON, FORMATS

    p = sub.add_parser(
        "report",
        help="render a saved JSON result (from check --format json) in another format",
        description="Render a saved result again: HTML for a browser, github/sarif/junit/markdown for CI, "
        "table for the terminal. The format follows -o's suffix unless --format is given; "
        "HTML with several documents and a folder as -o writes one page per document plus index.html. "
        "Exit 0: nothing failing; 1: a claim fails the --fail-on level; 2: usage or input error.",
    )
    p.add_argument("result", metavar="RESULT.json", help="a result written by `factcheck check --format json` (- for stdin)")
    p.add_argument("--format", choices=FORMATS, default=None, help="output format (default: from -o's suffix, else table)")
    p.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout (a folder for a multi-page HTML site)")
    p.add_argument("--fail-on", choices=FAIL_ON, default=None, help="which verdicts make the exit code 1 (default: contradicted)")
    p.add_argument("--exit-zero", action="store_true", help="always exit 0 unless usage/input error")
    p.add_argument("--github-unverifiable", choices=("warning", "notice", "off"), default=None,
                   help="annotation level of unverifiable market claims in github/sarif output (default: notice)")
    p.add_argument("--config", metavar="PATH", help="configuration file (default: nearest .factcheck.toml or pyproject.toml)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from factcheck.cli.common import write_output
    from factcheck.config import load_config
    from factcheck.report import exit_code, format_for_path, load_result, render, write_html_reports

    # the project's settings, not those near the result file (often a temp folder in CI)
    config = load_config(Path.cwd(), Path(args.config) if args.config else None)
    result = load_result(args.result)
    fmt = args.format or format_for_path(args.output)
    opts = {"config": config, "github_unverifiable": args.github_unverifiable}
    out = Path(args.output) if args.output else None
    if fmt == "html" and out is not None and (out.is_dir() or not out.suffix or args.output.endswith("/")):
        write_html_reports(result, out, **opts)
    else:
        color = out is None and sys.stdout.isatty()
        write_output(render(fmt, result, color=color, **opts), args.output)
    if args.exit_zero:
        return 0
    return exit_code(result, args.fail_on or config.fail_on)
