"""Agreement of the claim stage with the development set's gold annotations.

Runs document → figures → claims on every article of the devset and matches
claims to gold rows by offsets. For gold rows with
``checkable_with_market_data: true`` it reports how often

- the claim's subject symbol is one of the gold ``ticker_guess`` symbols
  (a gold row without a ticker agrees with a claim without a symbol),
- the metric fits the gold ``measure`` (change, level, lookback, anchor ...),
- the window fits the gold window phrase (same phrase, or inherited from
  context when gold says ``window_source: context``, or implicit when gold has
  no window).

For the other rows it reports how often the claim is not ``market``.

    python benchmarks/devset_claims.py [DEVSET_DIR] [--verbose] [--originals]

DEVSET_DIR defaults to ../shared/devset beside the repository (the CI copy).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from factcheck.claims import build_claims
from factcheck.document import read_document
from factcheck.figures import find_figures
from factcheck.rules_loader import load_rules

ROOT = Path(__file__).resolve().parents[1]

METRICS_FOR_MEASURE = {
    "change": {"change", "intraday_change", "change_from_low", "change_from_high", "yield_change", "streak"},
    "level": {"level", "intraday_level", "yield_level", "threshold", "record_high", "record_low", "market_value"},
    "lookback": {"high_since", "low_since", "record_high", "record_low"},
    "count": {"streak", None},
    "window": {None},
    "anchor": {None},
    "other": {None},
}


def _window_ok(claim, row) -> bool:
    w = claim.window
    gold = row.get("window")
    if row["measure"] in ("anchor", "window"):
        return claim.kind == "anchor" or claim.metric in ("high_since", "low_since")
    if not gold:
        return w is None or w.kind == "implicit" or w.source == "context"
    if w is None or w.kind == "implicit":
        return False
    if row.get("window_source") == "context":
        return w.source == "context" or (w.text or "").lower() in gold.lower() or gold.lower() in (w.text or "").lower()
    text = (w.text or "").lower()
    g = gold.lower()
    return bool(text) and (text in g or g in text or len(set(text.split()) & set(g.split())) >= 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("devset", nargs="?", default=str(ROOT.parent / "shared" / "devset"))
    ap.add_argument("--verbose", "-v", action="store_true", help="print every disagreement")
    ap.add_argument("--originals", action="store_true", help="only the 12 original articles")
    args = ap.parse_args(argv)
    base = Path(args.devset)
    gold_path = base / "gold.jsonl"
    if not gold_path.exists():
        print(f"no gold.jsonl in {base}", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.originals:
        rows = [r for r in rows if r["variant"] == "original"]
    by_file: dict[str, list[dict]] = {}
    for r in rows:
        by_file.setdefault(r["file"], []).append(r)

    counts: Counter[str] = Counter()
    inputs = {}
    for rel in sorted(by_file):
        path = base / rel
        doc = read_document(str(path), text=path.read_text(encoding="utf-8"))
        inputs[rel] = (doc, find_figures(doc))
    t0 = time.perf_counter()
    load_rules()
    for doc, figs in inputs.values():
        build_claims(doc, figs)  # rule patterns compile on first use: the first pass pays for them
    cold = time.perf_counter() - t0
    rounds = 3
    t1 = time.perf_counter()
    for _ in range(rounds):
        results = {rel: build_claims(doc, figs) for rel, (doc, figs) in inputs.items()}
    elapsed = (time.perf_counter() - t1) / rounds
    for rel, file_rows in sorted(by_file.items()):
        claims = results[rel]
        for row in file_rows:
            match = [c for c in claims if c.figure.start < row["end"] and row["start"] < c.figure.end]
            if not match:
                counts["no_figure"] += 1
                if args.verbose:
                    print(f"{row['id']:7} MISSING figure {row['text']!r}")
                continue
            c = match[0]
            if not row["checkable_with_market_data"]:
                counts["nm_rows"] += 1
                ok = c.kind != "market"
                counts["nm_ok"] += ok
                if args.verbose and not ok:
                    print(f"{row['id']:7} NOT_MARKET expected, got {c.kind} {c.metric} {c.subject and c.subject.symbol} | {row['text']!r} | {row['sentence'][:90]}")
                continue
            counts["rows"] += 1
            tickers = {t.strip() for t in (row.get("ticker_guess") or "").split(",") if t.strip()}
            sym = c.subject.symbol if c.subject else None
            subj_ok = (sym in tickers) if tickers else (sym is None)
            if row["measure"] in ("anchor", "window"):
                subj_ok = c.kind == "anchor" or subj_ok
            metric_ok = c.metric in METRICS_FOR_MEASURE.get(row["measure"], {c.metric}) or (
                row["measure"] in ("anchor", "window") and c.kind == "anchor")
            window_ok = _window_ok(c, row)
            counts["subject"] += subj_ok
            counts["metric"] += metric_ok
            counts["window"] += window_ok
            counts["all"] += subj_ok and metric_ok and window_ok
            if args.verbose and not (subj_ok and metric_ok and window_ok):
                flags = "".join(x for x, ok in (("S", subj_ok), ("M", metric_ok), ("W", window_ok)) if not ok)
                w = c.window
                print(f"{row['id']:7} {flags:3} {row['text']!r:22} gold={row.get('ticker_guess')}/{row['measure']}/{row.get('window')!r}({row.get('window_source')})"
                      f" got={sym}/{c.kind}/{c.metric}/{w.kind if w else None}:{w.text if w else None}({w.source if w else ''})"
                      f" u={c.unresolved_subject}")
    n = counts["rows"] or 1
    print(f"checkable gold rows: {counts['rows']}  (figures not found: {counts['no_figure']})")
    print(f"  subject symbol agrees: {counts['subject']}/{counts['rows']} = {counts['subject'] / n:.1%}")
    print(f"  metric fits measure:   {counts['metric']}/{counts['rows']} = {counts['metric'] / n:.1%}")
    print(f"  window fits:           {counts['window']}/{counts['rows']} = {counts['window'] / n:.1%}")
    print(f"  all three:             {counts['all']}/{counts['rows']} = {counts['all'] / n:.1%}")
    nm = counts["nm_rows"] or 1
    print(f"not-checkable gold rows kept out of 'market': {counts['nm_ok']}/{counts['nm_rows']} = {counts['nm_ok'] / nm:.1%}")
    print(f"claim stage time (warm, mean of {rounds} passes): {elapsed * 1000:.1f} ms for {len(by_file)} files "
          f"({elapsed * 1000 / max(len(by_file), 1):.2f} ms/file); first pass with rules loading {cold * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
