"""Score the whole pipeline against the development set's gold labels.

Usage: python benchmarks/devset_score.py [DEVSET_DIR] [-v]

DEVSET_DIR defaults to tests/fixtures/devset (a copy of the shared devset:
20 articles and gold.jsonl; see its PROVENANCE.md). Every gold row (one
figure occurrence) is matched to the claim whose figure overlaps its span
most, and the gold truth is mapped to a factcheck status:

    supported -> supported, contradicted -> contradicted,
    no_data / intraday / not_market -> unverifiable.

A row without an overlapping claim counts as ``missing`` (a dropped figure is
a disagreement: DESIGN.md wants every figure reported). Prints the confusion
table (gold truth x our status), agreement per gold truth and per article,
the fate of the 8 changed figures of the error variants, and the run time;
``-v`` lists every disagreement with the claim's subject, metric, window and
verdict. tests/test_devset.py asserts thresholds on the same numbers.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent / "tests" / "fixtures" / "devset"

GOLD_TO_STATUS = {
    "supported": "supported",
    "contradicted": "contradicted",
    "no_data": "unverifiable",
    "intraday": "unverifiable",
    "not_market": "unverifiable",
}
TRUTHS = ("supported", "contradicted", "no_data", "intraday", "not_market")
OURS = ("supported", "contradicted", "unverifiable", "missing")


@dataclass(frozen=True)
class Match:
    row: dict[str, Any]
    claim: dict[str, Any] | None

    @property
    def ours(self) -> str:
        if self.claim is None:
            return "missing"
        verdict = self.claim.get("verdict")
        return verdict["status"] if verdict else "missing"

    @property
    def expected(self) -> str:
        return GOLD_TO_STATUS[self.row["truth"]]

    @property
    def agrees(self) -> bool:
        return self.ours == self.expected


def load_gold(root: Path) -> list[dict[str, Any]]:
    text = (root / "gold.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def best_claim(claims: list[dict[str, Any]], start: int, end: int) -> dict[str, Any] | None:
    """The claim whose figure overlaps [start, end) most (suppressed claims excluded)."""
    best, best_overlap = None, 0
    for c in claims:
        if c.get("suppressed"):
            continue
        overlap = min(end, c["end"]) - max(start, c["start"])
        if overlap > best_overlap:
            best, best_overlap = c, overlap
    return best


def check_files(root: Path, files: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Claims per gold file name, from one offline pipeline run per file."""
    from factcheck import pipeline

    out = {}
    for name in files:
        (doc,) = pipeline.check([str(root / name)], offline=True)["documents"]
        out[name] = doc["claims"]
    return out


def score(root: Path = DEFAULT_DIR, claims_by_file: dict[str, list[dict[str, Any]]] | None = None) -> list[Match]:
    rows = load_gold(root)
    files = sorted({r["file"] for r in rows})
    if claims_by_file is None:
        claims_by_file = check_files(root, files)
    return [Match(r, best_claim(claims_by_file[r["file"]], r["start"], r["end"])) for r in rows]


def agreement(matches: list[Match]) -> float:
    return sum(m.agrees for m in matches) / len(matches)


def confusion(matches: list[Match]) -> Counter[tuple[str, str]]:
    return Counter((m.row["truth"], m.ours) for m in matches)


def format_report(matches: list[Match], *, verbose: bool = False) -> str:
    table = confusion(matches)
    lines = ["devset: gold truth (rows) x factcheck status (columns)", ""]
    lines.append(f"{'gold':<14}" + "".join(f"{o:>14}" for o in OURS) + f"{'agree':>10}")
    for t in TRUTHS:
        n = sum(table[(t, o)] for o in OURS)
        if not n:
            continue
        agree = table[(t, GOLD_TO_STATUS[t])]
        lines.append(f"{t:<14}" + "".join(f"{table[(t, o)]:>14}" for o in OURS) + f"{agree / n:>10.1%}")
    total = len(matches)
    lines.append(f"{'TOTAL':<14}" + "".join(f"{sum(table[(t, o)] for t in TRUTHS):>14}" for o in OURS)
                 + f"{agreement(matches):>10.1%}")
    lines.append("")
    lines.append(f"agreement {sum(m.agrees for m in matches)}/{total} = {agreement(matches):.1%}; "
                 f"false alarms (gold supported, ours contradicted): "
                 f"{table[('supported', 'contradicted')]}; "
                 f"missed errors (gold contradicted, ours supported): {table[('contradicted', 'supported')]}")
    lines.append("")
    lines.append("per article:")
    by_article: dict[str, list[Match]] = {}
    for m in matches:
        by_article.setdefault(Path(m.row["file"]).name, []).append(m)
    for name, ms in sorted(by_article.items()):
        lines.append(f"  {name:<44} {sum(x.agrees for x in ms):>3}/{len(ms):<3} {agreement(ms):>6.1%}")
    lines.append("")
    lines.append("changed figures of the error variants (must be contradicted):")
    for m in matches:
        if m.row.get("changed"):
            lines.append(f"  {m.row['id']:<7} {m.row['text']!r:<22} -> {m.ours}"
                         + ("" if m.ours == "contradicted" else "   <-- MISSED"))
    if verbose:
        lines.append("")
        lines.append("disagreements:")
        for m in matches:
            if not m.agrees:
                lines.append(f"  {m.row['id']} {m.row['text']!r} gold={m.row['truth']} ({m.row.get('rule')}) "
                             f"ours={m.ours} | {describe_claim(m.claim)}")
    return "\n".join(lines)


def describe_claim(c: dict[str, Any] | None) -> str:
    if c is None:
        return "no claim"
    subj = (c.get("subject") or {}).get("symbol")
    win = c.get("window") or {}
    v = c.get("verdict") or {}
    return (f"claim {c['text']!r} kind={c.get('kind')} subj={subj} metric={c.get('metric')} "
            f"window={win.get('kind')}:{win.get('text')!r} -> {v.get('status')}/{v.get('reason')} {v.get('message')}")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    root = Path(args[0]) if args else DEFAULT_DIR
    t0 = time.perf_counter()
    matches = score(root)
    elapsed = time.perf_counter() - t0
    print(format_report(matches, verbose=verbose))
    files = len({m.row["file"] for m in matches})
    print(f"\n{files} files, {len(matches)} gold rows checked offline in {elapsed:.2f} s "
          f"({elapsed / files * 1000:.0f} ms per file, first-run imports included)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
