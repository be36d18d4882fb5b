"""Pass rate of the figure grammar on the Recognizers-Text vectors, per file.

Usage: python benchmarks/vector_pass_rate.py [-v]

Counts every case: passed, failed, out of scope (skipped, with the reason in
tests/vectors/out_of_scope.yaml) and known gaps (listed there too). The pass
rate is given over all cases and over the in-scope ones. -v prints failures.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_recognizers_vectors import FILES, check, exclusions, load  # noqa: E402


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    ex = exclusions()
    for kind, name in FILES.items():
        cases = load(kind)
        passed = failed = 0
        skipped = gaps = 0
        for i, case in enumerate(cases):
            reason = check(kind, case)
            if i in ex["out_of_scope"].get(kind, {}):
                skipped += 1
                continue
            if reason is None:
                passed += 1
            else:
                failed += 1
                if i in ex["known_gaps"].get(kind, {}):
                    gaps += 1
                if verbose:
                    print(f"  {kind}-{i:03d} {case['Input'][:70]!r}: {reason}")
        n = len(cases)
        in_scope = n - skipped
        print(
            f"{name}: {passed}/{n} passed ({passed / n:.1%} of all); "
            f"{passed}/{in_scope} in scope ({passed / in_scope:.1%}); "
            f"out of scope {skipped}, known gaps {gaps}, other failures {failed - gaps}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
