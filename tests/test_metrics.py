"""Metric functions over rows, and the interval rules between claimed and observed."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from factcheck import metrics as M
from factcheck.intervals import Interval, claimed_interval, decide, nearest

D = dt.date.fromisoformat


def series(rows: list[tuple], splits: dict[str, float] | None = None, adj: list[float] | None = None) -> M.Series:
    """rows: (date, open, high, low, close)."""
    dates = [D(r[0]) for r in rows]
    sp = [float((splits or {}).get(r[0], 0.0)) for r in rows]
    return M.Series("T", dates, [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows],
                    [r[4] for r in rows], adj, sp)


# Real rows: 0700.HK as traded (tests/fixtures/verify/0700.HK.csv)
TENCENT = series([
    ("2025-01-13", 364.8, 371.6, 364.8, 366.0),
    ("2025-02-13", 449.0, 464.6, 437.0, 442.0),
    ("2025-02-14", 449.8, 474.8, 446.6, 474.8),
    ("2025-02-17", 506.0, 512.0, 485.0, 493.6),
])


# --------------------------------------------------------------------------- intervals


@pytest.mark.parametrize("value,prec,mode,lo,hi", [
    (1.67, 0.01, "exact", 1.665, 1.675),
    (60, 1, "around", 57.0, 63.0),
    (0.2, 0.1, "around", 0.15, 0.25),  # u/2 wins over 5%
    (40, 1, "below", 36.0, 40.5),
    (7.8, 0.1, "extreme", 7.75, 7.85),
    (100000, 1, "above", 100000, math.inf),
    (4, 1, "at_least", 3.5, math.inf),
    (5, 1, "less_than", -math.inf, 5),
    (5, 1, "at_most", -math.inf, 5.5),
    # round numbers printed in full are rounded: ± min(half the last non-zero place, 1% of v)
    (49000, 1, "exact", 48510, 49490),  # "as low as $49,000" (a day's low of 49,121)
    (3000, 1, "exact", 2970, 3030),  # "$3,000 an ounce": 1%, not ±500
    (40500, 1, "exact", 40499.5, 40500.5),  # two trailing zeros: as printed
    (145, 1, "exact", 144.5, 145.5),  # fewer than three trailing zeros: as printed
    (1250, 1, "exact", 1249.5, 1250.5),
    (49000, 1, "around", 46550, 51450),  # the hedge still widens further
    (3e12, 1e12, "exact", 2.5e12, 3.5e12),  # "$3 trillion": printed unit already the trillion
])
def test_claimed_interval(value, prec, mode, lo, hi):
    iv = claimed_interval(value, prec, mode)
    assert iv.lo == pytest.approx(lo) and iv.hi == pytest.approx(hi)


def test_claimed_interval_range_figure():
    iv = claimed_interval(1.5, 0.1, "exact", high=2.0)
    assert (iv.lo, iv.hi) == (pytest.approx(1.45), pytest.approx(2.05))


def test_open_bounds_and_meeting():
    above = claimed_interval(100, 1, "above")
    assert not above.meets(Interval(99, 100))  # (100, inf) and [99, 100] share no point
    assert above.meets(Interval(99, 100.01))
    assert Interval(1, 2).meets(Interval(2, 3))
    assert not Interval(1, 2, hi_open=True).meets(Interval(2, 3))
    ok, gap = decide(Interval(9.75, 9.85), Interval(6.57, 7.83))
    assert not ok and gap == pytest.approx(1.92)
    assert nearest(Interval(6.57, 7.83), 9.8) == 7.83


def test_widen_and_scale():
    iv = Interval(1.0, 2.0).widen(0.5)
    assert (iv.lo, iv.hi) == (0.5, 2.5)
    assert Interval(3.0, math.inf, lo_open=True).widen(1).lo == 2.0
    flipped = Interval(-3.0, -1.0).scaled(-1)
    assert (flipped.lo, flipped.hi) == (1.0, 3.0)
    assert claimed_interval(5, 1, "above").bounds() == (5, None)


# --------------------------------------------------------------------------- changes


def test_change_units():
    assert M.change_value(78.10, 124.10, "pct") == pytest.approx(58.898, abs=1e-3)
    assert M.change_value(33535.91, 33426.63, "points") == pytest.approx(-109.28)
    assert M.change_value(3.878, 3.964, "bp") == pytest.approx(8.6)
    assert M.change_value(2.0, 4.0, "ratio") == 2.0
    assert M.change_formula(78.1, 124.1, "pct") == "(124.10 / 78.10 − 1) × 100"


def test_change_close_to_close_and_open_session():
    closed = M.change(TENCENT, [1], 2, False, "pct")
    assert closed.interval.point and closed.value == pytest.approx(7.42, abs=0.01)
    assert [r.role for r in closed.rows] == ["base", "end"]
    live = M.change(TENCENT, [0], 3, True, "pct")
    assert (live.interval.lo, live.interval.hi) == (pytest.approx(485 / 366 * 100 - 100),
                                                    pytest.approx(512 / 366 * 100 - 100))
    assert live.value is None and live.rows[-1].role == "partial_session"


def test_change_hull_over_several_bases():
    obs = M.change(TENCENT, [0, 1], 2, False, "pct")
    assert obs.interval.lo == pytest.approx(474.8 / 442 * 100 - 100)
    assert obs.interval.hi == pytest.approx(474.8 / 366 * 100 - 100)


def test_intraday_change_open_session_lies_between_open_and_extreme():
    obs = M.intraday_change(TENCENT, 2, 3, "high", True)
    assert obs.interval.lo == pytest.approx(506 / 474.8 * 100 - 100)
    assert obs.interval.hi == pytest.approx(512 / 474.8 * 100 - 100)
    down = M.intraday_change(TENCENT, 2, 3, "low", False)
    assert down.interval.point and down.value == pytest.approx(485 / 474.8 * 100 - 100)


def test_level_fields():
    assert M.level(TENCENT, 2).value == 474.8
    assert M.level(TENCENT, 3, "high").value == 512.0
    live = M.level(TENCENT, 3, "close", True)
    assert (live.interval.lo, live.interval.hi) == (485.0, 512.0)
    high_so_far = M.level(TENCENT, 3, "high", True)
    assert (high_so_far.interval.lo, high_so_far.interval.hi) == (506.0, 512.0)


def test_missing_values_raise_metric_errors():
    s = series([("2025-01-02", None, None, None, 10.0), ("2025-01-03", None, None, None, 11.0)])
    with pytest.raises(M.MetricError) as err:
        M.change(s, [0], 1, True, "pct")
    assert err.value.reason == "data_unavailable"
    with pytest.raises(M.MetricError):
        s.require(D("2025-01-06"))


def test_period_extreme_and_change_from_low():
    i = M.period_extreme(TENCENT, D("2025-01-01"), D("2025-01-31"), "low")
    assert TENCENT.dates[i] == D("2025-01-13")
    obs = M.change_from_extreme(TENCENT, i, "low", 3, True)
    assert obs.interval.lo == pytest.approx(32.95, abs=0.01) and obs.interval.hi == pytest.approx(40.35, abs=0.01)
    with pytest.raises(M.MetricError):
        M.period_extreme(TENCENT, D("2024-01-01"), D("2024-01-31"), "low")


def test_splits_put_prices_on_todays_share_basis():
    s = series([("2024-06-07", 1197.7, 1216.92, 1180.22, 1208.88), ("2024-06-10", 120.37, 123.1, 117.01, 121.79)],
               splits={"2024-06-10": 10})
    assert s.value(0, "close", "split") == pytest.approx(120.888)
    assert M.change(s, [0], 1, False, "pct", "split").value == pytest.approx(0.747, abs=1e-3)
    assert M.change(s, [0], 1, False, "pct", "as_traded").value < -89  # the naive reading


def test_adjusted_basis_uses_adj_factor():
    s = series([("2023-01-03", 1, 1, 1, 100.0), ("2023-05-19", 1, 1, 1, 110.0)], adj=[0.98, 1.0])
    assert M.change(s, [0], 1, False, "pct", "adjusted").value == pytest.approx(110 / 98 * 100 - 100)


def test_inverted_series_swaps_high_and_low():
    s = series([("2021-12-31", 115.0, 115.2, 115.0, 115.06), ("2022-10-20", 149.8, 149.99, 149.57, 149.82)])
    inv = s.inverted()
    assert inv.value(1, "high") == pytest.approx(1 / 149.57)
    assert M.change(inv, [0], 1, False, "pct").value == pytest.approx((115.06 / 149.82 - 1) * 100)
    assert inv.row(1).close == 149.82  # evidence shows the quote itself


# --------------------------------------------------------------------------- look-backs, streaks, bull markets


def test_last_at_least_as_extreme():
    s = series([("2022-02-21", 0, 0, 0, 8455.99), ("2022-02-22", 0, 0, 0, 8270.69),
                ("2024-10-07", 0, 0, 0, 8330.85), ("2025-02-14", 0, 0, 0, 8331.40)])
    assert M.last_at_least_as_extreme(s, 3, 8331.40) == 0
    assert M.last_at_least_as_extreme(s, 3, 8331.40, "min") == 2
    assert M.last_at_least_as_extreme(s, 1, 9000) is None
    assert M.earlier_extreme(s, 3) == 0


def test_streaks_daily_and_weekly():
    s = series([("2025-02-10", 0, 0, 0, 10), ("2025-02-11", 0, 0, 0, 9), ("2025-02-12", 0, 0, 0, 8),
                ("2025-02-13", 0, 0, 0, 7), ("2025-02-14", 0, 0, 0, 7.5)])
    assert M.streak(s, 3, up=False)[0] == 3
    assert M.streak(s, 4, up=False)[0] == 0
    n, rows, complete = M.streak(s, 2, up=False)
    assert (n, rows, complete) == (2, [0, 1, 2], False)  # runs into the start: a lower bound
    w = series([("2025-01-03", 0, 0, 0, 1), ("2025-01-10", 0, 0, 0, 2), ("2025-01-13", 0, 0, 0, 9),
                ("2025-01-17", 0, 0, 0, 3), ("2025-01-24", 0, 0, 0, 2.5)])
    assert M.weekly_closes(w, 4) == [0, 1, 3, 4]
    assert M.streak(w, 3, up=True, unit="week")[0] == 2


def test_bull_market_from_the_years_lowest_close():
    s = series([("2024-09-10", 0, 0, 0, 100), ("2024-12-02", 0, 0, 0, 110), ("2025-02-04", 0, 0, 0, 119),
                ("2025-02-05", 0, 0, 0, 121)])
    move, i, ref = M.bull_bear(s, D("2025-02-01"), D("2025-02-28"), bear=False, lookback_days=365)
    assert move == pytest.approx(21.0) and s.dates[i] == D("2025-02-05") and ref == 0


# --------------------------------------------------------------------------- counts, quiet runs, ranks (real rows)


def fixture_series(symbol: str, start: str = "1900-01-01", end: str = "2100-01-01") -> M.Series:
    """Real rows: tests/fixtures/verify/<symbol>.csv (provenance in its header)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from verify_fakes import FixtureProvider

    return M.Series.from_bars(FixtureProvider().history(symbol, D(start), D(end)))


def bundled_series(symbol: str, end: str) -> M.Series:
    """The whole history shipped in factcheck/data (records and ranks need all of it)."""
    from factcheck.marketdata.bundled import BundledProvider

    return M.Series.from_bars(BundledProvider().history(symbol, D("1900-01-01"), D(end)))


def test_count_moves_five_of_the_past_seven_trading_days():
    # ^TNX closes 2022-09-16..28: 3.448 3.49 3.571 3.51 3.708 3.697 3.878 3.964 3.705
    s = fixture_series("^TNX")
    n, rows = M.count_moves(s, s.index(D("2022-09-27")), 7, up=True)
    assert n == 5 and [s.dates[j] for j in (rows[0], rows[-1])] == [D("2022-09-16"), D("2022-09-27")]
    assert len(rows) == 8
    assert M.count_moves(s, s.index(D("2022-09-28")), 7, up=True)[0] == 4  # 09-28 fell, 09-19 drops out
    assert M.count_moves(s, s.index(D("2022-09-27")), 7, up=False)[0] == 2
    with pytest.raises(M.MetricError):
        M.count_moves(s, 3, 7, up=True)


def test_quiet_weeks_before_the_may_2023_breakout():
    # AP, 2023-05-19: the S&P 500 "had not moved 1%, in either direction, for six straight weeks";
    # weekly closes 03-31 4109.31, 04-06 4105.02 (Good Friday), ..., 05-12 4124.08, 05-19 4191.98 (+1.65%)
    s = fixture_series("^GSPC")
    n, rows, complete = M.quiet_streak(s, s.index(D("2023-05-12")), 1.0, "week")
    assert (n, complete) == (6, True)
    assert s.dates[rows[0]] == D("2023-03-31") and s.dates[rows[1]] == D("2023-04-06")
    assert M.quiet_streak(s, s.index(D("2023-05-19")), 1.0, "week")[0] == 0
    assert M.quiet_streak(s, s.index(D("2023-05-12")), 0.5, "week")[0] == 1  # 05-05 -0.80%, 05-12 -0.29%


def test_rank_of_ties_share_the_better_rank_and_later_rows_do_not_count():
    values = [(0, 1.0), (1, 5.0), (2, 3.0), (3, 5.0), (4, 4.0), (5, 9.0)]
    assert M.rank_of(values, 4, "max") == (3, [(1, 5.0), (3, 5.0)])
    assert M.rank_of(values, 3, "max")[0] == 1  # row 1 ties: not ahead of it
    assert M.rank_of(values, 4, "max", since_row=2)[0] == 2
    assert M.rank_of(values, 2, "min")[0] == 2
    with pytest.raises(M.MetricError):
        M.rank_of(values, 9)


def test_rank_of_the_nasdaqs_april_9_2025_gain():
    # +12.16% on 2025-04-09: second only to 2001-01-03 (+14.17%) since 1971
    s = bundled_series("^IXIC", "2025-04-09")
    i = s.index(D("2025-04-09"))
    rank, better = M.rank_of(M.period_changes(s, i), i, "max")
    assert rank == 2 and s.dates[better[0][0]] == D("2001-01-03") and better[0][1] == pytest.approx(14.17, abs=0.01)


def test_longest_winning_streak_since_november_2004():
    # ^GSPC rose nine sessions running to 2025-05-02; the last earlier run of nine ended 2004-11-05
    s = bundled_series("^GSPC", "2025-05-02")
    i = s.index(D("2025-05-02"))
    n, rows, _ = M.streak(s, i, up=True)
    assert n == 9
    runs = M.run_lengths(s, i, up=True)
    assert runs[-1] == (i, 9)
    p = M.last_run_at_least(runs, rows[1], 9)
    assert s.dates[p] == D("2004-11-05")
