"""``factcheck check FILE...``: claims → verdicts with evidence, in any report format."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from factcheck.cli.common import add_input_arguments, configure, write_output
from factcheck.report import FORMATS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="check the claims of articles against market data",
                       description="Check every figure against market data: supported, contradicted "
                                   "(by how much) or unverifiable (why). Exit 0: nothing failing; 1: a "
                                   "claim failed the --fail-on level; 2: usage or input error.")
    add_input_arguments(p)
    p.add_argument("--format", choices=FORMATS, default=None, help="output format (default: table)")
    p.add_argument("--offline", action="store_true", default=None,
                   help="use only the bundled dataset, the cache and user series; never the network")
    p.add_argument("--online", dest="offline", action="store_false", help="allow Yahoo (overrides config)")
    p.add_argument("--fail-on", choices=("contradicted", "unverifiable", "never"), default=None,
                   help="which verdicts make the exit code 1 (default: contradicted)")
    p.add_argument("--exit-zero", action="store_true", help="always exit 0 unless usage/input error")
    p.add_argument("--cache-dir", metavar="DIR", help="market-data cache folder (or FACTCHECK_CACHE_DIR)")
    p.add_argument("--config", metavar="PATH", help="configuration file (default: nearest .factcheck.toml "
                                                    "or pyproject.toml with [tool.factcheck])")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from factcheck import pipeline
    from factcheck.report import exit_code, progress_enabled, render, write_html_reports

    config = configure(args)
    offline = config.offline if args.offline is None else args.offline
    fail_on = args.fail_on or config.fail_on
    fmt = args.format or "table"

    result = pipeline.check(args.files, offline=offline, published=args.published,
                            cache_dir=args.cache_dir or config.cache_dir, config=config,
                            progress=progress_enabled(len(args.files)))
    if fmt == "html" and args.output and (len(args.files) > 1 or Path(args.output).is_dir()):
        write_html_reports(result, Path(args.output))
    elif fmt == "json":
        write_output(json.dumps(result, ensure_ascii=False, indent=2) + "\n", args.output)
    else:
        color = args.output is None and sys.stdout.isatty()
        write_output(render(fmt, result, config=config, color=color), args.output)
    return 0 if args.exit_zero else exit_code(result, fail_on)
