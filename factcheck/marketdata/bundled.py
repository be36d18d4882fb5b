"""The offline dataset shipped inside the package (``factcheck/data``).

One gzip'd CSV per symbol (as-traded OHLC, volume, events, adj_factor) and a
``manifest.json`` describing each symbol: name, kind, currency, exchange time
zone, coverage, whether prices are as traded or adjusted, and where the rows
came from (repository @ commit). Built by ``scripts/build_dataset.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from factcheck.marketdata.base import COLUMNS, Bars, NoDataSource, RangeUnavailable
from factcheck.resources import data_dir


def canonical(symbol: str) -> str:
    """Symbols match case-insensitively (Yahoo's are upper case: ``^hsce`` is ``^HSCE``)."""
    return symbol.strip().upper()


class BundledProvider:
    """Reads the shipped per-symbol files; never touches the network."""

    name = "bundled"

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else data_dir()
        self._manifest: dict[str, Any] | None = None

    @property
    def manifest(self) -> dict[str, Any]:
        if self._manifest is None:
            path = self.root / "manifest.json"
            self._manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"symbols": {}}
        return self._manifest

    def symbols(self) -> list[str]:
        return list(self.manifest["symbols"])

    def info(self, symbol: str) -> dict[str, Any] | None:
        """Manifest entry of a symbol, also under the aliases the manifest lists
        (a series with no Yahoo symbol of its own answers to Yahoo's spelling)."""
        symbols = self.manifest["symbols"]
        key = canonical(symbol)
        if key in symbols:
            return symbols[key]
        if "_aliases" not in self.__dict__:
            self._aliases = {canonical(a): s for s, e in symbols.items() for a in e.get("aliases", ())}
        return symbols.get(self._aliases.get(key, ""))

    def covers(self, symbol: str, start: dt.date, end: dt.date) -> bool:
        info = self.info(symbol)
        return bool(info) and info["first"] <= start.isoformat() and end.isoformat() <= info["last"]

    def history(self, symbol: str, start: dt.date, end: dt.date) -> Bars:
        info = self.info(symbol)
        if info is None:
            raise NoDataSource(f"{symbol}: not in the bundled dataset")
        dates, values = _load(str(self.root / info["file"]))
        lo = int(np.searchsorted(dates, start.isoformat(), side="left"))
        hi = int(np.searchsorted(dates, end.isoformat(), side="right"))
        if lo >= hi:
            raise RangeUnavailable(
                f"{info['symbol']}: no bundled rows between {start} and {end} (bundled data covers {info['first']}..{info['last']})"
            )
        frame = pd.DataFrame(values[lo:hi], columns=list(COLUMNS))
        frame.index = pd.Index([dt.date.fromisoformat(d) for d in dates[lo:hi]], dtype="object", name="date")
        complete = info["first"] <= start.isoformat() and end.isoformat() <= info["last"]
        source = {
            "provider": "bundled",
            "snapshot": info["snapshot"],
            "prices": info["prices"],
            "path": f"factcheck/data/{info['file']}",
            "origin": "; ".join(f"{s['repository']}@{s['commit'][:12]}:{s['path']}" for s in info["sources"]),
            "coverage": [info["first"], info["last"]],
            "complete": complete,
            # rows start at the listing/inception and the range reaches back to it: no earlier record exists
            "history_complete": bool(info.get("history_complete")) and lo == 0,
        }
        return Bars(
            symbol=info["symbol"], frame=frame, source=source, currency=info.get("currency"),
            timezone=info.get("timezone"), kind=info.get("kind", "price"),
        )


@lru_cache(maxsize=64)
def _load(path: str) -> tuple[np.ndarray, np.ndarray]:
    """Whole symbol file → (ISO date strings, float matrix); kept per process."""
    raw = pd.read_csv(path, dtype={c: "float64" for c in COLUMNS} | {"date": str}, engine="c")
    return raw["date"].to_numpy(dtype=object), raw[list(COLUMNS)].to_numpy(dtype="float64")


def clear_memory() -> None:
    """Forget loaded files (benchmarks measure cold loads with this)."""
    _load.cache_clear()


__all__ = ["BundledProvider", "canonical", "clear_memory"]
