"""Windows → sessions on the trading calendar of the instrument's exchange.

A claim's window ("on Monday", "since Jan. 13", "a January low", "this year")
only means something against the publication instant, read in the exchange's
own time zone: the seed article was published Sunday 21:12 in New York, which
is Monday 10:12 in Hong Kong, 42 minutes into Monday's session. So every
window is resolved here into concrete session dates plus one fact the
verifier needs: whether the last session was still open at publication (then
only its low..high so far is known, not its close).

Calendars come from ``exchange_calendars`` (holidays, half days, lunch
breaks), which is imported lazily and whose calendars are built once per
process: building one costs about 0.1 s (pandas holiday rules), so only the
calendars a run needs are made. FX and crypto have built-in rules
(rules/calendars.yaml).

Window specs understood (``Window.kind`` → ``spec``), matching model.Window:

- ``session``      {weekday: "monday"|0..6, last?: bool} | {date: {year?, month, day}}
                   | {relative: today|yesterday|last_night}
- ``since``        {date: {year?, month, day?, part?}}
- ``from_extreme`` {extreme: low|high, period: PERIOD}
- ``lookback``     {period: PERIOD} | {amount, unit}; optional {at: SESSION-SPEC}
- ``ago``          {amount, unit}
- ``to_date``      {unit: year|month|week|quarter, part?: "earlier"}
- ``span``         {amount, unit}
- ``streak``       {count, unit: day|week}
- ``record``       {}
- ``implicit``     {}
- ``period``       {period: PERIOD}: "in 2023", "in September" (close before it → its last session)

PERIOD is {year?, month?, day?, part?: early|mid|late} or {relative:
this_month|last_month|this_year|last_year|this_week|last_week}. A missing
year means the latest such period that started on or before publication.
Every kind also accepts ``at`` (a session spec) naming the session the claim
is placed on ("highest since February 2022 *last Friday*").
"""

from __future__ import annotations

import bisect
import json
import os
import calendar as _calendar
import datetime as dt
import time
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from factcheck.model import Published, Window

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
UNIT_DAYS = {"day": 1.0, "session": 1.4, "week": 7.0, "month": 30.44, "quarter": 91.31, "year": 365.25, "decade": 3652.5}

# from_extreme qualifiers that mean the standing extreme of the whole history before the session.
HISTORY_QUALIFIERS = frozenset({"previous", "record", "all-time", "prior"})

# Parts of a day that a daily bar cannot place in time ("early Wednesday", "in the morning").
INTRADAY_PARTS = frozenset({"early", "morning", "midday", "afternoon", "intraday", "evening", "night"})

# Seconds spent building calendars in this process, by name (read by benchmarks).
BUILD_SECONDS: dict[str, float] = {}


class WindowError(Exception):
    """The window cannot be placed on the calendar; ``reason`` is a key of model.REASONS."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


# --------------------------------------------------------------------------- rules


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    from factcheck.resources import load_rules_yaml

    return load_rules_yaml("calendars.yaml")


@dataclass(frozen=True)
class Exchange:
    """An exchange code with the calendar that dates its sessions."""

    code: str
    timezone: str
    calendar: str | None = None  # exchange_calendars name
    rule: str | None = None  # weekdays | daily
    inferred_from: str | None = None  # "symbol" when the subject carried no exchange


def exchange_for(exchange: str | None, symbol: str | None) -> Exchange:
    """The exchange of a subject: its own code, else what its Yahoo symbol implies."""
    rules = _rules()
    table = rules["exchanges"]
    aliases = rules.get("aliases", {})
    code = exchange.upper() if exchange else None
    code = aliases.get(code, code)
    inferred = None
    if code not in table and symbol:
        syms = rules.get("symbols", {})
        code = syms.get("exact", {}).get(symbol)
        if code is None:
            for suffix, c in sorted(syms.get("suffix", {}).items(), key=lambda kv: -len(kv[0])):
                if symbol.upper().endswith(suffix.upper()):
                    code = c
                    break
        if code is None and not symbol.startswith("^"):
            code = syms.get("default")
        inferred = "symbol"
    if code not in table:
        raise WindowError("ambiguous_window",
                          f"no trading calendar known for exchange {exchange!r} (symbol {symbol!r})")
    entry = table[code]
    return Exchange(code=code, timezone=entry["timezone"], calendar=entry.get("calendar"),
                    rule=entry.get("rule"), inferred_from=inferred)


# --------------------------------------------------------------------------- calendars


class TradingCalendar:
    """Session dates with their open and close instants (UTC), for one exchange.

    Backed either by an exchange_calendars schedule (``dates``/``opens``/``closes``
    arrays) or by a rule (weekdays / daily), which needs no data at all.
    """

    def __init__(self, exchange: Exchange, dates: list[dt.date] | None = None,
                 opens: list[dt.datetime] | None = None, closes: list[dt.datetime] | None = None) -> None:
        self.exchange = exchange
        self.code = exchange.code
        self.tzname = exchange.timezone
        self.tz = ZoneInfo(exchange.timezone)
        self._dates = dates or []
        self._opens = opens or []
        self._closes = closes or []
        self._index = {d: i for i, d in enumerate(self._dates)}

    @property
    def first(self) -> dt.date | None:
        return self._dates[0] if self._dates else None

    @property
    def last(self) -> dt.date | None:
        return self._dates[-1] if self._dates else None

    def covers(self, d: dt.date) -> bool:
        """True when the calendar can say whether ``d`` is a session."""
        if self.exchange.rule:
            return True
        return bool(self._dates) and self._dates[0] <= d <= self._dates[-1]

    def is_session(self, d: dt.date) -> bool:
        rule = self.exchange.rule
        if rule == "daily":
            return True
        if rule == "weekdays":
            return d.weekday() < 5
        if not self.covers(d):  # outside the schedule: weekdays, flagged by the caller
            return d.weekday() < 5
        return d in self._index

    def bounds(self, d: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """Open and close (UTC) of session ``d``; None if ``d`` is not a session."""
        if not self.is_session(d):
            return None
        i = self._index.get(d)
        if i is not None:
            return self._opens[i], self._closes[i]
        start = dt.datetime.combine(d, dt.time(0), self.tz)  # whole local day (rules, out of range)
        end = dt.datetime.combine(d + dt.timedelta(days=1), dt.time(0), self.tz)
        return start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)

    def previous_session(self, d: dt.date) -> dt.date:
        """The last session strictly before ``d``."""
        if self._dates and self.covers(d) and not self.exchange.rule:
            i = bisect.bisect_left(self._dates, d)
            if i > 0:
                return self._dates[i - 1]
        x = d - dt.timedelta(days=1)
        while not self.is_session(x):
            x -= dt.timedelta(days=1)
        return x

    def session_on_or_before(self, d: dt.date) -> dt.date:
        return d if self.is_session(d) else self.previous_session(d)

    def sessions(self, a: dt.date, b: dt.date) -> list[dt.date]:
        """Sessions with ``a <= date <= b``."""
        if self._dates and self.covers(a) and self.covers(b) and not self.exchange.rule:
            return self._dates[bisect.bisect_left(self._dates, a):bisect.bisect_right(self._dates, b)]
        out, x = [], a
        while x <= b:
            if self.is_session(x):
                out.append(x)
            x += dt.timedelta(days=1)
        return out

    def state_at(self, instant: dt.datetime) -> tuple[dt.date, bool]:
        """The latest session that had opened by ``instant``, and whether it was still open.

        Candidates run a day either side of the local date because a futures
        session opens the evening before its trade date.
        """
        local = instant.astimezone(self.tz).date()
        for d in (local + dt.timedelta(days=1), local):
            b = self.bounds(d)
            if b and b[0] <= instant:
                return d, instant < b[1]
        d = self.previous_session(local)
        for _ in range(10):
            b = self.bounds(d)
            if b and b[0] <= instant:
                return d, instant < b[1]
            d = self.previous_session(d)
        raise WindowError("ambiguous_window", f"no {self.code} session before {instant.isoformat()}")


def _from_schedule(exchange: Exchange, cal: Any) -> TradingCalendar:
    sched = cal.schedule
    dates = [ts.date() for ts in sched.index]
    opens = [ts.to_pydatetime() for ts in sched["open"]]
    closes = [ts.to_pydatetime() for ts in sched["close"]]
    return TradingCalendar(exchange, dates, opens, closes)


def _disk_path(name: str, start: str | None, end: str | None) -> Path | None:
    """Where a built schedule is kept between runs (the user cache; FACTCHECK_CACHE_DIR wins).

    Building a calendar costs 0.1-0.3 s of pandas holiday rules on every cold
    start; the schedule itself is a few thousand dates, read back in ~10 ms.
    The key holds the exchange_calendars version and the build day, so a
    library upgrade or a new year rebuilds it.
    """
    try:
        from importlib.metadata import version

        import platformdirs

        env = os.environ.get("FACTCHECK_CACHE_DIR")
        root = Path(env).expanduser() if env else Path(platformdirs.user_cache_dir("factcheck", appauthor=False))
        key = f"{name.replace('/', '_')}-{start or 'default'}-{end or 'default'}-xc{version('exchange_calendars')}"
        return root / "calendars" / f"{key}-{dt.date.today().isoformat()[:7]}.json"
    except Exception:  # no cache location: build every time
        return None


def _read_disk(exchange: Exchange, path: Path | None) -> TradingCalendar | None:
    if path is None or not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        utc = dt.timezone.utc
        dates = [dt.date.fromordinal(o) for o in data["dates"]]
        opens = [dt.datetime.fromtimestamp(x, utc) for x in data["opens"]]
        closes = [dt.datetime.fromtimestamp(x, utc) for x in data["closes"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return TradingCalendar(exchange, dates, opens, closes)


def _write_disk(cal: TradingCalendar, path: Path | None) -> None:
    if path is None:
        return
    data = {"dates": [d.toordinal() for d in cal._dates], "opens": [int(x.timestamp()) for x in cal._opens],
            "closes": [int(x.timestamp()) for x in cal._closes]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)
    except OSError:  # read-only or full cache: the next run builds again
        pass


@lru_cache(maxsize=64)
def _build(exchange: Exchange, start: str | None, end: str | None) -> TradingCalendar | None:
    name = exchange.calendar
    assert name
    t0 = time.perf_counter()
    path = _disk_path(name, start, end)
    cached = _read_disk(exchange, path)
    if cached is not None:
        BUILD_SECONDS[f"{name}:{start or 'default'}:disk"] = time.perf_counter() - t0
        return cached
    import exchange_calendars as xc  # lazy: pandas holiday machinery, only when a calendar is needed

    with warnings.catch_warnings():  # pandas deprecation noise from the library, not for users
        warnings.simplefilter("ignore")
        try:
            cal = xc.get_calendar(name, start=start, end=end) if start else xc.get_calendar(name)
        except Exception:  # out of the calendar's bounds: the caller falls back to weekdays
            return None
        out = _from_schedule(exchange, cal)
    _write_disk(out, path)
    BUILD_SECONDS[f"{name}:{start or 'default'}"] = time.perf_counter() - t0
    return out


def get_calendar(exchange: Exchange, around: dt.date | None = None) -> TradingCalendar:
    """The (cached) calendar of ``exchange``, covering the date ``around``.

    The default exchange_calendars range (about 20 years back, 1 ahead) is built
    first; an older date gets its own three-year calendar. Outside any calendar
    the sessions fall back to weekdays (the evidence says so).
    """
    if exchange.rule:
        return TradingCalendar(exchange)
    cal = _build(exchange, None, None)
    if cal is not None and (around is None or cal.covers(around)):
        return cal
    if around is not None:
        older = _build(exchange, f"{around.year - 1}-01-01", f"{around.year + 1}-12-31")
        if older is not None:
            return older
    return cal or TradingCalendar(Exchange(exchange.code, exchange.timezone, rule="weekdays"))


# --------------------------------------------------------------------------- publication instant


@dataclass(frozen=True)
class Instant:
    """The publication instant used to resolve windows, and how it was obtained."""

    when: dt.datetime  # aware
    assumptions: tuple[str, ...] = ()
    day: dt.date | None = None  # the publication date when no time was given (date-only sources)


def publication_instant(published: Published | None, exchange_tz: str) -> Instant | None:
    """The publication instant, or None when the article gives no date at all.

    A date without a time is taken as the end of that day in the publication's
    zone when known (a Sydney paper's "Friday" edition has seen Thursday's Wall
    Street session), else in the exchange's zone; the assumption is returned so
    the evidence can show it.
    """
    if published is None or not published.instant:
        return None
    text = published.instant.strip()
    zone_name = published.timezone or exchange_tz
    try:
        zone = ZoneInfo(zone_name)
    except Exception:
        zone, zone_name = ZoneInfo(exchange_tz), exchange_tz
    if published.has_time and len(text) > 10:
        try:
            when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise WindowError("no_publication_date", f"unreadable publication instant {text!r}") from exc
        if when.tzinfo is None:
            return Instant(when.replace(tzinfo=zone),
                           (f"publication time {text} has no offset: read in {zone_name}",))
        return Instant(when)
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise WindowError("no_publication_date", f"unreadable publication date {text!r}") from exc
    when = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone) - dt.timedelta(microseconds=1)
    return Instant(when, (f"no publication time: assumed the end of {day.isoformat()} in {zone_name}",), day)


# --------------------------------------------------------------------------- resolved windows


@dataclass(frozen=True)
class Resolved:
    """A window placed on the calendar.

    ``end`` is the session the claim is about (its close, or its low..high when
    ``end_open``). ``base`` is the date whose close (or the last close before
    it) is the base of a change; ``base_range`` lists a period of possible base
    dates when the text names only a month ("since January").
    """

    kind: str
    end: dt.date
    end_open: bool
    base: dt.date | None = None
    base_range: tuple[dt.date, dt.date] | None = None
    period: tuple[dt.date, dt.date] | None = None
    period_text: str | None = None
    span: tuple[float, str] | None = None
    count: int | None = None
    unit: str | None = None
    at_publication: bool = False  # the window runs up to the publication instant
    part: str | None = None  # a part of the session named by the text ("early Wednesday"): no close
    qualifier: str | None = None  # from_extreme over the whole history before the session ("previous", "record")
    assumptions: tuple[str, ...] = ()

    @property
    def ranged(self) -> bool:
        """Only the session's low..high can be known: open at publication, or a part of the day named."""
        return self.end_open or self.part in INTRADAY_PARTS

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "end": self.end.isoformat(), "end_open": self.end_open}
        if self.base:
            out["base"] = self.base.isoformat()
        if self.base_range:
            out["base_range"] = [d.isoformat() for d in self.base_range]
        if self.period:
            out["period"] = [d.isoformat() for d in self.period]
        if self.span:
            out["span"] = {"amount": self.span[0], "unit": self.span[1]}
        if self.count is not None:
            out["count"] = self.count
        if self.part:
            out["part"] = self.part
        if self.qualifier:
            out["qualifier"] = self.qualifier
        return out


def _weekday(value: Any) -> int:
    if isinstance(value, int) and 0 <= value <= 6:
        return value
    name = str(value).strip().lower()
    for i, w in enumerate(WEEKDAYS):
        if name == w or (len(name) >= 3 and w.startswith(name)):
            return i
    raise WindowError("ambiguous_window", f"unknown weekday {value!r}")


def _month(value: Any) -> int:
    if isinstance(value, int) and 1 <= value <= 12:
        return value
    name = str(value).strip().lower().rstrip(".")
    if name.isdigit() and 1 <= int(name) <= 12:
        return int(name)
    for i, m in enumerate(MONTHS):
        if len(name) >= 3 and m.startswith(name):
            return i + 1
    raise WindowError("ambiguous_window", f"unknown month {value!r}")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def _parts(spec: dict[str, Any]) -> dict[str, Any]:
    """A date/period spec may nest its fields under ``date`` or ``period``."""
    for key in ("date", "period"):
        inner = spec.get(key)
        if isinstance(inner, dict):
            return {**inner, **{k: v for k, v in spec.items() if k in ("part",) and k not in inner}}
    return spec


def resolve_period(spec: dict[str, Any], today: dt.date | None) -> tuple[dt.date, dt.date, str]:
    """A named period ("February 2022", "a January", "late January", "2022") → first and last day."""
    p = _parts(spec)
    rel = p.get("relative")
    if rel:
        if today is None:
            raise WindowError("no_publication_date", f"'{rel}' needs the publication date")
        return _relative_period(str(rel), today)
    year = p.get("year")
    if p.get("quarter") or p.get("half"):
        return _quarter_or_half(int(p.get("quarter") or 0), int(p.get("half") or 0), year, today)
    month = _month(p["month"]) if p.get("month") is not None else None
    day = p.get("day")
    part = p.get("part")
    if year is None:
        if month is None:
            raise WindowError("ambiguous_window", f"period without year or month: {spec!r}")
        if today is None:
            raise WindowError("no_publication_date", "a date without a year needs the publication date")
        start_day = int(day) if day else 1
        year = today.year
        try:
            if dt.date(year, month, start_day) > today:
                year -= 1
        except ValueError as exc:
            raise WindowError("ambiguous_window", f"no such date: {spec!r}") from exc
    year = int(year)
    try:
        if month is not None and day:
            d = dt.date(year, month, int(day))
            return d, d, d.isoformat()
        if month is not None:
            a, b = dt.date(year, month, 1), _month_end(year, month)
            label = f"{MONTHS[month - 1].capitalize()} {year}"
            if part in ("early", "start", "beginning"):
                return a, dt.date(year, month, 10), f"early {label}"
            if part in ("mid", "middle"):
                return dt.date(year, month, 11), dt.date(year, month, 20), f"mid-{label}"
            if part in ("late", "end"):
                return dt.date(year, month, 21), b, f"late {label}"
            return a, b, label
        if part in ("early", "start", "beginning"):
            return dt.date(year, 1, 1), dt.date(year, 4, 30), f"early {year}"
        if part in ("mid", "middle"):
            return dt.date(year, 5, 1), dt.date(year, 8, 31), f"mid-{year}"
        if part in ("late", "end"):
            return dt.date(year, 9, 1), dt.date(year, 12, 31), f"late {year}"
        return dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)
    except ValueError as exc:
        raise WindowError("ambiguous_window", f"no such date: {spec!r}") from exc


def _quarter_or_half(quarter: int, half: int, year: Any, today: dt.date | None) -> tuple[dt.date, dt.date, str]:
    """A calendar quarter or half ("the third quarter", "the first half of 2024"); without a year, the
    latest one that has begun by the story's date."""
    n, months, name = (quarter, 3, "Q") if quarter else (half, 6, "H")
    if not 1 <= n <= 12 // months:
        raise WindowError("ambiguous_window", f"no such {'quarter' if quarter else 'half'}: {n}")
    first = (n - 1) * months + 1
    if year is None:
        if today is None:
            raise WindowError("no_publication_date", "a quarter without a year needs the publication date")
        year = today.year if dt.date(today.year, first, 1) <= today else today.year - 1
    year = int(year)
    return dt.date(year, first, 1), _month_end(year, first + months - 1), f"{name}{n} {year}"


def _relative_period(rel: str, today: dt.date) -> tuple[dt.date, dt.date, str]:
    rel = rel.lower().replace(" ", "_")
    if rel in ("this_month", "last_month"):
        first = today.replace(day=1)
        if rel == "last_month":
            last = first - dt.timedelta(days=1)
            return last.replace(day=1), last, "last month"
        return first, today, "this month"
    if rel in ("this_year", "last_year"):
        y = today.year - (rel == "last_year")
        return dt.date(y, 1, 1), (today if y == today.year else dt.date(y, 12, 31)), rel.replace("_", " ")
    if rel in ("this_week", "last_week"):
        monday = today - dt.timedelta(days=today.weekday())
        if rel == "last_week":
            return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "last week"
        return monday, today, "this week"
    raise WindowError("ambiguous_window", f"unknown relative period {rel!r}")


def shift(d: dt.date, amount: float, unit: str) -> dt.date:
    """``d`` moved back by ``amount`` units (calendar months and years, not day counts)."""
    from dateutil.relativedelta import relativedelta

    unit = unit.rstrip("s").lower()
    n = float(amount)
    if unit in ("year", "month", "quarter", "decade") and n.is_integer():
        months = {"year": 12, "month": 1, "quarter": 3, "decade": 120}[unit] * int(n)
        return d - relativedelta(months=months)
    if unit not in UNIT_DAYS:
        raise WindowError("ambiguous_window", f"unknown time unit {unit!r}")
    return d - dt.timedelta(days=round(n * UNIT_DAYS[unit]))


class Resolver:
    """Resolves windows for one instrument against one publication instant."""

    def __init__(self, cal: TradingCalendar, instant: Instant | None) -> None:
        self.cal = cal
        self.instant = instant
        self.today = instant.when.astimezone(cal.tz).date() if instant else None
        self._notes: list[str] = list(instant.assumptions) if instant else []

    # -- helpers
    def _need_date(self, what: str) -> dt.date:
        if self.today is None:
            raise WindowError("no_publication_date", f"{what} needs the publication date, and none was found")
        return self.today

    def latest(self) -> tuple[dt.date, bool]:
        """The latest session at the publication instant and whether it was still open."""
        self._need_date("the latest session")
        assert self.instant is not None
        d, is_open = self.cal.state_at(self.instant.when)
        if self.instant.day is not None and d > self.instant.day:
            # a date-only article cannot have seen a session dated after its own date, even one
            # that opened the evening before (futures) or in an earlier time zone
            d, is_open = self.cal.session_on_or_before(self.instant.day), False
            self._notes.append(f"a session dated after the publication date is not read: {d.isoformat()} is "
                               f"the latest")
        self._check_cover(d)
        return d, is_open

    def _check_cover(self, d: dt.date) -> None:
        if not self.cal.covers(d):
            self._notes.append(f"{d.isoformat()} is outside the {self.cal.code} calendar: weekdays assumed")

    def _open_at(self, d: dt.date) -> bool:
        if self.instant is None:
            return False
        b = self.cal.bounds(d)
        if b is None:
            return False
        if self.instant.when < b[0]:
            raise WindowError("ambiguous_window",
                              f"the {d.isoformat()} session had not opened at publication")
        return self.instant.when < b[1]

    def session(self, spec: dict[str, Any]) -> tuple[dt.date, bool]:
        """A single named session: a weekday, a date, today/yesterday/last night, or the
        first session of a period ("the first trading day of 2022")."""
        if spec.get("next"):
            raise WindowError("ambiguous_window", "a session after publication is not a fact about the past")
        if spec.get("first_session") or spec.get("part") == "first_session":
            period = spec.get("date") if isinstance(spec.get("date"), dict) else None
            if period:
                a, b, _ = resolve_period(period, self.today)
            else:
                a, b, _ = _relative_period("this_year", self._need_date("the first session"))
            first = self.cal.sessions(a, b)
            if not first:
                raise WindowError("ambiguous_window", f"no {self.cal.code} session in {a}..{b}")
            d = first[0]
            if self.today is not None and d > self.today:
                raise WindowError("ambiguous_window", f"{d.isoformat()} is after publication")
            return d, self._open_at(d)
        if "weekday" in spec:
            today = self._need_date("a weekday")
            w = _weekday(spec["weekday"])
            back = (today.weekday() - w) % 7
            if spec.get("last") and back == 0:
                back = 7
            d = today - dt.timedelta(days=back)
        elif "date" in spec or "month" in spec:
            a, b, _ = resolve_period(spec, self.today)
            if a != b:
                raise WindowError("ambiguous_window", f"{spec!r} names a period, not one session")
            d = a
        elif "relative" in spec:
            rel = str(spec["relative"]).lower().replace(" ", "_")
            today = self._need_date(f"'{rel}'")
            if rel == "today":
                d = today
            elif rel == "yesterday":
                d = today - dt.timedelta(days=1)
            elif rel in ("last_night", "overnight"):
                assert self.instant is not None
                d, is_open = self.cal.state_at(self.instant.when)
                if is_open:
                    d = self.cal.previous_session(d)
                return d, False
            else:
                raise WindowError("ambiguous_window", f"unknown relative day {rel!r}")
        else:
            d, is_open = self.latest()
            if not spec.get("shift"):
                return d, is_open
        if self.today is not None and d > self.today:
            raise WindowError("ambiguous_window", f"{d.isoformat()} is after publication")
        self._check_cover(d)
        if not self.cal.is_session(d):
            raise WindowError("ambiguous_window",
                              f"{d.strftime('%A')} {d.isoformat()} was not a trading day on {self.cal.code}")
        shift = int(spec.get("shift") or 0)
        if shift < 0:  # "a day after plunging 12.4%", "the previous session": sessions before that one
            for _ in range(-shift):
                d = self.cal.previous_session(d)
            self._check_cover(d)
        return d, self._open_at(d)

    def at(self, window: Window) -> tuple[dt.date, bool, bool]:
        """The session a claim is placed on: ``spec.at``, else the latest at publication."""
        at = window.spec.get("at")
        if isinstance(at, dict) and isinstance(at.get("period"), dict):
            # "a 15-month low ... in mid-March": the period's last session (verify reads its extreme day)
            _, b, _ = resolve_period(at["period"], self.today)
            return self.cal.session_on_or_before(min(b, self.today) if self.today else b), False, False
        if isinstance(at, dict) and at:
            d, o = self.session(at)
            return d, o, False
        d, o = self.latest()
        return d, o, True

    # -- main entry
    def resolve(self, window: Window | None, base: dict[str, Any] | None = None) -> Resolved:
        """Resolve ``window``; ``base`` names the base session of a daily change ("from Wednesday")."""
        w = window or Window(kind="implicit")
        spec = w.spec or {}
        kind = w.kind
        if kind in ("session", "implicit"):
            d, o = self.session(spec) if kind == "session" else self.latest()
            part = spec.get("part") if isinstance(spec.get("part"), str) else None
            b = None
            if isinstance(base, dict) and base:
                b, _ = self.session(base)
                if b >= d:
                    raise WindowError("ambiguous_window", f"the base session {b.isoformat()} is not before "
                                                          f"{d.isoformat()}")
            return self._done(Resolved(kind, d, o, base=b, part=part, at_publication=kind == "implicit"))
        if kind == "since":
            if spec.get("back"):
                raise WindowError("ambiguous_window", f"'{w.text}' is since a moment an earlier sentence told of, "
                                                      f"which this claim does not date")
            end, o, now = self.at(w)
            a, b, label = resolve_period(spec, self.today)
            if a == b:
                return self._done(Resolved(kind, end, o, base=a, period_text=label, at_publication=now))
            part = _parts(spec).get("part") or spec.get("part")
            if part in (None, "start", "beginning"):
                # R2: "since 2023", "since January", "since the start of 2023" start from the last
                # close before the period (a year's own close is written as its Dec. 31: "above its
                # 2023 closing level")
                whole = _parts({k: v for k, v in spec.items() if k != "part"})
                a, _, label = resolve_period({k: v for k, v in whole.items() if k != "part"}, self.today)
                return self._done(Resolved(kind, end, o, base=a - dt.timedelta(days=1), period_text=label,
                                           at_publication=now,
                                           assumptions=(f"'since {w.text or label}': the base is the last close "
                                                        f"before {label}",)))
            if part == "end":  # "since the end of 2022": that period's last close
                whole = _parts({k: v for k, v in spec.items() if k != "part"})
                _, b, label = resolve_period({k: v for k, v in whole.items() if k != "part"}, self.today)
                return self._done(Resolved(kind, end, o, base=b, period_text=f"the end of {label}",
                                           at_publication=now,
                                           assumptions=(f"'since {w.text or label}': the base is the last close of "
                                                        f"{label}",)))
            return self._done(Resolved(kind, end, o, base_range=(a, b), period=(a, b), period_text=label,
                                       at_publication=now,
                                       assumptions=(f"'since {label}': any close from just before {label} "
                                                    f"to its end may be the base",)))
        if kind == "from_extreme":
            end, o, now = self.at(w)
            qualifier = str(spec.get("qualifier") or "").lower()
            if not spec.get("period") and qualifier in HISTORY_QUALIFIERS and not _parts(spec).get("year") \
                    and not _parts(spec).get("month"):
                # "above the previous closing high", "off its record high": the whole history before the session
                return self._done(Resolved(kind, end, o, period_text=f"{qualifier} {spec.get('extreme', 'high')}",
                                           at_publication=now, qualifier=qualifier))
            a, b, label = resolve_period(spec.get("period") or spec, self.today)
            if a > end:
                raise WindowError("ambiguous_window", f"{label} is after the claim's session")
            return self._done(Resolved(kind, end, o, period=(a, min(b, end)), period_text=label, at_publication=now))
        if kind == "lookback":
            end, o, now = self.at(w)
            if "amount" in spec:
                return self._done(Resolved(kind, end, o, span=(float(spec["amount"]), str(spec.get("unit", "year"))),
                                           at_publication=now))
            if not (spec.get("period") or spec.get("year") or spec.get("month") or spec.get("date")):
                return self._done(Resolved(kind, end, o, at_publication=now))
            a, b, label = resolve_period(spec, self.today)
            return self._done(Resolved(kind, end, o, period=(a, b), period_text=label, at_publication=now))
        if kind in ("ago", "span"):
            if "amount" not in spec:
                raise WindowError("ambiguous_window", f"'{w.text}' has no amount")
            amount, unit = float(spec["amount"]), str(spec.get("unit", "year"))
            end, o, now = self.at(w)
            at = spec.get("at") if isinstance(spec.get("at"), dict) else {}
            part = at.get("part") if isinstance(at.get("part"), str) else None  # "the past seven days", early Wednesday
            if unit.rstrip("s").lower() == "session":  # "the past seven trading days"
                base = end
                for _ in range(int(amount)):
                    base = self.cal.previous_session(base)
            else:
                base = shift(end, amount, unit)
            return self._done(Resolved(kind, end, o, base=base, period=(base, end), span=(amount, unit.rstrip("s")),
                                       at_publication=now, part=part,
                                       assumptions=(f"'{w.text or kind}': base is the close on or before "
                                                    f"{base.isoformat()}",)))
        if kind == "to_date":
            end, o, now = self.at(w)
            unit = str(spec.get("unit", "year")).rstrip("s").lower()
            if spec.get("year") and int(spec["year"]) < end.year:  # "in 2023": that whole year
                y = int(spec["year"])
                end = self.cal.session_on_or_before(dt.date(y, 12, 31))
                o, now = False, False
            start = self._unit_start(end, unit)
            return self._done(Resolved(kind, end, o, base=start - dt.timedelta(days=1), period=(start, end),
                                       period_text=f"this {unit}", unit=unit, at_publication=now))
        if kind == "period":  # "in 2023", "in September": from the close before it to its last session
            a, b, label = resolve_period(spec, self.today)
            latest, latest_open = self.latest() if self.today is not None else (None, False)
            if latest is not None and a > latest:
                raise WindowError("ambiguous_window", f"{label} is after publication")
            if latest is not None and b >= latest:
                end, o, now = latest, latest_open, True
            else:
                end, o, now = self.cal.session_on_or_before(b), False, False
            return self._done(Resolved(kind, end, o, base=a - dt.timedelta(days=1), period=(a, min(b, end)),
                                       period_text=label, at_publication=now))
        if kind == "streak":
            end, o, now = self.at(w)
            count = spec.get("count")
            return self._done(Resolved(kind, end, o, count=int(count) if count is not None else None,
                                       unit=str(spec.get("unit", "day")).rstrip("s").lower(), at_publication=now))
        if kind == "record":
            end, o, now = self.at(w)
            return self._done(Resolved(kind, end, o, at_publication=now))
        raise WindowError("ambiguous_window", f"unknown window kind {kind!r}")

    def _unit_start(self, end: dt.date, unit: str) -> dt.date:
        if unit == "year":
            return dt.date(end.year, 1, 1)
        if unit == "quarter":
            return dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
        if unit == "month":
            return end.replace(day=1)
        if unit == "week":
            return end - dt.timedelta(days=end.weekday())
        raise WindowError("ambiguous_window", f"unknown to-date unit {unit!r}")

    def _done(self, r: Resolved) -> Resolved:
        notes = tuple(dict.fromkeys([*self._notes, *r.assumptions]))
        return Resolved(**{**r.__dict__, "assumptions": notes})


def resolve(window: Window | None, published: Published | None, exchange: Exchange,
            base: dict[str, Any] | None = None) -> tuple[Resolved, TradingCalendar]:
    """Place ``window`` on ``exchange``'s calendar as of the publication instant."""
    instant = publication_instant(published, exchange.timezone)
    around = instant.when.astimezone(ZoneInfo(exchange.timezone)).date() if instant else None
    cal = get_calendar(exchange, around)
    return Resolver(cal, instant).resolve(window, base), cal


def span_in_units(a: dt.date, b: dt.date, unit: str) -> float:
    """Length of ``a``..``b`` in ``unit`` (week 7 days, month 30.44, year 365.25)."""
    return (b - a).days / UNIT_DAYS[unit.rstrip("s").lower()]


__all__ = [
    "Exchange", "Instant", "Resolved", "Resolver", "TradingCalendar", "WindowError", "exchange_for",
    "get_calendar", "publication_instant", "resolve", "resolve_period", "shift", "span_in_units",
]
