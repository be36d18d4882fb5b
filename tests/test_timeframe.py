"""Windows → sessions: publication instants, exchange calendars, every window kind."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck import timeframe as T
from factcheck.model import Published, Window

SEED = Published("2025-02-16T21:12:00-05:00", "America/New_York", True, "dateline")
HK = T.exchange_for("XHKG", "0700.HK")
NY = T.exchange_for(None, "^GSPC")
D = dt.date.fromisoformat


def res(window: Window | None, pub: Published | None = SEED, ex: T.Exchange = HK) -> T.Resolved:
    return T.resolve(window, pub, ex)[0]


# --------------------------------------------------------------------------- exchanges


@pytest.mark.parametrize("exchange,symbol,code,tz", [
    ("XHKG", "0700.HK", "XHKG", "Asia/Hong_Kong"),
    ("HKEX", None, "XHKG", "Asia/Hong_Kong"),
    (None, "9988.HK", "XHKG", "Asia/Hong_Kong"),
    (None, "^HSCE", "XHKG", "Asia/Hong_Kong"),
    (None, "AAPL", "XNYS", "America/New_York"),
    (None, "JPY=X", "FX", "Europe/London"),
    (None, "BTC-USD", "CRYPTO", "UTC"),
    (None, "GC=F", "CME", "America/Chicago"),
    ("COMEX", None, "CME", "America/Chicago"),
    (None, "^N225", "XTKS", "Asia/Tokyo"),
    (None, "000001.SS", "XSHG", "Asia/Shanghai"),
])
def test_exchange_for(exchange, symbol, code, tz):
    ex = T.exchange_for(exchange, symbol)
    assert (ex.code, ex.timezone) == (code, tz)
    assert (ex.inferred_from == "symbol") == (exchange is None)


def test_every_listing_in_the_entity_rules_has_a_trading_calendar():
    """A subject whose exchange has no calendar cannot be checked at all, even online."""
    from factcheck.rules_loader import load_rules

    missing = []
    for entity in {a.entity.name: a.entity for aliases in load_rules().entities.aliases.values() for a in aliases}.values():
        for lst in entity.listings:
            if not lst.symbol:
                continue
            try:
                ex = T.exchange_for(lst.exchange, lst.symbol)
                T.get_calendar(ex, D("2024-06-03"))
            except T.WindowError:
                missing.append(f"{lst.name} ({lst.symbol}, {lst.exchange})")
    assert not missing, missing


def test_unknown_exchange_is_a_window_error():
    with pytest.raises(T.WindowError) as err:
        T.exchange_for("MARS", "^XYZ")
    assert err.value.reason == "ambiguous_window"


# --------------------------------------------------------------------------- calendars


def test_hong_kong_calendar_sessions_and_lunar_new_year():
    cal = T.get_calendar(HK, D("2025-02-17"))
    assert cal.is_session(D("2025-02-17"))
    assert not cal.is_session(D("2025-01-29"))  # Lunar New Year
    assert cal.previous_session(D("2025-02-03")) == D("2025-01-28")  # half day before the holiday
    assert cal.sessions(D("2025-01-27"), D("2025-02-04")) == [D("2025-01-27"), D("2025-01-28"),
                                                              D("2025-02-03"), D("2025-02-04")]


def test_calendars_are_built_once():
    a = T.get_calendar(HK, D("2025-02-17"))
    b = T.get_calendar(HK, D("2024-06-03"))
    assert a is b


def test_seed_instant_is_42_minutes_into_monday_in_hong_kong():
    cal = T.get_calendar(HK)
    inst = T.publication_instant(SEED, HK.timezone)
    assert inst.when.astimezone(cal.tz).strftime("%a %H:%M") == "Mon 10:12"
    assert cal.state_at(inst.when) == (D("2025-02-17"), True)


def test_state_before_the_open_is_the_previous_closed_session():
    cal = T.get_calendar(HK)
    early = dt.datetime(2025, 2, 17, 9, 0, tzinfo=cal.tz)
    assert cal.state_at(early) == (D("2025-02-14"), False)


def test_futures_session_opens_the_evening_before():
    cme = T.exchange_for(None, "GC=F")
    cal = T.get_calendar(cme)
    sunday_evening = dt.datetime(2025, 2, 16, 18, 30, tzinfo=cal.tz)  # Globex reopens Sunday 17:00 CT
    assert cal.state_at(sunday_evening) == (D("2025-02-17"), True)


def test_rule_calendars_need_no_exchange_calendars():
    fx = T.get_calendar(T.exchange_for("FX", None))
    assert fx.is_session(D("2025-02-14")) and not fx.is_session(D("2025-02-15"))
    crypto = T.get_calendar(T.exchange_for("CRYPTO", None))
    assert crypto.is_session(D("2025-02-15"))
    assert crypto.state_at(dt.datetime(2024, 12, 5, 2, 0, tzinfo=dt.timezone.utc)) == (D("2024-12-05"), True)


def test_old_dates_get_their_own_calendar():
    cal = T.get_calendar(NY, D("1999-03-01"))
    assert cal.covers(D("1999-03-01"))
    assert not cal.is_session(D("1999-01-18"))  # Martin Luther King Jr. Day


# --------------------------------------------------------------------------- publication instant


def test_date_only_publication_is_end_of_day_with_assumption():
    pub = Published("2023-05-19", None, False, "front_matter")
    inst = T.publication_instant(pub, "America/New_York")
    assert inst.when.isoformat().startswith("2023-05-19T23:59:59")
    assert "assumed the end of 2023-05-19 in America/New_York" in inst.assumptions[0]


def test_date_only_publication_uses_the_publication_zone():
    # a Sydney paper dated Friday has seen Thursday's Wall Street session, not Friday's
    pub = Published("2024-10-25", "Australia/Sydney", False, "front_matter")
    r = res(Window("session", "last night", {"relative": "last_night"}), pub, NY)
    assert r.end == D("2024-10-24") and not r.end_open


def test_date_only_publication_never_reads_a_session_dated_after_it():
    # Globex opens the 2024-08-01 gold session at 17:00 CT on July 31: an article dated
    # July 31 (no time) is about the July 31 settlement, not a session dated August 1
    pub = Published("2024-07-31", "America/New_York", False, "front_matter")
    r = res(Window("implicit"), pub, T.exchange_for(None, "GC=F"))
    assert r.end == D("2024-07-31") and not r.end_open
    assert any("dated after the publication date" in a for a in r.assumptions)
    timed = Published("2024-07-31T19:00:00-04:00", "America/New_York", True, "dateline")
    assert res(Window("implicit"), timed, T.exchange_for(None, "GC=F")).end == D("2024-08-01")


def test_naive_instant_is_read_in_the_publication_zone():
    pub = Published("2025-02-16T21:12:00", "America/New_York", True, "meta")
    inst = T.publication_instant(pub, "Asia/Hong_Kong")
    assert inst.when.utcoffset() == dt.timedelta(hours=-5)
    assert "has no offset" in inst.assumptions[0]


def test_no_publication_date():
    assert T.publication_instant(None, "UTC") is None
    with pytest.raises(T.WindowError) as err:
        res(Window("since", "since Jan. 13", {"date": {"month": 1, "day": 13}}), None)
    assert err.value.reason == "no_publication_date"
    with pytest.raises(T.WindowError):
        res(Window("implicit"), None)


# --------------------------------------------------------------------------- windows


def test_on_monday_and_last_friday_in_the_exchange_zone():
    monday = res(Window("session", "on Monday", {"weekday": "monday"}))
    assert (monday.end, monday.end_open) == (D("2025-02-17"), True)  # Sunday in New York, Monday in HK
    friday = res(Window("session", "last Friday", {"weekday": "Friday", "last": True}))
    assert (friday.end, friday.end_open) == (D("2025-02-14"), False)


def test_weekday_on_a_holiday_is_ambiguous():
    pub = Published("2025-02-18T12:00:00-05:00", "America/New_York", True, "meta")
    with pytest.raises(T.WindowError) as err:
        res(Window("session", "on Monday", {"weekday": "monday"}), pub, NY)
    assert "not a trading day" in str(err.value)


def test_session_not_yet_open_is_ambiguous():
    pub = Published("2025-02-17T08:00:00+08:00", None, True, "meta")
    with pytest.raises(T.WindowError):
        res(Window("session", "on Monday", {"weekday": "monday"}), pub)


def test_since_date_without_year():
    r = res(Window("since", "since Jan. 13", {"date": {"month": "Jan", "day": 13}}))
    assert r.base == D("2025-01-13") and r.end == D("2025-02-17") and r.end_open and r.at_publication


def test_since_a_month_gives_a_range_of_bases():
    r = res(Window("since", "since mid-January", {"date": {"month": 1}, "part": "mid"}))
    assert r.base_range == (D("2025-01-11"), D("2025-01-20"))


def test_since_a_whole_year_or_month_starts_from_the_close_before_it():
    """R2: "since 2023" is a move from the last close before 2023, never any close of the year."""
    r = res(Window("since", "since 2024", {"date": {"year": 2024}}))
    assert r.base == D("2023-12-31") and r.base_range is None
    assert any("last close before 2024" in a for a in r.assumptions)
    r = res(Window("since", "since January", {"date": {"month": 1}}))
    assert r.base == D("2024-12-31") and r.base_range is None


def test_since_the_end_or_start_of_a_period_is_one_close():
    """"Since the end of 2024" is that year's last close; "since the start of 2024" the close
    before it; only a vague part ("since late 2024") leaves a range of bases."""
    r = res(Window("since", "since the end of 2024", {"date": {"year": 2024}, "part": "end"}))
    assert r.base == D("2024-12-31") and r.base_range is None
    r = res(Window("since", "since the start of 2024", {"date": {"year": 2024, "part": "start"}}))
    assert r.base == D("2023-12-31") and r.base_range is None
    r = res(Window("since", "since late 2024", {"date": {"year": 2024}, "part": "late"}))
    assert r.base_range == (D("2024-09-01"), D("2024-12-31"))


def test_a_span_placed_on_a_part_of_a_session_is_ranged():
    """"Has risen on five of the past seven trading days", written early Wednesday: that
    session's close is not known yet."""
    pub = Published("2022-09-28", "America/New_York", False, "dateline")
    w = Window("span", "of the past seven trading days",
               {"amount": 7, "unit": "session", "at": {"weekday": "wednesday", "part": "early"}})
    r = res(w, pub, NY)
    assert r.end == D("2022-09-28") and r.part == "early" and r.ranged and r.base == D("2022-09-19")


def test_date_later_in_the_year_means_last_year():
    r = res(Window("since", "since Oct. 8", {"date": {"month": 10, "day": 8}}))
    assert r.base == D("2024-10-08")


def test_january_low_and_named_periods():
    r = res(Window("from_extreme", "from a January low", {"extreme": "low", "period": {"month": 1}}))
    assert r.period == (D("2025-01-01"), D("2025-01-31"))
    assert T.resolve_period({"year": 2022, "month": 2}, None)[:2] == (D("2022-02-01"), D("2022-02-28"))
    assert T.resolve_period({"month": 1, "part": "late"}, D("2025-02-17"))[:2] == (D("2025-01-21"), D("2025-01-31"))
    assert T.resolve_period({"year": 2007, "part": "late"}, None)[:2] == (D("2007-09-01"), D("2007-12-31"))
    assert T.resolve_period({"relative": "last_month"}, D("2025-02-17"))[:2] == (D("2025-01-01"), D("2025-01-31"))


def test_lookback_at_last_friday():
    w = Window("lookback", "highest since February 2022", {"period": {"year": 2022, "month": 2},
                                                           "at": {"weekday": "friday", "last": True}})
    r = res(w)
    assert r.end == D("2025-02-14") and not r.end_open and r.period == (D("2022-02-01"), D("2022-02-28"))
    r = res(Window("lookback", "52-week high", {"amount": 52, "unit": "weeks"}))
    assert r.span == (52.0, "weeks")


def test_to_date_ago_span_streak_record():
    assert res(Window("to_date", "this year", {"unit": "year"})).base == D("2024-12-31")
    assert res(Window("to_date", "earlier this month", {"unit": "month", "part": "earlier"})).period == \
        (D("2025-02-01"), D("2025-02-17"))
    assert res(Window("to_date", "this week", {"unit": "week"})).base == D("2025-02-16")
    four = res(Window("ago", "four years ago", {"amount": 4, "unit": "years"}))
    assert four.base == D("2021-02-17") and any("on or before 2021-02-17" in a for a in four.assumptions)
    assert res(Window("span", "past 12 months", {"amount": 12, "unit": "month"})).base == D("2024-02-17")
    s = res(Window("streak", "a third straight day", {"count": 3, "unit": "day"}))
    assert s.count == 3 and s.unit == "day"
    assert res(Window("record", "record", {})).end == D("2025-02-17")


def test_named_period_window():
    r = res(Window("period", "in 2024", {"period": {"year": 2024}}))
    assert (r.base, r.end, r.end_open) == (D("2023-12-31"), D("2024-12-31"), False)
    r = res(Window("period", "in February", {"period": {"month": 2}}))
    assert r.end == D("2025-02-17") and r.end_open and r.at_publication
    with pytest.raises(T.WindowError):
        res(Window("period", "in 2026", {"period": {"year": 2026}}))


def test_unknown_window_kind():
    with pytest.raises(T.WindowError):
        res(Window("someday", "someday", {}))


def test_schedule_disk_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path))
    ex = T.exchange_for("XTKS", None)
    T._build.cache_clear()
    try:
        built = T.get_calendar(ex, D("2024-02-22"))
        assert list((tmp_path / "calendars").glob("XTKS-*.json"))
        T._build.cache_clear()
        read = T.get_calendar(ex, D("2024-02-22"))
        assert read is not built
        assert read.sessions(D("2024-02-19"), D("2024-02-26")) == built.sessions(D("2024-02-19"), D("2024-02-26"))
        assert read.bounds(D("2024-02-22")) == built.bounds(D("2024-02-22"))
        assert not read.is_session(D("2024-02-23"))  # Emperor's Birthday
    finally:
        T._build.cache_clear()


def test_unreadable_disk_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path))
    ex = T.exchange_for("XTKS", None)
    T._build.cache_clear()
    try:
        T.get_calendar(ex)
        (path,) = (tmp_path / "calendars").glob("XTKS-*.json")
        path.write_text("{not json", encoding="utf-8")
        T._build.cache_clear()
        assert T.get_calendar(ex).is_session(D("2024-02-22"))
    finally:
        T._build.cache_clear()


@pytest.mark.parametrize("spec,today,expected", [
    ({"quarter": 3}, "2024-10-15", ("2024-07-01", "2024-09-30", "Q3 2024")),
    ({"quarter": 4}, "2024-10-15", ("2024-10-01", "2024-12-31", "Q4 2024")),
    ({"quarter": 4}, "2024-05-02", ("2023-10-01", "2023-12-31", "Q4 2023")),
    ({"half": 1, "year": 2024}, None, ("2024-01-01", "2024-06-30", "H1 2024")),
    ({"period": {"half": 2}}, "2025-02-01", ("2024-07-01", "2024-12-31", "H2 2024")),
])
def test_a_quarter_or_half_is_the_latest_begun_by_the_story(spec, today, expected):
    a, b, label = T.resolve_period(spec, D(today) if today else None)
    assert (a.isoformat(), b.isoformat(), label) == expected
