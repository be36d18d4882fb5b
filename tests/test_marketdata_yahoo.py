"""The yfinance provider on real recorded Yahoo chart responses, replayed at the HTTP layer.

yfinance itself runs (cookie, crumb, timezone probe, chart request, parsing);
``responses`` answers every URL it asks for, so no socket is opened. The
recorded bodies are in tests/fixtures/yahoo (see PROVENANCE.md there).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

os.environ.setdefault("YF_DISABLE_CURL_CFFI", "1")  # before yfinance is imported: use `requests`

import pytest
import requests
import responses

from factcheck.marketdata.base import DataError, OfflineError, RangeUnavailable, RateLimited, SymbolNotFound
from factcheck.marketdata.frames import adjusted
from factcheck.marketdata.yahoo import YahooProvider

FIXTURES = Path(__file__).parent / "fixtures" / "yahoo"
D = dt.date


def body(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())["response"]["bodyJson"]


def chart_url(symbol: str) -> re.Pattern:
    return re.compile(rf"https://query[12]\.finance\.yahoo\.com/v8/finance/chart/{re.escape(symbol)}(\?.*)?$")


@pytest.fixture
def yahoo(tmp_path):
    """A RequestsMock answering yfinance's cookie and crumb endpoints, plus a provider with a recorded sleep."""
    from yfinance.data import YfData

    YfData.cache_get.cache_clear()  # yfinance memoises past-range responses per process
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rs:
        rs.add(responses.GET, re.compile(r"https://fc\.yahoo\.com/?.*"), body="", status=404)
        rs.add(responses.GET, re.compile(r"https://query[12]\.finance\.yahoo\.com/v1/test/getcrumb"), body="test-crumb")
        rs.add(responses.GET, re.compile(r"https://guce\.yahoo\.com/.*"), body="", status=404)
        sleeps: list[float] = []
        provider = YahooProvider(retries=2, backoff=1.5, sleep=sleeps.append, session=requests.Session(),
                                 cache_dir=tmp_path)
        yield rs, provider, sleeps


def chart_calls(rs, symbol: str) -> list:
    return [c for c in rs.calls if f"/v8/finance/chart/{symbol}" in c.request.url]


def test_aapl_across_its_2020_split(yahoo):
    rs, provider, _ = yahoo
    rs.add(responses.GET, chart_url("AAPL"), json=body("chart-AAPL-2020-08-31-to-2020-11-07.json"))
    bars = provider.history("aapl", D(2020, 8, 31), D(2020, 11, 6))
    f = bars.frame
    assert bars.symbol == "AAPL" and bars.currency == "USD" and bars.timezone == "America/New_York"
    assert bars.source["provider"] == "yahoo" and bars.source["retrieved_at"]
    assert f.index[0] == D(2020, 8, 31) and f.index[-1] == D(2020, 11, 6) and len(f) == 49
    assert f.at[D(2020, 8, 31), "splits"] == 4.0
    assert f.at[D(2020, 8, 31), "close"] == pytest.approx(129.04, abs=0.005)
    assert f.at[D(2020, 11, 6), "dividends"] == pytest.approx(0.205)
    # adj_factor is Yahoo's adjclose / close: adjusted close reproduces the recorded adjclose
    rec = body("chart-AAPL-2020-08-31-to-2020-11-07.json")["chart"]["result"][0]
    assert adjusted(f)["close"].iloc[0] == pytest.approx(rec["indicators"]["adjclose"][0]["adjclose"][0], rel=1e-6)
    # the request went to the chart endpoint with actions and without auto-adjustment
    last = chart_calls(rs, "AAPL")[-1].request.url
    assert "events=div" in last and "interval=1d" in last


def test_msft_dividends_and_adjustment_factors(yahoo):
    rs, provider, _ = yahoo
    rs.add(responses.GET, chart_url("MSFT"),
           json=body("historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json"))
    f = provider.history("MSFT", D(2021, 2, 1), D(2022, 1, 28)).frame
    divs = f[f["dividends"] > 0]["dividends"]
    assert list(divs.index) == [D(2021, 2, 17), D(2021, 5, 19), D(2021, 8, 18), D(2021, 11, 17)]
    assert list(divs) == pytest.approx([0.56, 0.56, 0.56, 0.62])
    assert f.at[D(2021, 2, 1), "close"] == pytest.approx(239.65, abs=0.005)
    # factor steps at each ex-date by Yahoo's 1 - div/prev_close
    before, on = f.index.get_loc(D(2021, 11, 16)), f.index.get_loc(D(2021, 11, 17))
    step = f["adj_factor"].iloc[before] / f["adj_factor"].iloc[on]
    assert step == pytest.approx(1 - 0.62 / f["close"].iloc[before], rel=2e-5)
    assert (f["splits"] == 0).all()


def test_nvda_across_its_2021_split(yahoo):
    rs, provider, _ = yahoo
    rs.add(responses.GET, chart_url("NVDA"), json=body("historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json"))
    f = provider.history("NVDA", D(2021, 2, 1), D(2022, 1, 28)).frame
    assert f.at[D(2021, 7, 20), "splits"] == 4.0
    rec = body("historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json")["chart"]["result"][0]
    raw_close = dict(zip(rec["timestamp"], rec["indicators"]["quote"][0]["close"]))
    first_raw = raw_close[rec["timestamp"][0]]
    # rows before the split are four times Yahoo's split-adjusted close, rows after are unchanged;
    # the recording (Feb 2025) is also adjusted for the 2024 10-for-1 split it does not list, which
    # is why the cache asks through today or ties chunks to stored as-traded rows
    assert f.at[D(2021, 2, 1), "close"] == pytest.approx(4 * first_raw, rel=1e-9)
    assert f.at[D(2021, 7, 19), "volume"] * 4 == pytest.approx(
        dict(zip(rec["timestamp"], rec["indicators"]["quote"][0]["volume"]))[rec["timestamp"][f.index.get_loc(D(2021, 7, 19))]], rel=1e-6)
    assert f.at[D(2021, 7, 20), "close"] == pytest.approx(raw_close[rec["timestamp"][f.index.get_loc(D(2021, 7, 20))]])
    # adjusted prices stay continuous across the split
    adj = adjusted(f)["close"]
    jump = adj[D(2021, 7, 20)] / adj[D(2021, 7, 19)]
    assert 0.8 < jump < 1.2


def test_rate_limit_is_retried_with_backoff_then_typed(yahoo):
    rs, provider, sleeps = yahoo
    rs.add(responses.GET, chart_url("AAPL"), body="Too Many Requests", status=429)
    with pytest.raises(RateLimited, match="rate-limiting"):
        provider.history("AAPL", D(2020, 8, 31), D(2020, 11, 6))
    assert sleeps == [1.5, 3.0]  # retries=2: two waits, doubling
    assert provider.calls == 3


def test_rate_limit_then_success(yahoo):
    rs, provider, sleeps = yahoo
    rs.add(responses.GET, chart_url("AAPL"), body="Too Many Requests", status=429)
    rs.add(responses.GET, chart_url("AAPL"), body="Too Many Requests", status=429)
    rs.add(responses.GET, chart_url("AAPL"), json=body("chart-AAPL-2020-08-31-to-2020-11-07.json"))
    bars = provider.history("AAPL", D(2020, 8, 31), D(2020, 11, 6))
    assert len(bars.frame) == 49 and sleeps == [1.5]


def test_timeout_is_retried_then_offline_error(yahoo):
    rs, provider, sleeps = yahoo
    rs.add(responses.GET, chart_url("AAPL"), body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(OfflineError, match="did not answer"):
        provider.history("AAPL", D(2020, 8, 31), D(2020, 11, 6))
    assert len(sleeps) == 2


def test_connection_refused_is_offline_error_without_waiting(yahoo):
    rs, provider, sleeps = yahoo
    rs.add(responses.GET, chart_url("AAPL"), body=requests.exceptions.ConnectionError("Failed to resolve host"))
    with pytest.raises(OfflineError, match="cannot reach"):
        provider.history("AAPL", D(2020, 8, 31), D(2020, 11, 6))
    assert sleeps == []


def test_empty_result_is_range_unavailable(yahoo):
    rs, provider, _ = yahoo
    rs.add(responses.GET, chart_url("AAPL"),
           json=body("chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json"))
    with pytest.raises(RangeUnavailable):
        provider.history("AAPL", D(2025, 2, 1), D(2025, 2, 2))


def test_malformed_json_is_a_data_error(yahoo):
    rs, provider, _ = yahoo
    rs.add(responses.GET, chart_url("AAPL"), body='{"chart": {"result": [', status=200,
           content_type="application/json")
    with pytest.raises(DataError, match="unreadable"):
        provider.history("AAPL", D(2020, 8, 31), D(2020, 11, 6))


def test_unknown_symbol_is_symbol_not_found(yahoo):
    rs, provider, _ = yahoo
    # Yahoo's answer for an unknown symbol (shape as documented by yfinance's error handling)
    not_found = {"chart": {"result": None, "error": {"code": "Not Found", "description": "No data found, symbol may be delisted"}}}
    rs.add(responses.GET, chart_url("NOSUCHXYZ"), json=not_found, status=404)
    rs.add(responses.GET, re.compile(r"https://query[12]\.finance\.yahoo\.com/v10/finance/quoteSummary/.*"),
           json={"quoteSummary": {"result": None, "error": {"code": "Not Found", "description": "Quote not found"}}}, status=404)
    rs.add(responses.GET, re.compile(r"https://query[12]\.finance\.yahoo\.com/v7/finance/quote.*"),
           json={"quoteResponse": {"result": [], "error": None}})
    with pytest.raises(SymbolNotFound):
        provider.history("NOSUCHXYZ", D(2024, 1, 2), D(2024, 1, 31))


def test_history_many_reports_each_symbol(yahoo):
    rs, provider, _ = yahoo
    rs.add(responses.GET, chart_url("AAPL"), json=body("chart-AAPL-2020-08-31-to-2020-11-07.json"))
    rs.add(responses.GET, chart_url("MSFT"), body="Too Many Requests", status=429)
    out = provider.history_many(["AAPL", "MSFT"], D(2020, 8, 31), D(2020, 11, 6))
    assert len(out["AAPL"].frame) == 49
    assert isinstance(out["MSFT"], RateLimited)


def test_first_trade_date_is_reported_for_record_claims(yahoo):
    rs, provider, _ = yahoo
    rs.add(responses.GET, chart_url("AAPL"), json=body("chart-AAPL-2020-08-31-to-2020-11-07.json"))
    bars = provider.history("AAPL", D(2020, 8, 31), D(2020, 11, 6))
    assert bars.source["first_trade_date"] == "1980-12-12"


def test_online_chain_fills_the_cache_then_offline_reads_it_without_sockets(yahoo, tmp_path, monkeypatch):
    import socket

    from factcheck.marketdata import open_provider

    rs, provider, _ = yahoo
    rs.add(responses.GET, chart_url("BABA"), json=body("chart-BABA-2020-01-01-to-2020-01-03.json"))
    online = open_provider(cache_dir=str(tmp_path / "c"), yahoo=provider)
    bars = online.history("BABA", D(2020, 1, 2), D(2020, 1, 2))  # bundled BABA starts 2024-12-31
    assert bars.source["provider"] == "yahoo" and bars.timezone == "America/New_York"
    expected = body("chart-BABA-2020-01-01-to-2020-01-03.json")["chart"]["result"][0]["indicators"]["quote"][0]["close"][0]
    assert bars.frame.at[D(2020, 1, 2), "close"] == pytest.approx(expected)

    def refuse(*args, **kwargs):
        raise AssertionError("socket opened offline")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    again = open_provider(offline=True, cache_dir=str(tmp_path / "c")).history("BABA", D(2020, 1, 2), D(2020, 1, 2))
    assert again.source["provider"] == "cache" and again.frame.at[D(2020, 1, 2), "close"] == pytest.approx(expected)
    assert again.currency == "USD"
