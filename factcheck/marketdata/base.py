"""The one interface every market-data provider implements.

A provider answers one question: the daily bars of a symbol over a date range.
Bars come back as a pandas DataFrame indexed by session date (``datetime.date``
values in the exchange's own calendar, ascending, unique) with these columns:

``open, high, low, close``  as-traded prices (what a newspaper quotes that day)
``volume``                  shares/contracts, NaN when unknown
``dividends``               cash dividend going ex on that date (as traded), 0 if none
``splits``                  split ratio effective that date (4.0 for 4-for-1), 0 if none
``adj_factor``              multiply as-traded prices by this to get prices adjusted
                            for all later dividends and splits (1.0 on the last row
                            when nothing happened later)

Missing cells are NaN (e.g. a source without highs and lows). A provider never
raises anything but :class:`DataError` subclasses for data problems.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("open", "high", "low", "close", "volume", "dividends", "splits", "adj_factor")


class DataError(Exception):
    """Base class: the data needed is not available. The verifier turns it into
    ``unverifiable: data_unavailable`` (or ``no_data_source``)."""

    reason = "data_unavailable"


class NoDataSource(DataError):
    """No provider carries this symbol at all."""

    reason = "no_data_source"


class SymbolNotFound(DataError):
    """The provider knows no such symbol (Yahoo: 'No data found, symbol may be delisted')."""

    reason = "no_data_source"


class OfflineError(DataError):
    """The network is needed but not allowed (``--offline``) or not reachable."""


class RateLimited(DataError):
    """The remote service refused after retries (HTTP 429)."""


class RangeUnavailable(DataError):
    """The symbol exists but the provider has no rows in the requested range."""


@dataclass(frozen=True)
class Bars:
    """Daily bars of one symbol plus where they came from (for the evidence)."""

    symbol: str
    frame: "pd.DataFrame"  # columns COLUMNS, index of datetime.date
    source: dict[str, Any] = field(default_factory=dict)
    # source keys: provider ("bundled" | "cache" | "yahoo" | "series"), snapshot (date of
    # the bundled data), retrieved_at (ISO instant for Yahoo/cache), path, origin (upstream file)
    currency: str | None = None
    timezone: str | None = None  # IANA zone of the exchange
    kind: str = "price"  # price | yield | ratio | value


@runtime_checkable
class Provider(Protocol):
    """Daily OHLC + volume + actions for a symbol over an inclusive date range."""

    name: str

    def history(self, symbol: str, start: dt.date, end: dt.date) -> Bars:
        """Rows with ``start <= date <= end``; raise a :class:`DataError` when none can be had."""
        ...

    def symbols(self) -> list[str]:
        """Symbols this provider can serve without the network (may be empty for Yahoo)."""
        ...
