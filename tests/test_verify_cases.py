"""Verification cases written as YAML (tests/cases/verify/*.yaml), one test per case.

A file gives an optional ``published`` for all its cases and a list of
``cases``: a claim (figure text and the fields claims.py would fill) and what
the verdict must be (status, reason, observed interval, gap, message). Rows
come from tests/fixtures/verify (real data, provenance in each file), or with
``provider: bundled`` (per file or per case) from the dataset shipped in
factcheck/data, for claims that need a symbol's whole history (records,
look-backs).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from verify_fakes import FixtureProvider, claim, fig, subject  # noqa: E402

from factcheck.model import Hedge, Published, Window, to_json  # noqa: E402
from factcheck.verify import verify  # noqa: E402

CASES = Path(__file__).parent / "cases" / "verify"


def load() -> list[tuple[str, dict[str, Any], dict[str, Any] | None]]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            case.setdefault("provider", data.get("provider", "fixture"))
            out.append((f"{path.stem}: {case['name']}", case, case.get("published", data.get("published"))))
    return out


def provider_for(case: dict[str, Any]) -> Any:
    if case.get("provider") == "bundled":
        from factcheck.marketdata.bundled import BundledProvider

        return BundledProvider()
    return FixtureProvider()


def build(case: dict[str, Any]):
    c = case["claim"]
    f = dict(c["figure"])
    figure = fig(f.pop("text"), **f)
    w = c.get("window")
    window = Window(w["kind"], w.get("text"), w.get("spec") or {}) if w else None
    h = c.get("hedge")
    symbol = c.get("symbol")
    subj = subject(symbol, kind=c.get("subject_kind", "stock"), exchange=c.get("exchange", "auto"))
    if c.get("subject_via"):  # how claims.py reached the subject ("anaphora": "the index's ...")
        subj = dataclasses.replace(subj, via=c["subject_via"])
    related = dict(c.get("related") or {})
    if "subjects" in c:  # a claim about each of several instruments ("both indexes"): no single subject
        related["subjects"] = [to_json(subject(s, kind=c.get("subject_kind", "stock"))) for s in c["subjects"]]
    made = claim(figure, symbol, c["metric"], window, Hedge(h["text"], h["mode"]) if h else None,
                 c.get("direction", 0), subject=subj, related=related)
    return dataclasses.replace(made, subject=None) if "subjects" in c else made


@pytest.mark.parametrize("name,case,published", load(), ids=[n for n, _, _ in load()])
def test_case(name: str, case: dict[str, Any], published: dict[str, Any] | None) -> None:
    pub = Published(source="case", **published) if published else None
    v = verify(build(case), pub, provider_for(case))
    want = case["expect"]
    assert v.status == want["status"], v.message
    if "reason" in want:
        assert v.reason == want["reason"], v.message
    if "observed" in want:
        assert v.observed == pytest.approx(tuple(want["observed"]), abs=2e-3), v.message
    if "gap" in want:
        assert v.gap == pytest.approx(want["gap"], abs=2e-3), v.message
    if "message" in want:
        assert v.message == want["message"]
    if "message_contains" in want:
        assert want["message_contains"] in v.message, v.message
    assert v.evidence is not None or v.status == "unverifiable"
