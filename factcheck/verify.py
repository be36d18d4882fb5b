"""Claim → Evidence → Verdict.

For each checkable claim: find the instrument's exchange and calendar, place
the window on it as of the publication instant (timeframe.py), read the bars
(one provider call per symbol and range, shared by the claims of a
document), compute the metric (metrics.py), and compare the claimed interval
with the observed one (intervals.py, DESIGN.md "Claims are checked as
intervals"). Every verdict carries its evidence; every claim that cannot be
checked says why with a reason code from model.REASONS. Nothing is guessed:
no subject, no window, no data → unverifiable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from factcheck import metrics as M
from factcheck import timeframe as T
from factcheck.intervals import INF, Interval, claimed_interval, decide, fraction_word_rel, hull, nearest
from factcheck.marketdata.base import DataError, Provider
from factcheck.model import REASONS, CheckedClaim, Claim, Document, Evidence, Published, Subject, Verdict, Window

FAR_PAST = dt.date(1900, 1, 1)

# Claim kinds that are not checkable → their reason code.
REASON_BY_KIND = {
    "forecast": "forecast",
    "not_market": "not_market",
    "aggregate": "aggregate",
    "no_subject": "no_subject",
    "anchor": "anchor",
}


@lru_cache(maxsize=1)
def tolerances() -> dict[str, Any]:
    from factcheck.resources import load_rules_yaml

    return load_rules_yaml("tolerances.yaml")


def unverifiable(reason: str, message: str | None = None, evidence: Evidence | None = None) -> Verdict:
    assert reason in REASONS, reason
    return Verdict("unverifiable", reason, None, None, None, message or REASONS[reason], evidence)


# --------------------------------------------------------------------------- number formatting


def decimals_of(precision: float | None) -> int:
    """Digits after the point of a figure printed with unit ``precision`` (0.01 → 2)."""
    if not precision or precision <= 0:
        return 2
    return max(0, -math.floor(math.log10(precision) + 1e-9))


VALUE_SUFFIX = {"percent": "%", "percentage_point": " pp", "basis_point": " bp", "multiple": "x",
                "index_point": " points"}
GAP_SUFFIX = {"percent": " pp", "percentage_point": " pp", "basis_point": " bp", "multiple": "x",
              "index_point": " points"}


def fmt(x: float, decimals: int, unit: str | None = None, gap: bool = False, signed: bool = False) -> str:
    suffix = (GAP_SUFFIX if gap else VALUE_SUFFIX).get(unit or "", "")
    body = f"{x:+,.{decimals}f}" if signed else f"{x:,.{decimals}f}"
    return body + suffix


# --------------------------------------------------------------------------- per-claim context


@dataclass
class Ctx:
    """What every metric handler needs about one claim."""

    claim: Claim
    verifier: "Verifier"
    exchange: T.Exchange
    cal: T.TradingCalendar
    win: T.Resolved
    notes: list[str] = field(default_factory=list)
    published: Published | None = None

    def overlapping_days(self, s: M.Series) -> list[tuple[M.Series, int]]:
        """Rows of the other exchange days that overlap the session the article names, when
        the instrument's day (crypto: the UTC day) is not the article's day: a US "Wednesday"
        runs 05:00 UTC Wednesday to 05:00 UTC Thursday. An unknown article zone may lie
        either side. Each overlap is said in the evidence."""
        w = self.claim.window
        if self.exchange.rule != "daily" or w is None or w.kind != "session" or \
                not ("weekday" in w.spec or "date" in w.spec):
            return []
        from zoneinfo import ZoneInfo

        zone = self.published.timezone if self.published else None
        noon = dt.datetime.combine(self.win.end, dt.time(12))
        own = ZoneInfo(self.exchange.timezone).utcoffset(noon) or dt.timedelta(0)
        try:
            theirs = ZoneInfo(zone).utcoffset(noon) if zone else None
        except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError: an unknown zone is not known
            theirs = None
        if theirs is None and (offset := _instant_offset(self.published)) is not None:
            # no zone named, but the instant carries its offset ("2024-12-05T08:15:00Z"): the
            # article's day runs in that offset
            theirs, zone = offset, _offset_text(offset)
        if theirs is not None and theirs == own:
            return []
        shifts = [-1, 1] if theirs is None else [1] if theirs < own else [-1]
        latest = self.latest_session()
        try:
            wide = self.verifier.series(s.symbol.removeprefix("1/"), s.dates[0] if len(s) else self.win.end,
                                        min(latest, self.win.end + dt.timedelta(days=1)))
        except DataError:
            return []
        wide = wide.inverted() if s._raw is not None else wide
        rows = [j for k in shifts if (j := wide.index(self.win.end + dt.timedelta(days=k))) is not None]
        if rows:
            where = f"the article's zone ({zone})" if zone else "the article's zone (not known)"
            days = ", ".join(wide.dates[j].isoformat() for j in rows)
            self.notes.append(f"{wide.symbol} has {self.exchange.timezone} days: '{w.text or 'the day'}' in {where} "
                              f"also overlaps {days}")
        return [(wide, j) for j in rows]

    def latest_session(self) -> dt.date:
        """The latest session at publication (the end of the claim's window when unknown)."""
        try:
            return T.resolve(Window("implicit"), self.published, self.exchange)[0].end
        except T.WindowError:
            return self.win.end

    def tol(self, kind: str) -> dict[str, Any]:
        return _tol(kind, self.verifier.overrides, self.claim.subject.symbol if self.claim.subject else None)

    @property
    def figure(self):  # noqa: ANN201 - model.Figure
        return self.claim.figure

    @property
    def symbol(self) -> str:
        assert self.claim.subject and self.claim.subject.symbol
        return self.claim.subject.symbol

    @property
    def invert(self) -> bool:
        rel = self.claim.related or {}
        return bool(rel.get("invert") or getattr(self.claim.subject, "invert", False)
                    or rel.get("quote") == "inverse")

    @property
    def mode(self) -> str:
        return self.claim.hedge.mode if self.claim.hedge else "exact"

    def direction(self) -> int:
        """+1 rise, -1 fall, 0 unknown: the claim's own, else the figure's sign."""
        d = self.claim.direction or self.figure.direction
        if not d and self.figure.value < 0:
            d = -1
        return int(math.copysign(1, d)) if d else 0

    def series(self, start: dt.date, end: dt.date | None = None) -> M.Series:
        return self.verifier.series(self.symbol, start, end or self.win.end)

    def end_index(self, s: M.Series) -> int:
        return s.require(self.win.end, f"row for the {self.win.end.strftime('%A')} session")

    def evidence(self, s: M.Series | None, obs: M.Observation | None = None, *, tolerance: float | None = None,
                 window: dict[str, Any] | None = None, formula: str | None = None,
                 rows: tuple | None = None, prices: str | None = None) -> Evidence:
        win = self.win.as_dict()
        if obs is not None and obs.rows:
            win.setdefault("start", obs.rows[0].date)
            win["end"] = obs.rows[-1].date if obs.rows[-1].role in ("end", "partial_session") else win["end"]
            if s is not None:
                a = dt.date.fromisoformat(obs.rows[0].date)
                win["sessions"] = len(s.between(a, self.win.end))
        win.update(window or {})
        notes = [*self.win.assumptions, *self.notes, *((obs.notes) if obs else ())]
        if self.exchange.inferred_from:
            notes.append(f"exchange {self.exchange.code} inferred from the symbol {self.symbol}")
        if self.win.end_open:
            notes.append(f"the {self.win.end.isoformat()} session was still open at publication: "
                         f"its low..high so far is used, not its close")
        elif self.win.ranged:
            notes.append(f"'{self.win.part}' names a part of the {self.win.end.isoformat()} session: "
                         f"only its low..high is known from daily bars")
        if self.invert:
            notes.append("the subject is the reciprocal of the quoted pair: its rise is the quote's fall")
        if s is not None and s.source.get("quoted_in"):
            notes.append(f"{s.symbol} is quoted in {s.source['quoted_in']}")
        prices = prices or (obs.prices if obs else None)
        if prices == "split" and s is not None and obs is not None:
            dates = {r.date for r in obs.rows}
            split = any(s.split[k] != 1.0 for k, d in enumerate(s.dates) if d.isoformat() in dates)
            prices = "as_traded_split_adjusted" if split else "as_traded"
        rows = rows if rows is not None else (obs.rows if obs else ())
        return Evidence(
            symbol=self.symbol,
            exchange=self.exchange.code,
            timezone=self.exchange.timezone,
            window=win,
            rows=path_rows(s, rows) if s is not None else rows,
            formula=formula if formula is not None else (obs.formula if obs else None),
            source=dict(s.source) if s is not None else {},
            prices=prices,
            data_tolerance=tolerance,
            assumptions=tuple(dict.fromkeys(notes)),
        )


def _instant_offset(published: Published | None) -> dt.timedelta | None:
    """The UTC offset written in the publication instant, when it has a time and an offset."""
    if published is None or not published.has_time:
        return None
    try:
        when = dt.datetime.fromisoformat(published.instant.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.utcoffset()


def _offset_text(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def path_rows(s: M.Series, rows: tuple, limit: int | None = None) -> tuple:
    """The rows a verdict used (base, end, extremes: with their roles) plus the sessions
    between them without a role, so a report can draw the path. Long windows keep every
    role row and an even sample of the rest, at most ``limit`` rows in all
    (rules/tolerances.yaml evidence.max_rows)."""
    if not rows or not len(s):
        return tuple(rows)
    limit = limit or int(tolerances().get("evidence", {}).get("max_rows", 260))
    dates = sorted({r.date for r in rows})
    a, b = dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[-1])
    span = s.between(a, b)
    if len(span) <= len(rows):
        return tuple(rows)
    room = max(0, limit - len(rows))
    step = max(1, math.ceil(len(span) / room)) if room else len(span) + 1
    taken = set(dates)
    fill = [s.row(k) for k in span[::step] if s.dates[k].isoformat() not in taken]
    return tuple(sorted((*rows, *fill), key=lambda r: r.date))


# --------------------------------------------------------------------------- the numeric verdict


def _claim_text(ctx: Ctx) -> str:
    h = ctx.claim.hedge
    return f"{h.text} {ctx.figure.text}" if h else ctx.figure.text


@dataclass(frozen=True)
class Alt:
    """Another reading of the data the article may have used, and the status it gives when only it meets."""

    obs: M.Observation
    label: str
    status: str = "supported"  # or "intraday_time": within the day's range, but not placeable


def numeric_verdict(ctx: Ctx, s: M.Series, obs: M.Observation, claimed: Interval, *, tolerance: float,
                    printed: float, unit: str | None, decimals: int, directional: bool = False,
                    tol_note: str | None = None, fallback: M.Observation | None = None,
                    fallback_label: str | None = None, alts: list[Alt] | None = None,
                    primary_status: str = "supported") -> Verdict:
    """Supported when the claimed interval meets the observed one widened by the data tolerance.

    ``directional``: the claim states a move with a direction; the observed
    (signed) interval is read in that direction, and a move the other way is
    contradicted whatever the tolerance.

    ``fallback``/``alts``: other readings the article may have used (the
    session was open at publication, a part of the day was named). The primary
    is what a reader computes from the bars (the last close, the day's final
    extreme). The first reading that meets decides; a contradiction is measured
    from the primary, with the first alternative shown beside it.
    """
    d = ctx.direction() if directional else 0
    if directional and ctx.invert and unit not in ("percent",):
        d = -d  # a points/level move of the subject is the quote moving the other way
    alts = list(alts or [])
    if fallback is not None:
        alts.insert(0, Alt(fallback, fallback_label or "at publication"))

    def oriented(iv: Interval) -> Interval:
        if directional and d:
            return iv.scaled(d)
        if directional:  # direction unknown: compare magnitudes
            lo, hi = abs(iv.lo), abs(iv.hi)
            return Interval(0.0 if iv.lo <= 0 <= iv.hi else min(lo, hi), max(lo, hi))
        return iv

    def meets(iv: Interval) -> bool:
        wrong = directional and d != 0 and iv.hi <= 0 < claimed.lo
        return not wrong and claimed.meets(iv.widen(tolerance))

    o = oriented(obs.interval)
    status, used, used_obs, used_label = (primary_status, o, obs, None) if meets(o) else (None, o, obs, None)
    for alt in alts if status is None else ():
        a = oriented(alt.obs.interval)
        if meets(a):
            status, used, used_obs, used_label = alt.status, a, alt.obs, alt.label
            break
    evidence = ctx.evidence(s, used_obs, tolerance=tolerance)
    if tol_note:
        evidence = Evidence(**{**evidence.__dict__, "assumptions": (*evidence.assumptions, tol_note)})
    ok = status is not None
    obs_txt = _observed_text(used, ok, claimed, decimals, unit)
    if used_label:
        obs_txt += f" {used_label}"
    if alts:
        other, label = (o, "at the primary reading") if used is not o else \
            (oriented(alts[0].obs.interval), alts[0].label)
        if (other.lo, other.hi) != (used.lo, used.hi):
            obs_txt += f" ({_observed_text(other, True, claimed, decimals, unit)} {label})"
    if status == "intraday_time":
        return Verdict("unverifiable", "intraday_time", claimed.bounds(), (used.lo, used.hi), None,
                       f"claimed {_claim_text(ctx)}{_when(ctx)}: observed {obs_txt}; daily bars cannot place "
                       f"a time of day", evidence)
    if ok:
        msg = f"claimed {_claim_text(ctx)}, observed {obs_txt}"
        if not claimed.meets(used):
            msg += f" (within the data tolerance ±{fmt(tolerance, max(decimals, 2), unit, gap=True)})"
        return Verdict("supported", None, claimed.bounds(), (used.lo, used.hi), 0.0, msg, evidence)
    gap = claimed.distance(o)  # in the claim's unit, from the data as read (the tolerance is in the evidence)
    if directional and d != 0 and o.hi <= 0 < claimed.lo:
        signed = _observed_text(obs.interval, False, claimed, decimals, unit, signed=True)
        msg = (f"claimed {_claim_text(ctx)} {'up' if d > 0 else 'down'}, observed {signed}: "
               f"the move went the other way")
    else:
        off = abs(printed - nearest(o, printed))
        msg = f"claimed {_claim_text(ctx)}, observed {obs_txt}: {fmt(off, decimals, unit, gap=True)} off"
    return Verdict("contradicted", None, claimed.bounds(), (o.lo, o.hi), round(gap, 10), msg, evidence)


def _when(ctx: Ctx) -> str:
    t = _time_of_day(ctx)
    return f" ({t})" if t else ""


def _time_of_day(ctx: Ctx) -> str | None:
    """The time of day a quote is placed at ("at 5 p.m.", "early Wednesday"), if any."""
    rel = ctx.claim.related or {}
    if rel.get("time_of_day"):
        return str(rel["time_of_day"])
    if ctx.win.part in T.INTRADAY_PARTS and not ctx.win.end_open:
        return ctx.claim.window.text if ctx.claim.window and ctx.claim.window.text else ctx.win.part
    return None


def _snapshot_exchanges() -> frozenset[str]:
    return frozenset(tolerances().get("snapshot_closes", {}).get("exchanges", []) or [])


def _placed_in_day(ctx: Ctx) -> bool:
    """A quote at a time of day, which a daily bar bounds by its low..high but cannot place.

    Not in a session still open at publication: there every figure is read within the
    low..high so far ("34,320 at the midday break", published during the break), as DESIGN
    reads an open session, whatever time of it the text names.
    """
    return _time_of_day(ctx) is not None and not _open_at_publication(ctx)


def _open_at_publication(ctx: Ctx) -> bool:
    """The claim's session was still open at a publication time the article states (not at
    the end of day assumed for a date-only article, when an FX or futures day may still run)."""
    return ctx.win.end_open and ctx.published is not None and ctx.published.has_time


def _observed_text(o: Interval, ok: bool, claimed: Interval, decimals: int, unit: str | None,
                   signed: bool = False) -> str:
    if o.point:
        return fmt(o.lo, decimals, unit, signed=signed)
    lo, hi = fmt(o.lo, decimals, unit, signed=signed), fmt(o.hi, decimals, unit, signed=signed)
    if not ok and o.hi < claimed.lo:
        return f"at most {hi}"
    if not ok and o.lo > claimed.hi:
        return f"at least {lo}"
    return f"{lo}..{hi}"


# --------------------------------------------------------------------------- handlers


def _tol(kind: str, overrides: dict[str, dict[str, float]] | None = None,
         symbol: str | None = None) -> dict[str, Any]:
    """A data-tolerance entry of rules/tolerances.yaml (the entry of the source that publishes
    ``symbol``, if one has its own), with the user's config overrides on top."""
    rules = tolerances()
    base = dict(rules.get("kinds", {}).get(kind, {}) or {})
    for src in (rules.get("sources") or {}).values():
        if symbol is not None and symbol in src.get("symbols", ()) and kind in (src.get("kinds") or {}):
            base = dict(src["kinds"][kind])
    if overrides and kind in overrides:
        base.update(overrides[kind])
    return base


def _change_unit(ctx: Ctx, s: M.Series | None = None) -> str:
    unit = ctx.figure.unit
    if unit == "percent":
        return "pct"
    if unit == "basis_point":
        return "bp"
    if unit == "percentage_point":
        return "pp"
    if unit == "multiple" or ctx.figure.kind in ("multiple", "ratio_word"):
        return "ratio"
    return "points"


def _claim_decimals(ctx: Ctx, extra: int = 1) -> int:
    return decimals_of(ctx.figure.precision) + extra


def _base_rows(ctx: Ctx, s: M.Series, end_idx: int) -> list[int]:
    w = ctx.win
    if w.base_range is not None:
        a, b = w.base_range
        first = s.on_or_before(a - dt.timedelta(days=1))
        rows = ([first] if first is not None else []) + [i for i in s.between(a, b) if i < end_idx]
        if not rows:
            raise M.MetricError("data_unavailable", f"{s.symbol}: no close around {a.isoformat()}")
        return rows
    if w.base is not None:
        i = s.on_or_before(w.base)
        if i is None or (s.dates[0] > w.base):
            raise M.MetricError("data_unavailable",
                                f"{s.symbol}: no close on or before {w.base.isoformat()} in the data"
                                f" (rows start {s.dates[0].isoformat() if s.dates else '-'})")
        if s.dates[i] != w.base:
            ctx.notes.append(f"{w.base.isoformat()} was not a session in the data: "
                             f"the close of {s.dates[i].isoformat()} is the base")
        return [i]
    prev = end_idx - 1
    if prev < 0:
        raise M.MetricError("data_unavailable", f"{s.symbol}: no session before {s.dates[end_idx]}")
    cal_prev = ctx.cal.previous_session(s.dates[end_idx])
    if s.dates[prev] != cal_prev and ctx.cal.covers(cal_prev):
        ctx.notes.append(f"the data has no row for {cal_prev.isoformat()}: the previous row "
                         f"({s.dates[prev].isoformat()}) is the base")
    return [prev]


def _window_change(ctx: Ctx, s: M.Series, bases: list[int], end_idx: int, ranged: bool, unit: str) -> M.Observation:
    """A change over the window, close to close, with the base close adjusted for the
    dividends and splits between base and end (Bars.adj_factor), as exchanges adjust the
    previous close on an ex-date. One session's move uses only that; over longer windows
    the price return (splits only) is accepted too, since papers quote either."""
    if unit in ("bp", "pp") or s.kind != "price":
        return M.change(s, bases, end_idx, ranged, unit, "split")
    obs = M.change(s, bases, end_idx, ranged, unit, "adjusted")
    alt = M.change(s, bases, end_idx, ranged, unit, "split")
    same = abs(alt.interval.lo - obs.interval.lo) < 1e-9 and abs(alt.interval.hi - obs.interval.hi) < 1e-9
    if same:
        return M.Observation(obs.interval, obs.value, obs.rows, obs.formula, "split", notes=obs.notes)
    one_session = bases == [end_idx - 1]
    events = [s.dates[k].isoformat() for k in range(min(bases) + 1, end_idx + 1)
              if s.adj[k] and abs(s.adj[k - 1] / s.adj[k] - 1) > 1e-9]
    when = f" ({', '.join(events[:3])}{', ...' if len(events) > 3 else ''})" if events else ""
    if one_session:
        return M.Observation(obs.interval, obs.value, obs.rows, obs.formula, "adjusted",
                             notes=((f"a dividend or split went ex between the two closes{when}: the previous "
                                     f"close is adjusted, as the exchange does (unadjusted "
                                     f"{_span_text(alt.interval, 2)})"),))
    both = hull([obs.interval.lo, obs.interval.hi, alt.interval.lo, alt.interval.hi])
    return M.Observation(both, obs.value, obs.rows, obs.formula + f" on adjusted prices; price return "
                         f"{_span_text(alt.interval, 2)}", "adjusted",
                         notes=((f"dividends or splits went ex inside the window{when}: the total return "
                                 f"(adjusted base) and the price return are both accepted"),))


def h_change(ctx: Ctx) -> Verdict:
    """A change over the window, close to close.

    With the session still open at publication: a window that runs up to
    publication ("since Jan. 13", "this year") is read at the last close, or
    else within the open session's low..high; a bare move ("rose 3%") is the
    open session's move so far, or else the last completed session's move;
    a move on a named session still open ("up 2.1% on Thursday" at 11:40) is
    its move so far, within the session's low..high.
    """
    if ctx.win.kind == "from_extreme":
        return h_from_extreme(ctx)
    unit = _change_unit(ctx)
    w = ctx.win
    start = (w.base_range[0] if w.base_range else w.base or w.end) - dt.timedelta(days=14)
    raw = ctx.series(start)
    s = raw.inverted() if ctx.invert and unit in ("pct", "ratio") else raw
    end_idx = ctx.end_index(s)
    bases = _base_rows(ctx, s, end_idx)
    subject = ctx.claim.subject
    base_level = s.value(min(bases), "close")
    share = float(tolerances().get("implausible_moves", {}).get("points_share_of_level", 1.0))
    if ctx.figure.kind == "points" and subject is not None and subject.via in ("anaphora", "context") and base_level \
            and abs(ctx.figure.value) >= share * base_level:
        # "The index's 4,451.28-point slump" read as the Kospi's (about 2,700): the pronoun points elsewhere
        return unverifiable("unresolved_subject", f"'{ctx.figure.text}' is at least {share:g} of {subject.symbol}'s level "
                                                  f"({M.pnum(base_level)}): not a move of {subject.name}; "
                                                  f"'{subject.mention}' likely means another instrument",
                            ctx.evidence(s))
    fallback, label = None, None
    if w.end_open and w.at_publication and w.kind != "implicit" and end_idx - 1 > max(bases):
        obs = _window_change(ctx, s, bases, end_idx - 1, False, unit)
        fallback = _window_change(ctx, s, bases, end_idx, True, unit)
        label = f"within the {s.dates[end_idx].isoformat()} session, open at publication"
        ctx.notes.append(f"read at the last close before publication ({s.dates[end_idx - 1].isoformat()})")
    elif w.end_open and w.kind == "implicit" and end_idx >= 2:
        obs = _window_change(ctx, s, bases, end_idx, True, unit)
        fallback = _window_change(ctx, s, [end_idx - 2], end_idx - 1, False, unit)
        label = f"on {s.dates[end_idx - 1].isoformat()}, the last completed session"
    else:
        # a named session still open at publication ("up 2.1% on Thursday" at 11:40): only its
        # low..high so far is known, not its close (DESIGN, Time)
        obs = _window_change(ctx, s, bases, end_idx, w.end_open, unit)
    alts = []
    if fallback is not None and not _open_at_publication(ctx):
        # a date-only article on a market whose day runs past the assumed end of day (crypto, FX):
        # a move met only within that day's range cannot be placed at the time of writing
        alts.append(Alt(fallback, f"within the {s.dates[end_idx].isoformat()} day's range", "intraday_time"))
        fallback = None
    if _placed_in_day(ctx):
        alts.append(Alt(_window_change(ctx, s, bases, end_idx, True, unit), "within the day's range",
                        "intraday_time"))
    if ctx.exchange.code in _snapshot_exchanges() and unit in ("pct", "ratio") and len(bases) == 1:
        # a daily FX "close" is a snapshot (Yahoo's sits near the open): the move the article
        # quotes may run between any prices the two days traded
        alts.append(Alt(M.snapshot_change(s, bases[0], end_idx, unit),
                        "between the two days' ranges (FX closes are snapshots)", "intraday_time"))
    tol, kind = _change_tolerance(ctx, s, unit)
    v = abs(ctx.figure.value)
    high = abs(ctx.figure.high) if ctx.figure.high is not None else None
    claimed = claimed_interval(v, ctx.figure.precision, ctx.mode if ctx.mode != "extreme" else "exact", high)
    return numeric_verdict(ctx, raw, obs, claimed, tolerance=tol, printed=v, unit=ctx.figure.unit,
                           decimals=_claim_decimals(ctx), directional=unit != "ratio",
                           tol_note=f"data tolerance: {kind}" if tol else None, fallback=fallback,
                           fallback_label=label, alts=alts)


def _span_text(iv: Interval, d: int) -> str:
    return f"{iv.lo:.{d}f}" if iv.point else f"{iv.lo:.{d}f}..{iv.hi:.{d}f}"


def _change_tolerance(ctx: Ctx, s: M.Series, unit: str) -> tuple[float, str]:
    if unit == "bp":
        tol = float(ctx.tol("yield_change_bp").get("absolute", 1.0))
        return tol, f"± {tol:g} bp (yield vendors differ)"
    if unit == "pp" and s.kind == "yield":
        tol = float(ctx.tol("yield_change_pp").get("absolute", 0.01))
        return tol, f"± {tol * 100:g} bp (yield vendors differ)"
    if unit in ("points", "pp"):
        k = float(ctx.tol("point_change").get("printed_units", 1))
        return k * (ctx.figure.precision or 0.0), "± one printed unit (both closes are rounded)"
    rel = ctx.tol("percent_change").get("relative_price")
    return (float(rel) * 100 if rel else 0.0), "percent changes close to close"


def h_intraday_change(ctx: Ctx) -> Verdict:
    unit = _change_unit(ctx)
    raw = ctx.series(ctx.win.end - dt.timedelta(days=14))
    s = raw.inverted() if ctx.invert and unit == "pct" else raw
    end_idx = ctx.end_index(s)
    prev = _base_rows(ctx, s, end_idx)[0]
    d = ctx.direction()
    if ctx.invert and unit != "pct":
        d = -d
    side = "low" if d < 0 else "high"
    if d == 0:
        ctx.notes.append("direction not stated: the day's high is used")
    basis = "adjusted" if s.kind == "price" and unit in ("pct", "points") else "split"
    timed = (ctx.claim.related or {}).get("time_of_day") or (ctx.win.part in T.INTRADAY_PARTS and ctx.win.part
                                                             not in UNPLACED_PARTS)
    some_moment = not timed and ctx.win.part in UNPLACED_PARTS and ctx.mode in ("above", "at_least")
    if ctx.mode != "extreme" and not some_moment:
        # "rose 4.6% in the morning": the close's move, else some moment of the day (not placeable);
        # "by the end of morning trade ... down more than 5.5%": a time of day, only the day's range
        close = _window_change(ctx, s, [prev], end_idx, ctx.win.end_open, unit)
        day = _window_change(ctx, s, [prev], end_idx, True, unit)
        tol, _ = _change_tolerance(ctx, s, unit)
        v = abs(ctx.figure.value)
        claimed = claimed_interval(v, ctx.figure.precision, ctx.mode, None)
        if timed:
            return numeric_verdict(ctx, raw, day, claimed, tolerance=tol, printed=v, unit=ctx.figure.unit,
                                   decimals=_claim_decimals(ctx), directional=True,
                                   primary_status="supported" if _open_at_publication(ctx) else "intraday_time")
        return numeric_verdict(ctx, raw, close, claimed, tolerance=tol, printed=v, unit=ctx.figure.unit,
                               decimals=_claim_decimals(ctx), directional=True,
                               alts=[Alt(day, "within the day's range", "intraday_time")])
    if some_moment:
        ctx.notes.append(f"'{ctx.claim.window.text if ctx.claim.window else ctx.win.part}' places the move at some "
                         f"moment of the session: '{ctx.claim.hedge.text if ctx.claim.hedge else ''}' is met when "
                         f"the day's {side} passes it")
    obs = M.intraday_change(s, prev, end_idx, side, False, unit, basis)
    fallback = M.intraday_change(s, prev, end_idx, side, True, unit, basis) if ctx.win.ranged else None
    rel = float(ctx.tol("intraday_change").get("relative_price", 0.0005))
    x, c0 = obs.extra["extreme_price"], obs.extra["base_price"]
    tol = {"pct": rel * x / c0 * 100, "points": rel * x, "bp": rel * x * 100, "pp": rel * x}.get(unit, 0.0)
    v = abs(ctx.figure.value)
    claimed = claimed_interval(v, ctx.figure.precision, ctx.mode if some_moment else "extreme")
    return numeric_verdict(ctx, raw, obs, claimed, tolerance=tol, printed=v, unit=ctx.figure.unit,
                           decimals=_claim_decimals(ctx), directional=True,
                           tol_note=f"data tolerance: ±{rel:.2%} of the day's {side} ({M.pnum(x)}), "
                                    f"intraday extremes differ between vendors",
                           fallback=fallback, fallback_label="so far at publication")


def _extreme_side(ctx: Ctx) -> str | None:
    """The day's extreme an intraday level names ("as high as", "fell to as low as"), or None
    when the text says no side ("the yen strengthened to as much as 141.70" with no direction).

    Levels of an inverted subject are printed in the quote's terms ("141.70 yen per dollar"),
    so the yen strengthening reaches the quote's low.
    """
    text = (ctx.claim.hedge.text if ctx.claim.hedge else "").lower()
    if "high" in text:
        return "high"
    if "low" in text or "little" in text:
        return "low"
    d = ctx.direction()
    if ctx.invert:
        d = -d
    return "low" if d < 0 else "high" if d > 0 else None


def _level_field(ctx: Ctx) -> str:
    rel_field = (ctx.claim.related or {}).get("field")
    if rel_field in ("high", "low", "close"):
        return str(rel_field)
    if ctx.claim.metric == "intraday_level" or ctx.mode == "extreme":
        return _extreme_side(ctx) or "high"
    return "close"


def h_level(ctx: Ctx) -> Verdict:
    """A level; when the claim also calls it a record (related["record"]), the record too."""
    level = _level_verdict(ctx)
    if not (ctx.claim.related or {}).get("record"):
        return level
    field_ = _level_field(ctx)
    side = "min" if field_ == "low" or (field_ == "close" and ctx.direction() < 0) else "max"
    return _with_record(ctx, level, _record_part(ctx, side, field_ if field_ != "close" else None))


def _named_period(ctx: Ctx) -> tuple[dt.date, dt.date] | None:
    """The sessions of a period named as the window of a level ("in September the rate hit
    145"), when it holds more than one day."""
    w = ctx.win
    if w.kind != "period" or w.period is None or w.period[0] >= w.period[1]:
        return None
    return w.period


def _period_level(ctx: Ctx, s: M.Series, field_: str,
                  period: tuple[dt.date, dt.date]) -> tuple[M.Observation, list[Alt], str]:
    """A level somewhere in a named period: its highest high / lowest low for an extreme;
    for a close, the close of the period nearest the printed value (a crossing: up to the
    period's extreme on that side), with the period's whole range as a reading that cannot
    be placed in time. A snapshot close (FX) is only bounded by that range."""
    a, b = period
    rows = [j for j in s.between(a, b) if s.value(j, "close") is not None]
    if not rows:
        raise M.MetricError("data_unavailable", f"{s.symbol}: no rows in {a.isoformat()}..{b.isoformat()}"
                                                f"{s._coverage()}")
    lo_j = M.period_extreme(s, a, b, "low", "as_traded")
    hi_j = M.period_extreme(s, a, b, "high", "as_traded")
    lo, hi = s.need(lo_j, "low") if s.value(lo_j, "low") is not None else s.need(lo_j, "close"), \
        s.need(hi_j, "high") if s.value(hi_j, "high") is not None else s.need(hi_j, "close")
    label = ctx.win.period_text or f"{a.isoformat()}..{b.isoformat()}"
    whole = M.Observation(Interval(lo, hi), None, (s.row(lo_j, "extreme"), s.row(hi_j, "extreme")),
                          f"range of {label}: lowest low {M.pnum(lo)} ({s.dates[lo_j].isoformat()}) .. highest high "
                          f"{M.pnum(hi)} ({s.dates[hi_j].isoformat()})", "as_traded")
    if field_ in ("high", "low"):
        j = hi_j if field_ == "high" else lo_j
        obs = M.level(s, j, field_)
        return M.Observation(obs.interval, obs.value, obs.rows, f"{'highest high' if field_ == 'high' else 'lowest low'}"
                             f" of {label}: {obs.formula}", "as_traded"), [], "supported"
    if ctx.exchange.code in _snapshot_exchanges():
        return whole, [], "intraday_time"
    v = ctx.figure.value
    j = min(rows, key=lambda k: abs(s.need(k, "close") - v))
    c = s.need(j, "close")
    obs = M.Observation(Interval(c, c), c, (s.row(j, "end"),),
                        f"the close of {label} nearest {M.pnum(v)}: {M.pnum(c)} on {s.dates[j].isoformat()}",
                        "as_traded")
    if ctx.mode in ("above", "at_least", "less_than", "at_most"):
        x, k = (hi, hi_j) if ctx.mode in ("above", "at_least") else (lo, lo_j)
        obs = M.Observation(hull([c, x]), c, tuple(sorted((s.row(j, "end"), s.row(k, "extreme")),
                                                          key=lambda r: r.date)),
                            f"closes of {label} up to its {'highest high' if x == hi else 'lowest low'} {M.pnum(x)} "
                            f"({s.dates[k].isoformat()})", "as_traded")
        return obs, [], "supported"
    return obs, [Alt(whole, f"within the range of {label}", "intraday_time")], "supported"


def _level_verdict(ctx: Ctx) -> Verdict:
    period = _named_period(ctx)
    ago = None
    if period is None and ctx.win.kind == "ago" and ctx.win.base is not None:
        # "down from 4.19% a week ago": the level then (a year or a month back only roughly)
        around = _around_ago(ctx)
        if around is not None and around[0] < around[1]:
            period = around
        else:
            ago = ctx.win.base
    s = ctx.series((period[0] if period else ago or ctx.win.end) - dt.timedelta(days=14))
    if ago is not None:
        j = s.on_or_before(ago)
        if j is None:
            return unverifiable("data_unavailable", f"{s.symbol}: no session on or before {ago.isoformat()}"
                                                    f"{s._coverage()}", ctx.evidence(s))
        i = j
        ctx.notes.append(f"'{ctx.claim.window.text if ctx.claim.window else 'ago'}': the close of "
                         f"{s.dates[i].isoformat()}, the last session on or before {ago.isoformat()}")
    else:
        i = ctx.end_index(s)
    field_ = _level_field(ctx)
    f = ctx.figure
    if f.currency and s.currency and f.currency.upper() != s.currency.upper():
        return unverifiable("unsupported_metric", f"the figure is in {f.currency}, {s.symbol} is quoted in "
                                                  f"{s.currency}", ctx.evidence(s))
    alts: list[Alt] = []
    primary_status = "supported"
    if period is not None:
        obs, alts, primary_status = _period_level(ctx, s, field_, period)
    elif field_ != "close" and ctx.mode != "extreme" and not ctx.direction():
        # "touched 20,926" with no side said: the day's high, or else its low
        obs = M.level(s, i, "high", ctx.win.ranged)
        alts.append(Alt(M.level(s, i, "low", ctx.win.ranged), "at the day's low"))
        alts.append(Alt(M.level(s, i, "close", True), "within the day's range", "intraday_time"))
    elif field_ != "close" and _extreme_side(ctx) is None and "field" not in (ctx.claim.related or {}):
        # "as much as 141.70" with no side said: an extreme, the day's high or else its low
        obs = M.level(s, i, "high", ctx.win.ranged)
        alts.append(Alt(M.level(s, i, "low", ctx.win.ranged), "at the day's low"))
    elif field_ == "close" and ctx.exchange.code in _snapshot_exchanges() and not _open_at_publication(ctx):
        # a daily FX "close" is a vendor's snapshot (Yahoo's sits near the open): a quoted
        # rate can only be bounded by the day's range (a day still open at publication is
        # read within its low..high so far, as any open session)
        obs = M.level(s, i, "close", True)
        primary_status = "intraday_time"
    elif field_ == "close" and _placed_in_day(ctx):
        obs = M.level(s, i, "close", False)
        alts.append(Alt(M.level(s, i, "close", True), "within the day's range", "intraday_time"))
    else:
        obs = M.level(s, i, field_, ctx.win.ranged)
    for other, j in ctx.overlapping_days(s):
        alts.append(Alt(M.level(other, j, field_, True), f"within the {other.dates[j].isoformat()} day's range",
                        "intraday_time"))
    if (ctx.claim.related or {}).get("reached") and not (ctx.claim.related or {}).get("time_of_day"):
        # "when the rate hit 145", "reached six figures on Wednesday night": a level passed at some
        # moment of the day (period), which its low..high holding the level proves (R5)
        primary_status = "supported"
        alts = [Alt(a.obs, a.label, "supported") for a in alts]
    fallback = M.level(s, i - 1, "close") if ctx.win.end_open and ctx.win.at_publication and i > 0 \
        and field_ == "close" and period is None else None
    mode = ctx.mode
    if field_ == "close" and mode in ("above", "at_least", "less_than", "at_most") and not ctx.win.ranged \
            and period is None:
        # "topped 4%", "fell below 150": the day may have crossed intraday, so the
        # observed level runs from the close to the day's extreme on that side
        side = "high" if mode in ("above", "at_least") else "low"
        x = s.value(i, side)
        if x is not None:
            c = obs.interval.lo
            obs = M.Observation(hull([c, x]), c, (s.row(i, "end"),),
                                f"close {M.pnum(c)}, day {side} {M.pnum(x)}", "as_traded")
    yield_like = ctx.claim.metric == "yield_level" or s.kind == "yield"
    if yield_like:
        tol = float(ctx.tol("yield_level").get("absolute", 0.01))
        note = f"data tolerance: ± {tol * 100:g} bp (yield vendors differ)"
    else:
        rel = float(ctx.tol("level").get("relative", 0.0005))
        tol = rel * max(abs(obs.interval.lo), abs(obs.interval.hi))
        note = f"data tolerance: ±{rel:.2%} of the level (vendors differ)"
    claimed = claimed_interval(f.value, f.precision, mode if mode != "extreme" else "exact", f.high)
    return numeric_verdict(ctx, s, obs, claimed, tolerance=tol, printed=f.value,
                           unit=f.unit if f.unit == "percent" else None,
                           decimals=max(decimals_of(f.precision), 2 if not yield_like else 3), tol_note=note,
                           fallback=fallback, fallback_label="at the last close before publication", alts=alts,
                           primary_status=primary_status)


def _around_ago(ctx: Ctx) -> tuple[dt.date, dt.date] | None:
    """"Two years ago" names a time only roughly: a month either side for years, a week for
    months (rules of thumb, stated in the evidence)."""
    w = ctx.win
    if w.kind != "ago" or w.base is None or not w.span:
        return None
    pad = {"year": 31, "decade": 183, "quarter": 14, "month": 7}.get(w.span[1], 0)
    return w.base - dt.timedelta(days=pad), w.base + dt.timedelta(days=pad)


def h_threshold(ctx: Ctx) -> Verdict:
    rel_ = ctx.claim.related or {}
    x = float(rel_.get("threshold", ctx.figure.value))
    d = ctx.direction() or (-1 if ctx.mode in ("less_than", "at_most") else 1)
    if ctx.invert:
        d = -d
    side = "high" if d > 0 else "low"
    # "its first close above 19,000" (related basis close): the close crossed, not the day's extreme
    field_ = "close" if rel_.get("basis") == "close" else side
    around = _around_ago(ctx) or _named_period(ctx)
    if around:
        s = ctx.series(around[0] - dt.timedelta(days=14), around[1])
        j = M.period_extreme(s, around[0], around[1], "low" if d < 0 else "high", "as_traded",
                             field_="close" if field_ == "close" else None)
        v = s.need(j, field_)
        what = ("lowest" if d < 0 else "highest") + (" close" if field_ == "close" else " low" if d < 0 else " high")
        obs = M.Observation(Interval(v, v), v, (s.row(j, "extreme"),),
                            f"{what} of {around[0]}..{around[1]} = {M.pnum(v)}")
        ctx.notes.append(f"'{ctx.claim.window.text if ctx.claim.window else 'ago'}' read as "
                         f"{around[0].isoformat()}..{around[1].isoformat()}")
    else:
        s = ctx.series(ctx.win.end - dt.timedelta(days=14))
        i = ctx.end_index(s)
        obs = M.level(s, i, field_, ctx.win.ranged)
    if s.kind == "yield":
        tol = float(ctx.tol("yield_level").get("absolute", 0.01))
        tol_note = f"data tolerance: ± {tol * 100:g} bp (yield vendors differ)"
    else:
        rel = float(ctx.tol("threshold").get("relative", 0.0005))
        tol = rel * abs(x)
        tol_note = f"data tolerance: ±{rel:.2%} of {M.pnum(x)} (the day's {side} differs between vendors)"
    claimed = Interval(x, INF, lo_open=True, desc="crossed: > X") if d > 0 else \
        Interval(-INF, x, hi_open=True, desc="crossed: < X")
    alts = [] if around else [
        Alt(M.level(other, j, field_), f"on {other.dates[j].isoformat()} ({ctx.exchange.timezone} day overlapping "
                                     f"'{ctx.claim.window.text if ctx.claim.window else 'the day'}' in the article's zone)")
        for other, j in ctx.overlapping_days(s)]
    return numeric_verdict(ctx, s, obs, claimed, tolerance=tol, printed=x, alts=alts,
                           unit=ctx.figure.unit if ctx.figure.unit == "percent" else None,
                           decimals=max(decimals_of(ctx.figure.precision), 2 if s.kind != "yield" else 3),
                           tol_note=tol_note)


def h_from_extreme(ctx: Ctx) -> Verdict:
    """A change from a period's low/high ("up 40% from a January low"), or from the standing
    extreme of the whole history ("2.19% above the previous closing high")."""
    w = ctx.win
    rel_ = ctx.claim.related or {}
    base = rel_.get("base")
    if isinstance(base, dict) and base:
        # "climbed 836.52 points from Wednesday ... above the previous closing high": the
        # figure's own base session makes it a close-to-close change from that session
        at = (ctx.claim.window.spec.get("at") if ctx.claim.window else None) or {}
        session = Window("session", ctx.claim.window.text if ctx.claim.window else None, dict(at))
        try:
            win, cal = T.resolve(session, ctx.published, ctx.exchange, base)
        except T.WindowError as exc:
            return unverifiable(exc.reason, str(exc))
        sub = Ctx(ctx.claim, ctx.verifier, ctx.exchange, cal, win, published=ctx.published,
                  notes=[(f"the change is from the {win.base.isoformat() if win.base else 'named'} close the "
                          f"figure names, not from the {ctx.claim.window.text if ctx.claim.window else 'extreme'}")])
        return h_change(sub)
    if w.period is None and not w.qualifier:
        return unverifiable("ambiguous_window", "no period for the low/high", None)
    spec_ext = (ctx.claim.window.spec.get("extreme") if ctx.claim.window else None)
    side = spec_ext or ("high" if ctx.claim.metric == "change_from_high" else "low")
    unit = _change_unit(ctx)
    if unit not in ("pct", "points", "ratio"):
        return unverifiable("unsupported_metric", f"a change from a {side} in {ctx.figure.unit}")
    text = (ctx.claim.window.text if ctx.claim.window else "") or ""
    field_ = "close" if "clos" in text.lower() or "settle" in text.lower() else None
    if w.qualifier:
        raw = ctx.series(FAR_PAST)
        s = raw.inverted() if ctx.invert else raw
        end_idx = ctx.end_index(s)
        if not _history_enough(ctx, s, s.dates[end_idx]):
            return unverifiable("data_unavailable", f"{s.symbol}: data starts {s.dates[0].isoformat()}; the "
                                                    f"{w.period_text} before {s.dates[end_idx].isoformat()} may lie "
                                                    f"earlier", ctx.evidence(raw))
        period = (s.dates[0], s.dates[end_idx] - dt.timedelta(days=1))
    else:
        period = w.period
        raw = ctx.series(period[0] - dt.timedelta(days=14))
        s = raw.inverted() if ctx.invert else raw
        end_idx = ctx.end_index(s)
    ext = M.period_extreme(s, period[0], period[1], side, "split", before=s.dates[end_idx], field_=field_)
    obs = M.change_from_extreme(s, ext, side, end_idx, w.ranged, "split", unit, field_)
    fallback = None
    if w.end_open and end_idx - 1 > ext:
        fallback = M.change_from_extreme(s, ext, side, end_idx - 1, False, "split", unit, field_)
    rel = float(ctx.tol("extreme_change").get("relative_price", 0.0005))
    top = max(obs.extra["end_prices"]) / obs.extra["extreme_price"]
    tol = rel * top * (100 if unit == "pct" else 1) if unit in ("pct", "ratio") else rel * max(obs.extra["end_prices"])
    tol_note = f"data tolerance: ±{rel:.2%} of the period's {side} (intraday extremes differ between vendors)"
    if field_ == "close":  # closes against closes: no intraday vendor difference
        tol = 0.0 if unit == "pct" else float(ctx.tol("point_change").get("printed_units", 1)) * (
            ctx.figure.precision or 0.0)
        tol_note = "data tolerance: none for percent changes between closes; ± one printed unit for points"
    v = abs(ctx.figure.value)
    claimed = claimed_interval(v, ctx.figure.precision, ctx.mode if ctx.mode != "extreme" else "exact",
                               abs(ctx.figure.high) if ctx.figure.high is not None else None)
    return numeric_verdict(ctx, raw, obs, claimed, tolerance=tol, printed=v, unit=ctx.figure.unit,
                           decimals=_claim_decimals(ctx), directional=unit != "ratio", tol_note=tol_note, fallback=fallback,
                           fallback_label=f"at the last close before publication, "
                                          f"{s.dates[end_idx - 1].isoformat()}" if fallback else None)


def _lookback_period(ctx: Ctx) -> tuple[dt.date, dt.date, str] | None:
    if ctx.win.period is not None:
        return ctx.win.period[0], ctx.win.period[1], ctx.win.period_text or ""
    rel = ctx.claim.related or {}
    spec = rel.get("since") or rel.get("period")
    if isinstance(spec, dict):
        return T.resolve_period(spec, ctx.win.end)
    f = ctx.figure
    if f.kind in ("date", "year") and f.parts.get("year"):
        return T.resolve_period(dict(f.parts), ctx.win.end)
    return None


def _history_enough(ctx: Ctx, s: M.Series, since: dt.date) -> bool:
    """Does the data reach far enough back to exclude an earlier, more extreme value?"""
    if s.source.get("history_complete"):
        return True
    years = float(tolerances().get("records", {}).get("min_history_years", 25))
    return bool(s.dates) and (since - s.dates[0]).days >= years * 365.25


def _beyond_known_past(ctx: Ctx, s: M.Series, value: float, side: str) -> str | None:
    """R8 before the data: when rules/tolerances.yaml bounds every value a series had before its
    data begin and ``value`` (as quoted) lies beyond that bound, the missing history cannot hold
    a value as extreme. Returns the bound's note, else None."""
    if ctx.invert:
        return None
    known = (tolerances().get("records", {}).get("before_data") or {}).get(s.symbol) or {}
    bound = known.get("high_below" if side == "max" else "low_above")
    if not isinstance(bound, (int, float)) or not (value > bound if side == "max" else value < bound):
        return None
    return (f"before {s.dates[0].isoformat()}, {s.symbol} stayed {'below' if side == 'max' else 'above'} "
            f"{M.pnum(float(bound))} ({known.get('note') or 'rules/tolerances.yaml'})")


def _reference(ctx: Ctx, s: M.Series, i: int, side: str) -> tuple[float, str]:
    """The value a look-back or record compares: the close, or the day's extreme when said
    to be intraday or when the session was still open at publication."""
    rel = ctx.claim.related or {}
    field_ = rel.get("field")
    if field_ not in ("high", "low", "close"):
        field_ = "close"
        if ctx.win.ranged:
            field_ = "high" if side == "max" else "low"
            ctx.notes.append(f"session open at publication: its {field_} so far is the reference")
    return s.need(i, field_, "split"), field_


def _number_in(text: Any) -> tuple[float | None, bool]:
    """The number in a related figure's text ("4%", "$260.48", "9.52%") and whether it is a percent."""
    import re

    m = re.search(r"-?\d[\d,]*(?:\.\d+)?", str(text or ""))
    if not m:
        return None, False
    return float(m.group(0).replace(",", "")), "%" in str(text) or "percent" in str(text) or "per cent" in str(text)


def _span_mode(ctx: Ctx) -> str:
    """The hedge of a look-back span, which claims.py leaves inside the window phrase
    ("in at least 12 years", "more than 30 years ago"): rules/hedges.yaml phrases."""
    if ctx.claim.hedge is not None:
        return ctx.claim.hedge.mode
    import re

    from factcheck.intervals import hedge_phrases

    text = (ctx.claim.window.text if ctx.claim.window else "") or ""
    for phrase, mode in hedge_phrases():
        if re.search(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE):
            return mode
    return "exact"


@dataclass(frozen=True)
class _Ref:
    """The reference value of a look-back (R6): the day's close, its high/low, a printed
    threshold or level, compared with earlier values of ``cmp``."""

    i: int
    value: float
    label: str
    cmp: str = "close"


def _level_reference(ctx: Ctx, s: M.Series, i: int, side: str) -> _Ref | Verdict:
    """R6: the day's close by default; a printed threshold (related threshold, or an "of"
    figure that claims.py made a threshold) as printed; a printed level of the day, which
    also places the day when it is a recent close; the day's extreme when the claim is
    intraday. A printed level the day never traded at is its own claim's error: the
    look-back then uses the day's close (or extreme)."""
    rel = ctx.claim.related or {}
    basis = str(rel.get("basis") or rel.get("compare") or "")
    cmp = ("high" if side == "max" else "low") if basis in ("intraday", "high", "low") else "close"
    of_value, of_pct = _number_in(rel.get("of"))
    threshold = rel.get("threshold")
    if threshold is None and rel.get("of_metric") == "threshold" and of_value is not None:
        threshold = of_value
    if isinstance(threshold, (int, float)):
        return _Ref(i, float(threshold) * s.split[i], f"printed threshold {float(threshold):g}", cmp)
    if of_value is None or (of_pct and s.kind != "yield"):
        ref, field_ = _reference(ctx, s, i, side)
        if cmp != "close" and field_ == "close":
            field_ = "high" if side == "max" else "low"
            ref = s.need(i, field_, "split")
        return _Ref(i, ref, field_, cmp)
    level_now = s.value(i, "close")
    if level_now and not 0.5 <= of_value / level_now <= 2.0:
        return unverifiable("unsupported_metric", f"a look-back on '{rel.get('of')}', which is not a level of "
                                                  f"{s.symbol}", ctx.evidence(s))
    tol = 0.01 if s.kind == "yield" else 0.0005 * abs(of_value)
    hit = next((j for j in range(i, max(-1, i - 10), -1)
                if s.value(j, "close") is not None and abs(s.value(j, "close") - of_value) <= tol), None)
    if hit is not None:
        return _Ref(hit, of_value * s.split[hit], f"printed level {of_value:g}", cmp)
    lo, hi = s.value(i, "low"), s.value(i, "high")
    if lo is not None and hi is not None and lo - tol <= of_value <= hi + tol:
        return _Ref(i, of_value * s.split[i], f"printed level {of_value:g} (touched during the day)", cmp)
    latest = ctx.latest_session()
    if latest > s.dates[i]:  # the article's own latest sessions (a window placed on the wrong day)
        try:
            later = ctx.series(max(s.dates[i] + dt.timedelta(days=1), latest - dt.timedelta(days=14)), latest)
        except DataError:
            later = M.Series(s.symbol, [], [], [], [], [])
        later = later.inverted() if ctx.invert else later
        for k in range(len(later) - 1, -1, -1):
            c = later.value(k, "close")
            if c is not None and abs(c - of_value) <= tol:
                full = ctx.series(FAR_PAST, later.dates[k])
                full = full.inverted() if ctx.invert else full
                j = full.require(later.dates[k])
                ctx.notes.append(f"the printed level {rel.get('of')} is the close of {later.dates[k].isoformat()}, "
                                 f"not of {s.dates[i].isoformat()}: the look-back is read on that session")
                raise _Rebased(full, j, _Ref(j, of_value * full.split[j], f"printed level {of_value:g}", cmp))
    intraday = rel.get("of_metric") == "intraday_level"
    field_ = ("high" if side == "max" else "low") if intraday else "close"
    ctx.notes.append(f"the printed level {rel.get('of')} is not a level of {s.dates[i].isoformat()} in the data "
                     f"(its own claim says so): the look-back uses the day's {field_}")
    return _Ref(i, s.need(i, field_, "split"), field_, cmp)


class _Rebased(Exception):
    """The printed level places the look-back on a later session than its window said."""

    def __init__(self, s: M.Series, i: int, ref: _Ref) -> None:
        super().__init__("rebased")
        self.s, self.i, self.ref = s, i, ref


def _coverage_problem(s: M.Series, i: int, need: dt.date, what: str, p: int | None, word: str,
                      thing: str) -> str | None:
    """R6: when the data do not reach back to what the claim needs (the named period, or
    N units back) and the source does not say its history is complete, the look-back
    cannot be judged. What the data do show is said too."""
    if s.source.get("history_complete") or not s.dates or s.dates[0] <= need:
        return None
    shown = (f"; in the data, the last {thing} as {word} was on {s.dates[p].isoformat()}" if p is not None
             else f"; nothing in the data since then was as {word}")
    return f"{s.symbol}: data starts {s.dates[0].isoformat()}; the claim needs {what}{shown}"


def h_since(ctx: Ctx) -> Verdict:
    """"Highest since X" / "N-year high" / "best week since X": P is the last earlier close
    (or change) at least as extreme as the reference; X must contain P (R6)."""
    side = "min" if ctx.claim.metric == "low_since" else "max"
    raw = ctx.series(FAR_PAST)
    s = raw.inverted() if ctx.invert else raw
    i = ctx.end_index(s)
    rel = ctx.claim.related or {}
    at = (ctx.claim.window.spec.get("at") if ctx.claim.window else None) or {}
    if isinstance(at, dict) and isinstance(at.get("period"), dict):
        # "a 15-month low ... in mid-March": the look-back is placed on the period's most extreme close
        a, b, label = T.resolve_period(at["period"], s.dates[i])
        days = [j for j in s.between(a, b) if j <= i and s.value(j, "close") is not None]
        if days:
            i = (min if side == "min" else max)(days, key=lambda j: s.need(j, "close"))
            ctx.notes.append(f"placed on {s.dates[i].isoformat()}, the {'lowest' if side == 'min' else 'highest'} "
                             f"close of {label}")
    if rel.get("at_from"):
        ctx.notes.append(f"placed on the session of '{rel['at_from']}', the figure the look-back describes")
    if rel.get("threshold_from"):
        ctx.notes.append(f"the reference is '{rel['threshold_from']}', crossed earlier in the sentence (R6)")
    measure = str(rel.get("measure") or "")
    of_value, of_pct = _number_in(rel.get("of"))
    word = "high" if side == "max" else "low"
    if measure.startswith("streak"):
        found = _streak_reference(ctx, s, i, measure)
        if isinstance(found, Verdict):
            return found
        p, rows, formula, thing, cmp = found
        word = "long"
    elif measure.startswith("change:") or (of_pct and s.kind != "yield" and measure != "level"):
        what = measure.split(":", 1)[1] if ":" in measure else "day"
        freq = next((f for f, words in _CHANGE_FREQ if any(w in what for w in words)), "day")
        intraday = freq == "day" and rel.get("basis") == "intraday"
        changes = _intraday_moves(s, i, side) if intraday else M.period_changes(s, i, freq)
        sign_only = isinstance(rel.get("threshold"), (int, float)) and not isinstance(rel.get("threshold"), bool)
        if sign_only:  # "its first annual advance in five years": the last earlier move of that sign
            ref = float(rel["threshold"])
            now = changes[-1][1] if changes and changes[-1][0] == i else None
            if now is not None and ((now < ref) if side == "max" else (now > ref)):
                return Verdict("contradicted", None, None, None, None,
                               f"claimed a first {'rise' if side == 'max' else 'fall'}, but the {_FREQ_WORD[freq]} "
                               f"change to {s.dates[i].isoformat()} was {now:+.2f}%",
                               ctx.evidence(raw, formula=f"{_FREQ_WORD[freq]} change to {s.dates[i].isoformat()}: "
                                                         f"{now:+.2f}%", rows=(s.row(i, "reference"),)))
        elif of_value is not None and of_pct:
            ref = abs(of_value) if side == "max" else -abs(of_value)
        elif changes and changes[-1][0] == i:
            ref = changes[-1][1]
        else:
            return unverifiable("data_unavailable", f"{s.symbol}: no {_FREQ_WORD[freq]} change for "
                                                    f"{s.dates[i].isoformat()}", ctx.evidence(raw))
        p = M.last_change_at_least(changes, i, ref, side)
        p_change = next((c for j, c in changes if j == p), None)
        rows = [s.row(i, "reference")] + ([s.row(p, "previous_extreme")] if p is not None else [])
        formula = (f"P = last {freq} before {s.dates[i].isoformat()} with {'an intraday move (day ' + ('high' if side == 'max' else 'low') + ' vs the previous close)' if intraday else 'a change'} at least as "
                   f"{'large' if side == 'max' else 'negative'} as {ref:+.2f}%"
                   + (f": {s.dates[p].isoformat()} ({p_change:+.2f}%)" if p is not None else ""))
        thing, cmp = ("intraday move" if intraday else f"{_FREQ_WORD[freq]} move"), "close"
    else:
        try:
            r = _level_reference(ctx, s, i, side)
        except _Rebased as moved:
            s, r = moved.s, moved.ref
            raw = s._raw or s
        if isinstance(r, Verdict):
            return r
        i, ref, cmp = r.i, r.value, r.cmp
        p = M.last_at_least_as_extreme(s, i, ref, side, field_=cmp)
        rows = [s.row(i, "reference")] + ([s.row(p, "previous_extreme")] if p is not None else [])
        formula = (f"P = last {cmp} before {s.dates[i].isoformat()} at least as {word} as the {r.label} "
                   f"({M.pnum(ref)})" + (f": {s.dates[p].isoformat()} ({M.pnum(s.need(p, cmp, 'split'))})"
                                         if p is not None else ""))
        thing = cmp
    period = _lookback_period(ctx)
    span = ctx.win.span
    if period is None and span is None:
        return unverifiable("ambiguous_window", f"'{ctx.figure.text}': no period or span to look back to",
                            ctx.evidence(s, formula=formula, rows=tuple(rows)))
    ev = ctx.evidence(raw, formula=formula, rows=tuple(rows), prices="split_adjusted" if s.split[0] != 1 else
                      "as_traded", window={"reference": s.dates[i].isoformat(),
                                           "P": s.dates[p].isoformat() if p is not None else None,
                                           "history_start": s.dates[0].isoformat() if s.dates else None})
    if period is not None:
        return _since_period(ctx, s, i, p, period, side, word, thing, ev)
    return _since_span(ctx, s, i, p, span, side, word, thing, cmp, rows, formula, ev)


def _intraday_moves(s: M.Series, upto: int, side: str) -> list[tuple[int, float]]:
    """"No intraday move had been larger since 2022": each day's extreme (high for a rise, low for
    a fall) against the previous close, in percent, up to row ``upto`` (as M.period_changes)."""
    field_ = "high" if side == "max" else "low"
    out = []
    for a in range(upto):
        b = a + 1
        if (s.dates[b] - s.dates[a]).days > 7:
            continue
        c0, x = s.value(a, "close", "split"), s.value(b, field_, "split")
        if c0 and x is not None:
            out.append((b, M.change_value(c0, x, "pct")))
    return out


# The period of a look-back on moves, read off related.measure ("change:week", "change:annual advance").
_CHANGE_FREQ = (("week", ("week",)), ("month", ("month",)), ("quarter", ("quarter",)),
                ("year", ("year", "annual")))
_FREQ_WORD = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly", "year": "annual"}


def _streak_reference(ctx: Ctx, s: M.Series, i: int,
                      measure: str) -> tuple[int | None, list, str, str, str] | Verdict:
    """R6 on streaks ("its longest winning streak since November 2004"): the reference is the
    run of rising (falling) closes ending at the session; P is the last earlier session at
    which a run had lasted at least as long. ``measure`` is ``streak:up|down[:week]``."""
    toks = measure.split(":")
    unit = "week" if "week" in toks else "day"
    way = "down" if "down" in toks else "up" if "up" in toks else None
    if way is None:
        return unverifiable("unsupported_metric", "the direction of the streak is not stated")
    up = way == "up"
    n, run_rows, _ = M.streak(s, i, up, unit)
    word = "winning" if up else "losing"
    if n == 0:
        return Verdict("contradicted", None, None, None, None,
                       f"claimed a {word} streak, but {s.dates[i].isoformat()} closed "
                       f"{'lower' if up else 'higher'} (no {word} streak)",
                       ctx.evidence(s._raw or s, formula=f"no {word} {unit}ly run ending {s.dates[i].isoformat()}",
                                    rows=(s.row(i, "reference"),)))
    runs = M.run_lengths(s, i, up, unit)
    p = M.last_run_at_least(runs, run_rows[1], n)
    rows = [s.row(run_rows[1], "streak_start"), s.row(i, "reference")] + (
        [s.row(p, "previous_extreme")] if p is not None else [])
    formula = (f"{word} run of {n} {unit}ly closes from {s.dates[run_rows[1]].isoformat()} to "
               f"{s.dates[i].isoformat()}; P = last earlier {unit} ending a run at least as long"
               + (f": {s.dates[p].isoformat()}" if p is not None else ""))
    return p, rows, formula, f"{word} streak of {n} {unit}s", "close"


def _since_period(ctx: Ctx, s: M.Series, i: int, p: int | None, period: tuple[dt.date, dt.date, str], side: str,
                  word: str, thing: str, ev: Evidence) -> Verdict:
    a, b, label = period
    best = "longest" if word == "long" else "highest" if side == "max" else "lowest"
    claim_txt = f"{best} since {label}"
    if p is not None and a <= s.dates[p] <= b:
        return Verdict("supported", None, None, None, 0.0,
                       f"claimed {claim_txt}, last as {word} on {s.dates[p].isoformat()}", ev)
    short = _coverage_problem(s, i, a, label, p, word, thing)
    if short:
        return unverifiable("data_unavailable", short, ev)
    if p is None:
        return Verdict("contradicted", None, None, None, None,
                       f"claimed {claim_txt}, observed no earlier {thing} as {word} since "
                       f"{s.dates[0].isoformat()} (a record in the data)", ev)
    pd_ = s.dates[p]
    gap = (pd_ - b).days if pd_ > b else (a - pd_).days
    where = "after" if pd_ > b else "before"
    return Verdict("contradicted", None, None, None, float(gap),
                   f"claimed {claim_txt}, last as {word} on {pd_.isoformat()}: {gap} days {where} {label}", ev)


def _since_span(ctx: Ctx, s: M.Series, i: int, p: int | None, span: tuple[float, str], side: str, word: str,
                thing: str, cmp: str, rows: list, formula: str, ev: Evidence) -> Verdict:
    """"An N-year high", "for the first time in N years": P must lie N-0.5 to N+1 units
    back (R6), or at least N / more than N when the phrase says so."""
    n, unit = span
    mode = _span_mode(ctx)
    if mode == "above":
        claimed = Interval(n, INF, lo_open=True)
    elif mode == "at_least":
        claimed = Interval(n, INF)
    elif mode == "below":
        claimed = Interval(min(0.9 * n, n - 0.5), n)
    elif unit == "week" and n == 52:  # the technical "52-week high": nothing higher within a year
        claimed = Interval(n - 0.5, INF)
    else:
        claimed = Interval(n - 0.5, n + 1, hi_open=True)
    back = max(claimed.lo, 0.0)
    if unit == "session":
        need = s.dates[max(0, i - math.ceil(back))] if i - math.ceil(back) >= 0 else dt.date.max
    else:
        need = s.dates[i] - dt.timedelta(days=round(back * T.UNIT_DAYS.get(unit, 365.25)))
    label = f"{n:g}-{unit}"
    if p is None:
        return _span_all_time(ctx, s, i, n, unit, claimed, need, side, word, thing, cmp, ev)
    sp = float(i - p) if unit == "session" else T.span_in_units(s.dates[p], s.dates[i], unit)
    obs = Interval(sp, sp)
    ok, _ = decide(claimed, obs)
    msg = (f"claimed a {label} {word}, observed {sp:.1f} {unit}s since a {thing} as {word}"
           f" ({s.dates[p].isoformat()})")
    if ok:
        return Verdict("supported", None, claimed.bounds(), (sp, sp), 0.0, msg, ev)
    short = _coverage_problem(s, i, need, f"{n:g} {unit}s of history before {s.dates[i].isoformat()}", p, word,
                              thing)
    if short:
        return unverifiable("data_unavailable", short, ev)
    gap = abs(nearest(obs, n) - n)
    return Verdict("contradicted", None, claimed.bounds(), (sp, sp), gap, msg, ev)


def _span_all_time(ctx: Ctx, s: M.Series, i: int, n: float, unit: str, claimed: Interval, need: dt.date,
                   side: str, word: str, thing: str, cmp: str, ev: Evidence) -> Verdict:
    """Nothing in the data was as extreme: an N-unit high is then met (nothing as high
    within N units) when the data reach back that far. "For the first time in N years"
    also says when the previous peak was: the standing record before the day must be at
    least N-0.5 units back."""
    rel = ctx.claim.related or {}
    short = _coverage_problem(s, i, need, f"{n:g} {unit}s of history before {s.dates[i].isoformat()}", None, word,
                              thing)
    if short:
        return unverifiable("data_unavailable", short, ev)
    j = M.earlier_extreme(s, i, side, cmp)
    if j is None:
        return unverifiable("data_unavailable", f"{s.symbol}: no history before {s.dates[i].isoformat()}", ev)
    sp_prev = float(i - j) if unit == "session" else T.span_in_units(s.dates[j], s.dates[i], unit)
    ev = Evidence(**{**ev.__dict__, "rows": (*ev.rows, s.row(j, "previous_record")),
                     "window": {**ev.window, "previous_record": s.dates[j].isoformat()}})
    head = (f"claimed a {n:g}-{unit} {word}, observed a {thing} above every earlier {thing} since "
            f"{s.dates[0].isoformat()}; the previous peak was {s.dates[j].isoformat()}, {sp_prev:.1f} {unit}s earlier")
    first = str(rel.get("of") or "").lower() in ("first", "1st")
    if first and sp_prev < claimed.lo:
        return Verdict("contradicted", None, claimed.bounds(), (sp_prev, sp_prev), claimed.lo - sp_prev,
                       f"{head}: not the first time in {n:g} {unit}s", ev)
    return Verdict("supported", None, claimed.bounds(), (sp_prev, sp_prev), 0.0, head, ev)


def _record_part(ctx: Ctx, side: str, field_: str | None = None) -> Verdict:
    """The record part of a claim: the day's value (close, or the extreme when the claim is
    intraday) beats every earlier value of the same field in the whole history (R8)."""
    raw = ctx.series(FAR_PAST)
    s = raw.inverted() if ctx.invert else raw
    i = ctx.end_index(s)
    if field_ in ("high", "low"):
        ref = s.need(i, field_, "split")
    else:
        ref, field_ = _reference(ctx, s, i, side)
    cmp_field = field_ if field_ in ("high", "low") else "close"
    j = M.earlier_extreme(s, i, side, cmp_field)
    word = "high" if side == "max" else "low"
    rows = (s.row(i, "reference"),) + ((s.row(j, "previous_record"),) if j is not None else ())
    formula = (f"{field_} {M.pnum(ref)} on {s.dates[i].isoformat()} vs the {'highest' if side == 'max' else 'lowest'}"
               f" earlier {cmp_field}" + (f" {M.pnum(s.need(j, cmp_field, 'split'))} on {s.dates[j].isoformat()}"
                                          if j is not None else ""))
    ev = ctx.evidence(raw, formula=formula, rows=rows, prices="split_adjusted",
                      window={"history_start": s.dates[0].isoformat() if s.dates else None})
    if j is None:
        return unverifiable("data_unavailable", f"{s.symbol}: no history before {s.dates[i].isoformat()}", ev)
    prev = s.need(j, cmp_field, "split")
    beats = ref > prev if side == "max" else ref < prev
    if not beats:
        return Verdict("contradicted", None, None, None, abs(prev - ref),
                       f"claimed a record {word}, observed {M.pnum(ref)} on {s.dates[i].isoformat()} against an "
                       f"earlier {cmp_field} of {M.pnum(prev)} on {s.dates[j].isoformat()}", ev)
    known = None if _history_enough(ctx, s, s.dates[i]) else _beyond_known_past(ctx, s, ref / s.split[i], side)
    if known:
        ev = Evidence(**{**ev.__dict__, "assumptions": (*ev.assumptions, known)})
    if not _history_enough(ctx, s, s.dates[i]) and not known:
        return unverifiable("data_unavailable",
                            f"{s.symbol}: a record in the data since {s.dates[0].isoformat()} "
                            f"(previous {word} {M.pnum(prev)} on {s.dates[j].isoformat()}), but the history "
                            f"does not reach back far enough to call it an all-time {word}", ev)
    return Verdict("supported", None, None, None, 0.0,
                   f"claimed a record {word}, observed {M.pnum(ref)} on {s.dates[i].isoformat()} above every "
                   f"earlier {cmp_field} since {s.dates[0].isoformat()} (previous {M.pnum(prev)} on "
                   f"{s.dates[j].isoformat()})", ev)


def _prints_level(ctx: Ctx) -> bool:
    """Does the figure state a level ("a record close of 44,729.93"), not a date or a rank?"""
    f = ctx.figure
    if f.kind in ("money", "points", "number"):
        return True
    return f.kind == "percent" and ctx.claim.subject is not None and ctx.claim.subject.kind == "yield"


def _with_record(ctx: Ctx, level: Verdict, record: Verdict) -> Verdict:
    """A printed level that is also called a record: the level is always compared, then the
    record; contradicted when either fails. A record the history cannot confirm leaves a
    supported level supported, with the record's limits said in the message."""
    lev, rec = level.evidence, record.evidence
    evidence = lev or rec
    if lev is not None and rec is not None:
        seen = {(r.date, r.role) for r in lev.rows}
        rows = (*lev.rows, *(r for r in rec.rows if (r.date, r.role) not in seen))
        formula = "; ".join(x for x in (lev.formula, rec.formula) if x)
        evidence = Evidence(**{**lev.__dict__, "rows": rows, "formula": formula,
                               "window": {**rec.window, **lev.window},
                               "assumptions": tuple(dict.fromkeys((*lev.assumptions, *rec.assumptions)))})
    if level.status == "contradicted" or (record.status == "contradicted" and level.status != "contradicted"):
        first, other = (level, record) if level.status == "contradicted" else (record, level)
        return Verdict("contradicted", None, level.claimed, level.observed, first.gap,
                       f"{first.message}; {'record' if first is level else 'level'}: {other.message}", evidence)
    if level.status == "supported":
        if record.status == "supported":
            return Verdict("supported", None, level.claimed, level.observed, 0.0,
                           f"{level.message}; {record.message}", evidence)
        return Verdict("supported", None, level.claimed, level.observed, 0.0,
                       f"{level.message}; the record itself cannot be confirmed: {record.message}", evidence)
    return Verdict(level.status, level.reason, level.claimed, level.observed, level.gap,
                   f"{level.message}; record: {record.message}", evidence)


def h_record(ctx: Ctx) -> Verdict:
    side = "min" if ctx.claim.metric == "record_low" else "max"
    record = _record_part(ctx, side)
    if not _prints_level(ctx):
        return record
    return _with_record(ctx, _level_verdict(ctx), record)


def _count_interval(n: float, mode: str) -> Interval:
    """The counts a claimed count allows: exactly N (R7), or as the hedge says ("at least
    the fifth straight day", "more than five of the past seven")."""
    if mode == "at_least":
        return Interval(n, INF)
    if mode == "above":
        return Interval(n, INF, lo_open=True)
    if mode == "at_most":
        return Interval(0.0, n)
    if mode == "less_than":
        return Interval(0.0, n, hi_open=True)
    return Interval(n, n)


def _count_verdict(ctx: Ctx, claimed: Interval, candidates: list[int], what: str, ev: Evidence,
                   rows_note: str = "", count_text: str | None = None) -> Verdict:
    """Supported when one possible count lies in the claimed interval; else contradicted by
    the distance of the nearest count, in the claim's own unit (periods)."""
    ok = any(claimed.contains(float(c)) for c in candidates)
    obs_txt = " or ".join(str(c) for c in sorted(set(candidates)))
    msg = f"claimed {count_text or _claim_text(ctx)} {what}, observed {obs_txt}{rows_note}"
    obs = (float(min(candidates)), float(max(candidates)))
    if ok:
        return Verdict("supported", None, claimed.bounds(), obs, 0.0, msg, ev)
    gap = min(claimed.distance(Interval(float(c), float(c))) for c in candidates)
    return Verdict("contradicted", None, claimed.bounds(), obs, float(gap), f"{msg}: {gap:g} off", ev)


def _streak_unit(ctx: Ctx) -> str:
    unit = str(ctx.win.unit or (ctx.claim.related or {}).get("unit") or "day").rstrip("s").lower()
    return "week" if unit == "week" else "day" if unit in ("day", "session", "trading day") else unit


def h_streak(ctx: Ctx) -> Verdict:
    """R7: the run of consecutive rising (falling) closes ending at the window's session must
    be exactly N ("a fifth straight day", "its 10th straight decline", "ninth straight weekly
    gain"), or at least N when the text says so. With ``related.band`` it is a run of quiet
    periods instead ("had not moved 1%, in either direction, for six straight weeks")."""
    rel = ctx.claim.related or {}
    count = ctx.win.count or rel.get("streak_count") or (
        int(ctx.figure.value) if ctx.figure.kind in ("ordinal", "number") else None)
    if not count:
        return unverifiable("ambiguous_window", "the length of the streak is not stated")
    unit = _streak_unit(ctx)
    if unit not in ("day", "week"):
        return unverifiable("unsupported_metric", f"a streak of {unit}s")
    claimed = _count_interval(float(count), _span_mode(ctx))
    if rel.get("band") is not None:
        ended = rel.get("ended")
        return _quiet_streak(ctx, claimed, float(rel["band"]), unit, None if ended is None else bool(ended))
    d = ctx.direction()
    if d == 0:
        return unverifiable("unsupported_metric", "the direction of the streak is not stated")
    back = dt.timedelta(days=int(count) * (10 if unit == "week" else 3) + 60)
    up = d > 0
    for start in (ctx.win.end - back, FAR_PAST):
        raw = ctx.series(start)
        s = raw.inverted() if ctx.invert else raw
        i = ctx.end_index(s)
        candidates, rows_idx, complete = _streak_candidates(ctx, s, i, up, unit)
        if complete:
            break
    else:  # the run reaches the start of the data: its length is only a lower bound
        if not all(c > claimed.hi for c in candidates):
            return unverifiable("data_unavailable", f"{s.symbol}: the streak reaches the start of the data")
    rows = tuple(s.row(j, "base" if k == 0 else ("partial_session" if ctx.win.ranged and j == i else "end"))
                 for k, j in enumerate(rows_idx))
    word = "rising" if up else "falling"
    obs = M.Observation(hull([float(c) for c in candidates]), float(candidates[0]) if len(candidates) == 1 else None,
                        rows, f"consecutive {word} {unit}ly closes ending {s.dates[i].isoformat()}"
                        + (" (weekly close: the last session of each calendar week)" if unit == "week" else ""),
                        "split")
    return _count_verdict(ctx, claimed, candidates, f"straight {word} {unit}s", ctx.evidence(raw, obs))


def _quiet_streak(ctx: Ctx, claimed: Interval, band: float, unit: str, ended: bool | None) -> Verdict:
    """A run of periods whose close moved less than ``band`` percent either way.

    ``ended`` True ("escaped a sleepy stretch in which it had not moved 1% for six weeks"):
    the run ends with the period before the window's, and the window's own period must
    break it. False: the run goes on through the window's period. None (not said): the
    window's period decides, and the evidence says which reading was taken.
    """
    n_max = int(claimed.lo) if claimed.lo != -INF else 1
    back = dt.timedelta(days=(n_max + 2) * (10 if unit == "week" else 3) + 60)
    for start in (ctx.win.end - back, FAR_PAST):
        raw = ctx.series(start)
        s = raw.inverted() if ctx.invert else raw
        i = ctx.end_index(s)
        idx = M.period_rows(s, i, unit)
        if len(idx) < 2:
            continue
        move = M.change_value(s.need(idx[-2], "close", "split"), s.need(i, "close", "split"), "pct")
        broke = abs(move) >= band
        after = broke if ended is None else ended
        last = idx[-2] if after else i
        n, rows_idx, complete = M.quiet_streak(s, last, band, unit)
        if complete:
            break
    else:
        return unverifiable("data_unavailable", f"{s.symbol}: the quiet stretch reaches the start of the data")
    rows = [s.row(j, "base" if k == 0 else "quiet") for k, j in enumerate(rows_idx)]
    this = f"the {unit} to {s.dates[i].isoformat()}"
    formula = (f"consecutive {unit}ly closes moving less than {band:g}% either way, ending "
               f"{s.dates[last].isoformat()}" + (" (weekly close: the last session of each calendar week)"
                                                 if unit == "week" else "") + f"; {this} moved {move:+.2f}%")
    if after:
        rows.append(s.row(i, "end"))
    obs = M.Observation(Interval(float(n), float(n)), float(n), tuple(rows), formula, "split")
    ev = ctx.evidence(raw, obs)
    if ended is None and after:
        read = f"{this} moved {move:+.2f}%: the stretch read is the one it ended"
        ev = Evidence(**{**ev.__dict__, "assumptions": (*ev.assumptions, read)})
    if ended and not broke:
        return Verdict("contradicted", None, claimed.bounds(), (float(n + 1), float(n + 1)), None,
                       f"claimed the quiet stretch ended, but {this} moved {move:+.2f}%, less than {band:g}%", ev)
    note = f", ended by {this} ({move:+.2f}%)" if after else ""
    count = (ctx.claim.related or {}).get("streak_count") or ctx.win.count
    text = _claim_text(ctx) if ctx.figure.unit != "percent" else f"{count:g}" if count else "the"
    return _count_verdict(ctx, claimed, [n], f"straight {unit}s without a {band:g}% move", ev, note, text)


def h_count(ctx: Ctx) -> Verdict:
    """R7: "rose on five of the past seven trading days": of the last ``of`` sessions (weeks)
    ending at the window's session, how many closed higher (lower) than the one before. A
    session open at publication (or a part of it named) may count either way, and the
    ``of`` sessions completed before it are read too."""
    rel = ctx.claim.related or {}
    count, of = rel.get("count"), rel.get("of") or (ctx.win.span[0] if ctx.win.span else None)
    unit = str(rel.get("unit") or (ctx.win.span[1] if ctx.win.span else "session")).rstrip("s").lower()
    unit = "day" if unit in ("session", "day", "trading day", "trading_day") else unit
    if unit not in ("day", "week"):
        return unverifiable("unsupported_metric", f"a count of {unit}s")
    if not isinstance(count, (int, float)) or not isinstance(of, (int, float)) or not 0 <= count <= of:
        return unverifiable("unsupported_metric", "not a count of sessions out of a stated number")
    d = ctx.direction()
    if d == 0:
        return unverifiable("unsupported_metric", "the direction of the counted moves is not stated")
    up, of = d > 0, int(of)
    raw = ctx.series(ctx.win.end - dt.timedelta(days=of * (10 if unit == "week" else 3) + 30))
    s = raw.inverted() if ctx.invert else raw
    i = ctx.end_index(s)
    word = "higher" if up else "lower"
    if ctx.win.ranged and unit == "day":
        done, rows_idx = M.count_moves(s, i - 1, of, up)
        before, _ = M.count_moves(s, i - 1, of - 1, up) if of > 1 else (0, [])
        c0 = s.need(i - 1, "close", "split")
        lo, hi = s.need(i, "low", "split"), s.need(i, "high", "split")
        candidates = [done]
        if (hi > c0) if up else (lo < c0):
            candidates.append(before + 1)
        if (lo <= c0) if up else (hi >= c0):
            candidates.append(before)
        rows_idx = rows_idx + [i]
        formula = (f"{unit}s closing {word} than the one before: {done} of the {of} completed up to "
                   f"{s.dates[i - 1].isoformat()}; with the {s.dates[i].isoformat()} session (open or only partly "
                   f"known) {' or '.join(str(c) for c in candidates[1:])}")
    else:
        n, rows_idx = M.count_moves(s, i, of, up, unit)
        candidates = [n]
        formula = (f"{unit}s closing {word} than the one before among the {of} ending {s.dates[i].isoformat()}: {n}"
                   + (" (weekly close: the last session of each calendar week)" if unit == "week" else ""))
    rows = []
    for k, j in enumerate(rows_idx):
        if k == 0:
            rows.append(s.row(j, "base"))
            continue
        if j == i and ctx.win.ranged:
            rows.append(s.row(j, "partial_session"))
            continue
        a, b = s.need(rows_idx[k - 1], "close", "split"), s.need(j, "close", "split")
        rows.append(s.row(j, "end" if j == rows_idx[-1] else "up" if b > a else "down" if b < a else "unchanged"))
    obs = M.Observation(hull([float(c) for c in candidates]), None, tuple(rows), formula, "split")
    claimed = _count_interval(float(count), ctx.mode if ctx.claim.hedge else "exact")
    return _count_verdict(ctx, claimed, candidates, f"{word} closes of the past {of} {unit}s",
                          ctx.evidence(raw, obs))


def _streak_candidates(ctx: Ctx, s: M.Series, i: int, up: bool, unit: str) -> tuple[list[int], list[int], bool]:
    """Possible streak lengths at row ``i``: one for a closed session; for a session open
    at publication, the prior streak + 1 if the day so far can be in the streak's direction,
    and 0 if it can be against it."""
    if not (ctx.win.ranged and unit == "day"):
        n, rows_idx, complete = M.streak(s, i, up, unit)
        return [n], rows_idx, complete
    n_prev, rows_idx, complete = M.streak(s, i - 1, up, unit)
    c0 = s.need(i - 1, "close", "split")
    lo, hi = s.need(i, "low", "split"), s.need(i, "high", "split")
    candidates = []
    if (hi > c0) if up else (lo < c0):
        candidates.append(n_prev + 1)
    if (lo <= c0) if up else (hi >= c0):
        candidates.append(0)
    return candidates, rows_idx + [i], complete


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# related.ranked as claims.py writes it → what h_rank orders
RANKED = {"level": "close", "change": "change:day", "move": "change:day", "gain": "change:day",
          "settlement": "close"}


def h_rank(ctx: Ctx) -> Verdict:
    """R10: "the third-biggest one-day gain on record / since 1945", "the fifth-highest close
    in history": the rank of the day's change (or close) among every earlier one of the
    stated scope (1 = the most extreme; ties share the better rank).

    ``related.ranked`` says what is ranked (``change[:day|week|month]``, ``close``/``level``,
    ``high``, ``low``; verify reads it off the figure the rank is about in the same sentence
    when claims.py leaves it out) and ``related.side`` (max/min) or ``extreme`` (high/low)
    which way. The scope is the window's period ("since 1945"), or the whole history
    (``related.scope``/``among`` history or record, a record window). Days after the ranked one are not counted. When the history may be
    missing earlier values, a rank the data already exceed is contradicted and any other
    is data_unavailable. With no scope stated, the whole-history rank is read; a claimed
    rank better than that is met by some later start, which is said, not guessed."""
    rel = ctx.claim.related or {}
    f = ctx.figure
    if f.kind not in ("ordinal", "number") or f.value < 1 or not float(f.value).is_integer():
        return unverifiable("unsupported_metric", f"'{f.text}' is not a rank")
    n = int(f.value)
    ranked = RANKED.get(str(rel.get("ranked") or ""), str(rel.get("ranked") or ""))
    if not ranked:
        return unverifiable("unsupported_metric", "what the rank orders (a day's move, a close) is not stated")
    side = str(rel.get("side") or {"high": "max", "low": "min"}.get(str(rel.get("extreme") or ""))
               or ("min" if ctx.direction() < 0 else "max"))
    raw = ctx.series(FAR_PAST)
    s = raw.inverted() if ctx.invert else raw
    i = ctx.end_index(s)
    if ranked.startswith("change"):
        freq = ranked.split(":", 1)[1] if ":" in ranked else "day"
        if freq not in ("day", "week", "month"):
            return unverifiable("unsupported_metric", f"a rank of {_FREQ_WORD.get(freq, freq)} changes")
        values = M.period_changes(s, i, freq)
        if not values or values[-1][0] != i:
            return unverifiable("data_unavailable", f"{s.symbol}: no {_FREQ_WORD[freq]} change for {s.dates[i].isoformat()}",
                                ctx.evidence(raw))
        thing, fmt_v = f"{_FREQ_WORD[freq]} % change", (lambda v: f"{v:+.2f}%")
    elif ranked in ("close", "high", "low"):
        values = [(j, v) for j in range(i + 1) if (v := s.value(j, ranked, "split")) is not None]
        thing, fmt_v = ranked, M.pnum
    else:
        return unverifiable("unsupported_metric", f"a rank of '{ranked}'")
    ref = values[-1][1] if values[-1][0] == i else None
    if ref is None:
        return unverifiable("data_unavailable", f"{s.symbol}: no {thing} on {s.dates[i].isoformat()}",
                            ctx.evidence(raw))
    if ranked.startswith("change") and not rel.get("side") and ref:
        side = "min" if ref < 0 else "max"  # "the third-biggest drop": the biggest are the most negative
    period = _lookback_period(ctx)
    if period is None and ctx.win.kind == "since" and ctx.win.base is not None:
        period = (ctx.win.base, ctx.win.base, ctx.win.period_text or ctx.win.base.isoformat())  # "since 1945"
    whole = period is None
    scope_known = not whole or ctx.win.kind == "record" or any(
        str(rel.get(k) or "") in ("history", "record") for k in ("scope", "among"))
    since = period[0] if period else s.dates[0]
    since_row = s.between(since, s.dates[i]).start
    rank, better = M.rank_of(values, i, side, since_row)
    label = (f"since {period[2]}" if period else f"in the data since {s.dates[0].isoformat()}")
    if ranked.startswith("change"):
        word = "largest" if side == "max" else "most negative"
    else:
        word = "highest" if side == "max" else "lowest"
    ahead = ", ".join(f"{s.dates[j].isoformat()} ({fmt_v(v)})" for j, v in better[:5])
    if len(better) > 5:
        ahead += f" and {len(better) - 5} more"
    formula = (f"rank of the {thing} of {s.dates[i].isoformat()} ({fmt_v(ref)}) among every {thing} {label}, "
               f"{word} first: {rank}" + (f"; ahead of it: {ahead}" if better else ""))
    rows = (s.row(i, "reference"), *(s.row(j, "ranked_above") for j, _ in sorted(better[:10])))
    ev = ctx.evidence(raw, formula=formula, rows=rows,
                      window={"reference": s.dates[i].isoformat(), "rank": rank, "scope_start": since.isoformat(),
                              "history_start": s.dates[0].isoformat() if s.dates else None})
    claimed = Interval(float(n), float(n))
    head = f"claimed {_ordinal(n)} {word} {thing}"
    if better:
        behind = ", ".join(f"{s.dates[j].isoformat()} {fmt_v(v)}" for j, v in better[:3])
        label += f" (behind {behind}{', ...' if len(better) > 3 else ''})"
    complete = _history_enough(ctx, s, s.dates[i]) if whole else (
        s.source.get("history_complete") or s.dates[0] <= since)
    known = None if complete or ranked not in ("close", "high", "low") else \
        _beyond_known_past(ctx, s, ref / s.split[i], side)
    if known:  # "the fifth highest in history": no value before the data could rank ahead of it
        complete = True
        label += f"; {known}"
        ev = Evidence(**{**ev.__dict__, "assumptions": (*ev.assumptions, known)})
    observed = (float(rank), float(rank))
    if scope_known and rank > n:  # earlier data could only add values ahead of it
        return Verdict("contradicted", None, claimed.bounds(), observed, float(rank - n),
                       f"{head} {label}, observed {_ordinal(rank)}: {rank - n} off", ev)
    if not scope_known and rank > n:
        by_date = sorted(better, key=lambda jv: jv[0], reverse=True)
        lo = s.dates[by_date[n - 1][0]] + dt.timedelta(days=1)
        hi = s.dates[by_date[n - 2][0]] if n >= 2 else s.dates[i]
        when = f"from {lo.isoformat()}" if lo == hi else f"from any date in {lo.isoformat()}..{hi.isoformat()}"
        return unverifiable("ambiguous_window",
                            f"{head}: {_ordinal(rank)} over the whole history since {s.dates[0].isoformat()}; it "
                            f"ranks {_ordinal(n)} counting {when}, and no period was stated", ev)
    if not complete:
        return unverifiable("data_unavailable",
                            f"{head}: {_ordinal(rank)} {label}, but the history may hold earlier values "
                            f"(data start {s.dates[0].isoformat()})", ev)
    if rank == n:
        note = "" if scope_known else " (read over the whole history: no period was stated)"
        return Verdict("supported", None, claimed.bounds(), observed, 0.0,
                       f"{head} {label}, observed {_ordinal(rank)}{note}", ev)
    return Verdict("contradicted", None, claimed.bounds(), observed, float(n - rank),
                   f"{head} {label}, observed {_ordinal(rank)}: {n - rank} off", ev)


def h_bull_bear(ctx: Ctx) -> Verdict:
    bear = ctx.claim.metric == "bear_market"
    cfg = tolerances().get("bull_bear", {})
    threshold = ctx.figure.value if ctx.figure.unit == "percent" else float(cfg.get("threshold_pct", 20))
    lookback = int(cfg.get("trough_lookback_days", 365))
    a, b = ctx.win.period if ctx.win.period else (ctx.win.end, ctx.win.end)
    raw = ctx.series(a - dt.timedelta(days=lookback + 14))
    s = raw.inverted() if ctx.invert else raw
    move, i, ref = M.bull_bear(s, a, min(b, ctx.win.end), bear, lookback)
    mag = -move if bear else move
    rows = (s.row(ref, "extreme"), s.row(i, "end"))
    obs = M.Observation(Interval(mag, mag), mag, rows,
                        f"{M.change_formula(s.need(ref, 'close', 'split'), s.need(i, 'close', 'split'), 'pct')}"
                        f" ({'highest' if bear else 'lowest'} close of the preceding {lookback} days)", "split")
    claimed = Interval(abs(threshold), INF)
    word = "bear" if bear else "bull"
    ev = ctx.evidence(raw, obs)
    if mag >= abs(threshold):
        return Verdict("supported", None, claimed.bounds(), (mag, mag), 0.0,
                       f"claimed a {word} market (≥ {abs(threshold):g}%), observed {mag:.1f}% on "
                       f"{s.dates[i].isoformat()}", ev)
    gap = abs(threshold) - mag
    return Verdict("contradicted", None, claimed.bounds(), (mag, mag), gap,
                   f"claimed a {word} market (≥ {abs(threshold):g}%), observed at most {mag:.1f}%: "
                   f"{gap:.1f} pp short", ev)


def h_series_value(ctx: Ctx) -> Verdict:
    """Valuation multiples and market values: only from a user series that carries them."""
    rel = ctx.claim.related or {}
    symbol = rel.get("series")
    what = "valuation multiple" if ctx.claim.metric == "valuation_multiple" else "market value"
    if rel.get("change"):
        what += " change"  # "wiped $279 billion off its market value": the value's move over the window
    if not symbol:
        hint = " (market values need shares outstanding, which price data do not carry)" if "market" in what else ""
        return unverifiable("no_data_source", f"no data series carries this {what}{hint}; provide one as a user series")
    w = ctx.win
    s = ctx.verifier.series(symbol, (w.base or w.end) - dt.timedelta(days=14), w.end)
    if s.kind not in ("ratio", "value"):
        return unverifiable("no_data_source", f"{symbol} holds prices, not a {what}")
    i = s.require(w.end)
    obs = M.change(s, _base_rows(ctx, s, i), i, False, "points") if rel.get("change") else M.level(s, i, "close", False)
    f = ctx.figure
    k = float(ctx.tol("valuation").get("printed_units", 1))
    claimed = claimed_interval(abs(f.value), f.precision, ctx.mode if ctx.mode != "extreme" else "exact", f.high)
    return numeric_verdict(ctx, s, obs, claimed, tolerance=k * (f.precision or 0), printed=abs(f.value), unit=f.unit,
                           decimals=decimals_of(f.precision) + 1, tol_note="data tolerance: one printed unit",
                           directional=bool(rel.get("change")))


# A money figure printed with a scale word of a billion or more is a market value's size, not a price.
VALUE_SCALE = 1e9

HANDLERS: dict[str, Callable[[Ctx], Verdict]] = {
    "change": h_change,
    "yield_change": h_change,
    "intraday_change": h_intraday_change,
    "level": h_level,
    "intraday_level": h_level,
    "yield_level": h_level,
    "threshold": h_threshold,
    "high_since": h_since,
    "low_since": h_since,
    "change_from_low": h_from_extreme,
    "change_from_high": h_from_extreme,
    "streak": h_streak,
    "bull_market": h_bull_bear,
    "bear_market": h_bull_bear,
    "record_high": h_record,
    "record_low": h_record,
    "valuation_multiple": h_series_value,
    "market_value": h_series_value,
}

# Claims without a metric whose ``related.measure`` names what they count (rules/claim_kinds.yaml).
# Measures a claim may carry that no handler computes yet, with what the report says about them.
UNCOMPUTED_MEASURES = {
    "range": "a swing within the session (the day's high to low), not a move from the previous close: not computed yet",
}

MEASURE_HANDLERS: dict[str, Callable[[Ctx], Verdict]] = {
    "count": h_count,
    "rank": h_rank,
}


# --------------------------------------------------------------------------- verifier


class Verifier:
    """Verifies claims against one provider, reading each symbol's bars once per range."""

    def __init__(self, provider: Provider, tolerances: dict[str, dict[str, float]] | None = None) -> None:
        self.provider = provider
        self.overrides = tolerances or {}
        self._series: dict[str, list[tuple[dt.date, dt.date, M.Series]]] = {}
        self._errors: dict[tuple[str, dt.date, dt.date], DataError] = {}

    def series(self, symbol: str, start: dt.date, end: dt.date) -> M.Series:
        """Bars of ``symbol`` over ``start..end`` (reusing any wider range already read)."""
        for a, b, s in self._series.get(symbol, ()):
            if a <= start and end <= b:
                return s
        key = (symbol, start, end)
        if key in self._errors:
            raise self._errors[key]
        try:
            bars = self.provider.history(symbol, start, end)
        except DataError as exc:
            self._errors[key] = exc
            raise
        s = M.Series.from_bars(bars)
        minor = quote_minor_units().get(s.currency or "")
        if minor:  # "GBp": Yahoo's London quotes are in pence
            s = s.in_major_unit(float(minor["per"]), str(minor["currency"]))
            s.source = {**s.source, "quoted_in": f"{bars.currency} ({minor.get('name', 'a hundredth')}), read in "
                                                 f"{minor['currency']}"}
        self._series.setdefault(symbol, []).append((start, end, s))
        return s

    def verify(self, claim: Claim, published: Published | None) -> Verdict:
        if claim.suppressed:
            return unverifiable("suppressed", claim.reason or REASONS["suppressed"])
        if claim.kind != "market":
            reason = REASON_BY_KIND.get(claim.kind, "not_market")
            if reason == "no_subject" and claim.unresolved_subject:
                reason = "unresolved_subject"
                return unverifiable(reason, f"'{claim.unresolved_subject}' is not in the entity rules")
            return unverifiable(reason, claim.reason or REASONS[reason])
        subject = claim.subject
        if subject is None and (claim.related or {}).get("subjects"):
            return self._each(claim, published)
        if subject is None:
            if claim.unresolved_subject:
                return unverifiable("unresolved_subject", f"'{claim.unresolved_subject}' is not in the entity rules")
            return unverifiable("no_subject")
        rel = claim.related or {}
        if rel.get("session_part") == "extended":
            return unverifiable("intraday_time", f"'{claim.figure.text}' is a move or quote in extended-hours trading "
                                                 f"(before the open or after the close), which is outside daily bars")
        handler = HANDLERS.get(claim.metric) if claim.metric else MEASURE_HANDLERS.get(str(rel.get("measure") or ""))
        if handler is None:
            return unverifiable("unsupported_metric",
                                f"metric {claim.metric!r} cannot be computed" if claim.metric else
                                UNCOMPUTED_MEASURES.get(str(rel.get("measure") or "")))
        if not subject.symbol and claim.metric not in ("valuation_multiple", "market_value"):
            return unverifiable("no_data_source", f"no data source carries {subject.name}")
        if subject.kind == "stock" and claim.metric in ("level", "intraday_level", "threshold") \
                and claim.figure.kind == "money" and claim.figure.scale >= VALUE_SCALE:
            # "$3 trillion" next to a company is its market value: never compared with a share price
            return unverifiable("no_data_source", f"'{claim.figure.text}' is the size of a market value, not a "
                                                  f"share price of {subject.symbol}; no data series carries market "
                                                  f"values (provide one as a user series)")
        try:
            exchange = T.exchange_for(subject.exchange, subject.symbol)
            base = rel.get("base") if isinstance(rel.get("base"), dict) else None
            win, cal = T.resolve(claim.window, published, exchange, base)
        except T.WindowError as exc:
            return unverifiable(exc.reason, str(exc))
        contract = _contract_problem(rel.get("contract_month"), win.end, subject.symbol)
        if contract:
            return unverifiable("no_data_source", contract)
        share = bool(rel.get("value_share")) and claim.figure.kind == "fraction"
        if share:
            claim = _share_as_percent(claim)
        ctx = Ctx(claim, self, exchange, cal, win, published=published)
        if share:
            ctx.notes.append(f"'{claim.figure.text}' of its value read as a change of {claim.figure.value:.1f}%, "
                             f"± {fraction_word_rel():.0%} of itself (a fraction word is rounded)")
        try:
            return handler(ctx)
        except DataError as exc:
            reason = exc.reason if exc.reason in REASONS else "data_unavailable"
            return unverifiable(reason, str(exc) or REASONS[reason], _bare_evidence(ctx))
        except (M.MetricError, T.WindowError) as exc:
            return unverifiable(exc.reason, str(exc), _bare_evidence(ctx))

    def _each(self, claim: Claim, published: Published | None) -> Verdict:
        """A figure about each of several instruments ("both benchmarks", generic "oil" in a story on
        Brent and WTI; ``related.subjects``): checked on each; it holds only if it holds for all.
        Contradicted when one contradicts it (that one's interval, gap and evidence), else
        unverifiable when one cannot be checked; the message and evidence say every one."""
        rel = {k: v for k, v in (claim.related or {}).items() if k not in ("subjects", "each", "candidates")}
        checked: list[tuple[Subject, Verdict]] = []
        for raw in (claim.related or {})["subjects"]:
            subj = Subject(**raw)
            checked.append((subj, self.verify(dataclasses.replace(claim, subject=subj, related=rel), published)))
        order = {"contradicted": 0, "unverifiable": 1, "supported": 2}
        subj, first = min(checked, key=lambda sv: order[sv[1].status])  # the first that fails decides
        each = "; ".join(f"{s.name} ({s.symbol}): {v.status}, {v.message}" for s, v in checked)
        others = tuple(f"also checked {s.name} ({s.symbol}): {v.status}, {v.message}" for s, v in checked if s is not subj)
        evidence = first.evidence
        if evidence is not None:
            evidence = dataclasses.replace(evidence, assumptions=(
                f"'{claim.figure.text}' is about each of {' and '.join(s.name for s, _ in checked)}", *evidence.assumptions,
                *others))
        message = f"for each of {len(checked)} instruments: {each}"
        return Verdict(first.status, first.reason, first.claimed, first.observed, first.gap, message, evidence)


MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")


def _share_as_percent(claim: Claim) -> Claim:
    """"Lost a third of its value" as the percent change it states (33.3%), with the fraction word's
    vagueness (rules/hedges.yaml ``fraction_words``) as its printed unit, so hedges apply as to any figure."""
    f = claim.figure
    pct = f.value * 100
    figure = dataclasses.replace(f, value=pct, unit="percent", kind="percent", precision=2 * fraction_word_rel() * pct)
    return dataclasses.replace(claim, figure=figure)


@lru_cache(maxsize=1)
def quote_minor_units() -> dict[str, dict[str, Any]]:
    """Quote currencies that are a hundredth of a currency (rules/numbers.yaml ``quote_minor_units``)."""
    from factcheck.resources import load_rules_yaml

    return dict(load_rules_yaml("numbers.yaml").get("quote_minor_units") or {})


def _contract_problem(month: Any, when: dt.date, symbol: str | None) -> str | None:
    """A named futures contract month the continuous front-month series does not hold.

    Yahoo's ``=F`` series follow the front month; a contract expiring this
    month or next is taken as the front month (said in the evidence), a later
    one ("the December contract" in July) has no series here.
    """
    if not month or str(month).lower() == "front":
        return None
    name = str(month).lower().rstrip(".")
    idx = next((i for i, m in enumerate(MONTH_NAMES) if len(name) >= 3 and m.startswith(name)), None)
    if idx is None:
        return None
    ahead = (idx + 1 - when.month) % 12
    if ahead <= 1:
        return None
    return (f"the {MONTH_NAMES[idx].capitalize()} contract is not the front month on {when.isoformat()}; "
            f"{symbol} follows the front month")


def _bare_evidence(ctx: Ctx) -> Evidence:
    return ctx.evidence(None)


def verify(claim: Claim, published: Published | None, provider: Provider, *,
           tolerances: dict[str, dict[str, float]] | None = None) -> Verdict:
    """The verdict of one claim, with its evidence."""
    return Verifier(provider, tolerances).verify(claim, published)


def verify_claims(doc: Document, claims: list[Claim], provider: Provider, *,
                  tolerances: dict[str, dict[str, float]] | None = None) -> list[CheckedClaim]:
    """Verdicts for every claim of a document, in order.

    ``tolerances`` overrides entries of rules/tolerances.yaml ``kinds`` (the
    ``[tool.factcheck.tolerances]`` config table). The bars of a symbol are read
    once for all claims. An anchor (a date that only places another claim,
    ``related = {"claim_start": offset}``) takes the verdict of the claim it
    places when that claim could be checked.
    """
    v = Verifier(provider, tolerances)
    verdicts = [v.verify(_with_siblings(c, claims), doc.published) for c in claims]
    for k, c in enumerate(claims):
        if c.kind != "anchor" or c.suppressed:
            continue
        target = _anchor_target(c, claims)
        if target is None:
            continue
        placed = verdicts[target]
        if placed.status in ("supported", "contradicted"):
            verdicts[k] = Verdict(placed.status, None, None, None, placed.gap,
                                  f"places '{claims[target].figure.text}': {placed.message}", placed.evidence)
    return [CheckedClaim(c, vd) for c, vd in zip(claims, verdicts)]


CROSSING_MODES = ("above", "at_least", "less_than", "at_most")

# Parts of a session that name no time ("earlier in the session", "intraday"): a move
# "over X%" then happened at some moment, which the day's extreme bounds.
UNPLACED_PARTS = frozenset({"early", "intraday"})


def _with_siblings(claim: Claim, claims: list[Claim]) -> Claim:
    """A look-back read with the figure it is about, from the same sentence.

    "Rose to 4.329%, its highest level since Jan. 9, 2014": the look-back's
    ``related["of"]`` names the level; that claim's metric says whether it is a
    threshold (compared as printed) or a level of the day, and its session places
    the look-back when the look-back has none of its own. "Traded above 4% for
    the first time in 12 years": with no level named, a crossing of the same
    instrument earlier in the sentence gives the printed threshold (R6).
    """
    if claim.subject is None or claim.kind != "market":
        return claim
    if claim.metric is None and (claim.related or {}).get("measure") == "rank":
        return _rank_with_siblings(claim, claims)
    if claim.metric == "streak" or (claim.metric is None and (claim.related or {}).get("negated")):
        return _quiet_with_siblings(claim, claims)
    if claim.metric not in ("high_since", "low_since"):
        return claim
    measure = str((claim.related or {}).get("measure") or "")
    if measure.startswith("streak"):
        return _streak_lookback_with_siblings(claim, claims)
    rel = dict(claim.related or {})
    same = [c for c in claims if c is not claim and c.kind == "market" and c.sentence_start == claim.sentence_start
            and c.subject is not None and c.subject.symbol == claim.subject.symbol
            and c.figure.start < claim.figure.start]
    of = str(rel.get("of") or "")
    sib = next((c for c in reversed(same) if of and (c.figure.text == of or of.endswith(c.figure.text))), None)
    if sib is None and _number_in(of)[0] is None and not measure.startswith("change"):
        sib = next((c for c in reversed(same) if c.metric == "threshold"
                    or (c.hedge is not None and c.hedge.mode in CROSSING_MODES
                        and c.metric in ("level", "yield_level", "intraday_level"))), None)
        if sib is not None and "threshold" not in rel:
            rel["threshold"] = float((sib.related or {}).get("threshold", sib.figure.value))
            rel["threshold_from"] = sib.figure.text
    if sib is None:
        return claim
    rel.setdefault("of_metric", sib.metric)
    if sib.metric == "threshold" and "threshold" not in rel:
        rel["threshold"] = float((sib.related or {}).get("threshold", sib.figure.value))
    window = claim.window
    if window is not None and not window.spec.get("at") and sib.window is not None and sib.window.kind == "session" \
            and sib.window.spec:
        window = Window(window.kind, window.text, {**window.spec, "at": dict(sib.window.spec)}, window.source)
        rel["at_from"] = sib.figure.text
    return dataclasses.replace(claim, related=rel, window=window)


CHANGE_METRICS = ("change", "yield_change")
LEVEL_METRICS = ("level", "yield_level", "high_since", "low_since", "record_high", "record_low")


def _rank_with_siblings(claim: Claim, claims: list[Claim]) -> Claim:
    """A rank read with the figure it ranks, from the same sentence, when claims.py did not
    say (``related.ranked``): "up 9.52% ... it ranks third among the biggest increases" ranks
    that session's move; "no settlement had been higher since July 18, and the close ranks
    fifth" ranks the close. A move of the same instrument printed before the rank wins over a
    level; a first place ("first") is a rank only when claims.py says so, since the word
    mostly is not one. The rank is placed on that figure's session."""
    rel = dict(claim.related or {})
    if rel.get("ranked") or claim.figure.value == 1:
        return claim
    same = [c for c in claims if c is not claim and c.kind == "market" and c.sentence_start == claim.sentence_start
            and c.subject is not None and claim.subject is not None and c.subject.symbol == claim.subject.symbol
            and c.figure.start < claim.figure.start]
    move = next((c for c in reversed(same) if c.metric in CHANGE_METRICS
                 and (c.window is None or c.window.kind in ("session", "implicit"))), None)
    sib = move or next((c for c in reversed(same) if c.metric in LEVEL_METRICS), None)
    if sib is None:
        return claim
    rel["ranked"] = "change:day" if move is not None else "close"
    rel["ranked_from"] = sib.figure.text
    if "side" not in rel:
        d = sib.direction or sib.figure.direction
        rel["side"] = "min" if (d < 0 or sib.metric in ("low_since", "record_low")) else "max"
    window = claim.window
    if (window is None or window.kind == "implicit") and sib.window is not None and sib.window.kind == "session":
        window = Window("session", sib.window.text, dict(sib.window.spec), sib.window.source)
    return dataclasses.replace(claim, related=rel, window=window)


def _streak_lookback_with_siblings(claim: Claim, claims: list[Claim]) -> Claim:
    """"Its ninth straight gain and the longest winning streak since November 2004": a
    look-back on a streak takes the streak claim of the same sentence (its unit and session,
    and its direction when claims.py left it out)."""
    sib = next((c for c in claims if c is not claim and c.kind == "market" and c.metric == "streak"
                and c.sentence_start == claim.sentence_start and c.subject is not None and claim.subject is not None
                and c.subject.symbol == claim.subject.symbol and (c.direction or c.figure.direction)), None)
    if sib is None:
        return claim
    d = sib.direction or sib.figure.direction
    unit = str((sib.window.spec.get("unit") if sib.window else None) or "day").rstrip("s")
    said = str((claim.related or {}).get("measure") or "").split(":")
    way = said[1] if len(said) > 1 else "up" if d > 0 else "down"  # "the longest losing streak": as claims.py read it
    rel = {**(claim.related or {}), "measure": f"streak:{way}" + (":week" if unit == "week" else "")}
    window = claim.window
    at = sib.window.spec.get("at") if sib.window is not None else None
    if window is not None and not window.spec.get("at") and isinstance(at, dict) and at:
        window = Window(window.kind, window.text, {**window.spec, "at": dict(at)}, window.source)
        rel["at_from"] = sib.figure.text
    return dataclasses.replace(claim, related=rel, window=window)


def _quiet_with_siblings(claim: Claim, claims: list[Claim]) -> Claim:
    """"Had not moved 1%, in either direction, for six straight weeks": a streak with no
    direction and a negated move of the same instrument in its sentence (``related.negated``)
    is a run of quiet periods, the move's size its band. Both figures become that one
    streak claim, so they share its verdict."""
    rel = dict(claim.related or {})
    if rel.get("band") is not None:
        return claim
    same = [c for c in claims if c is not claim and c.kind == "market" and c.sentence_start == claim.sentence_start
            and c.subject is not None and claim.subject is not None and c.subject.symbol == claim.subject.symbol]
    if claim.metric == "streak":
        if claim.direction or claim.figure.direction:
            return claim
        move = next((c for c in same if c.metric is None and (c.related or {}).get("negated")
                     and c.figure.unit == "percent"), None)
        if move is None:
            return claim
        rel.update(band=abs(move.figure.value), band_from=move.figure.text)
        return dataclasses.replace(claim, related=rel)
    if claim.figure.unit != "percent":
        return claim
    streak = next((c for c in same if c.metric == "streak" and not (c.direction or c.figure.direction)
                   and c.window is not None), None)
    if streak is None:
        return claim
    count = (streak.related or {}).get("streak_count") or streak.window.spec.get("count")
    rel.update(band=abs(claim.figure.value), streak_count=count, band_from=claim.figure.text)
    return dataclasses.replace(claim, metric="streak", window=streak.window, related=rel)


def _anchor_target(anchor: Claim, claims: list[Claim]) -> int | None:
    """The claim an anchor places: by the figure's raw offset (``claim_start``), else by the
    claim's text (``claim_text``, hedge included) within the same sentence, else, when that figure
    is no market claim, the one market claim of the sentence read in the anchor's window."""
    rel = anchor.related or {}
    if "claim_start" in rel:
        return next((k for k, c in enumerate(claims) if c.figure.start == rel["claim_start"] and c is not anchor), None)
    text = rel.get("claim_text")
    if not text:
        return None
    same = [k for k, c in enumerate(claims) if c is not anchor and c.kind == "market"
            and c.sentence_start == anchor.sentence_start and str(text).endswith(c.figure.text)]
    if len(same) == 1:
        return same[0]
    # "In September the government sold about $20 billion when the rate hit 145 yen": the nearest figure
    # is no market claim; the one market claim of the sentence read in that window is what the date places
    users = [k for k, c in enumerate(claims) if c is not anchor and c.kind == "market"
             and c.sentence_start == anchor.sentence_start and c.window is not None and rel.get("window")
             and c.window.text == rel["window"]]
    return users[0] if not same and len(users) == 1 else None


__all__ = ["HANDLERS", "Verifier", "numeric_verdict", "tolerances", "verify", "verify_claims"]
