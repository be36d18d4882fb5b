"""``factcheck extract FILE...``: figures and claims, no market data."""

from __future__ import annotations

import argparse
import json
import sys

from factcheck.cli.common import add_input_arguments, configure, write_output


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="list the figures of articles as claims (no market data)",
                       description="Find every figure in the article body and turn it into a claim.")
    add_input_arguments(p)
    p.add_argument("--format", choices=("json", "table"), default="table",
                   help="output format (default: table)")
    p.add_argument("--config", metavar="PATH", help="configuration file (default: nearest .factcheck.toml "
                                                    "or pyproject.toml with [tool.factcheck])")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from factcheck import pipeline

    configure(args)
    extracted = pipeline.extract(args.files, published=args.published)
    result = pipeline.extract_result(extracted)
    if args.format == "json":
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    else:
        from factcheck.report.table import render_extract

        text = render_extract(result, color=args.output is None and sys.stdout.isatty())
    write_output(text, args.output)
    return 0
