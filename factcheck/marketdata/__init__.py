"""Market data behind one interface: user series → bundled dataset → cache → Yahoo.

    from factcheck.marketdata import open_provider, symbol_info
    provider = open_provider(offline=True)
    bars = provider.history("9988.HK", date(2025, 1, 10), date(2025, 2, 18))
    bars.frame.loc[date(2025, 2, 14), "close"]   # 124.1, as traded
    bars.source                                   # provider, snapshot / retrieved_at, origin

Order: a user-imported series wins (the user said so explicitly); the bundled
snapshot serves any range it covers (reproducible, no network); then the
cache; then Yahoo, which fills the cache. ``offline=True`` drops Yahoo and
never opens a socket. When nothing covers the whole range offline, the best
partial rows come back with ``source["complete"] = False``.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from factcheck.marketdata.base import (
    COLUMNS,
    Bars,
    DataError,
    NoDataSource,
    OfflineError,
    Provider,
    RangeUnavailable,
    RateLimited,
    SymbolNotFound,
)
from factcheck.marketdata.bundled import BundledProvider, canonical
from factcheck.marketdata.cache import CachedProvider, Store, cache_dir
from factcheck.marketdata.series import SeriesProvider
from factcheck.resources import data_dir

CACHE_FILE = "cache.sqlite"
SERIES_FILE = "series.sqlite"


class ChainProvider:
    """The provider the rest of factcheck uses; see the module docstring for the order."""

    name = "chain"

    def __init__(self, *, bundled: BundledProvider, series: SeriesProvider, cache: CachedProvider, offline: bool) -> None:
        self.bundled = bundled
        self.series = series
        self.cache = cache
        self.offline = offline

    def symbols(self) -> list[str]:
        seen = dict.fromkeys(self.series.symbols() if self.series.store.path.exists() else [])
        seen.update(dict.fromkeys(self.bundled.symbols()))
        if self.cache.store.path.exists():
            seen.update(dict.fromkeys(self.cache.symbols()))
        return list(seen)

    def history(self, symbol: str, start: dt.date, end: dt.date) -> Bars:
        if end < start:
            raise RangeUnavailable(f"{symbol}: empty range {start}..{end}")
        if self.series.has(symbol):
            return self.series.history(symbol, start, end)
        if self.bundled.covers(symbol, start, end):
            return self.bundled.history(symbol, start, end)
        cached = self.cache.store.path.exists()
        if cached and self.cache.covers(symbol, start, end):
            return self.cache.cached(symbol, start, end)
        if not self.offline:
            try:
                return self.cache.history(symbol, start, end)
            except DataError as exc:
                partial = self._partial(symbol, start, end, cached)
                if partial is None:
                    raise
                partial.source["fallback_reason"] = str(exc)
                return partial
        partial = self._partial(symbol, start, end, cached)
        if partial is not None:
            return partial
        if self.bundled.info(symbol) or (cached and self.cache.store.symbol_row(canonical(symbol))):
            raise RangeUnavailable(f"{symbol}: no offline rows between {start} and {end}")
        raise OfflineError(f"{symbol}: not in the bundled dataset, the cache or imported series; fetching it needs the network")

    def _partial(self, symbol: str, start: dt.date, end: dt.date, cached: bool) -> Bars | None:
        """Best rows available without the network, flagged incomplete."""
        candidates = []
        if self.bundled.info(symbol):
            try:
                candidates.append(self.bundled.history(symbol, start, end))
            except DataError:
                pass
        if cached:
            try:
                candidates.append(self.cache.cached(symbol, start, end))
            except DataError:
                pass
        if not candidates:
            return None
        best = max(candidates, key=lambda b: len(b.frame))
        best.source["complete"] = False
        return best


def open_provider(*, offline: bool = False, cache_dir: str | None = None, yahoo: Provider | None = None) -> ChainProvider:
    """The provider chain. ``yahoo`` replaces the online provider (tests pass a fake)."""
    root = _resolve_cache_dir(cache_dir)
    upstream = None
    if not offline:
        if yahoo is None:
            from factcheck.marketdata.yahoo import YahooProvider

            yahoo = YahooProvider(cache_dir=root)
        upstream = yahoo
    return ChainProvider(
        bundled=_bundled(),
        series=SeriesProvider(Store(root / SERIES_FILE)),
        cache=CachedProvider(Store(root / CACHE_FILE), upstream),
        offline=offline,
    )


def _resolve_cache_dir(option: str | None) -> Path:
    return cache_dir(option)


@lru_cache(maxsize=1)
def _bundled() -> BundledProvider:
    return BundledProvider()


@lru_cache(maxsize=1)
def _suffixes() -> dict[str, dict[str, Any]]:
    return json.loads((data_dir() / "exchanges.json").read_text(encoding="utf-8"))["suffixes"]


def infer_exchange(symbol: str) -> dict[str, Any]:
    """Exchange facts from a Yahoo symbol's suffix (``.HK``, ``=X``, ``-USD``, bare US ticker)."""
    sym = canonical(symbol)
    table = _suffixes()
    for suffix in sorted((s for s in table if s), key=len, reverse=True):
        if sym.endswith(suffix.upper()):
            return dict(table[suffix])
    if sym.replace("-", "").replace(".", "").isalpha() and "." not in sym:
        return dict(table[""])
    return {}


def symbol_info(symbol: str, *, cache_dir: str | None = None) -> dict[str, Any]:
    """What factcheck knows about a symbol without the network.

    Keys: symbol, name, kind, currency, timezone, exchange, calendar, prices,
    coverage (per provider: [first, last]), plus notes/sources for bundled ones.
    ``known`` is False when only the suffix rules spoke.
    """
    sym = canonical(symbol)
    root = _resolve_cache_dir(cache_dir)
    info: dict[str, Any] = {"symbol": sym, "kind": "price", "known": False, "coverage": {}}
    inferred = infer_exchange(sym)
    info.update({k: v for k, v in inferred.items()})
    def stored(fname: str, label: str) -> None:
        path = root / fname
        if path.exists():
            row = Store(path).symbol_row(sym)
            if row:
                info.update({k: v for k, v in row.items() if v is not None and k not in ("first", "last", "symbol")})
                info["coverage"][label] = [row["first"], row["last"]]
                info["known"] = True

    stored(CACHE_FILE, "cache")
    bundled = _bundled().info(sym)
    if bundled:
        info.update({k: v for k, v in bundled.items() if k not in ("first", "last", "rows", "file")})
        info["coverage"]["bundled"] = [bundled["first"], bundled["last"]]
        info["known"] = True
    stored(SERIES_FILE, "series")  # an imported series overrides: the user said what it is
    return info


__all__ = [
    "COLUMNS", "Bars", "ChainProvider", "DataError", "NoDataSource", "OfflineError", "Provider",
    "RangeUnavailable", "RateLimited", "SymbolNotFound", "open_provider", "symbol_info", "infer_exchange",
]
