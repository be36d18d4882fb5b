"""Extraction throughput and cold start of the CLI.

Prints: articles/s for document → figures → claims on seed-sized texts (after
import, one core), the median milliseconds of each stage inside that loop
(document = ``pipeline.load``, figures, claims; the stages run back to back as
in the pipeline, so each pays the cache misses the others cause), and the wall
time of ``factcheck extract`` / ``factcheck check --offline`` on the seed from
a fresh interpreter (median of N runs).
Targets (issues 2 and 4): ≥ 200 articles/s; extract cold start < 0.5 s; check
cold start < 1.0 s.

    python benchmarks/bench_extract.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "fortune-2025-02-16-china-rally.txt"


def throughput(seconds: float = 3.0) -> tuple[float, int]:
    from factcheck import pipeline

    text = SEED.read_text(encoding="utf-8")
    pipeline.extract_document(pipeline.load(str(SEED), text=text))  # warm the rules caches
    n, start = 0, time.perf_counter()
    claims = 0
    while time.perf_counter() - start < seconds:
        claims = len(pipeline.extract_document(pipeline.load(str(SEED), text=text)).claims)
        n += 1
    return n / (time.perf_counter() - start), claims


def stages(runs: int = 600) -> dict[str, float]:
    """Median ms of each stage over ``runs`` articles, timed inside the same loop as the pipeline."""
    from factcheck import claims, figures, pipeline, suppress

    text = SEED.read_text(encoding="utf-8")
    pipeline.extract_document(pipeline.load(str(SEED), text=text))
    times: dict[str, list[float]] = {"document": [], "figures": [], "claims": [], "total": []}
    clock = time.perf_counter
    for _ in range(runs):
        t0 = clock()
        doc = pipeline.load(str(SEED), text=text)
        t1 = clock()
        found = figures.find_figures(doc)
        t2 = clock()
        suppress.apply_suppression(doc.raw, claims.build_claims(doc, found))
        t3 = clock()
        for key, dt in (("document", t1 - t0), ("figures", t2 - t1), ("claims", t3 - t2), ("total", t3 - t0)):
            times[key].append(dt)
    return {key: statistics.median(v) * 1000 for key, v in times.items()}


def cold(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "factcheck", *args], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def interpreter() -> str:
    """Which Python ran the loop: builds of the same version differ in speed (compiler flags, PGO)."""
    import platform

    return f"{platform.python_version()} at {sys.base_prefix}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ns = ap.parse_args()
    print(f"python: {interpreter()}")
    rate, claims = throughput()
    print(f"extraction throughput: {rate:,.0f} articles/s ({claims} claims per seed article, one core)")
    ms = stages()
    print("per stage (median ms per seed article): " + ", ".join(f"{k} {v:.2f}" for k, v in ms.items()))
    print(f"cold start `factcheck extract` on the seed: {cold(['extract', str(SEED), '--format', 'json'], ns.runs):.3f} s")
    print(f"cold start `factcheck check --offline` on the seed: "
          f"{cold(['check', str(SEED), '--offline', '--format', 'json'], ns.runs):.3f} s")
    probe = subprocess.run([sys.executable, "-c",
                            "import sys, factcheck.cli as c; c.main(['extract', sys.argv[1], '--format', 'json']);"
                            "print(any(m in sys.modules for m in ('pandas', 'yfinance')), file=sys.stderr)", str(SEED)],
                           capture_output=True, text=True, cwd=ROOT)
    print(f"extract imports pandas or yfinance: {probe.stderr.strip().splitlines()[-1] if probe.stderr else '?'}")


if __name__ == "__main__":
    main()
