"""Acceptance tests on hand-written US market articles with looked-up truth.

Each ``tests/articles/NN-*.yaml`` names an article and, per figure printed in
it, the status an honest checker must give (with the truth numbers in the
file's comments, computed by ``scripts/make_real_cases.py`` from the daily
CSVs). ``wrong:`` entries are programmatic error variants: the article with
that one figure replaced by a clearly wrong value, which must come out
contradicted. Wrong values lie outside the day's whole range, so they stay
contradicted even for a checker that treats a date-only article's session as
still open.

Entries marked ``hard:`` are known-hard phrasings; they run as non-strict
xfail with that reason so progress shows up as XPASS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from claim_match import (
    check_file,
    claim_at,
    describe,
    figure_spans,
    find_span,
    mutate,
    overlapping,
    status_of,
)

ARTICLES = Path(__file__).parent / "articles"


def _specs() -> list[dict[str, Any]]:
    out = []
    for path in sorted(ARTICLES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec["_id"] = path.stem
        out.append(spec)
    return out


SPECS = _specs()


def _raw(spec: dict[str, Any]) -> str:
    # newline="" keeps the file's own line ends: the pipeline's offsets point into that text
    with open(ARTICLES / spec["article"], encoding="utf-8", newline="") as fh:
        return fh.read()


def _doc(spec: dict[str, Any]) -> dict[str, Any]:
    return check_file(ARTICLES / spec["article"])


def _claim_params() -> list[Any]:
    params = []
    for spec in SPECS:
        for exp in spec.get("claims", []):
            occ = exp.get("occurrence", 0)
            pid = f"{spec['_id']}::{exp['text']}" + (f"#{occ}" if occ else "")
            marks = [pytest.mark.xfail(reason=exp["hard"], strict=False)] if exp.get("hard") else []
            params.append(pytest.param(spec, exp, id=pid, marks=marks))
    return params


def _wrong_params() -> list[Any]:
    params = []
    for spec in SPECS:
        for w in spec.get("wrong", []):
            occ = w.get("occurrence", 0)
            pid = f"{spec['_id']}::{w['text']}" + (f"#{occ}" if occ else "") + f"->{w['to']}"
            marks = [pytest.mark.xfail(reason=w["hard"], strict=False)] if w.get("hard") else []
            params.append(pytest.param(spec, w, id=pid, marks=marks))
    return params


def _statuses(exp: dict[str, Any]) -> list[str]:
    s = exp["status"]
    return [s] if isinstance(s, str) else list(s)


@pytest.mark.parametrize("spec", SPECS, ids=[s["_id"] for s in SPECS])
def test_publication_date(spec: dict[str, Any]) -> None:
    published = _doc(spec)["published"]
    assert published is not None, "no publication instant found (document.py)"
    assert published["instant"].startswith(spec["published"]), published


@pytest.mark.parametrize("spec,exp", _claim_params())
def test_figure_status(spec: dict[str, Any], exp: dict[str, Any]) -> None:
    doc = _doc(spec)
    start, end = find_span(_raw(spec), exp["text"], exp.get("occurrence", 0))
    claim = claim_at(doc["claims"], start, end)
    assert claim is not None, f"{exp['text']!r}: {describe(None)}"
    want = _statuses(exp)
    assert status_of(claim) in want, f"expected {'/'.join(want)}:\n    {describe(claim)}"
    if "reason" in exp:
        reasons = [exp["reason"]] if isinstance(exp["reason"], str) else exp["reason"]
        assert claim["verdict"]["reason"] in reasons, f"expected reason {reasons}:\n    {describe(claim)}"
    if "symbol" in exp and status_of(claim) != "unverifiable":
        symbol = (claim.get("subject") or {}).get("symbol")
        assert symbol == exp["symbol"], f"expected subject {exp['symbol']}:\n    {describe(claim)}"


@pytest.mark.parametrize("spec,wrong", _wrong_params())
def test_wrong_value_is_contradicted(spec: dict[str, Any], wrong: dict[str, Any], tmp_path: Path) -> None:
    raw = _raw(spec)
    start, end = find_span(raw, wrong["text"], wrong.get("occurrence", 0))
    path = tmp_path / spec["article"]
    path.write_text(mutate(raw, start, end, wrong["to"]), encoding="utf-8", newline="")
    claims = check_file(path)["claims"]
    claim = claim_at(claims, start, start + len(wrong["to"]))
    assert claim is not None, f"{wrong['to']!r}: {describe(None)}"
    assert status_of(claim) == "contradicted", f"{wrong['text']} -> {wrong['to']}:\n    {describe(claim)}"
    if "gap" in wrong:
        lo, hi = wrong["gap"]
        assert lo <= abs(claim["verdict"]["gap"]) <= hi, describe(claim)


@pytest.mark.parametrize("spec", SPECS, ids=[s["_id"] for s in SPECS])
def test_no_false_alarms_on_unlisted_figures(spec: dict[str, Any]) -> None:
    """Every figure of these articles is true or not checkable: nothing may be contradicted.

    Listed figures are judged by test_figure_status; this catches the rest
    (dates, counts, figures the expectation files do not name).
    """
    doc, raw = _doc(spec), _raw(spec)
    listed = [find_span(raw, e["text"], e.get("occurrence", 0)) for e in spec.get("claims", [])]
    alarms = [c for c in doc["claims"]
              if status_of(c) == "contradicted" and not any(c["start"] < e and s < c["end"] for s, e in listed)]
    assert not alarms, "\n  ".join(describe(c) for c in alarms)


@pytest.mark.parametrize("spec", [s for s in SPECS if s.get("decoys")],
                         ids=[s["_id"] for s in SPECS if s.get("decoys")])
def test_page_chrome_yields_no_claims(spec: dict[str, Any]) -> None:
    """Numbers in <nav>/<aside> (other headlines, promotions) are not the article."""
    doc, raw = _doc(spec), _raw(spec)
    for decoy in spec["decoys"]:
        spans = figure_spans(raw, decoy)
        assert spans, f"expectation error: decoy {decoy!r} not in the page"
        for s, e in spans:
            hits = overlapping(doc["claims"], s, e)
            assert not hits, f"claim from page chrome {decoy!r}:\n    " + describe(hits[0])
