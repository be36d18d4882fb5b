"""Instructions per seed article of each extraction stage, counted by valgrind: a cost that load does not move.

Wall-clock times on a shared VM move by +-15% from run to run, which hides
a change of a few percent. The instruction count of a stage (valgrind's
cachegrind, no cache simulation) is the same from run to run to about 0.2%
(``PYTHONHASHSEED`` is fixed), so it shows whether a change made a stage
cheaper. It is not a time: cache misses and branches are not counted, so
confirm a large change with ``bench_extract.py``.

Each stage runs ``--runs`` times in one process, and once more with zero
runs; the difference over ``--runs`` is the count per article. The stages
are those of ``bench_extract.py``: document = ``pipeline.load``, figures =
``figures.find_figures``, claims = ``claims.build_claims`` + suppression.

    python benchmarks/stage_instructions.py [--runs 40] [--stage document --stage figures]

Needs ``valgrind`` on PATH; takes about 30 s per stage.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "fortune-2025-02-16-china-rally.txt"
STAGES = ("document", "figures", "claims")


def run_stage(stage: str, runs: int) -> None:
    """The child: warm every cache, then run one stage ``runs`` times."""
    from factcheck import claims, figures, pipeline, suppress

    text = SEED.read_text(encoding="utf-8")
    doc = pipeline.load(str(SEED), text=text)
    found = figures.find_figures(doc)
    suppress.apply_suppression(doc.raw, claims.build_claims(doc, found))
    for _ in range(runs):
        if stage == "document":
            pipeline.load(str(SEED), text=text)
        elif stage == "figures":
            figures.find_figures(doc)
        else:
            suppress.apply_suppression(doc.raw, claims.build_claims(doc, found))


def instructions(stage: str, runs: int) -> int:
    """Instructions valgrind counts for a child process that runs ``stage`` ``runs`` times."""
    # the child imports this checkout's factcheck, whatever copy the interpreter has installed
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": path}
    out = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, __file__, "--child", stage, "--runs", str(runs)],
        capture_output=True, text=True, env=env, cwd=ROOT, check=True,
    )
    m = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if m is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--stage", action="append", choices=STAGES)
    ap.add_argument("--child", choices=STAGES, help=argparse.SUPPRESS)
    ns = ap.parse_args()
    if ns.child:
        run_stage(ns.child, ns.runs)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    for stage in ns.stage or STAGES:
        per_article = (instructions(stage, ns.runs) - instructions(stage, 0)) / ns.runs
        print(f"{stage:9s} {per_article / 1e6:7.3f} M instructions per seed article")


if __name__ == "__main__":
    main()
