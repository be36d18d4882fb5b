"""Bar frames: the normal form every provider returns, and the adjustment maths.

Sources come in two bases. Yahoo's ``Close`` is split-adjusted as of the day it
was fetched and its ``Adj Close`` / yfinance's auto-adjusted OHLC are also
dividend-adjusted; newspapers quote neither, they quote the price as traded
that day. These helpers turn either basis into as-traded OHLC plus an
``adj_factor`` column (see :mod:`factcheck.marketdata.base`), so a verifier can
ask for levels as traded or returns including dividends from the same rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import numpy as np
import pandas as pd

from factcheck.marketdata.base import COLUMNS

PRICE_COLUMNS = ("open", "high", "low", "close")


def empty_frame() -> pd.DataFrame:
    """A frame with the contract's columns and no rows."""
    frame = pd.DataFrame({c: pd.Series(dtype="float64") for c in COLUMNS})
    frame.index = pd.Index([], dtype="object", name="date")
    return frame


def to_dates(values: Iterable) -> list[dt.date]:
    """ISO strings, Timestamps or dates → ``datetime.date`` (the index type of the contract)."""
    out = []
    for v in values:
        if isinstance(v, dt.datetime):
            out.append(v.date())
        elif isinstance(v, dt.date):
            out.append(v)
        else:
            out.append(dt.date.fromisoformat(str(v)[:10]))
    return out


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Contract columns in order, float64, index of ``datetime.date``, ascending and unique.

    Missing price/volume columns become NaN; missing event columns become 0
    and a missing ``adj_factor`` becomes 1 (nothing known happened later).
    """
    out = pd.DataFrame(index=pd.Index(to_dates(frame.index), dtype="object", name="date"))
    defaults = {"dividends": 0.0, "splits": 0.0, "adj_factor": 1.0}
    for col in COLUMNS:
        if col in frame.columns:
            out[col] = pd.to_numeric(pd.Series(frame[col].to_numpy(), index=out.index), errors="coerce").astype("float64")
        else:
            out[col] = defaults.get(col, np.nan)
    out = out[~out.index.duplicated(keep="last")]
    return out.sort_index()


def split_product_after(splits: np.ndarray) -> np.ndarray:
    """For each row, the product of split ratios effective strictly after it.

    A 4-for-1 split on day d means every price before d must be multiplied by 4
    to be as traded, if the series is expressed in post-split shares.
    """
    ratios = np.where(np.nan_to_num(splits) > 0, splits, 1.0)
    after = np.ones(len(ratios))
    if len(ratios) > 1:
        after[:-1] = np.cumprod(ratios[::-1])[::-1][1:]
    return after


def dividend_factor_after(close_adj: np.ndarray, dividends: np.ndarray) -> np.ndarray:
    """For each row, the product of Yahoo dividend factors of ex-dates strictly after it.

    Yahoo scales every price before an ex-date by ``1 - div / prev_close``,
    where ``prev_close`` is the close before the ex-date in the same split
    basis as the dividend. Given only the fully adjusted closes, that close is
    ``close_adj[j-1] / F[j-1]`` with ``F[j-1] = f_j * F[j]``, which solves to
    ``f_j = close_adj[j-1] / (close_adj[j-1] + div_j * F[j])``.
    """
    n = len(close_adj)
    after = np.ones(n)
    running = 1.0
    for i in range(n - 1, -1, -1):
        after[i] = running
        div = dividends[i]
        if i > 0 and div > 0 and np.isfinite(div):
            prev = close_adj[i - 1]
            if np.isfinite(prev) and prev > 0:
                running *= prev / (prev + div * running)
    return after


def as_traded_from_adjusted(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo yfinance auto-adjustment (``Ticker.history`` dumps with event columns).

    Input: a frame in the contract's column names whose OHLC are split- and
    dividend-adjusted, volume split-adjusted, dividends split-adjusted, and
    ``splits`` the event ratios. Output: as-traded OHLC, volume and dividends,
    and ``adj_factor`` = adjusted / as traded.
    """
    f = normalise(frame)
    splits = f["splits"].to_numpy()
    s_after = split_product_after(splits)
    f_after = dividend_factor_after(f["close"].to_numpy(), np.nan_to_num(f["dividends"].to_numpy()))
    out = f.copy()
    for col in PRICE_COLUMNS:
        out[col] = f[col].to_numpy() / f_after * s_after
    out["volume"] = (f["volume"].to_numpy() / s_after).round()
    out["dividends"] = np.nan_to_num(f["dividends"].to_numpy()) * s_after
    out["adj_factor"] = f_after / s_after
    return out


def as_traded_from_split_adjusted(frame: pd.DataFrame, adj_close: np.ndarray | None = None) -> pd.DataFrame:
    """Undo split adjustment only (Yahoo ``Close``, ``auto_adjust=False``).

    Splits after the frame's last row are unknown here; the caller either
    fetched through today (so there are none) or rescales against a row it
    already holds. ``adj_close`` (Yahoo's, when given) sets ``adj_factor``;
    otherwise it is rebuilt from the events with Yahoo's method.
    """
    f = normalise(frame)
    s_after = split_product_after(f["splits"].to_numpy())
    out = f.copy()
    for col in PRICE_COLUMNS:
        out[col] = f[col].to_numpy() * s_after
    out["volume"] = (f["volume"].to_numpy() / s_after).round()
    out["dividends"] = np.nan_to_num(f["dividends"].to_numpy()) * s_after
    if adj_close is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            out["adj_factor"] = np.asarray(adj_close, dtype="float64") / out["close"].to_numpy()
    else:
        out["adj_factor"] = adj_factor_from_events(out)
    return out


def adj_factor_from_events(frame: pd.DataFrame) -> np.ndarray:
    """``adj_factor`` of an as-traded frame from its own dividend and split events."""
    splits = frame["splits"].to_numpy()
    s_after = split_product_after(splits)
    close = frame["close"].to_numpy()
    divs = np.nan_to_num(frame["dividends"].to_numpy())
    n = len(close)
    f_after = np.ones(n)
    running = 1.0
    for i in range(n - 1, -1, -1):
        f_after[i] = running
        if i > 0 and divs[i] > 0:
            # previous close and dividend in the same (as traded, ex-date) share basis
            ratio = splits[i] if splits[i] > 0 else 1.0
            prev = close[i - 1] / ratio
            if np.isfinite(prev) and prev > 0:
                running *= 1.0 - divs[i] / prev
    return f_after / s_after


def adjusted(frame: pd.DataFrame) -> pd.DataFrame:
    """Prices adjusted for later dividends and splits (for returns over long windows)."""
    out = frame.copy()
    factor = frame["adj_factor"].to_numpy()
    for col in PRICE_COLUMNS:
        out[col] = frame[col].to_numpy() * factor
    return out


def slice_dates(frame: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows with ``start <= date <= end`` of a frame indexed by ``datetime.date``."""
    if frame.empty:
        return frame
    idx = frame.index
    lo = idx.searchsorted(start, side="left")
    hi = idx.searchsorted(end, side="right")
    return frame.iloc[lo:hi]
