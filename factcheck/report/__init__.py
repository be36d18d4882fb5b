"""Output formats for a check result, one module per format.

Every renderer takes the JSON-shaped result (``schema_version``, ``tool``,
``documents`` with their claims as :func:`factcheck.model.claim_json` writes
them), so ``factcheck report saved.json`` renders exactly what ``factcheck
check`` would have. Format modules are imported on first use: ``rich`` and the
HTML template cost start-up time that ``factcheck extract`` should not pay.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from factcheck.model import SCHEMA_VERSION, FactcheckError

FORMATS = ("table", "json", "html", "sarif", "github", "junit", "markdown")
FAIL_ON = ("contradicted", "unverifiable", "never")

_MODULES = {
    "table": "table",
    "json": "json_report",
    "html": "html",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "markdown": "markdown",
}

# File suffixes that imply a format when ``-o`` is given without ``--format``.
SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".sarif": "sarif",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xml": "junit",
    ".txt": "table",
}

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2

T = TypeVar("T")


def render(fmt: str, results: dict[str, Any], **opts: Any) -> str:
    """Render a whole result in one format and return the text."""
    if fmt not in _MODULES:
        raise FactcheckError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    module = importlib.import_module(f"factcheck.report.{_MODULES[fmt]}")
    return str(module.render(results, **opts))


def format_for_path(path: str | Path | None, default: str = "table") -> str:
    """The format implied by an output file name (``report.sarif.json`` → sarif)."""
    if path is None:
        return default
    if str(path).endswith(("/", "\\")) or Path(path).is_dir():
        return "html"  # a folder is only meaningful for the multi-page HTML site
    name = str(path).lower()
    if name.endswith((".sarif.json", ".sarif")):
        return "sarif"
    return SUFFIX_FORMATS.get(Path(name).suffix, default)


def write_report(fmt: str, results: dict[str, Any], output: str | Path, **opts: Any) -> list[Path]:
    """Write a result to ``output`` and return the files written.

    HTML with several documents and an output that is a folder (exists as one,
    ends with a slash, or has no suffix) gets one page per document plus an
    ``index.html`` linking them with their counts; every other case is one file.
    """
    out = Path(output)
    docs = results.get("documents") or []
    as_folder = out.is_dir() or str(output).endswith(("/", "\\")) or not out.suffix
    if fmt == "html" and as_folder:
        from factcheck.report.html import write_site

        return write_site(results, out, **opts)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html" and len(docs) > 1:
        opts.setdefault("title", f"factcheck: {len(docs)} documents")
    text = render(fmt, results, **opts)
    out.write_text(text, encoding="utf-8")
    return [out]


def write_html_reports(results: dict[str, Any], out_dir: str | Path, **opts: Any) -> list[Path]:
    """One HTML page per document plus ``index.html`` in ``out_dir`` (created if needed)."""
    from factcheck.report.html import write_site

    return write_site(results, Path(out_dir), **opts)


def option(opts: dict[str, Any], name: str, default: Any) -> Any:
    """A render option given directly, else from ``config=`` (a :class:`factcheck.config.Config`), else the default."""
    if opts.get(name) is not None:
        return opts[name]
    config = opts.get("config")
    if config is not None and getattr(config, name, None) is not None:
        return getattr(config, name)
    return default


def load_result(path: str | Path) -> dict[str, Any]:
    """Read a saved JSON result (``-`` for stdin), refusing ones this version cannot read."""
    try:
        if str(path) == "-":
            text = sys.stdin.read()
        else:
            text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FactcheckError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FactcheckError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FactcheckError(f"{path}: not a JSON result (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise FactcheckError(f"{path}: not a factcheck result (no 'documents' list)")
    version = data.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise FactcheckError(
            f"{path}: result schema version {version!r} is not supported by this factcheck (reads up to {SCHEMA_VERSION})"
        )
    return data


def exit_code(result_dict: dict[str, Any], fail_on: str = "contradicted") -> int:
    """0 when nothing fails, 1 when a claim fails under ``fail_on``, 2 when a document could not be checked.

    ``contradicted`` fails on any contradicted claim; ``unverifiable`` also on
    unverifiable market claims (figures that are not market claims, such as a
    date anchoring another claim, never fail); ``never`` only on errors.
    Suppressed claims never fail.
    """
    from factcheck.report.common import is_informational, iter_claims, status_of

    if fail_on not in FAIL_ON:
        raise FactcheckError(f"unknown --fail-on value {fail_on!r} (choose from {', '.join(FAIL_ON)})")
    if any(doc.get("error") for doc in result_dict.get("documents") or []):
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    failing = {"contradicted"} if fail_on == "contradicted" else {"contradicted", "unverifiable"}
    for _doc, claim in iter_claims(result_dict):
        if status_of(claim) in failing and not is_informational(claim):
            return EXIT_FAILED
    return EXIT_OK


def progress(iterable: Iterable[T], total: int | None = None, enabled: bool = True, description: str = "Checking") -> Iterator[T]:
    """Yield from ``iterable``, drawing a progress bar on stderr when ``enabled``.

    Use :func:`progress_enabled` to decide: a bar only helps a person watching
    a terminal, and garbles CI logs and piped output.
    """
    if not enabled:
        yield from iterable
        return
    from factcheck.report.progress import track

    yield from track(iterable, total=total, description=description)


def progress_enabled(count: int, stream: Any = None) -> bool:
    """True for several files on an interactive terminal outside CI."""
    import os

    stream = sys.stderr if stream is None else stream
    if count < 2 or os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
