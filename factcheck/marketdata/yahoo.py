"""Yahoo Finance through yfinance: as-traded daily bars, adjusted close and actions.

yfinance 1.x logs and swallows download errors by default; we switch that off
(``yf.config.debug.hide_exceptions = False``) and map every failure onto a
:class:`~factcheck.marketdata.base.DataError` subclass, so a caller can always
turn it into "unverifiable: data unavailable" instead of crashing.

Yahoo's ``Close`` is split-adjusted as of the day of the request, including
splits after the requested range that the response does not list. So callers
that need as-traded prices ask through today (the cache does), or tie the
rows to a price they already know.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from factcheck.marketdata import frames
from factcheck.marketdata.base import Bars, DataError, OfflineError, RangeUnavailable, RateLimited, SymbolNotFound
from factcheck.marketdata.bundled import canonical

ORIGIN = "Yahoo Finance chart API (query2.finance.yahoo.com/v8/finance/chart) via yfinance"

_TIMEOUT_NAMES = {"Timeout", "TimeoutError", "ReadTimeout", "ConnectTimeout", "timeout"}
_OFFLINE_NAMES = {"ConnectionError", "DNSError", "ProxyError", "SSLError", "gaierror", "ConnectionRefusedError",
                  "RemoteDisconnected", "ChunkedEncodingError", "NewConnectionError", "MaxRetryError"}


def _names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


_configured = False


def _configure(cache_dir: Path | None):
    """Import yfinance with exceptions raised, its logger quiet and its own caches beside ours.

    yfinance's cache location can only be set before its first use in a process.
    """
    global _configured
    import yfinance as yf

    yf.config.debug.hide_exceptions = False
    logging.getLogger("yfinance").setLevel(logging.CRITICAL)
    if cache_dir is not None and not _configured:
        yf.set_tz_cache_location(str(cache_dir / "yfinance"))
    _configured = True
    return yf


def _first_trade_date(meta: dict[str, Any]) -> str | None:
    """Yahoo's ``firstTradeDate`` as the exchange-local ISO date (yfinance formats it as a Timestamp)."""
    ts = meta.get("firstTradeDate")
    if isinstance(ts, dt.datetime):
        return ts.date().isoformat()
    if not isinstance(ts, (int, float)):
        return None
    offset = meta.get("gmtoffset") if isinstance(meta.get("gmtoffset"), (int, float)) else 0
    return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=ts + offset)).date().isoformat()


class YahooProvider:
    """Online provider; ``sleep`` and ``retries`` are injectable so tests replay fast."""

    name = "yahoo"

    def __init__(self, *, retries: int = 3, backoff: float = 2.0, sleep: Callable[[float], None] = time.sleep,
                 session: Any = None, cache_dir: Path | None = None, timeout: float = 15.0) -> None:
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.session = session
        self.cache_dir = cache_dir
        self.timeout = timeout
        self.calls = 0  # HTTP-level history() attempts, for the record

    def symbols(self) -> list[str]:
        return []

    def history(self, symbol: str, start: dt.date, end: dt.date) -> Bars:
        sym = canonical(symbol)
        df, meta = self._download(sym, start, end)
        frame = self._to_frame(df)
        frame = frames.slice_dates(frame, start, end)
        if frame.empty:
            raise RangeUnavailable(f"{sym}: Yahoo has no rows between {start} and {end}")
        retrieved = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        source = {"provider": "yahoo", "retrieved_at": retrieved, "origin": ORIGIN, "prices": "as_traded",
                  "name": meta.get("longName") or meta.get("shortName"),
                  "exchange": meta.get("fullExchangeName") or meta.get("exchangeName"),
                  "instrument_type": meta.get("instrumentType"),
                  "first_trade_date": _first_trade_date(meta)}
        return Bars(symbol=sym, frame=frame, source={k: v for k, v in source.items() if v is not None},
                    currency=meta.get("currency"), timezone=meta.get("exchangeTimezoneName"), kind="price")

    def history_many(self, symbols: Iterable[str], start: dt.date, end: dt.date) -> dict[str, Bars | DataError]:
        """Several symbols; one failure does not stop the others.

        Yahoo's chart endpoint serves one symbol per request (``yf.download``
        only threads these and hides the errors), so this loops with the same
        retry policy and returns each symbol's bars or its typed error.
        """
        out: dict[str, Bars | DataError] = {}
        for symbol in symbols:
            try:
                out[canonical(symbol)] = self.history(symbol, start, end)
            except DataError as exc:
                out[canonical(symbol)] = exc
        return out

    # -- internals --------------------------------------------------------------------
    def _download(self, sym: str, start: dt.date, end: dt.date) -> tuple[pd.DataFrame, dict[str, Any]]:
        yf = _configure(self.cache_dir)
        from yfinance import exceptions as yfe

        attempt = 0
        while True:
            self.calls += 1
            try:
                ticker = yf.Ticker(sym, session=self.session)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # yfinance's own pandas deprecation noise
                    df = ticker.history(start=start.isoformat(), end=(end + dt.timedelta(days=1)).isoformat(),
                                        interval="1d", auto_adjust=False, actions=True, timeout=self.timeout)
                meta = dict(getattr(ticker._price_history, "_history_metadata", None) or {})
                if df is None or df.empty:
                    raise RangeUnavailable(f"{sym}: Yahoo returned no rows between {start} and {end}")
                return df, meta
            except DataError:
                raise
            except yfe.YFRateLimitError as exc:
                if attempt >= self.retries:
                    raise RateLimited(f"{sym}: Yahoo Finance is rate-limiting requests (HTTP 429) after {attempt + 1} attempts; try again later") from exc
            except yfe.YFPricesMissingError as exc:
                reason = (exc.yahoo_reason or "").lower()
                if "delisted" in reason or "not found" in reason or "no data found" in reason:
                    raise SymbolNotFound(f"{sym}: Yahoo Finance has no such symbol ({exc.yahoo_reason})") from exc
                raise RangeUnavailable(f"{sym}: Yahoo Finance has no prices between {start} and {end}") from exc
            except yfe.YFTzMissingError as exc:
                raise SymbolNotFound(f"{sym}: Yahoo Finance does not know this symbol") from exc
            except Exception as exc:  # noqa: BLE001 - every failure must become a DataError
                names = _names(exc)
                status = getattr(getattr(exc, "response", None), "status_code", None)
                if isinstance(exc, ValueError) or isinstance(exc, (KeyError, TypeError, IndexError, AttributeError)):
                    # JSON decoding errors are ValueErrors (and, in requests, also OSErrors): check first
                    raise DataError(f"{sym}: Yahoo Finance sent an unreadable response ({type(exc).__name__}: {str(exc)[:120]})") from exc
                if status == 404:
                    raise SymbolNotFound(f"{sym}: Yahoo Finance does not know this symbol (HTTP 404)") from exc
                if status == 429:
                    if attempt >= self.retries:
                        raise RateLimited(f"{sym}: Yahoo Finance is rate-limiting requests (HTTP 429) after {attempt + 1} attempts; try again later") from exc
                elif status is not None:
                    raise DataError(f"{sym}: Yahoo Finance answered HTTP {status}") from exc
                elif names & _TIMEOUT_NAMES or isinstance(exc, socket.timeout):
                    if attempt >= self.retries:
                        raise OfflineError(f"{sym}: Yahoo Finance did not answer within {self.timeout:g}s ({attempt + 1} attempts)") from exc
                elif names & _OFFLINE_NAMES or isinstance(exc, OSError):
                    raise OfflineError(f"{sym}: cannot reach Yahoo Finance (offline?): {type(exc).__name__}") from exc
                elif isinstance(exc, yfe.YFException):
                    raise DataError(f"{sym}: Yahoo Finance error: {exc}") from exc
                else:
                    raise DataError(f"{sym}: unexpected error while fetching from Yahoo Finance: {type(exc).__name__}: {exc}") from exc
            self.sleep(self.backoff * (2 ** attempt))
            attempt += 1

    @staticmethod
    def _to_frame(df: pd.DataFrame) -> pd.DataFrame:
        """yfinance frame (split-adjusted ``Close``, ``Adj Close``, actions) → contract frame, as traded."""
        raw = pd.DataFrame(index=[ts.date() for ts in df.index])
        mapping = {"Open": "open", "High": "high", "Low": "low", "Close": "close", "Volume": "volume",
                   "Dividends": "dividends", "Stock Splits": "splits"}
        for src, dst in mapping.items():
            raw[dst] = df[src].to_numpy(dtype="float64") if src in df.columns else (0.0 if dst in ("dividends", "splits") else np.nan)
        raw["adj_close"] = df["Adj Close"].to_numpy(dtype="float64") if "Adj Close" in df.columns else np.nan
        raw = raw.dropna(subset=["open", "high", "low", "close"], how="all")
        raw = raw[~raw.index.duplicated(keep="last")].sort_index()
        adj = raw.pop("adj_close").to_numpy()
        return frames.as_traded_from_split_adjusted(raw, adj_close=None if np.isnan(adj).all() else adj)
