"""Whole-history metrics benchmark (ranks, streak look-backs, counts): prints numbers,
asserts nothing.

A rank or a streak look-back reads a symbol's whole history (^GSPC: 24,000+ rows since
1927) and scans every daily change or run; this measures one claim cold (first read of the
bundled file in the process) and warm (bars already read by the Verifier of the document).

Run: .venv/bin/python benchmarks/bench_history_metrics.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from factcheck.marketdata.bundled import BundledProvider
from factcheck.model import Claim, Figure, Published, Subject, Window
from factcheck.verify import Verifier


def _claim(text: str, value: float, kind: str, symbol: str, metric: str | None, window: Window | None,
           related: dict, direction: int = 1) -> Claim:
    f = Figure(text, 0, len(text), 0, 0, len(text), value, "dimensionless", kind, 1.0)
    subject = Subject(symbol, symbol, "index", symbol, "XNYS")
    return Claim(f, "", 0, subject, metric, window, None, "market", None, direction, related=related)


CASES = [
    ("rank of a daily move, ^GSPC since 1927", Published("2025-04-09", "America/New_York", False, "meta"),
     _claim("third", 3, "ordinal", "^GSPC", None, None, {"measure": "rank", "ranked": "change", "among": "record"})),
    ("rank of a close, ^IXIC since 1971", Published("2025-04-09", "America/New_York", False, "meta"),
     _claim("fifth", 5, "ordinal", "^IXIC", None, None, {"measure": "rank", "ranked": "level", "among": "record"})),
    ("longest winning streak since 2004, ^GSPC", Published("2025-05-02", "America/New_York", False, "meta"),
     _claim("2004", 2004, "year", "^GSPC", "high_since", Window("lookback", "since 2004", {"period": {"year": 2004}}),
            {"measure": "streak:up"})),
    ("five of the past seven sessions, ^TNX", Published("2022-09-27", "America/New_York", False, "meta"),
     _claim("five", 5, "number", "^TNX", None, Window("span", "of the past seven trading days",
                                                      {"amount": 7, "unit": "session"}),
            {"measure": "count", "count": 5, "of": 7, "unit": "session"})),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    provider = BundledProvider()
    for label, pub, claim in CASES:
        v = Verifier(provider)
        t = time.perf_counter()
        verdict = v.verify(claim, pub)
        cold = time.perf_counter() - t
        warm = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            v.verify(claim, pub)
            warm.append(time.perf_counter() - t)
        print(f"{label:<42} first {cold * 1000:7.1f} ms   warm median {statistics.median(warm) * 1000:6.1f} ms   "
              f"-> {verdict.status}")


if __name__ == "__main__":
    main()
