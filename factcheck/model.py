"""Value types that flow between the stages: Document → Figure → Claim → Verdict.

Every type is a small frozen dataclass that serialises to plain JSON through
:func:`to_json`. The JSON report *is* the serialised result, so changing a
field here is a schema change: bump :data:`SCHEMA_VERSION` when a field is
removed or changes meaning (adding a field is backwards compatible).

This module must stay import-light (no pandas, no pint): ``factcheck extract``
has a cold-start budget.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

_T = TypeVar("_T")

SCHEMA_VERSION = 1


class FactcheckError(Exception):
    """An error the user can fix (bad input, bad option); the CLI prints it on one line, exit 2."""


class InputError(FactcheckError):
    """The input file cannot be read as an article (missing, binary, too large, ...)."""


# --------------------------------------------------------------------------- construction

_FRESH: Any = object()  # "no value given" for a field with a default factory


def direct_init(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass an ``__init__`` that fills the instance ``__dict__`` directly.

    The generated one sets each field through ``object.__setattr__`` (the class
    is frozen), about twice as slow; an article builds hundreds of these values.
    Same signature, defaults and default factories; instances stay frozen.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    ns: dict[str, Any] = {"_FRESH": _FRESH}
    params, lines = [], []
    for f in fields:
        if f.default is not dataclasses.MISSING:
            ns[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
            lines.append(f"    d[{f.name!r}] = {f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            ns[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FRESH")
            lines.append(f"    d[{f.name!r}] = _factory_{f.name}() if {f.name} is _FRESH else {f.name}")
        else:
            params.append(f.name)
            lines.append(f"    d[{f.name!r}] = {f.name}")
    exec(f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n" + "\n".join(lines), ns)  # noqa: S102
    init = ns["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls


# --------------------------------------------------------------------------- document


@direct_init
@dataclass(frozen=True)
class Block:
    """A run of readable text (paragraph, heading, title, list item) of a document.

    ``text`` is what a reader sees (markup stripped, entities decoded).
    ``start`` is the offset of ``text[0]`` in the raw file text. When ``text`` is
    not an exact slice of the raw text (HTML entities, markup inside the
    paragraph), ``offsets`` maps every character of ``text`` to its raw offset
    (``len(offsets) == len(text) + 1``; the last entry is the raw end).
    """

    text: str
    start: int
    kind: str = "paragraph"  # paragraph | heading | title | list_item | caption | dateline
    in_body: bool = True
    offsets: tuple[int, ...] | None = None

    def raw(self, i: int) -> int:
        """Raw-file offset of character ``i`` of ``text`` (``i == len(text)`` allowed)."""
        if self.offsets is None:
            return self.start + i
        return self.offsets[i]


@dataclass(frozen=True)
class Published:
    """The publication instant as found in the document (or given by ``--published``)."""

    instant: str  # ISO 8601; with offset when the time zone is known, date only when no time
    timezone: str | None  # IANA name when known ("America/New_York"), else None
    has_time: bool  # False for a date-only source (front matter "date: 2024-02-22")
    source: str  # "dateline" | "front_matter" | "meta" | "json_ld" | "option" | ...
    text: str | None = None  # the text it was read from, e.g. "February 16, 2025, 9:12 PM ET"


@dataclass(frozen=True)
class Document:
    """An article as read: raw text, readable blocks, and its publication instant."""

    source: str  # path as given, or "-" for stdin
    format: Literal["text", "markdown", "html"]
    raw: str  # the file's own text as read (decoded); all offsets point into this
    blocks: tuple[Block, ...]
    published: Published | None
    title: str | None = None
    notes: tuple[str, ...] = ()  # e.g. "no publication instant found"


# --------------------------------------------------------------------------- figures


@direct_init
@dataclass(frozen=True)
class Figure:
    """A numeric figure as printed, with its normalised value and unit.

    ``value`` is in ``unit`` after applying the scale word ("$16 trillion" →
    value 16e12, unit "USD"). ``precision`` is the value of one unit in the last
    printed digit, in ``unit`` ("1.67%" → 0.01; "$16 trillion" → 1e12), so the
    rounding interval is ``value ± precision/2``. For ranges ``value`` is the low
    end and ``high`` the high end. ``direction`` is +1/-1 when a sign or a
    direction word in the figure itself says so ("+4.12%", "down 3%"), else 0.
    """

    text: str
    start: int  # raw offsets
    end: int
    block: int  # index into Document.blocks
    local_start: int  # offsets into Document.blocks[block].text
    local_end: int
    value: float
    unit: str  # pint unit name: percent, percentage_point, basis_point, multiple, USD, HKD, index_point, dimensionless, ...
    kind: str  # percent | percentage_points | basis_points | multiple | money | points | number | ordinal | year | date | time | fraction | ratio_word
    precision: float
    high: float | None = None
    direction: int = 0
    scale: float = 1.0
    currency: str | None = None
    approx_word: str | None = None  # number words that carry vagueness: "double-digit", "a third", "doubled"
    parts: dict[str, Any] = field(default_factory=dict)  # dates/times: {"year", "month", "day", "hour", "minute"}


# --------------------------------------------------------------------------- claims


@direct_init
@dataclass(frozen=True)
class Subject:
    """The instrument a claim is about, resolved through rules/entities."""

    name: str  # canonical name, e.g. "Alibaba Group (Hong Kong)"
    symbol: str | None  # data symbol, e.g. "9988.HK"; None if known but without data source
    kind: str  # stock | index | yield | fx | commodity | crypto | etf | bond_future | market
    mention: str  # the text that named it in the article ("Alibaba Group Holding Ltd.", "the stock")
    exchange: str | None = None  # calendar name: XHKG, XNYS, XSHG, XTKS, XLON, FX, CRYPTO, CME ...
    currency: str | None = None
    via: str = "alias"  # alias | anaphora | context


@direct_init
@dataclass(frozen=True)
class Window:
    """The time a claim refers to: the expression as written plus its parsed structure.

    ``kind`` is one of:
      ``session``    a single session: spec {weekday|date|relative: today/yesterday/last_night}
      ``since``      from a base date to publication: spec {date: {year?, month, day?}, part?}
      ``from_extreme`` change from a period's low/high: spec {extreme: low|high, period: {...}}
      ``lookback``   high/low since: spec {period: {year?, month?}} or {amount, unit}
      ``ago``        "four years ago": spec {amount, unit}
      ``to_date``    "this year", "earlier this month", "this week": spec {unit, part?}
      ``span``       "over the past 12 months", "52-week": spec {amount, unit}
      ``streak``     "a third straight day": spec {count, unit}
      ``record``     all-time: spec {}
      ``implicit``   no window written: the latest session at publication
    """

    kind: str
    text: str | None = None
    spec: dict[str, Any] = field(default_factory=dict)
    source: str = "sentence"  # sentence | context (inherited from an earlier sentence)


@direct_init
@dataclass(frozen=True)
class Hedge:
    """A hedge word and the interval semantics rules/hedges.yaml gives it."""

    text: str  # as written: "about", "almost", "as much as"
    mode: str  # around | below | above | at_least | at_most | extreme | exact


@direct_init
@dataclass(frozen=True)
class Claim:
    """A figure interpreted as a statement about a market (or why it is not one).

    ``kind`` is ``market`` for a checkable claim; otherwise one of the reasons
    listed in :data:`CLAIM_KINDS`, and ``reason`` says why in words.
    """

    figure: Figure
    sentence: str
    sentence_start: int  # raw offset of the sentence
    subject: Subject | None
    metric: str | None  # see METRICS
    window: Window | None
    hedge: Hedge | None
    kind: str  # see CLAIM_KINDS
    reason: str | None = None
    direction: int = 0  # +1 rise, -1 fall, 0 unknown/level
    unresolved_subject: str | None = None  # a name the rules do not know, reported not guessed
    related: dict[str, Any] = field(default_factory=dict)  # e.g. {"threshold": 39000}, {"streak_count": 3}
    suppressed: bool = False


METRICS = (
    "change",  # % / points / bp change over the window (close to close)
    "intraday_change",  # "as much as X%": day's extreme vs previous close
    "level",  # close / level as traded ("closed at", "climbed to 1.67%")
    "intraday_level",  # "as high as", intraday extreme level
    "high_since",  # highest since the window's anchor
    "low_since",
    "change_from_low",  # up X% from a low
    "change_from_high",
    "streak",  # N straight sessions up/down
    "bull_market",  # 20% from a low
    "bear_market",
    "record_high",
    "record_low",
    "threshold",  # crossed / topped a level
    "valuation_multiple",  # forward P/E etc.
    "market_value",
    "yield_level",
    "yield_change",
)

CLAIM_KINDS = (
    "market",  # checkable
    "forecast",  # target, expectation, projection
    "aggregate",  # market value of a whole market, sector totals
    "no_subject",  # no instrument found / unresolved name
    "not_market",  # economic data, company financials, dates, times, counts of people ...
    "anchor",  # a date/number that only places another claim
)


# --------------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Row:
    """One daily bar used as evidence."""

    date: str  # YYYY-MM-DD, the session date in the exchange's time zone
    open: float | None
    high: float | None
    low: float | None
    close: float | None
    role: str | None = None  # base | end | extreme | partial_session | ...


@dataclass(frozen=True)
class Evidence:
    """What a verdict was computed from, for a reader to re-check it."""

    symbol: str | None = None
    exchange: str | None = None
    timezone: str | None = None
    window: dict[str, Any] = field(default_factory=dict)  # resolved dates: {"start", "end", "sessions"}
    rows: tuple[Row, ...] = ()
    formula: str | None = None
    source: dict[str, Any] = field(default_factory=dict)  # {"provider", "snapshot", "retrieved_at", "path"}
    prices: str | None = None  # as_traded | adjusted
    data_tolerance: float | None = None
    assumptions: tuple[str, ...] = ()


VERDICT_STATUSES = ("supported", "contradicted", "unverifiable")

REASONS = {
    "no_subject": "no instrument could be linked to the figure",
    "unresolved_subject": "the article names something the rules do not know",
    "no_data_source": "no data source carries this instrument or measure",
    "data_unavailable": "the data source had no rows for the window (offline, rate-limited, out of range)",
    "unsupported_metric": "the metric of this claim cannot be computed yet",
    "forecast": "a forecast, target or opinion, not a fact about the past",
    "not_market": "not a market figure (economic data, company financials, dates, counts)",
    "ambiguous_window": "the time window cannot be placed on a calendar",
    "no_publication_date": "a relative window needs the publication date, and none was found",
    "anchor": "the figure only places another claim in time",
    "aggregate": "an aggregate value of a whole market, with no single series",
    "intraday_time": "a time-of-day quote that daily bars cannot place",
    "suppressed": "suppressed by an inline factcheck comment",
}


@dataclass(frozen=True)
class Verdict:
    status: str  # supported | contradicted | unverifiable
    reason: str | None  # a key of REASONS for unverifiable; None otherwise
    claimed: tuple[float | None, float | None] | None  # interval in the claim's unit; None bound = open
    observed: tuple[float, float] | None
    gap: float | None  # distance between the intervals, in the claim's unit (0 when they meet)
    message: str  # one line: "claimed about 60%, observed 58.9%"
    evidence: Evidence | None = None


@dataclass(frozen=True)
class CheckedClaim:
    claim: Claim
    verdict: Verdict


# --------------------------------------------------------------------------- serialisation


def claim_json(claim: Claim, verdict: Verdict | None = None) -> dict[str, Any]:
    """The claim object of the JSON output contract (flat, as other tools read it)."""
    f = claim.figure
    out: dict[str, Any] = {
        "text": f.text,
        "sentence": claim.sentence,
        "start": f.start,
        "end": f.end,
        "value": f.value,
        "high": f.high,
        "unit": f.unit,
        "figure_kind": f.kind,
        "precision": f.precision,
        "hedge": to_json(claim.hedge),
        "subject": None if claim.subject is None else to_json(claim.subject),
        "unresolved_subject": claim.unresolved_subject,
        "metric": claim.metric,
        "window": to_json(claim.window),
        "direction": claim.direction,
        "kind": claim.kind,
        "reason": claim.reason,
        "related": to_json(claim.related),
        "suppressed": claim.suppressed,
    }
    if verdict is not None:
        out["verdict"] = to_json(verdict)
    return out


def to_json(obj: Any) -> Any:
    """Plain-JSON form of any value type (dataclasses → dicts, tuples → lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    if isinstance(obj, float) and obj != obj:  # NaN is not JSON
        return None
    return obj
