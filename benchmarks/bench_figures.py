"""Throughput of the figure grammar on seed-sized article text.

Usage: python benchmarks/bench_figures.py [FILE ...] [--seconds N]

Without files it uses the article paragraphs of tests/fixtures/figures/
(seed-sized financial-news text shipped with the tests). Prints the cold
start (first call: loading the rules and compiling the grammar), then
figures/s and articles/s for the warm grammar.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent / "tests" / "fixtures" / "figures" / "seed_like_article.txt"


def main(argv: list[str]) -> int:
    seconds = 3.0
    if "--seconds" in argv:
        i = argv.index("--seconds")
        seconds = float(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    paths = [Path(a) for a in argv] or [DEFAULT]
    texts = [p.read_text(encoding="utf-8") for p in paths]

    t0 = time.perf_counter()
    from factcheck.figures import figures_in_text, grammar

    grammar()
    t1 = time.perf_counter()
    print(f"import + grammar compile: {(t1 - t0) * 1000:.1f} ms")
    print(f"pint imported: {'pint' in sys.modules}")

    n_articles = n_figs = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for t in texts:
            # one call per paragraph, as find_figures does per block
            for para in t.split("\n"):
                if para.strip():
                    n_figs += len(figures_in_text(para))
            n_articles += 1
    el = time.perf_counter() - start
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"{n_articles / el:,.0f} articles/s  ({chars:,.0f} chars/article), {n_figs / el:,.0f} figures/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
