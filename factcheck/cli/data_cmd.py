"""`factcheck data`: list, show, fetch, import and clear market data.

Argument parsing and printing only; the work is in :mod:`factcheck.marketdata`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import sys
from typing import Any

from factcheck.model import InputError

FORMATS = ("table", "json", "csv")


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--offline", action="store_true", default=argparse.SUPPRESS,
                        help="use only the bundled dataset, the cache and imported series; open no socket")
    common.add_argument("--cache-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="cache folder (default: $FACTCHECK_CACHE_DIR or the user cache dir)")

    p = sub.add_parser("data", parents=[common], help="list, show, fetch, import and clear market data",
                       description="Market data: the bundled offline dataset, the local cache, Yahoo, imported series.")
    p.set_defaults(func=lambda args: (p.print_help(sys.stderr), 2)[1])
    dsub = p.add_subparsers(dest="data_command", metavar="ACTION", parser_class=type(p))

    ls = dsub.add_parser("list", parents=[common], help="symbols available offline and their coverage")
    ls.add_argument("--format", choices=("table", "json"), default="table")
    ls.set_defaults(func=_list)

    show = dsub.add_parser("show", parents=[common], help="print the daily bars of a symbol")
    show.add_argument("symbol", metavar="SYMBOL")
    _range_args(show)
    show.add_argument("--adjusted", action="store_true", help="prices adjusted for later dividends and splits (for returns)")
    show.add_argument("--format", choices=FORMATS, default="table")
    show.set_defaults(func=_show)

    fetch = dsub.add_parser("fetch", parents=[common], help="download from Yahoo into the cache")
    fetch.add_argument("symbols", nargs="+", metavar="SYMBOL")
    _range_args(fetch)
    fetch.set_defaults(func=_fetch)

    imp = dsub.add_parser("import", parents=[common], help="import a user series (CSV or Parquet)")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--symbol", required=True, metavar="NAME", help="name to check claims against (e.g. CN10Y)")
    imp.add_argument("--kind", choices=("price", "yield", "ratio", "value"), default="value")
    imp.add_argument("--currency", metavar="CODE")
    imp.add_argument("--timezone", metavar="IANA", help="time zone of the dates (e.g. Asia/Shanghai)")
    imp.add_argument("--name", metavar="TEXT", help="descriptive name")
    imp.add_argument("--unit", metavar="UNIT", help="unit of the values (e.g. percent, x, USD)")
    imp.set_defaults(func=_import)

    clear = dsub.add_parser("clear", parents=[common], help="empty the cache (imported series are kept unless --series)")
    clear.add_argument("--symbol", action="append", metavar="SYMBOL", help="only this symbol (repeatable)")
    clear.add_argument("--series", action="store_true", help="also remove imported series")
    clear.set_defaults(func=_clear)


def _range_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--start", metavar="YYYY-MM-DD", help="first date (default: 30 days before --end)")
    p.add_argument("--end", metavar="YYYY-MM-DD", help="last date, inclusive (default: today)")


def _date(text: str | None, flag: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{flag} {text!r} is not a date (use YYYY-MM-DD)") from None


def _range(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    end = _date(args.end, "--end") or dt.date.today()
    start = _date(args.start, "--start") or end - dt.timedelta(days=30)
    if start > end:
        raise InputError(f"--start {start} is after --end {end}")
    return start, end


def _provider(args: argparse.Namespace):
    from factcheck.marketdata import open_provider

    return open_provider(offline=getattr(args, "offline", False), cache_dir=getattr(args, "cache_dir", None))


def _fail(message: str) -> int:
    print(f"factcheck: {message}", file=sys.stderr)
    return 1


# -- list ---------------------------------------------------------------------------------
def _list(args: argparse.Namespace) -> int:
    from factcheck.marketdata import symbol_info

    chain = _provider(args)
    rows = []
    for sym in chain.symbols():
        info = symbol_info(sym, cache_dir=getattr(args, "cache_dir", None))
        provider = "series" if "series" in info["coverage"] else "bundled" if "bundled" in info["coverage"] else "cache"
        first, last = info["coverage"][provider]
        sources = info.get("sources") or []
        rows.append({
            "symbol": sym, "name": info.get("name", ""), "kind": info.get("kind", "price"),
            "currency": info.get("currency") or "", "timezone": info.get("timezone") or "",
            "first": first, "last": last, "prices": info.get("prices") or ("as_imported" if provider == "series" else "as_traded"),
            "provider": provider,
            "source": ", ".join(f"{s['repository']}@{s['commit'][:7]}" for s in sources) or info.get("origin", ""),
        })
    if args.format == "json":
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    cols = ("symbol", "name", "kind", "currency", "timezone", "first", "last", "prices", "provider", "source")
    _print_table([[r[c] for c in cols] for r in rows], cols)
    return 0


# -- show ---------------------------------------------------------------------------------
def _show(args: argparse.Namespace) -> int:
    from factcheck.marketdata import DataError, frames, symbol_info

    start, end = _range(args)
    try:
        bars = _provider(args).history(args.symbol, start, end)
    except DataError as exc:
        return _fail(f"no data: {exc}")
    frame = frames.adjusted(bars.frame) if args.adjusted else bars.frame
    info = symbol_info(bars.symbol, cache_dir=getattr(args, "cache_dir", None))
    basis = "adjusted for later dividends and splits" if args.adjusted else _basis(bars.source.get("prices"))
    if args.format == "json":
        payload = {
            "symbol": bars.symbol, "name": info.get("name"), "kind": bars.kind, "currency": bars.currency,
            "timezone": bars.timezone, "prices": "adjusted" if args.adjusted else bars.source.get("prices"),
            "source": bars.source,
            "rows": [{"date": d.isoformat(), **{c: _json_num(v) for c, v in row.items()}}
                     for d, row in zip(frame.index, frame.to_dict("records"))],
        }
        print(json.dumps(payload, indent=1, ensure_ascii=False))
        return 0
    if args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", *frame.columns])
        for d, row in zip(frame.index, frame.itertuples(index=False, name=None)):
            writer.writerow([d.isoformat(), *("" if _nan(v) else repr(float(v)) for v in row)])
        sys.stdout.write(out.getvalue())
        return 0
    head = " · ".join(x for x in (bars.symbol, info.get("name"), bars.currency, bars.timezone, bars.kind) if x)
    print(head)
    print(f"prices: {basis}")
    print("source: " + _describe_source(bars.source))
    cols = ["open", "high", "low", "close", "volume", "dividends", "splits"]
    table = []
    for d, row in zip(frame.index, frame[cols].itertuples(index=False, name=None)):
        o, h, lo, c, v, div, spl = row
        table.append([d.isoformat(), _price(o), _price(h), _price(lo), _price(c), _volume(v),
                      _price(div) if div else "", f"{spl:g}:1" if spl else ""])
    _print_table(table, ["date", *cols], right=True)
    return 0


def _basis(prices: str | None) -> str:
    return {
        "as_traded": "as traded",
        "rebuilt_as_traded": "as traded (rebuilt from adjusted prices and the split/dividend events)",
        "adjusted": "ADJUSTED by the source for events it does not list (not the prices quoted that day)",
        "as_imported": "as imported",
    }.get(prices or "", prices or "unknown")


def _describe_source(source: dict[str, Any]) -> str:
    parts = [source.get("provider", "?")]
    if source.get("snapshot"):
        parts.append(f"snapshot {source['snapshot']}")
    if source.get("retrieved_at"):
        parts.append(f"retrieved {source['retrieved_at']}")
    if source.get("origin"):
        parts.append(str(source["origin"]))
    if source.get("complete") is False:
        parts.append(f"PARTIAL: covers only {source['coverage'][0]}..{source['coverage'][1]}")
    return ", ".join(parts)


def _nan(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _json_num(v: Any) -> float | None:
    return None if _nan(v) else float(v)


def _price(v: float) -> str:
    """Six significant digits, at least two decimals (78.10, 8331.40, 154.752, 6.9075)."""
    if _nan(v):
        return "-"
    digits = len(str(int(abs(v)))) if abs(v) >= 1 else 0
    text = f"{v:.{max(2, 6 - digits)}f}"
    if "." in text:
        whole, frac = text.split(".")
        frac = frac.rstrip("0").ljust(2, "0")
        text = f"{whole}.{frac}"
    return text


def _volume(v: float) -> str:
    return "-" if _nan(v) else f"{v:.0f}"


def _print_table(rows: list[list[Any]], header: list[str] | tuple[str, ...], right: bool = False) -> None:
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for n, r in enumerate(cells):
        parts = [r[0].ljust(widths[0])]
        for i in range(1, len(r)):
            parts.append(r[i].rjust(widths[i]) if right else r[i].ljust(widths[i]))
        print("  ".join(parts).rstrip())


# -- fetch --------------------------------------------------------------------------------
def _fetch(args: argparse.Namespace) -> int:
    from factcheck.marketdata import DataError

    if getattr(args, "offline", False):
        raise InputError("fetch needs the network; drop --offline")
    start, end = _range(args)
    chain = _provider(args)
    failed = 0
    for symbol in args.symbols:
        try:
            bars = chain.cache.history(symbol, start, end)
        except DataError as exc:
            failed += 1
            print(f"{symbol}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        f = bars.frame
        print(f"{bars.symbol}: {len(f)} rows {f.index[0]}..{f.index[-1]} ({bars.source['provider']}, cached in {bars.source['path']})")
    return 1 if failed else 0


# -- import -------------------------------------------------------------------------------
def _import(args: argparse.Namespace) -> int:
    chain = _provider(args)
    summary, warnings = chain.series.import_file(args.file, args.symbol, kind=args.kind, currency=args.currency,
                                                 timezone=args.timezone, name=args.name, unit=args.unit)
    for w in warnings:
        print(f"factcheck: warning: {args.file}: {w}", file=sys.stderr)
    print(f"{summary['symbol']}: imported {summary['rows']} rows {summary['first']}..{summary['last']} "
          f"(kind {summary['kind']}) into {chain.series.store.path}")
    return 0


# -- clear --------------------------------------------------------------------------------
def _clear(args: argparse.Namespace) -> int:
    chain = _provider(args)
    stores = [("cache", chain.cache.store)] + ([("imported series", chain.series.store)] if args.series else [])
    for label, store in stores:
        if not store.path.exists():
            print(f"{label}: nothing to clear ({store.path})")
            continue
        targets = args.symbol or [None]
        n = sum(store.delete(s.strip().upper() if s else None) for s in targets)
        print(f"{label}: removed {n} symbol(s) from {store.path}")
    return 0
