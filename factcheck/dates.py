"""Publication dates and times as printed: datelines, ISO stamps, zone names.

The document stage needs one thing from a date: the publication instant with
its time zone, because every relative expression of the article ("on Monday",
"since Jan. 13") is anchored to it. This module reads the spellings that carry
it ("February 16, 2025, 9:12 PM ET", "NEW YORK, May 19, 2023 (AP) --",
"2024-12-06", "Asia/Tokyo (JST, UTC+09:00)") and builds a
:class:`~factcheck.model.Published`. Zone abbreviations and newsroom cities come
from ``rules/timezones.yaml``; the instant uses the IANA zone's own rules, so
daylight saving time is right for the printed date.

Only the standard library and PyYAML are used (cold-start budget).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from factcheck.model import FactcheckError, Published, direct_init
from factcheck.resources import load_rules_yaml

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip

NAMES = frozenset(_MONTHS) | frozenset(_WEEKDAYS)
"""Every month and weekday name a date may spell, lower case."""


def _alt(words: Any) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _initials(words: list[str]) -> str:
    """A character class pair that the first two letters of every word (all longer than one letter) match."""
    return "[{}][{}]".format(*("".join(sorted({re.escape(w[k]) for w in words})) for k in (0, 1)))


@functools.cache
def zone_rules() -> dict[str, dict[str, str]]:
    """``rules/timezones.yaml``: abbreviations and places → IANA names."""
    data = load_rules_yaml("timezones.yaml")
    return {
        "abbreviations": {str(k): str(v) for k, v in data["abbreviations"].items()},
        "places": {str(k).lower(): str(v) for k, v in data["places"].items()},
    }


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    mon, wd = _alt(_MONTHS), _alt(_WEEKDAYS)
    # Lookaheads implied by each pattern's first characters (a name's first two
    # letters, a digit) let the engine skip most positions without trying
    # every month and weekday name there; they change no match.
    name_start = _initials(list(_MONTHS) + list(_WEEKDAYS))
    weekday_start = _initials(list(_WEEKDAYS))
    weekday = rf"(?:(?P<wd>{wd})\.?,?\s+)?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d\d)(?!\d)"
    mdy = rf"(?={name_start}){weekday}(?P<mon>{mon})\.?\s+{day},?\s+{year}"
    dmy = rf"(?={weekday_start}|\d){weekday}{day}\s+(?:of\s+)?(?P<mon>{mon})\.?,?\s+{year}"
    # The year's first two digits open the pattern, so that `re` skips to the next "1" or "2" in C;
    # the lookbehind after them is the "no digit before the year" test.
    iso = r"(?P<year>(?:19|20)(?<!\d\d\d)\d\d)[-/](?P<mon>\d{1,2})[-/](?P<day>\d{1,2})(?!\d)"
    # The three forms in one alternation, their groups renamed per form ("mon" -> "mon_mdy").
    forms = "|".join(
        f"(?:{re.sub(r'[(][?]P<(wd|mon|day|year)>', lambda g, f=name: f'(?P<{g[1]}_{f}>', pat)})"
        for name, pat in (("mdy", mdy), ("dmy", dmy), ("iso", iso))
    )
    first = "".join(sorted({re.escape(w[0]) for w in [*_MONTHS, *_WEEKDAYS]}))
    pairs = _alt({w[:2] for w in [*_MONTHS, *_WEEKDAYS]})
    abbrs = _alt(zone_rules()["abbreviations"])
    offset = r"(?:GMT|UTC)\s?(?P<sign>[+\-\u2212])\s?(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?"
    zone = rf"(?:\(?(?:{offset}|(?P<abbr>(?<![A-Za-z])(?:{abbrs})(?![A-Za-z])))\)?)"
    ampm = r"(?P<ampm>[AaPp]\.?\s?[Mm]\.?(?![A-Za-z]))"
    # The hour opens the pattern with a digit (its lookbehinds after that digit), so that `re`
    # skips to the next digit in C; "[012]?\d" as a digit, then a second only after a 0, 1 or 2.
    clock = (
        r"(?P<h>\d(?<![\d.:]\d)(?:(?<=[012])\d)?)(?:(?P<sep>[:.])(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?)?"
        rf"\s*(?:{ampm})?(?:\s*{zone})?"
    )
    return {
        "mdy": re.compile(mdy, re.IGNORECASE),
        "dmy": re.compile(dmy, re.IGNORECASE),
        # The same two patterns for lower-cased text (their literals are lower case): `re`
        # scans two to three times faster without IGNORECASE (see :func:`_lowered`).
        "mdy_lc": re.compile(mdy),
        "dmy_lc": re.compile(dmy),
        "iso": re.compile(iso),
        # Lookaheads of every form's possible openings (a name's first letter, then its first
        # two, or a digit) before the alternation: most positions then fail one cheap test
        # instead of each form's own.
        "any_lc": re.compile(rf"(?=[{first}\d])(?:(?={pairs}|\d)(?:{forms}))"),  # lower-cased text only (see find_date)
        "clock": re.compile(clock),
        "zone_only": re.compile(zone),
    }


@direct_init
@dataclass(frozen=True)
class DateMatch:
    """A calendar date (and optionally a time and zone) found in a line of text."""

    year: int
    month: int
    day: int
    start: int  # span of the whole match (date, time, zone) in the searched text
    end: int
    hour: int | None = None
    minute: int | None = None
    second: int = 0
    zone: str | None = None  # IANA name
    offset_minutes: int | None = None  # a printed fixed offset ("GMT+8")
    weekday: int | None = None  # a printed weekday, 0 = Monday

    def date(self) -> dt.date:
        return dt.date(self.year, self.month, self.day)


def find_date(text: str) -> DateMatch | None:
    """The first full date (with a year) in ``text``, with a time and zone printed near it.

    The time may come before or after the date ("9:12 PM ET Sun, February 16,
    2025"); it must be unambiguous as a time: ``9:12``, ``9 PM``, ``09.12 GMT``.
    """
    pats = _patterns()
    low = _lowered(text)
    found = None
    months = low is not None and _MONTH_HINT.search(low) is not None
    if months:
        # One scan for the three forms: the leftmost match of the alternation is the
        # earliest of the three forms' first matches (a tie goes to the form listed
        # first, as in _first_date). Only an impossible date ("February 30") needs
        # the forms' own scans, which skip it.
        m = pats["any_lc"].search(low)
        if m is None:
            return None
        form = "mdy" if m["mon_mdy"] is not None else "dmy" if m["mon_dmy"] is not None else "iso"
        found = _date_fields(m, form, f"_{form}")
    if found is None:
        found = _first_date(text, low, months)
        if found is None:
            return None
    year, month, day, weekday, start, end = found
    hour = minute = None
    second = 0
    zone: str | None = None
    offset: int | None = None
    # A time is taken only with a separator (":" or ".") or a.m./p.m.: without any, none can be.
    clocks = pats["clock"].finditer(text) if ":" in text or "." in text or _AMPM_HINT.search(text) else ()
    for c in clocks:
        if c.start() < end and c.end() > start:
            continue
        h = int(c["h"])
        if not (c["sep"] == ":" or c["ampm"] or (c["sep"] and (c["abbr"] or c["sign"]))):
            continue
        if c["ampm"]:
            if not 1 <= h <= 12:
                continue
            h = h % 12 + (12 if c["ampm"][0] in "pP" else 0)
        if h > 23:
            continue
        hour, minute, second = h, int(c["m"] or 0), int(c["s"] or 0)
        zone, offset = _zone_of(c)
        start, end = min(start, c.start()), max(end, c.end())
        break
    if zone is None and offset is None and end < len(text):  # a zone needs a character after the date
        z = pats["zone_only"].match(text, end)
        if z is None and text[end] in " ,":  # else the spaces skipped are none: the same failed match
            z = pats["zone_only"].match(text, _skip_space(text, end))
        if z and (z["abbr"] or z["sign"]):
            zone, offset = _zone_of(z)
            end = z.end()
    return DateMatch(year, month, day, start, end, hour, minute, second, zone, offset, weekday)


def _first_date(text: str, low: str | None, months: bool) -> tuple[int, int, int, int | None, int, int] | None:
    """:func:`_date_fields` of the earliest first valid match of the written-out and ISO forms, each scanned alone.

    ``months``: whether ``low`` (when not None) holds a month name's first letters (:data:`_MONTH_HINT`).
    """
    pats = _patterns()
    best: tuple[int, re.Match[str], str] | None = None
    if low is None:
        scans = [(name, pats[name], text) for name in ("mdy", "dmy")]
    elif months:
        scans = [("mdy", pats["mdy_lc"], low), ("dmy", pats["dmy_lc"], low)]
    else:
        scans = []  # no month name: neither written-out form can match
    if "-" in text or "/" in text:
        scans.append(("iso", pats["iso"], text))
    for name, pat, src in scans:
        for m in pat.finditer(src):
            if _valid_date(m, name) and (best is None or m.start() < best[0]):
                best = (m.start(), m, name)
                break
    if best is None:
        return None
    _, m, name = best
    return _date_fields(m, name, "")


def _date_fields(m: re.Match[str], form: str, suffix: str) -> tuple[int, int, int, int | None, int, int] | None:
    """(year, month, day, weekday or None, start, end) of a match of one date form; None for an impossible date.

    ``suffix`` is the form's group-name suffix in the pattern matched ("" or "_mdy", ...).
    """
    mon = m["mon" + suffix]
    try:
        month = int(mon) if form == "iso" else _month(mon)
        year, day = int(m["year" + suffix]), int(m["day" + suffix])
        dt.date(year, month, day)
    except (ValueError, KeyError):
        return None
    wd = m["wd" + suffix] if form != "iso" else None
    return year, month, day, _WEEKDAYS[wd.lower()] if wd else None, m.start(), m.end()


_AMPM_HINT = re.compile(r"[AaPp]\.?\s?[Mm]")  # what every a.m./p.m. of the clock pattern holds

# Every month name and abbreviation starts with one of these (a cheap test before the scans).
_MONTH_HINT = re.compile("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")


def _lowered(text: str) -> str | None:
    """``text.lower()`` when a case-insensitive scan of ``text`` finds the same spans in it, else None.

    Lower-casing must keep every offset ("İ" becomes two characters) and the
    text must hold neither of the letters IGNORECASE folds beyond ``lower()``
    ("ı", "ſ"); the Kelvin sign lower-cases to "k" like IGNORECASE does.
    """
    low = text.lower()
    if text.isascii():
        return low
    if len(low) != len(text) or "ı" in low or "ſ" in low:
        return None
    return low


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " ,":
        i += 1
    return i


def _month(name: str) -> int:
    """Month number of a matched month name; casefold, because case-insensitive matching
    also accepts look-alikes such as the long s ("ſept")."""
    return _MONTHS[name.casefold()]


def _valid_date(m: re.Match[str], name: str) -> bool:
    try:
        month = int(m["mon"]) if name == "iso" else _month(m["mon"])
        dt.date(int(m["year"]), month, int(m["day"]))
    except (ValueError, KeyError):
        return False
    return True


def _zone_of(m: re.Match[str]) -> tuple[str | None, int | None]:
    if m["abbr"]:
        return zone_rules()["abbreviations"][m["abbr"]], None
    if m["sign"]:
        minutes = int(m["oh"]) * 60 + int(m["om"] or 0)
        return None, -minutes if m["sign"] in "-\u2212" else minutes
    return None, None


def place_zone(text: str) -> str | None:
    """The newsroom zone of a dateline's place words ("NEW YORK", "Shanghai, China")."""
    places = zone_rules()["places"]
    for part in re.split(r"[,(|]", text):
        key = " ".join(part.split()).lower().strip(" .-")
        if key in places:
            return places[key]
    return None


def iana_zone(value: str) -> str | None:
    """Read a zone description: "Asia/Tokyo (JST, UTC+09:00)", "JST", "America/New_York"."""
    for token in re.findall(r"[A-Za-z_]+(?:/[A-Za-z_+\-0-9]+)+|[A-Z]{2,5}", value):
        if "/" in token or token == "UTC":
            if _zone_exists(token):
                return token
        elif token in zone_rules()["abbreviations"]:
            return zone_rules()["abbreviations"][token]
    return None


@functools.cache
def _zone_exists(name: str) -> bool:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def tzinfo_for(zone: str | None, offset_minutes: int | None) -> dt.tzinfo | None:
    if zone:
        import zoneinfo

        return zoneinfo.ZoneInfo(zone)
    if offset_minutes is not None:
        return dt.timezone(dt.timedelta(minutes=offset_minutes))
    return None


def published_from_match(m: DateMatch, *, source: str, text: str, default_zone: str | None = None) -> Published:
    """Build the Published of a dateline match; ``default_zone`` is the place's zone."""
    zone = m.zone or (default_zone if m.offset_minutes is None else None)
    if m.hour is None:
        return Published(m.date().isoformat(), zone, False, source, text)
    tz = tzinfo_for(zone, m.offset_minutes)
    stamp = dt.datetime(m.year, m.month, m.day, m.hour, m.minute or 0, m.second, tzinfo=tz)
    return Published(stamp.isoformat(), zone, True, source, text)


_ISO_ZONE_SUFFIX = re.compile(r"^(?P<stamp>.+?)(?:\s*\[(?P<br>[^\]]+)\]|\s+(?P<sp>[A-Za-z_]+(?:/[A-Za-z_+\-0-9]+)+|[A-Z]{2,5}))$")


def parse_iso(value: str, *, zone: str | None = None, source: str, text: str | None = None) -> Published | None:
    """Read an ISO 8601 date or date-time (optionally followed by a zone name).

    ``zone`` (an IANA name, e.g. from front matter ``timezone:``) places a
    naive time, and re-expresses an offset time in that zone's local time.
    A printed offset without a zone name keeps ``timezone`` None: the offset
    fixes the instant but does not say which locale's calendar the writer used.
    Returns None when the value is not ISO.
    """
    value = value.strip()
    m = _ISO_ZONE_SUFFIX.match(value)
    if m:
        named = iana_zone(m["br"] or m["sp"])
        if named is None:
            return None
        value, zone = m["stamp"], named
    stamp_text = value[:-1] + "+00:00" if value[-1:] in "zZ" else value
    try:
        if len(stamp_text) <= 10:
            day = dt.date.fromisoformat(stamp_text)
            return Published(day.isoformat(), zone, False, source, text)
        stamp = dt.datetime.fromisoformat(stamp_text)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        if zone:
            stamp = stamp.replace(tzinfo=tzinfo_for(zone, None))
    elif zone:
        stamp = stamp.astimezone(tzinfo_for(zone, None))
    return Published(stamp.isoformat(), zone, True, source, text)


def parse_rfc2822(value: str, *, source: str) -> Published | None:
    """Read "Sun, 16 Feb 2025 21:12:00 -0500" (RSS, some meta tags)."""
    from email.utils import parsedate_to_datetime

    try:
        stamp = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if stamp is None:
        return None
    return Published(stamp.isoformat(), None, True, source, value)


def parse_any(value: str, *, source: str, zone: str | None = None) -> Published | None:
    """ISO first, then RFC 2822, then a printed dateline ("February 16, 2025, 9:12 PM ET")."""
    found = parse_iso(value, zone=zone, source=source, text=value)
    if found is None and re.search(r"\d{1,2}:\d\d(:\d\d)? [+-]\d{4}$", value.strip()):
        found = parse_rfc2822(value, source=source)
    if found is None:
        m = find_date(value)
        if m is not None:
            found = published_from_match(m, source=source, text=value, default_zone=zone)
    return found


def parse_published(value: str) -> Published:
    """The ``--published`` override: ISO date or date-time, optionally with a zone name.

    Accepted: ``2025-02-16``, ``2025-02-16T21:12-05:00``, ``2025-02-16T21:12Z``,
    ``2025-02-16T21:12 America/New_York``, ``2025-02-16T21:12[America/New_York]``.
    """
    found = parse_iso(value, source="option", text=value) if value and value.strip() else None
    if found is None:
        raise FactcheckError(
            f"--published: cannot read {value!r} as an ISO date or date-time "
            "(e.g. 2025-02-16, 2025-02-16T21:12-05:00, 2025-02-16T21:12 America/New_York)"
        )
    return found
