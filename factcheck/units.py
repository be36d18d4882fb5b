"""Units of figures as pint quantities, from rules/units.txt.

pint is imported lazily: its import alone costs ~0.2 s, and finding figures
(``factcheck extract``) never needs it. Only code that converts or compares
quantities (verify, reports) calls into this module.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from factcheck.model import Figure
from factcheck.resources import rules_dir

if TYPE_CHECKING:
    import pint

# Figure kinds whose meaning lives in Figure.parts, not in value × unit.
NON_QUANTITY_KINDS = frozenset({"date", "time", "year"})


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The registry defined by rules/units.txt only (pint's default file is slow and too broad)."""
    import pint

    return pint.UnitRegistry(str(rules_dir() / "units.txt"), autoconvert_offset_to_baseunit=False)


def quantity(figure: Figure) -> pint.Quantity:
    """``figure.value`` in ``figure.unit`` as a pint quantity.

    Dates, times and years carry their meaning in ``parts``; asking for their
    quantity is a programming error, so it raises ``ValueError``.
    """
    if figure.kind in NON_QUANTITY_KINDS or not figure.unit:
        raise ValueError(f"figure {figure.text!r} of kind {figure.kind!r} has no quantity")
    return registry().Quantity(figure.value, figure.unit)


def convert(value: float, unit: str, to: str) -> float:
    """``value`` in ``unit`` expressed in ``to``; raises pint's DimensionalityError across dimensions."""
    reg = registry()
    return float(reg.Quantity(value, unit).to(to).magnitude)


def same_dimension(a: str, b: str) -> bool:
    """True when a figure in unit ``a`` can be compared with one in unit ``b`` without market data."""
    reg = registry()
    return reg.Unit(a).dimensionality == reg.Unit(b).dimensionality


def is_unit(name: str) -> bool:
    """True when ``name`` is defined in rules/units.txt."""
    try:
        registry().Unit(name)
    except Exception:  # pint raises UndefinedUnitError, or a parser error on odd strings
        return False
    return True


def to_base(q: Any) -> Any:
    """``q`` in the base unit of its dimension (basis points → percentage points, cents → dollars)."""
    return q.to_base_units()
