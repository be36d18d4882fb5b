"""Microsoft Recognizers-Text test vectors as a public yardstick for the figure grammar.

tests/vectors/ holds copies of three spec files (see PROVENANCE.md). Each case
is compared with what :func:`figures_in_text` finds:

* percent: every expected result must be a percent figure with the same span
  (surrounding spaces ignored) and value; inputs that expect nothing must
  yield no percent figure.
* currency: the money figures must be exactly the expected results: same
  spans, same value (Recognizers gives cents/pence in minor units; the
  grammar normalises to the major unit) and the same ISO currency. A bare
  "$" is read as USD, as the grammar documents.
* number range: a range written as one figure ("between 20 and 30",
  "1000-5000", "20~100") must be one figure with value = low and high = high.
  A bound written with a comparison word ("more than 30", "no less than 194")
  is a hedge, which the claims stage reads from rules/hedges.yaml; the
  figure grammar must find each finite bound as a figure inside the span.
  Inputs that expect no range must yield no figure with a high end.

Cases listed in tests/vectors/out_of_scope.yaml are skipped (not a goal of a
financial-news grammar) or expected to fail (known gaps), each with a reason.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.figures import figures_in_text

VECTORS = Path(__file__).parent / "vectors"
FILES = {
    "percent": "Number_English_PercentModel.json",
    "currency": "NumberWithUnit_English_CurrencyModel.json",
    "range": "Number_English_NumberRangeModel.json",
}

# Recognizers unit names → (ISO code, factor to the major unit).
CURRENCY_UNITS = {
    "Dollar": ("USD", 1.0),
    "United States dollar": ("USD", 1.0),
    "Cent": ("USD", 0.01),
    "Pound": ("GBP", 1.0),
    "British pound": ("GBP", 1.0),
    "Pence": ("GBP", 0.01),
    "Penny": ("GBP", 0.01),
    "Euro": ("EUR", 1.0),
    "Japanese yen": ("JPY", 1.0),
    "Chinese yuan": ("CNY", 1.0),
    "Hong Kong dollar": ("HKD", 1.0),
    "Canadian dollar": ("CAD", 1.0),
    "Australian dollar": ("AUD", 1.0),
    "New Zealand dollar": ("NZD", 1.0),
    "Singapore dollar": ("SGD", 1.0),
    "Swiss franc": ("CHF", 1.0),
    "Mexican peso": ("MXN", 1.0),
    "Turkish lira": ("TRY", 1.0),
    "Bitcoin": ("BTC", 1.0),
    "Rupee": ("INR", 1.0),
    "Indian rupee": ("INR", 1.0),
    "South Korean won": ("KRW", 1.0),
}

COMPARATORS = (
    "more",
    "less",
    "greater",
    "larger",
    "bigger",
    "higher",
    "lower",
    "smaller",
    "above",
    "below",
    "under",
    "over",
    "least",
    "most",
    "fewer",
    "exceed",
    "surpass",
    "equal",
    "no ",
    "up to",
    "<",
    ">",
    "=",
)


@lru_cache(maxsize=None)
def load(kind: str) -> list[dict[str, Any]]:
    return json.loads((VECTORS / FILES[kind]).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def exclusions() -> dict[str, dict[str, dict[int, dict[str, Any]]]]:
    data = yaml.safe_load((VECTORS / "out_of_scope.yaml").read_text(encoding="utf-8"))
    out: dict[str, dict[str, dict[int, dict[str, Any]]]] = {}
    for section in ("out_of_scope", "known_gaps"):
        out[section] = {k: {e["index"]: e for e in v or []} for k, v in (data.get(section) or {}).items()}
    return out


def _span(text: str, r: dict[str, Any]) -> tuple[int, int]:
    """Recognizers' inclusive Start/End as a half-open span, surrounding spaces trimmed."""
    s, e = r["Start"], r["End"] + 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _parse_interval(v: str) -> tuple[float | None, float | None]:
    lo, hi = v[1:-1].split(",")
    return (float(lo) if lo else None, float(hi) if hi else None)


def check(kind: str, case: dict[str, Any]) -> str | None:
    """None when the grammar agrees with the case, else a one-line reason."""
    text = case["Input"]
    figs = figures_in_text(text)
    results = case.get("Results") or []
    if kind == "percent":
        got = [f for f in figs if f.unit == "percent"]
        want = []
        for r in results:
            s, e = _span(text, r)
            v = r["Resolution"].get("value")
            want.append((s, e, None if v in (None, "null") else float(v.rstrip("%"))))
        have = [(f.local_start, f.local_end, f.value) for f in got]
        if len(have) != len(want) or any(
            h[:2] != w[:2] or w[2] is None or not _close(h[2], w[2]) for h, w in zip(have, want)
        ):
            return f"want {want}, got {[(f.text, f.value) for f in got]}"
        return None
    if kind == "currency":
        got = [f for f in figs if f.kind == "money"]
        want = []
        for r in results:
            res = r["Resolution"]
            code, factor = CURRENCY_UNITS.get(res.get("unit"), (res.get("isoCurrency"), 1.0))
            value = None if res.get("value") is None else float(res["value"]) * factor
            want.append((*_span(text, r), code, value))
        have = [(f.local_start, f.local_end, f.currency, f.value) for f in got]
        ok = len(have) == len(want) and all(
            h[:3] == w[:3] and w[3] is not None and _close(h[3], w[3]) for h, w in zip(have, want)
        )
        return None if ok else f"want {want}, got {[(f.text, f.currency, f.value) for f in got]}"
    # number range
    if not results:
        ranges = [f for f in figs if f.high is not None]
        return None if not ranges else f"want no range, got {[f.text for f in ranges]}"
    for r in results:
        s, e = _span(text, r)
        lo, hi = _parse_interval(r["Resolution"]["value"])
        inside = [f for f in figs if f.local_start < e and s < f.local_end]
        phrase = r["Text"].lower()
        if lo is not None and hi is not None and not any(c in phrase for c in COMPARATORS):
            if not any(f.high is not None and _close(f.value, lo) and _close(f.high, hi) for f in inside):
                return f"{r['Text']!r}: want one range [{lo}, {hi}], got {[(f.text, f.value, f.high) for f in inside]}"
            continue
        for bound in (lo, hi):
            if bound is not None and not any(
                _close(f.value, bound) or (f.high is not None and _close(f.high, bound)) for f in inside
            ):
                return f"{r['Text']!r}: bound {bound} not found, got {[(f.text, f.value) for f in inside]}"
    return None


def _params() -> list[Any]:
    ex = exclusions()
    params = []
    for kind in FILES:
        for i, case in enumerate(load(kind)):
            marks = []
            skip = ex["out_of_scope"].get(kind, {}).get(i)
            gap = ex["known_gaps"].get(kind, {}).get(i)
            if skip:
                marks.append(pytest.mark.skip(reason=f"out of scope: {skip['reason']}"))
            elif gap:
                marks.append(pytest.mark.xfail(reason=f"known gap: {gap['reason']}", strict=True))
            params.append(pytest.param(kind, i, marks=marks, id=f"{kind}-{i:03d}"))
    return params


@pytest.mark.parametrize(("kind", "index"), _params())
def test_vector(kind: str, index: int) -> None:
    reason = check(kind, load(kind)[index])
    assert reason is None, reason


def test_exclusions_name_real_cases() -> None:
    """Every listed case exists and its `input` still matches (the JSON copies are pinned)."""
    for section in exclusions().values():
        for kind, entries in section.items():
            cases = load(kind)
            for i, e in entries.items():
                assert i < len(cases), (kind, i)
                assert cases[i]["Input"].startswith(e["input"]), (kind, i, e["input"])
                assert e["reason"].strip()
