"""Rendering speed of every report format, and the import cost of the report layer.

Run: .venv/bin/python benchmarks/bench_report.py [DOCS]
Renders the hand-built seed result (tests/fixtures/results/seed.json) replicated
DOCS times (default 50 documents, about 350 claims), best of 3 per format.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "results" / "seed.json"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    cmd = "import time; t=time.perf_counter(); import factcheck.report, factcheck.report.{m}; print(time.perf_counter()-t)"
    for module in ("github", "table", "html"):
        best = min(float(subprocess.run([sys.executable, "-c", cmd.format(m=module)], capture_output=True, text=True,
                                        check=True).stdout) for _ in range(3))
        print(f"import factcheck.report.{module:<8} {best * 1000:7.1f} ms (fresh interpreter)")

    from factcheck.report import FORMATS, render

    seed = json.loads(SEED.read_text(encoding="utf-8"))
    docs = [dict(d, source=f"{i:03d}-{d['source']}") for i in range(n) for d in seed["documents"][: 1 + (i % 2)]]
    result = {**seed, "documents": docs}
    claims = sum(len(d["claims"]) for d in docs)
    print(f"result: {len(docs)} documents, {claims} claims")
    for fmt in FORMATS:
        render(fmt, result)  # warm caches (assets, lazy imports)
        times = []
        for _ in range(3):
            t = time.perf_counter()
            text = render(fmt, result)
            times.append(time.perf_counter() - t)
        best = min(times)
        print(f"{fmt:<9} {best * 1000:8.1f} ms  {best / claims * 1e6:7.1f} µs/claim  {len(text) / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
