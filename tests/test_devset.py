"""The development set end to end: agreement with data-derived gold labels.

tests/fixtures/devset holds the 20 devset articles (12 rewritten articles, 8
error variants) and gold.jsonl (412 figure occurrences labelled from the
market-data CSVs; see PROVENANCE.md). Scoring lives in
benchmarks/devset_score.py, which also prints the confusion table; this test
asserts floors on it, and strictly that each of the 8 changed figures of the
error variants is contradicted.

The floors are measured values, raised as the pipeline improves: a drop below
them is a regression.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from claim_match import check_file, describe

ROOT = Path(__file__).resolve().parent / "fixtures" / "devset"
_SPEC = importlib.util.spec_from_file_location(
    "devset_score", Path(__file__).resolve().parent.parent / "benchmarks" / "devset_score.py")
assert _SPEC is not None and _SPEC.loader is not None
devset_score = importlib.util.module_from_spec(_SPEC)
sys.modules["devset_score"] = devset_score
_SPEC.loader.exec_module(devset_score)

GOLD = devset_score.load_gold(ROOT)
CHANGED = [r for r in GOLD if r.get("changed")]

# Floors, measured with benchmarks/devset_score.py and set a little below the measurement while
# the stages are still moving; raise them as the pipeline improves. History:
#   first full run: agreement 342/412 = 83.0%, supported rows 78.1%, 23 false alarms, 18/27 found;
#   after 'period' windows: 351/412 = 85.2%, supported 78.6%, 23 false alarms, 22/27 found;
#   after records/ex-dividend/look-back fixes, counts and ranks: 389/412 = 94.4%, supported
#   91.2%, 8 false alarms, 25/27 found, 0 missed errors;
#   after claims about each of several instruments ("both benchmarks", generic "oil"): 393/412
#   = 95.4%, supported 92.1%, 8 false alarms, 27/27 found, 0 missed errors;
#   after clause-scoped windows (counts at the story's session, date-only 'as of writing' moves
#   on a running day): 395/412 = 95.9%, supported 93.0%, 4 false alarms, 25/27 found;
#   after threshold look-backs, ranks in named eras, levels reached, bounds before the data:
#   401/412 = 97.3%, supported 96.7%, 4 false alarms, 25/27 found, 0 missed errors;
#   the three branches merged: 411/412 = 99.8%, supported 99.5%, 0 false alarms, 27/27 found.
MIN_AGREEMENT = 0.99
MIN_SUPPORTED_AGREEMENT = 0.99
MAX_FALSE_ALARMS = 1  # gold supported, ours contradicted
MIN_CONTRADICTED_FOUND = 27  # gold contradicted rows we contradict


@pytest.fixture(scope="module")
def matches(request: pytest.FixtureRequest) -> list[Any]:
    files = sorted({r["file"] for r in GOLD})
    claims = {name: check_file(ROOT / name)["claims"] for name in files}
    result = devset_score.score(ROOT, claims)
    request.addfinalizer(lambda: _show(request.config, devset_score.format_report(result)))
    return result


def _show(config: pytest.Config, text: str) -> None:
    """Print the confusion table on the terminal, past pytest's output capture."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        print(text, file=sys.__stdout__)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("\n" + text)


def test_gold_fixture_is_intact() -> None:
    assert len(GOLD) == 412 and len(CHANGED) == 8
    for r in GOLD:
        text = (ROOT / r["file"]).read_text(encoding="utf-8")
        assert text[r["start"]:r["end"]] == r["text"], r["id"]


def test_overall_agreement(matches: list[Any]) -> None:
    assert devset_score.agreement(matches) >= MIN_AGREEMENT


def test_supported_rows_agreement(matches: list[Any]) -> None:
    rows = [m for m in matches if m.row["truth"] == "supported"]
    assert devset_score.agreement(rows) >= MIN_SUPPORTED_AGREEMENT


def test_false_alarms(matches: list[Any]) -> None:
    """True figures reported as wrong cost an editor's trust most."""
    alarms = [m for m in matches if m.row["truth"] == "supported" and m.ours == "contradicted"]
    assert len(alarms) <= MAX_FALSE_ALARMS, "\n".join(
        f"{m.row['id']} {m.row['text']!r}: {devset_score.describe_claim(m.claim)}" for m in alarms)


def test_no_missed_errors(matches: list[Any]) -> None:
    """A wrong figure reported as supported is the worst outcome for a fact-checker."""
    missed = [m for m in matches if m.row["truth"] == "contradicted" and m.ours == "supported"]
    assert not missed, "\n".join(
        f"{m.row['id']} {m.row['text']!r}: {devset_score.describe_claim(m.claim)}" for m in missed)


def test_contradicted_rows_found(matches: list[Any]) -> None:
    found = [m for m in matches if m.row["truth"] == "contradicted" and m.ours == "contradicted"]
    assert len(found) >= MIN_CONTRADICTED_FOUND


@pytest.mark.parametrize("row", CHANGED, ids=[f"{r['id']}:{r['original_text']}->{r['text']}" for r in CHANGED])
def test_changed_figure_is_contradicted(row: dict[str, Any]) -> None:
    claims = check_file(ROOT / row["file"])["claims"]
    claim = devset_score.best_claim(claims, row["start"], row["end"])
    assert claim is not None, f"{row['text']!r}: {describe(None)}"
    assert (claim.get("verdict") or {}).get("status") == "contradicted", (
        f"{row['id']} {row['original_text']} -> {row['text']} (gold observed {row.get('observed')}):\n    "
        + describe(claim))
