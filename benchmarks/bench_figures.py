"""Throughput of the figure stage on seed-sized articles.

Usage: python benchmarks/bench_figures.py [FILE ...] [--seconds N]

Without files it reads the seed article and the devset articles kept under
tests/fixtures/ (documents/ and devset/articles/). Each file is read once into a Document (the
document stage is not timed); the loop then times ``find_figures`` alone.
Prints the cold start (import + loading the rules + compiling the grammar),
whether pint was imported (it must not be), and figures/s and articles/s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "documents"


def main(argv: list[str]) -> int:
    seconds = 3.0
    if "--seconds" in argv:
        i = argv.index("--seconds")
        seconds = float(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    paths = [Path(a) for a in argv] or [FIXTURES / "fortune-2025-02-16-china-rally.txt"] + sorted(
        p for p in (FIXTURES.parent / "devset" / "articles").glob("*") if p.suffix in (".txt", ".md", ".html")
    )

    t0 = time.perf_counter()
    from factcheck.figures import find_figures, grammar

    grammar()
    t1 = time.perf_counter()
    print(f"cold start (import + rules + compile): {(t1 - t0) * 1000:.0f} ms; pint imported: {'pint' in sys.modules}")

    from factcheck.document import read_document

    docs = [read_document(str(p)) for p in paths]
    chars = sum(len(d.raw) for d in docs) / len(docs)
    for label, batch in (("seed", docs[:1] if not argv else docs), ("all", docs)):
        n_articles = n_figs = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            for d in batch:
                n_figs += len(find_figures(d))
                n_articles += 1
        el = time.perf_counter() - start
        print(
            f"{label:5} {len(batch):3} docs: {n_articles / el:8,.0f} articles/s  {n_figs / el:10,.0f} figures/s"
            f"  ({n_figs / n_articles:.0f} figures/article)"
        )
    print(f"average raw size {chars:,.0f} chars")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
