"""Verification-stage benchmark: prints numbers, asserts nothing.

  1. cold import of factcheck.verify (fresh interpreter)
  2. exchange calendar construction, per calendar (fresh interpreter each)
  3. claims per second on warm data (bundled offline dataset): the seed's five
     claims and five US claims, one Verifier per "document" (bars shared
     within it, as verify_claims does) and one per claim
  4. `factcheck check` on the seed, cold (fresh interpreter, offline, JSON)

Run: .venv/bin/python benchmarks/bench_verify.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def fresh(code: str, env: dict[str, str] | None = None) -> str:
    full = {**os.environ, **(env or {})}
    return subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env=full).stdout.strip()


def cold_import(rounds: int) -> list[float]:
    code = "import time; t=time.perf_counter(); import factcheck.verify; print(time.perf_counter()-t)"
    return [float(fresh(code)) for _ in range(rounds)]


def calendar_cost(name: str, symbol: str, cache: str) -> tuple[float, float, float]:
    """(build with an empty disk cache incl. the exchange_calendars import, read back from the
    disk cache in a new interpreter, in-process lookup) in seconds."""
    code = f"""
import time, datetime as dt
from factcheck import timeframe as T
ex = T.exchange_for({name!r}, {symbol!r})
t0 = time.perf_counter()
T.get_calendar(ex, dt.date(2025, 2, 17))
t1 = time.perf_counter()
T.get_calendar(ex, dt.date(2024, 6, 3))
print(t1 - t0, time.perf_counter() - t1)
"""
    env = {"FACTCHECK_CACHE_DIR": cache}
    build, _ = (float(x) for x in fresh(code, env).split())
    disk, again = (float(x) for x in fresh(code, env).split())
    return build, disk, again


def claims():
    from factcheck.model import Claim, Figure, Hedge, Published, Subject, Window

    def fig(text: str, value: float, precision: float, unit: str = "percent", kind: str = "percent",
            parts: dict | None = None) -> Figure:
        return Figure(text, 0, len(text), 0, 0, len(text), value, unit, kind, precision, parts=parts or {})

    def cl(f: Figure, sym: str, ex: str, metric: str, window: Window, hedge: Hedge | None = None,
           direction: int = 0) -> Claim:
        return Claim(f, "", 0, Subject(sym, sym, "stock", sym, ex), metric, window, hedge, "market", None, direction)

    seed = Published("2025-02-16T21:12:00-05:00", "America/New_York", True, "dateline")
    ap = Published("2023-05-19", "America/New_York", False, "dateline")
    friday = Window("session", "On Friday", {"weekday": "friday"})
    seed_claims = [
        cl(fig("60%", 60, 1), "9988.HK", "XHKG", "change", Window("since", "since Jan. 13", {"date": {"month": 1, "day": 13}}),
           Hedge("about", "around"), 1),
        cl(fig("7.8%", 7.8, 0.1), "0700.HK", "XHKG", "intraday_change", Window("session", "on Monday", {"weekday": "monday"}),
           Hedge("as much as", "extreme"), 1),
        cl(fig("40%", 40, 1), "0700.HK", "XHKG", "change_from_low",
           Window("from_extreme", "from a January low", {"extreme": "low", "period": {"month": 1}}), Hedge("almost", "below"), 1),
        cl(fig("February 2022", 2022, 1, "dimensionless", "date", {"year": 2022, "month": 2}), "^HSCE", "XHKG", "high_since",
           Window("lookback", "since February 2022", {"period": {"year": 2022, "month": 2}, "at": {"weekday": "friday", "last": True}}), None, 1),
        cl(fig("1.7%", 1.7, 0.1), "^HSCE", "XHKG", "intraday_change", Window("session", "on Monday", {"weekday": "monday"}),
           Hedge("as much as", "extreme"), 1),
    ]
    us_claims = [
        cl(fig("0.1%", 0.1, 0.1), "^GSPC", "XNYS", "change", friday, None, -1),
        cl(fig("4,191.98", 4191.98, 0.01, "index_point", "points"), "^GSPC", "XNYS", "level", friday),
        cl(fig("34,426.63", 34426.63, 0.01, "index_point", "points"), "^DJI", "XNYS", "level", friday),
        cl(fig("9.2%", 9.2, 0.1), "^GSPC", "XNYS", "change", Window("to_date", "For the year", {"unit": "year"}), None, 1),
        cl(fig("0.2%", 0.2, 0.1), "^IXIC", "XNAS", "change", friday, None, -1),
    ]
    return [(seed, seed_claims), (ap, us_claims)]


def throughput(rounds: int) -> tuple[float, float, int]:
    from factcheck.marketdata.bundled import BundledProvider
    from factcheck.verify import Verifier

    provider = BundledProvider()
    docs = claims()
    n = sum(len(c) for _, c in docs)
    for pub, cs in docs:  # warm: files loaded, calendars built
        v = Verifier(provider)
        for c in cs:
            v.verify(c, pub)
    t = time.perf_counter()
    for _ in range(rounds):
        for pub, cs in docs:
            v = Verifier(provider)
            for c in cs:
                v.verify(c, pub)
    per_doc = n * rounds / (time.perf_counter() - t)
    t = time.perf_counter()
    for _ in range(rounds):
        for pub, cs in docs:
            for c in cs:
                Verifier(provider).verify(c, pub)
    per_claim = n * rounds / (time.perf_counter() - t)
    return per_doc, per_claim, n


def check_cold(rounds: int) -> list[float]:
    seed = ROOT / "tests" / "fixtures" / "documents"
    path = next((p for p in (ROOT / "seeds" / "fortune-2025-02-16-china-rally.txt",
                             seed / "fortune-2025-02-16-china-rally.txt") if p.exists()), None)
    if path is None:
        return []
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        subprocess.run([PY, "-m", "factcheck", "check", str(path), "--offline", "--format", "json", "--exit-zero"],
                       capture_output=True, cwd=ROOT, check=False)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=50)
    args = ap.parse_args()
    imp = cold_import(3)
    print(f"cold import factcheck.verify: median {statistics.median(imp) * 1000:.0f} ms (3 fresh interpreters)")
    print("calendar construction, fresh interpreters (build = exchange_calendars import + schedule; "
          "disk = schedule read from the user cache; again = in-process):")
    with tempfile.TemporaryDirectory() as cache:
        for name, sym in (("XHKG", "0700.HK"), ("XNYS", "^GSPC"), ("XTKS", "^N225"), ("CME", "GC=F"),
                          ("FX", "JPY=X"), ("CRYPTO", "BTC-USD")):
            a, b, c = calendar_cost(name, sym, cache)
            print(f"  {name:<7} build {a * 1000:6.0f} ms   disk {b * 1000:5.0f} ms   again {c * 1e6:5.0f} µs")
    per_doc, per_claim, n = throughput(args.rounds)
    print(f"warm throughput ({n} claims x {args.rounds} rounds, bundled data): "
          f"{per_doc:,.0f} claims/s sharing bars per document, {per_claim:,.0f} claims/s one Verifier per claim")
    cold = check_cold(3)
    if cold:
        print(f"`factcheck check` seed, cold (offline, JSON): median {statistics.median(cold):.2f} s "
              f"(runs: {', '.join(f'{x:.2f}' for x in cold)}; target < 1.0 s)")


if __name__ == "__main__":
    main()
