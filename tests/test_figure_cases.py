"""The figure grammar against the YAML cases in tests/cases/figures/.

Each case file holds ``cases:``, a list of ``{text, figures, note?}``.
``figures`` lists, in document order, every figure the text must yield:
the texts must match exactly (nothing missing, nothing extra), and each
other field given (value, unit, kind, precision, high, direction, scale,
currency, approx_word, parts) must match. ``figures: []`` is a negative case.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.figures import figures_in_text

CASES_DIR = Path(__file__).parent / "cases" / "figures"
FIELDS = ("value", "unit", "kind", "precision", "high", "direction", "scale", "currency", "approx_word", "parts")


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            params.append(pytest.param(case, id=f"{path.stem}-{i:02d}"))
    return params


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, float) or isinstance(got, float) and isinstance(expected, int):
        return got is not None and math.isclose(float(got), float(expected), rel_tol=1e-9, abs_tol=1e-12)
    return expected == got


@pytest.mark.parametrize("case", _load())
def test_figure_case(case: dict[str, Any]) -> None:
    figs = figures_in_text(case["text"])
    want = case["figures"] or []
    assert [f.text for f in figs] == [w["text"] for w in want], case.get("note", "")
    for f, w in zip(figs, want):
        assert case["text"][f.local_start : f.local_end] == f.text
        for key in FIELDS:
            if key in w:
                assert _same(w[key], getattr(f, key)), f"{f.text!r}: {key} = {getattr(f, key)!r}, want {w[key]!r}"


def test_there_are_enough_cases() -> None:
    assert len(_load()) >= 100
