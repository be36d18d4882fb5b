"""The shipped dataset: integrity of every file, and as-traded prices on real cases."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import numpy as np
import pandas as pd
import pytest

from factcheck.marketdata import infer_exchange, open_provider, symbol_info
from factcheck.marketdata.base import COLUMNS, NoDataSource, RangeUnavailable
from factcheck.marketdata.bundled import BundledProvider
from factcheck.marketdata.frames import (
    adj_factor_from_events,
    adjusted,
    as_traded_from_adjusted,
    dividend_factor_after,
    normalise,
    split_product_after,
)
from factcheck.resources import data_dir

D = dt.date
BUNDLED = BundledProvider()
MANIFEST = json.loads((data_dir() / "manifest.json").read_text(encoding="utf-8"))


def close(symbol: str, day: dt.date) -> float:
    return float(BUNDLED.history(symbol, day, day).frame.at[day, "close"])


@pytest.mark.parametrize("symbol", sorted(MANIFEST["symbols"]))
def test_every_bundled_file_matches_its_manifest_entry(symbol):
    info = MANIFEST["symbols"][symbol]
    with gzip.open(data_dir() / info["file"], "rt") as fh:
        frame = pd.read_csv(fh)
    assert list(frame.columns) == ["date", *COLUMNS]
    dates = frame["date"].tolist()
    assert dates == sorted(set(dates)), "dates must be unique and ascending"
    assert (dates[0], dates[-1], len(dates)) == (info["first"], info["last"], info["rows"])
    assert frame[["open", "high", "low", "close"]].notna().any(axis=1).all(), "no all-empty rows"
    assert info["kind"] in ("price", "yield", "ratio", "value")
    assert info["timezone"] and info["prices"] in ("as_traded", "rebuilt_as_traded", "adjusted")
    assert info["sources"] and all(len(s["commit"]) == 40 for s in info["sources"])


@pytest.mark.parametrize("symbol, day, expected", [
    ("9988.HK", D(2025, 1, 13), 78.10),
    ("9988.HK", D(2025, 2, 14), 124.10),
    ("^HSCE", D(2025, 2, 14), 8331.40),
    ("NVDA", D(2024, 6, 7), 1208.88),      # before its 10-for-1 split, as newspapers quoted it
    ("NVDA", D(2024, 6, 10), 121.79),
    ("AAPL", D(2020, 8, 28), 499.23),      # the last day before the 4-for-1 split
    ("AAPL", D(2020, 8, 31), 129.04),
    ("META", D(2024, 12, 31), 585.51),     # the source file is dividend-adjusted (582.63)
    ("AMZN", D(2022, 6, 3), 2447.00),      # rebuilt from the public 20-for-1 split of 2022-06-06
    ("000300.SS", D(2024, 12, 31), 3934.91),
    ("DGS10", D(2024, 12, 31), 4.58),
])
def test_as_traded_closes_on_real_cases(symbol, day, expected):
    assert close(symbol, day) == pytest.approx(expected, rel=5e-4)


def test_adj_factor_gives_back_the_adjusted_source_prices():
    nvda = BUNDLED.history("NVDA", D(2024, 6, 6), D(2024, 6, 11)).frame
    # the upstream file's adjusted closes (yfinance auto_adjust) for those days
    np.testing.assert_allclose(adjusted(nvda)["close"].to_numpy(),
                               [120.78897857666016, 120.67916870117188, 121.57960510253906, 120.71105194091797], rtol=1e-6)
    assert nvda.at[D(2024, 6, 10), "splits"] == 10.0
    assert nvda.at[D(2024, 6, 11), "dividends"] == pytest.approx(0.01)


def test_rebuild_inverts_yahoo_adjustment_on_a_synthetic_series():
    days = [d.date() for d in pd.bdate_range("2024-01-01", periods=8)]
    traded = pd.DataFrame({"open": [10, 10.5, 11, 5.6, 5.7, 5.8, 5.5, 5.6], "volume": 100.0}, index=days)
    traded["high"] = traded["open"] + 0.2
    traded["low"] = traded["open"] - 0.2
    traded["close"] = traded["open"] + 0.1
    traded["dividends"] = [0, 0, 0, 0, 0, 0.25, 0, 0]
    traded["splits"] = [0, 0, 0, 2.0, 0, 0, 0, 0]
    traded = normalise(traded)
    factor = adj_factor_from_events(traded)
    # Yahoo's adjustment: split-adjust, then scale before each ex-date by 1 - div/prev_close
    assert factor[4] == pytest.approx(1 - 0.25 / traded["close"].iloc[4])
    assert factor[0] == pytest.approx(factor[4] / 2)
    source = adjusted(traded.assign(adj_factor=factor))
    source["volume"] = traded["volume"] * split_product_after(traded["splits"].to_numpy())
    source["dividends"] = traded["dividends"] / split_product_after(traded["splits"].to_numpy())
    rebuilt = as_traded_from_adjusted(source)
    np.testing.assert_allclose(rebuilt["close"], traded["close"], rtol=1e-12)
    np.testing.assert_allclose(rebuilt["volume"], traded["volume"])
    np.testing.assert_allclose(rebuilt["adj_factor"], factor, rtol=1e-12)
    np.testing.assert_allclose(dividend_factor_after(source["close"].to_numpy(), source["dividends"].to_numpy()) /
                               split_product_after(traded["splits"].to_numpy()), factor, rtol=1e-12)


def test_funds_without_events_are_marked_adjusted_and_indices_as_traded():
    for symbol in ("SPY", "QQQ", "TLT", "MCHI", "KWEB", "GOOGL"):
        assert MANIFEST["symbols"][symbol]["prices"] == "adjusted"
    for symbol in ("^GSPC", "^HSCE", "^TNX", "JPY=X", "BTC-USD", "HSTECH"):
        assert MANIFEST["symbols"][symbol]["prices"] == "as_traded"
    assert BUNDLED.history("SPY", D(2024, 1, 2), D(2024, 1, 5)).source["prices"] == "adjusted"


def test_layout_quirks_survive_normalisation():
    hstech = BUNDLED.history("HSTECH", D(2024, 11, 11), D(2024, 11, 13)).frame  # investing.com export
    assert hstech.at[D(2024, 11, 13), "close"] == pytest.approx(4443.01)
    assert hstech.at[D(2024, 11, 13), "volume"] == pytest.approx(940.97e6)
    assert list(hstech.index) == [D(2024, 11, 11), D(2024, 11, 12), D(2024, 11, 13)]
    csi = BUNDLED.history("000300.SS", D(2026, 2, 27), D(2026, 3, 3)).frame  # open/close-only rows appended
    assert not np.isnan(csi.at[D(2026, 2, 27), "high"]) and np.isnan(csi.at[D(2026, 3, 2), "high"])
    tnx = BUNDLED.history("^TNX", D(2024, 12, 31), D(2024, 12, 31))
    assert tnx.kind == "yield" and tnx.currency is None


def test_bundled_source_and_errors():
    bars = BUNDLED.history("^hsce", D(2025, 2, 10), D(2025, 2, 18))
    assert bars.symbol == "^HSCE" and bars.timezone == "Asia/Hong_Kong" and bars.currency == "HKD"
    assert bars.source["provider"] == "bundled" and bars.source["snapshot"] == "2025-04-30"
    assert "laimanto/bull-bear-monitor@592d9317af98" in bars.source["origin"]
    with pytest.raises(NoDataSource):
        BUNDLED.history("NOPE", D(2025, 1, 1), D(2025, 1, 31))
    with pytest.raises(RangeUnavailable):
        BUNDLED.history("HSTECH", D(2025, 1, 2), D(2025, 2, 14))  # no 2025 HSTECH series exists


def test_symbol_info_from_manifest_and_suffix_rules(tmp_path):
    info = symbol_info("0700.hk", cache_dir=str(tmp_path))
    assert info["timezone"] == "Asia/Hong_Kong" and info["calendar"] == "XHKG" and info["known"]
    assert info["coverage"]["bundled"][0] == "2004-06-16"
    assert symbol_info("DGS2", cache_dir=str(tmp_path))["kind"] == "yield"
    guess = symbol_info("7203.T", cache_dir=str(tmp_path))
    assert guess["timezone"] == "Asia/Tokyo" and guess["known"] is False
    assert infer_exchange("EURUSD=X")["timezone"] == "Europe/London"
    assert infer_exchange("ETH-USD")["timezone"] == "UTC"
    assert infer_exchange("^FTSE") == {}


def test_offline_chain_returns_partial_rows_flagged(tmp_path):
    chain = open_provider(offline=True, cache_dir=str(tmp_path))
    bars = chain.history("HSTECH", D(2024, 11, 1), D(2025, 2, 14))
    assert bars.source["complete"] is False and bars.frame.index[-1] == D(2024, 11, 13)
    full = chain.history("0700.HK", D(2025, 1, 2), D(2025, 2, 17))
    assert full.source["complete"] is True
    assert not list(tmp_path.iterdir()), "offline reads create no cache files"


def test_history_complete_only_when_rows_reach_the_listing():
    assert BUNDLED.history("AAPL", D(1980, 1, 1), D(1981, 1, 31)).source["history_complete"] is True
    assert BUNDLED.history("AAPL", D(2020, 1, 1), D(2020, 1, 31)).source["history_complete"] is False
    assert BUNDLED.history("^HSCE", D(2020, 1, 1), D(2021, 1, 31)).source["history_complete"] is False
