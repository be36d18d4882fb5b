"""Claimed and observed intervals, and the verdict rule between them (DESIGN.md).

A printed figure is a rounded, often hedged number, so it stands for an
interval: the value ± half its printed unit, reshaped by the hedge
(rules/hedges.yaml). The data side is an interval too (an open session is
known only by its low..high; vendors differ), widened by the data tolerance
(rules/tolerances.yaml). A claim is supported when the two intervals meet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

INF = math.inf


@dataclass(frozen=True)
class Interval:
    """A real interval; a bound may be open or infinite."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    desc: str = ""

    def contains(self, x: float) -> bool:
        ok_lo = x > self.lo if self.lo_open else x >= self.lo
        ok_hi = x < self.hi if self.hi_open else x <= self.hi
        return ok_lo and ok_hi

    def meets(self, other: "Interval") -> bool:
        """True when the intervals share at least one point."""
        if self.lo != other.lo:
            lo, lo_open = (self.lo, self.lo_open) if self.lo > other.lo else (other.lo, other.lo_open)
        else:
            lo, lo_open = self.lo, self.lo_open or other.lo_open
        if self.hi != other.hi:
            hi, hi_open = (self.hi, self.hi_open) if self.hi < other.hi else (other.hi, other.hi_open)
        else:
            hi, hi_open = self.hi, self.hi_open or other.hi_open
        if lo < hi:
            return True
        return lo == hi and not lo_open and not hi_open

    def distance(self, other: "Interval") -> float:
        """Gap between the intervals (0 when they meet or touch)."""
        return max(0.0, other.lo - self.hi, self.lo - other.hi)

    def widen(self, amount: float, desc: str | None = None) -> "Interval":
        """Both finite bounds moved outwards by ``amount``."""
        if not amount:
            return self
        lo = self.lo - amount if self.lo != -INF else self.lo
        hi = self.hi + amount if self.hi != INF else self.hi
        return Interval(lo, hi, self.lo_open, self.hi_open, desc if desc is not None else self.desc)

    def scaled(self, k: float) -> "Interval":
        """The interval of ``k·x`` (flips when k < 0)."""
        a, b = self.lo * k, self.hi * k
        if k >= 0:
            return Interval(a, b, self.lo_open, self.hi_open, self.desc)
        return Interval(b, a, self.hi_open, self.lo_open, self.desc)

    def bounds(self) -> tuple[float | None, float | None]:
        """JSON form: None for an infinite bound."""
        return (None if self.lo == -INF else self.lo, None if self.hi == INF else self.hi)

    @property
    def point(self) -> bool:
        return self.lo == self.hi


def hull(values: list[float]) -> Interval:
    """The smallest closed interval holding every value."""
    return Interval(min(values), max(values))


@lru_cache(maxsize=1)
def hedge_modes() -> dict[str, dict[str, Any]]:
    """Mode → parameters (rel, strict) from rules/hedges.yaml (first entry per mode)."""
    from factcheck.resources import load_rules_yaml

    data = load_rules_yaml("hedges.yaml")
    out: dict[str, dict[str, Any]] = {}
    for entry in data.get("hedges", []):
        out.setdefault(entry["mode"], {k: v for k, v in entry.items() if k not in ("phrases", "mode")})
    return out


@lru_cache(maxsize=1)
def fraction_word_rel() -> float:
    """How far a fraction word ("a third") stands from its exact value, relative (rules/hedges.yaml)."""
    from factcheck.resources import load_rules_yaml

    return float((load_rules_yaml("hedges.yaml").get("fraction_words") or {}).get("rel", 0.1))


@lru_cache(maxsize=1)
def _round_numbers() -> tuple[int, float]:
    """(min_trailing_zeros, rel) of rules/hedges.yaml's round_numbers."""
    from factcheck.resources import load_rules_yaml

    rn = load_rules_yaml("hedges.yaml").get("round_numbers") or {}
    return int(rn.get("min_trailing_zeros", 3)), float(rn.get("rel", 0.01))


def half_unit(value: float, precision: float) -> float:
    """Half the unit a printed figure was rounded to: ``precision / 2``, except for a round whole
    number printed in full ("$49,000"), whose trailing zeros are not all significant."""
    u2 = abs(precision) / 2 if precision else 0.0
    if precision != 1 or not value or not float(value).is_integer():
        return u2
    n, zeros = int(abs(value)), 0
    while n % 10 == 0:
        n //= 10
        zeros += 1
    min_zeros, rel = _round_numbers()
    if zeros < min_zeros:
        return u2
    return max(u2, min(10**zeros / 2, rel * abs(value)))


@lru_cache(maxsize=1)
def hedge_phrases() -> tuple[tuple[str, str], ...]:
    """(phrase, mode) of rules/hedges.yaml, longest phrase first."""
    from factcheck.resources import load_rules_yaml

    data = load_rules_yaml("hedges.yaml")
    pairs = [(ph, e["mode"]) for e in data.get("hedges", []) for ph in e.get("phrases", [])]
    return tuple(sorted(pairs, key=lambda pm: -len(pm[0])))


def claimed_interval(value: float, precision: float, mode: str | None = None,
                     high: float | None = None) -> Interval:
    """The interval a printed figure stands for (rules/hedges.yaml).

    ``value`` is the figure's value (a magnitude for changes), ``precision``
    one unit of its last printed digit; ``high`` the upper end of a range
    ("1.5%-2%"). Modes: exact, around, below, above, at_least, at_most,
    less_than, extreme (the base interval, compared with an extreme).
    """
    u2 = half_unit(value, precision)
    lo_v, hi_v = (value, high) if high is not None else (value, value)
    mode = mode or "exact"
    params = hedge_modes().get(mode, {})
    if mode == "around":
        rel = float(params.get("rel", 0.05))
        w_lo, w_hi = max(u2, rel * abs(lo_v)), max(u2, rel * abs(hi_v))
        return Interval(lo_v - w_lo, hi_v + w_hi, desc=f"around: ±max(u/2, {rel:g}×|v|)")
    if mode == "below":
        rel = float(params.get("rel", 0.10))
        return Interval(min((1 - rel) * lo_v, lo_v - u2), hi_v + u2, desc=f"below: [min({1 - rel:g}v, v-u/2), v+u/2]")
    if mode == "above":
        if params.get("strict", True):
            return Interval(hi_v, INF, lo_open=True, desc="above: > v")
        return Interval(hi_v - u2, INF, desc="above: ≥ v-u/2")
    if mode == "at_least":
        return Interval(lo_v - u2, INF, desc="at least: ≥ v-u/2")
    if mode == "at_most":
        return Interval(-INF, hi_v + u2, desc="at most: ≤ v+u/2")
    if mode == "less_than":
        return Interval(-INF, lo_v, hi_open=True, desc="less than: < v")
    desc = "as printed: v ± u/2" if mode != "extreme" else "extreme: v ± u/2 against the session's extreme"
    if u2 != (abs(precision) / 2 if precision else 0.0):
        desc += f" (a round number: u/2 = {u2:g})"
    return Interval(lo_v - u2, hi_v + u2, desc=desc)


def decide(claimed: Interval, observed: Interval) -> tuple[bool, float]:
    """(supported, gap): supported when the intervals meet; gap between them otherwise."""
    if claimed.meets(observed):
        return True, 0.0
    return False, claimed.distance(observed)


def nearest(observed: Interval, x: float) -> float:
    """The point of ``observed`` nearest to ``x`` (how far off a printed value is)."""
    return min(max(x, observed.lo), observed.hi)
