"""User-supplied series: what Yahoo does not carry, imported from CSV or Parquet.

China's 10-year yield, bond futures, an index's forward P/E, market values:
a user exports them from wherever they have them and runs ``factcheck data
import FILE --symbol NAME``. The file is validated first (dates, duplicates,
non-numeric cells, with line numbers; long gaps as warnings) and then stored
in ``series.sqlite`` beside the cache, so later checks find it by its name.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from factcheck.marketdata import frames
from factcheck.marketdata.base import Bars, NoDataSource, RangeUnavailable
from factcheck.marketdata.bundled import canonical
from factcheck.marketdata.cache import Store
from factcheck.model import InputError

KINDS = ("price", "yield", "ratio", "value")
DATE_NAMES = ("date", "day", "time", "timestamp", "datetime", "observation_date", "日期", "trade_date")
OHLC_NAMES = {"open": "open", "high": "high", "low": "low", "close": "close", "volume": "volume",
              "adj close": None, "adj_close": None, "change %": None, "change": None}
VALUE_NAMES = ("value", "close", "price", "level", "yield", "ratio", "last", "rate")
MISSING = {"", ".", "-", "—", "na", "n/a", "nan", "null", "none", "#n/a"}
MAX_REPORTED = 8

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?%?$|^[+-]?\.\d+%?$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d/%m/%Y", "%m/%d/%Y")


@dataclass
class ImportResult:
    """A validated series and what was noticed on the way."""

    frame: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    value_columns: list[str] = field(default_factory=list)


def _parse_number(cell: str) -> float | None:
    """``1,234.5``, ``1.67%``, ``-0.3`` → float; missing markers → NaN; anything else → None."""
    text = cell.strip().replace("\u00a0", "").replace(" ", "")
    if text.lower() in MISSING:
        return math.nan
    if not _NUMBER.match(text):
        return None
    return float(text.rstrip("%").replace(",", ""))


def _parse_date(cell: str, fmt_hint: list[str]) -> dt.date | None:
    text = cell.strip()[:19]
    if "T" in text or (len(text) > 10 and text[10] == " "):
        text = text[:10]
    for fmt in fmt_hint + [f for f in _DATE_FORMATS if f not in fmt_hint]:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if fmt not in fmt_hint:
            fmt_hint[:] = [fmt]
        return day
    return None


def _read_table(path: Path) -> tuple[list[str], list[list[str]], int]:
    """Header, rows of strings, and the line number of the first data row."""
    if path.suffix.lower() in (".parquet", ".pq"):
        try:
            table = pd.read_parquet(path)
        except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for a bad file
            raise InputError(f"{path}: not a readable Parquet file ({type(exc).__name__})") from exc
        if isinstance(table.index, pd.DatetimeIndex):
            table = table.reset_index()
        header = [str(c) for c in table.columns]
        rows = [["" if (isinstance(v, float) and math.isnan(v)) or v is None else
                 (v.date().isoformat() if isinstance(v, pd.Timestamp) else str(v)) for v in rec]
                for rec in table.itertuples(index=False, name=None)]
        return header, rows, 1
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    records = list(reader)
    if not records:
        raise InputError(f"{path}: the file is empty")
    return [h.strip() for h in records[0]], records[1:], 2


def _columns(header: list[str], path: Path) -> tuple[int, dict[int, str]]:
    """Which column is the date and which hold values (mapped to contract names)."""
    lower = [h.strip().lower() for h in header]
    date_idx = next((i for i, h in enumerate(lower) if h in DATE_NAMES), 0)
    ohlc = {i: OHLC_NAMES[h] for i, h in enumerate(lower) if h in OHLC_NAMES and OHLC_NAMES[h] and i != date_idx}
    if "close" in ohlc.values():
        return date_idx, ohlc
    others = [i for i in range(len(header)) if i != date_idx]
    named = [i for i in others if lower[i] in VALUE_NAMES]
    if named:
        return date_idx, {named[0]: "close"}
    if len(others) == 1:
        return date_idx, {others[0]: "close"}
    raise InputError(
        f"{path}: cannot tell which column holds the values among {', '.join(header[i] for i in others)}; "
        "name it 'value' or 'close'"
    )


def read_series(path: str | Path) -> ImportResult:
    """Read and validate a user file; raise :class:`InputError` listing problems with line numbers."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    header, rows, first_line = _read_table(path)
    if not rows:
        raise InputError(f"{path}: no data rows under the header")
    date_idx, value_cols = _columns(header, path)
    errors: list[str] = []
    warnings: list[str] = []
    seen: dict[dt.date, int] = {}
    dates: list[dt.date] = []
    lines: list[int] = []
    values: list[dict[str, float]] = []
    fmt_hint: list[str] = []
    where = "row" if first_line == 1 else "line"
    for n, row in enumerate(rows):
        line = n + first_line
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max([date_idx, *value_cols]):
            errors.append(f"{where} {line}: {len(row)} cells, expected {len(header)}")
            continue
        day = _parse_date(row[date_idx], fmt_hint)
        if day is None:
            errors.append(f"{where} {line}: '{row[date_idx].strip()}' is not a date")
            continue
        if day in seen:
            errors.append(f"{where} {line}: duplicate date {day} (also on {where} {seen[day]})")
            continue
        seen[day] = line
        rec: dict[str, float] = {}
        for idx, name in value_cols.items():
            num = _parse_number(row[idx])
            if num is None:
                errors.append(f"{where} {line}: {header[idx]} '{row[idx].strip()}' is not a number")
                num = math.nan
            rec[name] = num
        if all(math.isnan(v) for v in rec.values()):
            warnings.append(f"{where} {line}: {day} has no value (skipped)")
            continue
        dates.append(day)
        lines.append(line)
        values.append(rec)
    if errors:
        shown = "; ".join(errors[:MAX_REPORTED])
        more = f"; and {len(errors) - MAX_REPORTED} more" if len(errors) > MAX_REPORTED else ""
        raise InputError(f"{path}: {len(errors)} problem(s): {shown}{more}")
    if not dates:
        raise InputError(f"{path}: no rows with a date and a value")
    order = np.argsort(np.array([d.toordinal() for d in dates]))
    if len(dates) > 1 and (order == np.arange(len(dates))[::-1]).all():
        warnings.append("rows are newest first; sorted ascending")
    dates = [dates[i] for i in order]
    lines = [lines[i] for i in order]
    values = [values[i] for i in order]
    warnings.extend(_gaps(dates, lines, where))
    frame = frames.normalise(pd.DataFrame.from_records(values, index=dates))
    return ImportResult(frame=frame, warnings=warnings, value_columns=sorted(set(value_cols.values())))


def _gaps(dates: list[dt.date], lines: list[int], where: str) -> list[str]:
    """Gaps much longer than the series' usual spacing (a daily series missing a month)."""
    if len(dates) < 3:
        return []
    steps = np.diff([d.toordinal() for d in dates])
    usual = float(np.median(steps))
    limit = max(7.0, usual * 5)
    out = [f"{where} {lines[i + 1]}: gap of {int(s)} days after {dates[i]}" for i, s in enumerate(steps) if s > limit]
    if len(out) > MAX_REPORTED:
        out = out[:MAX_REPORTED] + [f"and {len(out) - MAX_REPORTED} more gaps"]
    return out


class SeriesProvider:
    """Serves imported series from ``series.sqlite``."""

    name = "series"

    def __init__(self, store: Store) -> None:
        self.store = store

    def symbols(self) -> list[str]:
        return [r["symbol"] for r in self.store.symbols()]

    def info(self, symbol: str) -> dict[str, Any] | None:
        return self.store.symbol_row(canonical(symbol)) if self.store.path.exists() else None

    def has(self, symbol: str) -> bool:
        return self.info(symbol) is not None

    def import_file(self, path: str | Path, symbol: str, *, kind: str = "value", currency: str | None = None,
                    timezone: str | None = None, name: str | None = None, unit: str | None = None) -> tuple[dict[str, Any], list[str]]:
        """Validate and store (replacing an earlier import of the same symbol) in one transaction."""
        if kind not in KINDS:
            raise InputError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
        result = read_series(path)
        sym = canonical(symbol)
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        info = {"kind": kind, "currency": currency, "timezone": timezone, "name": name or symbol, "unit": unit,
                "origin": str(Path(path).resolve()), "sha256": digest,
                "imported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "has_high_low": "high" in result.value_columns}
        frame = result.frame
        self.store.write(sym, frame, frame.index[0], frame.index[-1], info, replace=True)
        return {"symbol": sym, "rows": len(frame), "first": frame.index[0].isoformat(),
                "last": frame.index[-1].isoformat(), **info}, result.warnings

    def history(self, symbol: str, start: dt.date, end: dt.date) -> Bars:
        sym = canonical(symbol)
        row = self.info(sym)
        if row is None:
            raise NoDataSource(f"{symbol}: no imported series of that name")
        frame = self.store.read(sym, start, end)
        if frame.empty:
            raise RangeUnavailable(f"{symbol}: the imported series has no rows between {start} and {end} (it covers {row['first']}..{row['last']})")
        source = {"provider": "series", "origin": row.get("origin"), "imported_at": row.get("imported_at"),
                  "retrieved_at": row.get("imported_at"), "path": str(self.store.path), "prices": "as_imported",
                  "coverage": [row["first"], row["last"]],
                  "complete": row["first"] <= start.isoformat() and end.isoformat() <= row["last"]}
        return Bars(symbol=sym, frame=frame, source=source, currency=row.get("currency"),
                    timezone=row.get("timezone"), kind=row.get("kind") or "value")
