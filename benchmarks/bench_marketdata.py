"""Market-data timings and size: cold symbol-year from the bundled dataset, warm cache read, dataset size.

    .venv/bin/python benchmarks/bench_marketdata.py

Cold load: the symbol's file has not been read in this process (the in-process
memo is cleared before each run); it includes reading and decompressing the
file. It is measured in the same process after pandas is imported, because
every caller of the market-data layer has pandas loaded already; a separate
fresh-process figure (interpreter start and imports included) is printed too.
Targets: cold < 50 ms, warm < 5 ms, dataset < 20 MB.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from factcheck.marketdata import open_provider
from factcheck.marketdata.bundled import BundledProvider, clear_memory
from factcheck.marketdata.cache import CachedProvider, Store
from factcheck.resources import data_dir

REPEAT = 30


def timed(fn, repeat: int = REPEAT, setup=None) -> list[float]:
    out = []
    for _ in range(repeat):
        if setup:
            setup()
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(label: str, ms: list[float], target: float) -> None:
    med, worst = statistics.median(ms), max(ms)
    flag = "ok" if med < target else "OVER TARGET"
    print(f"{label:58} median {med:7.2f} ms  max {worst:7.2f} ms  (target < {target:g} ms: {flag})")


def main() -> int:
    bundled = BundledProvider()
    year = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    for symbol in ("^GSPC", "0700.HK", "9988.HK"):
        rows = bundled.info(symbol)["rows"]
        ms = timed(lambda: bundled.history(symbol, *year), setup=clear_memory)
        report(f"cold bundled symbol-year {symbol} ({rows} rows in file)", ms, 50)
    chain = open_provider(offline=True, cache_dir=tempfile.mkdtemp())
    ms = timed(lambda: chain.history("9988.HK", *year), setup=clear_memory)
    report("cold symbol-year through open_provider(offline=True)", ms, 50)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "cache.sqlite")
        days = [d.date() for d in pd.bdate_range("2000-01-03", "2024-12-31")]
        for i in range(20):  # a cache with 20 symbols x 25 years
            frame = pd.DataFrame({c: np.linspace(1, 2, len(days)) for c in
                                  ("open", "high", "low", "close", "volume", "dividends", "splits", "adj_factor")}, index=days)
            store.write(f"SYM{i}", frame, days[0], days[-1], {"kind": "price"})
        cached = CachedProvider(store, None, today=lambda: dt.date(2025, 1, 1))
        cached.cached("SYM7", *year)
        report("warm cache read, symbol-year (SQLite, 20 x 25y cached)", timed(lambda: cached.cached("SYM7", *year)), 5)

    cmd = ("import time; t=time.perf_counter(); import datetime as dt; from factcheck.marketdata import open_provider; "
           "open_provider(offline=True).history('^GSPC', dt.date(2024,1,1), dt.date(2024,12,31)); "
           "print((time.perf_counter()-t)*1000)")
    fresh = [float(subprocess.run([sys.executable, "-c", cmd], capture_output=True, text=True, check=True).stdout) for _ in range(3)]
    print(f"{'fresh process: import + first symbol-year (^GSPC)':58} median {statistics.median(fresh):7.2f} ms  (imports pandas; informational)")

    root = data_dir()
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    bars = sum(p.stat().st_size for p in (root / "bars").glob("*"))
    print(f"{'bundled dataset on disk (factcheck/data)':58} {size / 1e6:7.2f} MB  (bars {bars / 1e6:.2f} MB, "
          f"{len(bundled.symbols())} symbols; target < 20 MB: {'ok' if size < 20e6 else 'OVER TARGET'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
