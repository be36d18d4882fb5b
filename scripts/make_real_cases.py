#!/usr/bin/env python3
"""Look up the truth for the hand-written real-case articles in tests/articles/.

A dev tool, not run by tests: it reads daily CSVs named on the command line
(files or folders) and prints the numbers an expectation comment quotes, so
every expected status in ``tests/articles/*.yaml`` can be re-derived from the
data by anyone. It deliberately shares no code with the ``factcheck`` package:
an acceptance test whose truth came from the code under test would prove
nothing.

Layouts understood (see the market-data PROVENANCE notes):
  * yfinance ``history``: Date,Open,High,Low,Close,Volume,Dividends,Stock Splits
    (adjusted; as-traded prices are rebuilt from the event columns);
  * yfinance ``download``: Date,Close,High,Low,Open,Volume, optionally with a
    second ``,TICKER,...`` line or a three-line header (adjusted, no events).

Examples::

    scripts/make_real_cases.py --data ../shared/market-data/us day ^GSPC 2024-03-07
    scripts/make_real_cases.py --data ../shared/market-data/us since ^GSPC 2023-12-14
    scripts/make_real_cases.py --data ../shared/market-data/us streak ^DJI 2024-12-18
    scripts/make_real_cases.py --data ../shared/market-data/us change NVDA 2024-06-07 2024-06-10
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass
class Bar:
    day: date
    open: float
    high: float
    low: float
    close: float
    dividend: float = 0.0
    split: float = 0.0
    # as-traded OHLC (equal to the adjusted values when the file has no events)
    t_open: float = 0.0
    t_high: float = 0.0
    t_low: float = 0.0
    t_close: float = 0.0


def symbol_of(path: Path) -> str:
    """``^HSCE.2021-01-04_to_2025-04-30.csv`` → ``^HSCE``; ``9988.HK.csv`` → ``9988.HK``."""
    name = path.name[: -len(".csv")]
    return re.sub(r"\.(excerpt|\d{4}-\S*|investing\S*)$", "", name)


def _num(s: str) -> float | None:
    s = s.strip()
    if not s:
        return None
    try:
        return float(s)
    except ValueError:
        return None


def load_csv(path: Path) -> list[Bar]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    header = [h.strip().lower() for h in rows[0]]
    if header[0] == "price":  # three-line download header: Price,... / Ticker,... / Date,,,
        header = ["date"] + header[1:]
    col = {h: i for i, h in enumerate(header)}
    bars: list[Bar] = []
    for r in rows[1:]:
        if not r or not re.match(r"\d{4}-\d{2}-\d{2}", r[0]):
            continue
        vals = {k: _num(r[i]) if i < len(r) else None for k, i in col.items() if k != "date"}
        if vals.get("close") is None:
            continue
        c = vals["close"]
        bars.append(Bar(
            day=date.fromisoformat(r[0][:10]),
            open=vals.get("open") or c,
            high=vals.get("high") or c,
            low=vals.get("low") or c,
            close=c,
            dividend=vals.get("dividends") or 0.0,
            split=vals.get("stock splits") or 0.0,
        ))
    bars.sort(key=lambda b: b.day)
    _rebuild_as_traded(bars)
    return bars


def _rebuild_as_traded(bars: list[Bar]) -> None:
    """Undo yfinance's back-adjustment, walking from the newest row backwards.

    yfinance scales every row before an ex-date by ``1 - D / previous close``
    (D in split-adjusted units) and every row before a split by ``1 / ratio``.
    The newest row is taken as as-traded (no later events are known).
    """
    div_factor = 1.0  # product of dividend factors of events after the current row
    split_factor = 1.0  # product of split ratios of events after the current row
    for i in range(len(bars) - 1, -1, -1):
        b = bars[i]
        k = split_factor / div_factor
        b.t_open, b.t_high, b.t_low, b.t_close = b.open * k, b.high * k, b.low * k, b.close * k
        if b.split:
            split_factor *= b.split
        if b.dividend and i > 0:
            prev_split_adj_close = bars[i - 1].close / div_factor
            div_factor *= 1.0 - b.dividend / prev_split_adj_close


def load_all(paths: list[str]) -> dict[str, list[Bar]]:
    out: dict[str, list[Bar]] = {}
    for p in paths:
        path = Path(p)
        files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
        for f in files:
            if f.suffix == ".csv" and "investing" not in f.name and "open-close" not in f.name:
                out[symbol_of(f)] = load_csv(f)
    return out


def index_of(bars: list[Bar], d: date) -> int:
    for i, b in enumerate(bars):
        if b.day == d:
            return i
    raise SystemExit(f"no row for {d} (not a session in this file)")


def pct(a: float, b: float) -> float:
    return (b / a - 1.0) * 100.0


# --------------------------------------------------------------------------- commands


def cmd_day(bars: list[Bar], d: date) -> None:
    i = index_of(bars, d)
    b, p = bars[i], bars[i - 1]
    print(f"prev  {p.day} close adj {p.close:.4f}  as-traded {p.t_close:.4f}")
    print(f"day   {b.day} O {b.t_open:.4f} H {b.t_high:.4f} L {b.t_low:.4f} C {b.t_close:.4f} (as traded)")
    print(f"      adjusted close {b.close:.4f}; dividend {b.dividend} split {b.split}")
    print(f"change close/close  {pct(p.close, b.close):+.4f}%  {b.t_close - p.t_close:+.4f} pts (as traded)")
    print(f"intraday high vs prev close {pct(p.close, b.high):+.4f}%  low {pct(p.close, b.low):+.4f}%")
    print(f"bp change (yields)  {(b.close - p.close) * 100:+.2f} bp")


def cmd_change(bars: list[Bar], d0: date, d1: date) -> None:
    a, b = bars[index_of(bars, d0)], bars[index_of(bars, d1)]
    print(f"{a.day} close adj {a.close:.4f} (as traded {a.t_close:.4f})")
    print(f"{b.day} close adj {b.close:.4f} (as traded {b.t_close:.4f})")
    print(f"change (adjusted) {pct(a.close, b.close):+.4f}%  points (as traded) {b.t_close - a.t_close:+.4f}")


def cmd_since(bars: list[Bar], d: date, field: str) -> None:
    """P = last earlier date whose close is at least as extreme as this day's reference."""
    i = index_of(bars, d)
    ref = getattr(bars[i], field)
    hi = next((bars[j] for j in range(i - 1, -1, -1) if bars[j].close >= ref), None)
    lo = next((bars[j] for j in range(i - 1, -1, -1) if bars[j].close <= ref), None)
    print(f"{d} {field} {ref:.4f} (adjusted series; first row {bars[0].day})")
    print(f"highest since: P = {hi.day if hi else 'before the data'} (close {hi.close:.4f})" if hi
          else "highest since: no earlier close as high (record in this file)")
    print(f"lowest since:  P = {lo.day} (close {lo.close:.4f})" if lo
          else "lowest since: no earlier close as low")


def cmd_streak(bars: list[Bar], d: date) -> None:
    i = index_of(bars, d)
    up = bars[i].close > bars[i - 1].close
    n = 0
    j = i
    while j > 0 and (bars[j].close > bars[j - 1].close) == up and bars[j].close != bars[j - 1].close:
        n += 1
        j -= 1
    print(f"{d}: {n} straight {'gains' if up else 'declines'} (streak began after the {bars[j].day} close)")


def _base_before(bars: list[Bar], d: date, start: date) -> Bar:
    """The last close before ``start`` (the base of a to-date change)."""
    prior = [b for b in bars if b.day < start]
    return prior[-1]


def cmd_week(bars: list[Bar], d: date) -> None:
    iso = d.isocalendar()
    monday = date.fromisocalendar(iso[0], iso[1], 1)
    base, end = _base_before(bars, d, monday), bars[index_of(bars, d)]
    print(f"week to {d}: base {base.day} close {base.close:.4f} → {end.close:.4f} = {pct(base.close, end.close):+.4f}%"
          f"  ({end.t_close - base.t_close:+.2f} pts as traded)")


def cmd_wstreak(bars: list[Bar], d: date) -> None:
    """Consecutive weekly gains/declines, each week's last close against the week before."""
    weeks: dict[tuple[int, int], Bar] = {}
    for b in bars:
        if b.day <= d:
            weeks[b.day.isocalendar()[:2]] = b
    closes = list(weeks.values())
    up = closes[-1].close > closes[-2].close
    n = 0
    while n + 1 < len(closes) and (closes[-1 - n].close > closes[-2 - n].close) == up:
        n += 1
    print(f"week ending {closes[-1].day}: {n} straight weekly {'gains' if up else 'declines'}; "
          f"this week {pct(closes[-2].close, closes[-1].close):+.4f}%")


def cmd_ytd(bars: list[Bar], d: date) -> None:
    base, end = _base_before(bars, d, date(d.year, 1, 1)), bars[index_of(bars, d)]
    print(f"year to {d}: base {base.day} close {base.close:.4f} → {end.close:.4f} = {pct(base.close, end.close):+.4f}%")


def cmd_record(bars: list[Bar], d: date) -> None:
    i = index_of(bars, d)
    prev_max = max(bars[:i], key=lambda b: b.close)
    tag = "RECORD close" if bars[i].close > prev_max.close else "not a record"
    print(f"{d} close {bars[i].close:.4f}; previous max close {prev_max.close:.4f} on {prev_max.day}: {tag}")


def cmd_rows(bars: list[Bar], d0: date, d1: date) -> None:
    prev = None
    for b in bars:
        if d0 <= b.day <= d1:
            chg = f"{pct(prev.close, b.close):+7.3f}%" if prev else ""
            print(f"{b.day} {b.day.strftime('%a')} O {b.t_open:10.4f} H {b.t_high:10.4f} L {b.t_low:10.4f} "
                  f"C {b.t_close:10.4f} adjC {b.close:10.4f} {chg} div {b.dividend} split {b.split}")
        prev = b


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", action="append", required=True, help="CSV file or folder (repeatable)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("day", "streak", "wstreak", "week", "ytd", "record"):
        s = sub.add_parser(name)
        s.add_argument("symbol")
        s.add_argument("date", type=date.fromisoformat)
    s = sub.add_parser("since")
    s.add_argument("symbol")
    s.add_argument("date", type=date.fromisoformat)
    s.add_argument("--field", default="close", choices=["close", "high", "low"])
    for name in ("change", "rows"):
        s = sub.add_parser(name)
        s.add_argument("symbol")
        s.add_argument("start", type=date.fromisoformat)
        s.add_argument("end", type=date.fromisoformat)
    args = ap.parse_args(argv)
    data = load_all(args.data)
    if args.symbol not in data:
        print(f"unknown symbol {args.symbol}; have {', '.join(sorted(data))}", file=sys.stderr)
        return 2
    bars = data[args.symbol]
    if args.cmd == "day":
        cmd_day(bars, args.date)
    elif args.cmd == "change":
        cmd_change(bars, args.start, args.end)
    elif args.cmd == "rows":
        cmd_rows(bars, args.start, args.end)
    elif args.cmd == "since":
        cmd_since(bars, args.date, args.field)
    else:
        {"streak": cmd_streak, "wstreak": cmd_wstreak, "week": cmd_week, "ytd": cmd_ytd, "record": cmd_record}[args.cmd](bars, args.date)
    return 0


if __name__ == "__main__":
    sys.exit(main())
