"""Speed of the document stage (file → Document), per format.

Prints, for the seed (text page), a devset Markdown draft and a devset HTML
page: the first call in a fresh interpreter (import + rules loading + read,
i.e. the document stage's share of ``factcheck extract``'s cold start) and
the warm median per call; plus the import time of ``factcheck.document``.
Then the warm median per call with the text given (as the pipeline calls
it) for every document fixture, averaged per type, and the cost of
``sentence_spans`` per body block (the claims stage calls it once a block).
A synthetic 1 MB HTML page shows how the HTML path scales.

    python benchmarks/bench_document.py [--runs 50]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "documents"
FILES = [
    ROOT / "seeds" / "fortune-2025-02-16-china-rally.txt",
    ROOT / "tests" / "fixtures" / "devset" / "articles" / "05-nikkei-record-close.md",
    ROOT / "tests" / "fixtures" / "devset" / "articles" / "12-tariff-pause-rally.html",
]

COLD = """
import time, sys
t0 = time.perf_counter()
from factcheck.document import read_document
t1 = time.perf_counter()
read_document(sys.argv[1])
t2 = time.perf_counter()
print(f"{(t1 - t0) * 1000:.1f} {(t2 - t1) * 1000:.1f}")
"""


def cold(path: Path, runs: int) -> tuple[float, float]:
    imports, firsts = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD, str(path)], capture_output=True, text=True, check=True)
        a, b = map(float, out.stdout.split())
        imports.append(a)
        firsts.append(b)
    return statistics.median(imports), statistics.median(firsts)


def warm(path: Path, runs: int, text: str | None = None) -> float:
    from factcheck.document import read_document

    read_document(str(path), text=text)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        read_document(str(path), text=text)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def per_type(runs: int) -> None:
    """Warm median per call (text given) over every fixture, grouped by type."""
    groups = {
        "seed (text page)": [ROOT / "seeds" / "fortune-2025-02-16-china-rally.txt"],
        "devset .txt": sorted((FIXTURES.parent / "devset" / "articles").glob("*.txt")),
        "devset .md": sorted((FIXTURES.parent / "devset" / "articles").glob("*.md")),
        "devset .html": sorted((FIXTURES.parent / "devset" / "articles").glob("*.html")),
        "pages (edge cases)": sorted((FIXTURES / "pages").glob("*.*")),
    }
    print(f"\n{'fixtures, text given':42} {'files':>9} {'mean ms':>9} {'max ms':>8}")
    for name, paths in groups.items():
        times = [warm(path, runs, text=path.read_text(encoding="utf-8")) for path in paths]
        print(f"{name:42} {len(paths):9d} {statistics.mean(times):9.3f} {max(times):8.3f}")


def sentences(runs: int) -> None:
    """``sentence_spans`` per body block of the seed and the devset."""
    from factcheck.document import read_document, sentence_spans

    paths = [ROOT / "seeds" / "fortune-2025-02-16-china-rally.txt"]
    paths += sorted(p for p in (FIXTURES.parent / "devset" / "articles").iterdir() if p.suffix in (".txt", ".md", ".html"))
    blocks = [b.text for p in paths for b in read_document(str(p)).blocks if b.in_body]
    times = []
    for _ in range(max(3, runs // 10)):
        t = time.perf_counter()
        for text in blocks:
            sentence_spans(text)
        times.append(time.perf_counter() - t)
    print(f"\nsentence_spans: {statistics.median(times) / len(blocks) * 1e6:.1f} µs per body block ({len(blocks)} blocks)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args()
    print(f"{'file':42} {'import ms':>9} {'first ms':>9} {'warm ms':>8}")
    for path in FILES:
        imp, first = cold(path, max(3, args.runs // 10))
        print(f"{path.name:42} {imp:9.1f} {first:9.1f} {warm(path, args.runs):8.2f}")
    page = FILES[2].read_text(encoding="utf-8")
    head, _, tail = page.partition("</article>")
    para = head[head.index("<p>") : head.index("</p>") + 4] + "\n"
    big = head + para * (1_000_000 // len(para)) + "</article>" + tail
    ms = warm(Path("big.html"), max(3, args.runs // 10), text=big)
    print(f"{'synthetic 1 MB HTML':42} {'':9} {'':9} {ms:8.1f}")
    per_type(args.runs)
    sentences(args.runs)


if __name__ == "__main__":
    main()
