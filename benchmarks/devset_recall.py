"""Recall of the devset's annotated figures by the figure grammar.

Usage: python benchmarks/devset_recall.py [DEVSET_DIR] [-v]

DEVSET_DIR defaults to ../shared/devset (the shared development set is not
shipped with the repository). A gold figure counts as found when a figure
overlaps its span and carries its value (as value, high, or a date/time whose
parts agree). Runs the document stage when it is available, else scans the raw
file text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from factcheck.figures import figures_in_text

HERE = Path(__file__).resolve().parent


def _load_doc_figures(path: Path):
    try:
        from factcheck.document import read_document  # type: ignore[attr-defined]
        from factcheck.figures import find_figures

        return find_figures(read_document(str(path))), "document"
    except Exception:
        return figures_in_text(path.read_text(encoding="utf-8")), "raw"


def _value_ok(gold: dict, f) -> bool:
    gv = gold["value"]
    if f.kind in ("date", "time", "year"):
        return True
    try:
        g = float(gv)
    except (TypeError, ValueError):
        return True
    scale = float(gold.get("scale") or 1)
    cands = [f.value, f.high] if f.high is not None else [f.value]
    for v in cands:
        for target in (g, g * scale, -g, -g * scale):
            if abs(v - target) <= 1e-6 * max(1.0, abs(target)):
                return True
    return False


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    root = Path(args[0]) if args else (HERE.parent.parent / "shared" / "devset")
    lines = (root / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    by_file: dict[str, list] = {}
    mode = set()
    for r in rows:
        if r["file"] not in by_file:
            figs, m = _load_doc_figures(root / r["file"])
            by_file[r["file"]] = figs
            mode.add(m)
    found = span_only = 0
    misses = []
    for r in rows:
        hit = [f for f in by_file[r["file"]] if f.start < r["end"] and r["start"] < f.end]
        if any(_value_ok(r, f) for f in hit):
            found += 1
        elif hit:
            span_only += 1
            misses.append((r, hit))
        else:
            misses.append((r, []))
    n = len(rows)
    print(
        f"devset figure recall ({'/'.join(sorted(mode))} input): {found}/{n} = {found / n:.1%}"
        f"  (span found but value differs: {span_only})"
    )
    missed_rows = {r["row"] for r, _ in misses}
    orig = [r for r in rows if r["variant"] == "original"]
    print(f"  original articles only: {sum(1 for r in orig if r['row'] not in missed_rows)}/{len(orig)}")
    if verbose:
        for r, hit in misses:
            print(
                f"  MISS {r['id']:7} {r['text']!r:32} value={r['value']!r} got={[(f.text, f.value, f.kind) for f in hit]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
