"""Arguments and output handling shared by the sub-commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from factcheck.model import FactcheckError

if TYPE_CHECKING:
    from factcheck.config import Config


def add_input_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="article files (.txt, .md, .html) or - for stdin")
    p.add_argument("--published", metavar="ISO",
                   help="publication instant, overrides the article's own (e.g. 2025-02-16T21:12-05:00)")
    p.add_argument("-o", "--output", metavar="PATH", help="write the report here instead of stdout")


def configure(args: argparse.Namespace) -> "Config":
    """Load the configuration (``--config``, else the nearest one) and apply its rules folders.

    Extra rules folders must be in place before any stage reads a rules file.
    """
    from factcheck.config import load_config
    from factcheck.resources import set_extra_rules_dirs

    first = next((f for f in args.files if f != "-"), None)
    start_dir = Path(first).resolve().parent if first and Path(first).exists() else Path.cwd()
    explicit = getattr(args, "config", None)
    config = load_config(start_dir, Path(explicit) if explicit else None)
    set_extra_rules_dirs(config.rules_dirs)
    return config


def write_output(text: str, output: str | None) -> None:
    """Write to stdout, or atomically to a file (a crash never leaves half a report)."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output)
    if path.is_dir():
        raise FactcheckError(f"{output}: is a directory (give a file name)")
    if not path.parent.exists():
        raise FactcheckError(f"{output}: folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FactcheckError(f"{output}: cannot write ({exc.strerror})") from None
