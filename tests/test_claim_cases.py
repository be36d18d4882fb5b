"""Claim-stage case files: a sentence or paragraph in, the expected claims out.

Each ``tests/cases/claims/*.yaml`` holds ``cases``; a case has ``name``,
``text`` and ``claims``, a list of expectations matched to the claims of the
text by figure text (in order; ``nth`` picks a later occurrence). Only the
keys an expectation lists are checked:

- ``symbol`` (subject symbol, ``null`` for none), ``subject`` (subject name),
  ``via`` (alias | anaphora | context), ``unresolved`` (the unresolved name)
- ``kind``, ``metric``, ``direction``, ``hedge`` (mode or ``null``),
  ``hedge_text``
- ``window``: a kind, or a mapping with ``kind``, ``text``, ``source`` and a
  ``spec`` subset
- ``related``: a subset of Claim.related (a list of mappings: each a subset of the item)
- ``not_related``: keys Claim.related must not hold
- ``not_window_spec``: keys the window's spec must not hold

The text goes through the real pipeline: read_document → find_figures →
build_claims.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.claims import claims_in_text
from factcheck.model import Claim

CASES = Path(__file__).parent / "cases" / "claims"


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            out.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return out


def _subset(expected: Any, actual: Any, where: str) -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected a mapping, got {actual!r}"
        for k, v in expected.items():
            assert k in actual, f"{where}: no key {k!r} in {actual!r}"
            _subset(v, actual[k], f"{where}.{k}")
    elif isinstance(expected, list) and any(isinstance(x, dict) for x in expected):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{where}: expected {expected!r}, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            _subset(e, a, f"{where}[{i}]")
    else:
        assert actual == expected, f"{where}: expected {expected!r}, got {actual!r}"


def _find(claims: list[Claim], text: str, nth: int) -> Claim:
    hits = [c for c in claims if c.figure.text == text]
    if not hits:
        hits = [c for c in claims if text in c.figure.text]
    assert len(hits) > nth, f"no figure {text!r} (#{nth}) among {[c.figure.text for c in claims]}"
    return hits[nth]


def _check(exp: dict[str, Any], c: Claim) -> None:
    where = f"{exp['figure']!r}"
    if "symbol" in exp:
        assert (c.subject.symbol if c.subject else None) == exp["symbol"], f"{where}: subject {c.subject}"
    if "subject" in exp:
        assert (c.subject.name if c.subject else None) == exp["subject"], f"{where}: subject {c.subject}"
    if "via" in exp:
        assert c.subject is not None and c.subject.via == exp["via"], f"{where}: via {c.subject}"
    if "unresolved" in exp:
        assert c.unresolved_subject == exp["unresolved"], f"{where}: unresolved {c.unresolved_subject!r}"
    for key in ("kind", "metric", "direction"):
        if key in exp:
            assert getattr(c, key) == exp[key], f"{where}: {key} {getattr(c, key)!r} (reason {c.reason!r})"
    if "hedge" in exp:
        assert (c.hedge.mode if c.hedge else None) == exp["hedge"], f"{where}: hedge {c.hedge}"
    if "hedge_text" in exp:
        assert c.hedge is not None and c.hedge.text.lower() == exp["hedge_text"], f"{where}: hedge {c.hedge}"
    if "window" in exp:
        w = exp["window"]
        assert c.window is not None or w is None, f"{where}: no window"
        if isinstance(w, str):
            assert c.window.kind == w, f"{where}: window {c.window}"
        elif w is not None:
            for key in ("kind", "text", "source"):
                if key in w:
                    assert getattr(c.window, key) == w[key], f"{where}: window {c.window}"
            if "spec" in w:
                _subset(w["spec"], c.window.spec, f"{where}: window.spec")
    if "related" in exp:
        _subset(exp["related"], c.related, f"{where}: related")
    for key in exp.get("not_related", ()):
        assert key not in c.related, f"{where}: related holds {key!r}: {c.related!r}"
    for key in exp.get("not_window_spec", ()):
        assert c.window is None or key not in c.window.spec, f"{where}: window.spec holds {key!r}: {c.window}"


@pytest.mark.parametrize("case", _cases())
def test_claim_case(case: dict[str, Any]) -> None:
    claims = claims_in_text(case["text"])
    for exp in case["claims"]:
        _check(exp, _find(claims, str(exp["figure"]), int(exp.get("nth", 0))))
