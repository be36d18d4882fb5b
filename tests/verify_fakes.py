"""Test helpers for the verification stage: an in-memory provider over real rows
(tests/fixtures/verify/*.csv, each with its provenance in its header) and
builders for the value types, so tests state claims the way claims.py makes them."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from factcheck.marketdata.base import COLUMNS, Bars, NoDataSource, RangeUnavailable
from factcheck.model import Claim, Figure, Hedge, Published, Subject, Window

FIXTURES = Path(__file__).parent / "fixtures" / "verify"


@lru_cache(maxsize=None)
def _load(symbol: str) -> tuple[pd.DataFrame, dict[str, str]]:
    path = FIXTURES / f"{symbol}.csv"
    if not path.exists():
        raise NoDataSource(f"{symbol}: no fixture")
    header = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    meta = dict(re.findall(r"(\w+)=(\S+)", " ".join(header)))
    frame = pd.read_csv(path, comment="#")
    frame.index = pd.Index([dt.date.fromisoformat(d) for d in frame.pop("date")], dtype="object", name="date")
    return frame[list(COLUMNS)], meta


class FixtureProvider:
    """Provider over the fixture CSVs; counts calls so tests can check reuse."""

    name = "fixture"

    def __init__(self) -> None:
        self.calls: list[tuple[str, dt.date, dt.date]] = []

    def symbols(self) -> list[str]:
        return sorted(p.stem for p in FIXTURES.glob("*.csv"))

    def history(self, symbol: str, start: dt.date, end: dt.date) -> Bars:
        self.calls.append((symbol, start, end))
        frame, meta = _load(symbol)
        part = frame[(frame.index >= start) & (frame.index <= end)]
        if part.empty:
            raise RangeUnavailable(f"{symbol}: no fixture rows between {start} and {end}")
        return Bars(symbol, part.copy(), {"provider": "fixture", "path": f"tests/fixtures/verify/{symbol}.csv"},
                    currency=meta.get("currency"), timezone=meta.get("timezone"), kind=meta.get("kind", "price"))


def published(instant: str = "2025-02-16T21:12:00-05:00", tz: str | None = "America/New_York",
              has_time: bool = True) -> Published:
    return Published(instant=instant, timezone=tz, has_time=has_time, source="dateline")


SEED = published()


def decimals(text: str) -> float:
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    return 10.0 ** -(len(m.group(1)) if m and m.group(1) else 0)


def fig(text: str, value: float | None = None, unit: str = "percent", kind: str | None = None,
        precision: float | None = None, **kw: Any) -> Figure:
    """A figure as figures.py prints it: value parsed from the text unless given."""
    if value is None:
        value = float(re.search(r"-?\d[\d,]*(?:\.\d+)?", text).group(0).replace(",", ""))
    kind = kind or {"percent": "percent", "basis_point": "basis_points", "percentage_point": "percentage_points",
                    "index_point": "points"}.get(unit, "number")
    return Figure(text=text, start=kw.pop("start", 0), end=kw.pop("end", len(text)), block=0, local_start=0,
                  local_end=len(text), value=value, unit=unit, kind=kind,
                  precision=decimals(text) if precision is None else precision, **kw)


EXCHANGES = {".HK": "XHKG", "^HS": "XHKG", "=X": "FX", "-USD": "CRYPTO"}


def subject(symbol: str | None, kind: str = "stock", exchange: str | None = "auto", name: str | None = None) -> Subject:
    if exchange == "auto":
        exchange = next((v for k, v in EXCHANGES.items() if symbol and k in symbol), "XNYS")
    return Subject(name=name or symbol or "?", symbol=symbol, kind=kind, mention=name or symbol or "?",
                   exchange=exchange)


def claim(figure: Figure, symbol: str | None, metric: str, window: Window | None = None, hedge: Hedge | None = None,
          direction: int = 0, **kw: Any) -> Claim:
    subj = kw.pop("subject", None) or subject(symbol, kind=kw.pop("subject_kind", "stock"))
    return Claim(figure=figure, sentence=kw.pop("sentence", ""), sentence_start=0, subject=subj, metric=metric,
                 window=window, hedge=hedge, kind=kw.pop("kind", "market"), direction=direction, **kw)


def hedge(text: str) -> Hedge:
    modes = {"about": "around", "around": "around", "almost": "below", "nearly": "below", "as much as": "extreme",
             "as high as": "extreme", "as low as": "extreme", "more than": "above", "topped": "above",
             "above": "above", "at least": "at_least", "less than": "less_than", "up to": "at_most"}
    return Hedge(text, modes[text])


def on(weekday: str, last: bool = False, text: str | None = None) -> Window:
    spec: dict[str, Any] = {"weekday": weekday}
    if last:
        spec["last"] = True
    return Window("session", text or f"{'last' if last else 'on'} {weekday.capitalize()}", spec)
