"""Market metrics as small pure functions over daily rows.

Each function takes a :class:`Series` (one symbol's bars as plain lists) and
row indices chosen by the resolved window, and returns an
:class:`Observation`: the observed interval in the claim's unit, the rows it
came from (with their roles), and the formula in words. Nothing here knows
about claims, hedges or verdicts; that is verify.py's job.

Price bases (``basis``):
  ``as_traded``  the price printed that day (levels, thresholds)
  ``split``      as traded, put on today's share basis (splits only): short
                 changes, look-backs, streaks, extremes
  ``adjusted``   also adjusted for dividends (Bars.adj_factor): long returns
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from factcheck.intervals import Interval, hull
from factcheck.model import Row

if TYPE_CHECKING:
    from factcheck.marketdata.base import Bars


class MetricError(Exception):
    """The rows cannot answer the question; ``reason`` is a key of model.REASONS."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _f(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


class Series:
    """One symbol's daily bars as parallel lists (fast to index, no pandas per claim)."""

    def __init__(self, symbol: str, dates: list[dt.date], open_: list[float | None], high: list[float | None],
                 low: list[float | None], close: list[float | None], adj: list[float] | None = None,
                 splits: list[float] | None = None, *, source: dict[str, Any] | None = None, kind: str = "price",
                 currency: str | None = None, timezone: str | None = None) -> None:
        self.symbol = symbol
        self.dates = dates
        self.open, self.high, self.low, self.close = open_, high, low, close
        n = len(dates)
        self.adj = adj or [1.0] * n
        raw_splits = splits or [0.0] * n
        # split[i]: multiply an as-traded price of row i by this to put it on the last row's share basis
        self.split = [1.0] * n
        k = 1.0
        for i in range(n - 1, -1, -1):
            self.split[i] = k
            if raw_splits[i] and raw_splits[i] > 0:
                k /= raw_splits[i]
        self.source = source or {}
        self.kind = kind
        self.currency = currency
        self.timezone = timezone
        self._pos = {d: i for i, d in enumerate(dates)}
        self._raw: Series | None = None  # the quoted series when this one is its reciprocal

    @classmethod
    def from_bars(cls, bars: "Bars") -> "Series":
        fr = bars.frame
        dates = [d if isinstance(d, dt.date) and not isinstance(d, dt.datetime) else
                 (d.date() if hasattr(d, "date") else dt.date.fromisoformat(str(d)[:10])) for d in fr.index]

        def col(name: str, default: float | None = None) -> list[Any]:
            if name not in fr.columns:
                return [default] * len(dates)
            return [_f(x) if _f(x) is not None else default for x in fr[name].tolist()]

        return cls(bars.symbol, dates, col("open"), col("high"), col("low"), col("close"), col("adj_factor", 1.0),
                   col("splits", 0.0), source=dict(bars.source), kind=bars.kind, currency=bars.currency,
                   timezone=bars.timezone)

    def in_major_unit(self, per: float, currency: str) -> "Series":
        """The same prices in a unit ``per`` times larger (pence → pounds): changes are unchanged, and
        levels compare with figures, which are read in the whole currency."""

        def sc(xs: list[float | None]) -> list[float | None]:
            return [None if x is None else x / per for x in xs]

        out = Series(self.symbol, self.dates, sc(self.open), sc(self.high), sc(self.low), sc(self.close),
                     source=self.source, kind=self.kind, currency=currency, timezone=self.timezone)
        out.adj, out.split = list(self.adj), list(self.split)
        return out

    def inverted(self) -> "Series":
        """The reciprocal quote (USD/JPY → JPY/USD): the yen's own value; high and low swap."""

        def inv(xs: list[float | None]) -> list[float | None]:
            return [None if x in (None, 0) else 1.0 / x for x in xs]

        out = Series(f"1/{self.symbol}", self.dates, inv(self.open), inv(self.low), inv(self.high), inv(self.close),
                     source=self.source, kind=self.kind, currency=self.currency, timezone=self.timezone)
        out.adj = [1.0 / a if a else 1.0 for a in self.adj]
        out.split = [1.0 / k if k else 1.0 for k in self.split]
        out._raw = self
        return out

    def __len__(self) -> int:
        return len(self.dates)

    # -- lookups
    def index(self, d: dt.date) -> int | None:
        return self._pos.get(d)

    def on_or_before(self, d: dt.date) -> int | None:
        i = bisect.bisect_right(self.dates, d) - 1
        return i if i >= 0 else None

    def before(self, d: dt.date) -> int | None:
        i = bisect.bisect_left(self.dates, d) - 1
        return i if i >= 0 else None

    def between(self, a: dt.date, b: dt.date) -> range:
        return range(bisect.bisect_left(self.dates, a), bisect.bisect_right(self.dates, b))

    def require(self, d: dt.date, what: str = "row") -> int:
        i = self.index(d)
        if i is None:
            raise MetricError("data_unavailable", f"{self.symbol}: no {what} for {d.isoformat()} in the data"
                              f"{self._coverage()}")
        return i

    def _coverage(self) -> str:
        if not self.dates:
            return ""
        return f" (rows {self.dates[0].isoformat()}..{self.dates[-1].isoformat()})"

    # -- values
    def value(self, i: int, field_: str = "close", basis: str = "as_traded") -> float | None:
        v = getattr(self, field_)[i]
        if v is None:
            return None
        if basis == "split":
            return v * self.split[i]
        if basis == "adjusted":
            return v * self.adj[i]
        return v

    def factor(self, i: int, basis: str) -> float:
        """What ``value(i, ..., basis)`` multiplies the as-traded price of row ``i`` by."""
        if basis == "split":
            return self.split[i]
        if basis == "adjusted":
            return self.adj[i] or 1.0
        return 1.0

    def on_basis_of(self, i: int, ref: int, field_: str = "close", basis: str = "as_traded") -> float:
        """Row ``i``'s price put on row ``ref``'s share basis (``ref`` itself stays as traded):
        a base close adjusted for the dividends and splits between it and the end row, as
        an exchange adjusts the previous close on an ex-date."""
        return self.need(i, field_, basis) / self.factor(ref, basis)

    def need(self, i: int, field_: str = "close", basis: str = "as_traded") -> float:
        v = self.value(i, field_, basis)
        if v is None:
            raise MetricError("data_unavailable", f"{self.symbol}: no {field_} on {self.dates[i].isoformat()}")
        return v

    def row(self, i: int, role: str | None = None) -> Row:
        """Evidence row as quoted by the source (a reciprocal series shows the quote itself)."""
        src = self._raw or self

        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 6)

        return Row(src.dates[i].isoformat(), r(src.open[i]), r(src.high[i]), r(src.low[i]), r(src.close[i]), role)


@dataclass(frozen=True)
class Observation:
    """What the data says, in the claim's unit (signed), with its provenance."""

    interval: Interval
    value: float | None  # the single best value (a closed session); None when only a range is known
    rows: tuple[Row, ...]
    formula: str
    prices: str = "as_traded"
    notes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- number words


def num(x: float, decimals: int = 2) -> str:
    """A price or level as people print it: thousands separators, fixed decimals."""
    return f"{x:,.{decimals}f}"


def price_decimals(x: float) -> int:
    ax = abs(x)
    return 2 if ax >= 1 else 4 if ax >= 0.01 else 6


def pnum(x: float) -> str:
    return num(x, price_decimals(x))


# --------------------------------------------------------------------------- changes

CHANGE_UNITS = ("pct", "points", "bp", "pp", "ratio")


def change_value(base: float, end: float, unit: str) -> float:
    """A change from ``base`` to ``end``: percent, points, basis points (of a
    percent quote), percentage points, or a ratio."""
    if unit == "pct":
        return (end / base - 1.0) * 100.0
    if unit == "points" or unit == "pp":
        return end - base
    if unit == "bp":
        return (end - base) * 100.0
    if unit == "ratio":
        return end / base
    raise ValueError(unit)


def change_formula(base: float, end: float, unit: str) -> str:
    b, e = pnum(base), pnum(end)
    return {
        "pct": f"({e} / {b} − 1) × 100",
        "points": f"{e} − {b}",
        "pp": f"{e} − {b}",
        "bp": f"({e} − {b}) × 100",
        "ratio": f"{e} / {b}",
    }[unit]


def end_values(s: Series, i: int, is_open: bool, basis: str) -> tuple[list[float], str]:
    """The end of a window: the close, or the low..high so far of a session open at publication."""
    if is_open:
        lo, hi = s.value(i, "low", basis), s.value(i, "high", basis)
        if lo is None or hi is None:
            raise MetricError("data_unavailable",
                              f"{s.symbol}: the {s.dates[i].isoformat()} session was open at publication "
                              f"and the data has no low/high for it")
        return [lo, hi], "partial_session"
    return [s.need(i, "close", basis)], "end"


def change(s: Series, base_idx: Iterable[int], end_idx: int, end_open: bool, unit: str,
           basis: str = "split") -> Observation:
    """Close-to-close change from base row(s) to the end row.

    The end is as traded; each base close is put on the end row's basis
    (``basis`` "split": splits between them; "adjusted": dividends too), so a
    points change reads as an exchange prints it. Several base rows (a month named as the base: "since January") give the
    hull of their changes; an end session open at publication contributes its
    low..high instead of a close.
    """
    bases = list(dict.fromkeys(base_idx))
    if not bases:
        raise MetricError("data_unavailable", f"{s.symbol}: no base close{s._coverage()}")
    ends, end_role = end_values(s, end_idx, end_open, "as_traded")
    values, formulas = [], []
    for b in bases:
        c0 = s.on_basis_of(b, end_idx, "close", basis)
        for e in ends:
            values.append(change_value(c0, e, unit))
        formulas.append(change_formula(c0, ends[-1] if not end_open else ends[0], unit))
    rows = [s.row(b, "base") for b in bases] + [s.row(end_idx, end_role)]
    if end_open:
        c0 = s.on_basis_of(bases[0], end_idx, "close", basis)
        formula = (f"{change_formula(c0, ends[0], unit)} .. {change_formula(c0, ends[1], unit)} "
                   f"(low..high of the session open at publication)")
    elif len(bases) > 1:
        formula = f"{formulas[0]} .. {formulas[-1]} (each possible base close)"
    else:
        formula = formulas[0]
    value = values[0] if len(values) == 1 else None
    return Observation(hull(values), value, tuple(rows), formula, basis)


def snapshot_change(s: Series, base_idx: int, end_idx: int, unit: str) -> Observation:
    """A change between two days whose closes are vendor snapshots (daily FX): every move from
    a price the base day traded to one the end day traded (so far), from the two days' ranges."""
    lo0, hi0 = s.need(base_idx, "low"), s.need(base_idx, "high")
    lo1, hi1 = s.need(end_idx, "low"), s.need(end_idx, "high")
    values = [change_value(a, b, unit) for a in (lo0, hi0) for b in (lo1, hi1)]
    rows = (s.row(base_idx, "base_range"), s.row(end_idx, "end_range"))
    formula = (f"{change_formula(hi0, lo1, unit)} .. {change_formula(lo0, hi1, unit)} "
               f"(the two days' ranges: their closes are snapshots)")
    return Observation(hull(values), None, rows, formula, "split")


def intraday_change(s: Series, prev_idx: int, day_idx: int, side: str, day_open: bool, unit: str = "pct",
                    basis: str = "split") -> Observation:
    """"As much as": the session's high (side "high") or low vs the previous close.

    On a session still open at publication the extreme reached so far lies
    between the open's move and the day's final extreme.
    """
    c0 = s.on_basis_of(prev_idx, day_idx, "close", basis)
    x = s.need(day_idx, side)
    final = change_value(c0, x, unit)
    rows = (s.row(prev_idx, "base"), s.row(day_idx, "partial_session" if day_open else "extreme"))
    formula = f"{change_formula(c0, x, unit)} (day {side} vs previous close)"
    if day_open:
        o = s.value(day_idx, "open")
        if o is not None:
            first = change_value(c0, o, unit)
            lo_hi = sorted((first, final))  # the extreme so far lies between the open and the day's extreme
            return Observation(Interval(lo_hi[0], lo_hi[1]), None, rows,
                               formula + f"; open {pnum(o)} gives {first:+.2f}: the extreme so far lies between",
                               basis, extra={"extreme_price": x, "base_price": c0})
    return Observation(Interval(final, final), final, rows, formula, basis,
                       extra={"extreme_price": x, "base_price": c0})


def level(s: Series, i: int, field_: str = "close", is_open: bool = False) -> Observation:
    """A level as traded: the close (or high/low); a session open at publication gives a range.

    Open session: a close is not known yet, so the level lies in low..high; the
    high so far lies in open..high (and the low so far in low..open).
    """
    if is_open:
        lo, hi, o = s.value(i, "low"), s.value(i, "high"), s.value(i, "open")
        if lo is None or hi is None:
            raise MetricError("data_unavailable", f"{s.symbol}: no low/high for the open session {s.dates[i]}")
        if field_ == "high" and o is not None:
            lo = o
        elif field_ == "low" and o is not None:
            hi = o
        return Observation(Interval(lo, hi), None, (s.row(i, "partial_session"),),
                           f"{field_ if field_ != 'close' else 'level'} during the session open at publication: "
                           f"{pnum(lo)}..{pnum(hi)}", "as_traded")
    v = s.need(i, field_)
    return Observation(Interval(v, v), v, (s.row(i, "end" if field_ == "close" else "extreme"),),
                       f"{field_} on {s.dates[i].isoformat()} = {pnum(v)}", "as_traded")


def period_extreme(s: Series, a: dt.date, b: dt.date, side: str, basis: str = "split",
                   before: dt.date | None = None, field_: str | None = None) -> int:
    """Index of the lowest low (side "low") or highest high in ``a..b`` (rows before ``before`` only);
    with ``field_`` "close", the lowest (highest) close ("the previous closing high").

    Falls back to closes when a source has no highs and lows.
    """
    best, best_v = None, None
    for i in s.between(a, b):
        if before is not None and s.dates[i] >= before:
            break
        v = s.value(i, field_ or side, basis)
        if v is None:
            v = s.value(i, "close", basis)
        if v is None:
            continue
        if best_v is None or (v < best_v if side == "low" else v > best_v):
            best, best_v = i, v
    if best is None:
        raise MetricError("data_unavailable", f"{s.symbol}: no rows between {a.isoformat()} and {b.isoformat()}"
                          f"{s._coverage()}")
    return best


def change_from_extreme(s: Series, ext_idx: int, side: str, end_idx: int, end_open: bool,
                        basis: str = "split", unit: str = "pct", field_: str | None = None) -> Observation:
    """Change (percent, or points) from a period's lowest low (or highest high, or the
    ``field_`` "close" extreme) to the end price."""
    field_ = field_ or side
    ext = s.value(ext_idx, field_, basis)
    if ext is None:
        ext, field_ = s.need(ext_idx, "close", basis), "close"
    ends, end_role = end_values(s, end_idx, end_open, basis)
    values = [change_value(ext, e, unit) for e in ends]
    rows = (s.row(ext_idx, "extreme"), s.row(end_idx, end_role))
    if end_open:
        formula = (f"{change_formula(ext, ends[0], unit)} .. {change_formula(ext, ends[1], unit)} "
                   f"(period {field_} to the low..high of the session open at publication)")
    else:
        formula = f"{change_formula(ext, ends[0], unit)} (period {field_} to close)"
    return Observation(hull(values), values[0] if len(values) == 1 else None, rows, formula, basis,
                       extra={"extreme_price": ext, "end_prices": ends})


# --------------------------------------------------------------------------- look-backs and records


def last_at_least_as_extreme(s: Series, i: int, ref: float, side: str = "max",
                             basis: str = "split", field_: str = "close") -> int | None:
    """P: the last row before ``i`` whose close (or ``field_``) is at least as high (side max) /
    low as ``ref``."""
    for j in range(i - 1, -1, -1):
        c = s.value(j, field_, basis)
        if c is None:
            continue
        if (c >= ref) if side == "max" else (c <= ref):
            return j
    return None


def earlier_extreme(s: Series, i: int, side: str = "max", field_: str = "close",
                    basis: str = "split") -> int | None:
    """The row before ``i`` with the highest (lowest) value: the standing record."""
    best, best_v = None, None
    for j in range(i):
        v = s.value(j, field_, basis)
        if v is None:
            continue
        if best_v is None or (v > best_v if side == "max" else v < best_v):
            best, best_v = j, v
    return best


def period_changes(s: Series, upto: int, freq: str = "day", basis: str = "split") -> list[tuple[int, float]]:
    """Percent change of each day (week, month, quarter, year) up to row ``upto``: (row of the period's last
    session, change from the previous period's last close). A gap of more than a week
    between two daily rows breaks the daily series (a missing stretch is not one day's move)."""
    if freq == "week":
        idx = weekly_closes(s, upto)
    elif freq in ("month", "quarter", "year"):
        idx, last_key = [], None
        for j in range(upto + 1):
            d = s.dates[j]
            key = (d.year, d.month if freq == "month" else (d.month - 1) // 3 if freq == "quarter" else 0)
            if key == last_key:
                idx[-1] = j
            else:
                idx.append(j)
                last_key = key
    else:
        idx = list(range(upto + 1))
    out = []
    for a, b in itertools.pairwise(idx):
        if freq == "day" and (s.dates[b] - s.dates[a]).days > 7:
            continue
        c0, c1 = s.value(a, "close", basis), s.value(b, "close", basis)
        if c0 and c1 is not None:
            out.append((b, change_value(c0, c1, "pct")))
    return out


def last_change_at_least(changes: list[tuple[int, float]], before: int, ref: float, side: str = "max") -> int | None:
    """P for a look-back on changes: the last period ending before row ``before`` whose change
    is at least as large (side max) / as negative (side min) as ``ref``."""
    for j, c in reversed(changes):
        if j >= before:
            continue
        if (c >= ref) if side == "max" else (c <= ref):
            return j
    return None


# --------------------------------------------------------------------------- streaks


def weekly_closes(s: Series, upto: int) -> list[int]:
    """Row of the last session of each calendar week (Mon-Sun), up to row ``upto``."""
    out: list[int] = []
    last_key = None
    for j in range(upto + 1):
        key = s.dates[j].isocalendar()[:2]
        if key == last_key:
            out[-1] = j
        else:
            out.append(j)
            last_key = key
    return out


def period_rows(s: Series, i: int, unit: str = "day") -> list[int]:
    """Rows of the closes that end each period up to row ``i``: every session, or the last
    session of each calendar week (a holiday Friday makes Thursday the week's close)."""
    return weekly_closes(s, i) if unit == "week" else list(range(i + 1))


def _run(s: Series, idx: list[int], test: Callable[[float, float], bool], basis: str) -> tuple[int, int]:
    """Length of the run of consecutive periods (closes ``idx[k-1]`` → ``idx[k]``) that meet ``test``,
    ending at the last one; and the position in ``idx`` of the close before the run."""
    n, k = 0, len(idx) - 1
    while k > 0:
        a, b = s.value(idx[k - 1], "close", basis), s.value(idx[k], "close", basis)
        if a is None or b is None or not test(a, b):
            break
        n += 1
        k -= 1
    return n, k


def _moved(up: bool) -> Callable[[float, float], bool]:
    return (lambda a, b: b > a) if up else (lambda a, b: b < a)


def streak(s: Series, i: int, up: bool, unit: str = "day", basis: str = "split") -> tuple[int, list[int], bool]:
    """Consecutive rising (falling) closes ending at row ``i`` (daily, or weekly closes).

    Returns (count, rows of the streak with the row before it first, complete);
    ``complete`` is False when the streak runs into the start of the data, so
    the count is only a lower bound.
    """
    idx = period_rows(s, i, unit)
    n, k = _run(s, idx, _moved(up), basis)
    return n, idx[max(k, 0):], k > 0


def quiet_streak(s: Series, i: int, band_pct: float, unit: str = "week",
                 basis: str = "split") -> tuple[int, list[int], bool]:
    """Consecutive periods ending at row ``i`` whose close moved less than ``band_pct`` percent
    either way ("had not moved 1%, in either direction, for six straight weeks").
    Returns (count, rows with the close before the run first, complete) as :func:`streak`."""
    idx = period_rows(s, i, unit)
    n, k = _run(s, idx, lambda a, b: abs(change_value(a, b, "pct")) < band_pct, basis)
    return n, idx[max(k, 0):], k > 0


def count_moves(s: Series, i: int, n: int, up: bool, unit: str = "day",
                basis: str = "split") -> tuple[int, list[int]]:
    """How many of the last ``n`` periods ending at row ``i`` closed higher (``up``) or lower
    than the period before ("rose on five of the past seven trading days").
    Returns (count, rows: the close before the first period, then one row per period)."""
    idx = period_rows(s, i, unit)
    if len(idx) < n + 1:
        raise MetricError("data_unavailable", f"{s.symbol}: fewer than {n + 1} {unit}ly closes up to "
                                              f"{s.dates[i].isoformat()}{s._coverage()}")
    rows = idx[-(n + 1):]
    moved = _moved(up)
    count = 0
    for a, b in itertools.pairwise(rows):
        count += moved(s.need(a, "close", basis), s.need(b, "close", basis))
    return count, rows


def run_lengths(s: Series, upto: int, up: bool, unit: str = "day", basis: str = "split") -> list[tuple[int, int]]:
    """(row, length of the rising (falling) run ending at that row) for every period up to ``upto``."""
    idx = period_rows(s, upto, unit)
    out, n = [], 0
    moved = _moved(up)
    for a, b in itertools.pairwise(idx):
        c0, c1 = s.value(a, "close", basis), s.value(b, "close", basis)
        n = n + 1 if c0 is not None and c1 is not None and moved(c0, c1) else 0
        out.append((b, n))
    return out


def last_run_at_least(runs: list[tuple[int, int]], before: int, n: int) -> int | None:
    """P for a look-back on streaks ("the longest winning streak since 2004"): the last row
    before row ``before`` at which a run had lasted at least ``n`` periods."""
    for j, length in reversed(runs):
        if j < before and length >= n:
            return j
    return None


# --------------------------------------------------------------------------- ranks


def rank_of(values: list[tuple[int, float]], i: int, side: str = "max",
            since_row: int = 0) -> tuple[int, list[tuple[int, float]]]:
    """Rank of the value at row ``i`` among the values of rows ``since_row..i`` (1 = the most
    extreme; a tie shares the better rank) and the values more extreme than it, most
    extreme first. Later rows are not ranked: an article cannot know them."""
    ref = next((v for j, v in values if j == i), None)
    if ref is None:
        raise MetricError("data_unavailable", f"no value to rank at row {i}")
    better = [(j, v) for j, v in values if since_row <= j < i and ((v > ref) if side == "max" else (v < ref))]
    better.sort(key=lambda jv: -jv[1] if side == "max" else jv[1])
    return 1 + len(better), better


# --------------------------------------------------------------------------- bull / bear


def bull_bear(s: Series, a: dt.date, b: dt.date, bear: bool, lookback_days: int,
              basis: str = "split") -> tuple[float, int, int]:
    """Largest move of a close in ``a..b`` from the lowest (bear: highest) close of the preceding
    ``lookback_days``: (percent, row of the close, row of the trough/peak)."""
    best = None
    for i in s.between(a, b):
        c = s.value(i, "close", basis)
        if c is None:
            continue
        start = s.dates[i] - dt.timedelta(days=lookback_days)
        ref_i = None
        for j in s.between(start, s.dates[i]):
            v = s.value(j, "close", basis)
            if v is None:
                continue
            if ref_i is None or (v > s.value(ref_i, "close", basis) if bear else v < s.value(ref_i, "close", basis)):
                ref_i = j
        if ref_i is None:
            continue
        move = change_value(s.need(ref_i, "close", basis), c, "pct")
        if best is None or (move < best[0] if bear else move > best[0]):
            best = (move, i, ref_i)
    if best is None:
        raise MetricError("data_unavailable", f"{s.symbol}: no closes between {a} and {b}{s._coverage()}")
    return best


__all__ = [
    "CHANGE_UNITS", "MetricError", "Observation", "Series", "bull_bear", "change", "change_formula",
    "change_from_extreme", "change_value", "count_moves", "earlier_extreme", "end_values", "intraday_change",
    "last_at_least_as_extreme", "last_change_at_least", "last_run_at_least", "level", "num", "period_changes",
    "period_extreme", "period_rows", "pnum", "quiet_streak", "rank_of", "run_lengths", "streak", "weekly_closes",
]
