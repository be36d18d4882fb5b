"""User series import: validation with line numbers, storage, and use by the chain."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from factcheck.marketdata import open_provider, symbol_info
from factcheck.marketdata.series import read_series
from factcheck.model import InputError

D = dt.date


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_yield_series_with_percent_signs_and_newest_first(tmp_path):
    path = write(tmp_path, "cn10y.csv", "date,value\n2025-02-14,1.67%\n2025-02-13,1.63%\n2025-02-12,1.62%\n")
    result = read_series(path)
    assert list(result.frame.index) == [D(2025, 2, 12), D(2025, 2, 13), D(2025, 2, 14)]
    assert result.frame.at[D(2025, 2, 14), "close"] == pytest.approx(1.67)
    assert any("newest first" in w for w in result.warnings)


def test_problems_are_reported_with_line_numbers(tmp_path):
    path = write(tmp_path, "bad.csv",
                 "date,value\n2025-01-02,1.6\nnot-a-date,1.7\n2025-01-03,abc\n2025-01-02,1.8\n2025-01-06,1.9\n")
    with pytest.raises(InputError) as err:
        read_series(path)
    msg = str(err.value)
    assert "3 problem(s)" in msg
    assert "line 3: 'not-a-date' is not a date" in msg
    assert "line 4: value 'abc' is not a number" in msg
    assert "line 5: duplicate date 2025-01-02 (also on line 2)" in msg


def test_gaps_and_missing_cells_are_warnings(tmp_path):
    days = [d.date() for d in pd.bdate_range("2024-01-01", "2024-03-29")]
    keep = [d for d in days if not (D(2024, 2, 1) <= d <= D(2024, 2, 29))]
    lines = ["Date;Close"] + [f"{d.isoformat()};{1000 + i:,}.5" for i, d in enumerate(keep)] + ["2024-04-01;"]
    path = write(tmp_path, "gappy.csv", "\n".join(lines) + "\n")
    result = read_series(path)
    assert result.frame.at[keep[0], "close"] == pytest.approx(1000.5)
    assert any("line 25: gap of 30 days after 2024-01-31" in w for w in result.warnings)
    assert any("has no value" in w for w in result.warnings)


def test_ohlc_columns_are_kept(tmp_path):
    path = write(tmp_path, "fut.csv", "Date,Open,High,Low,Close,Volume\n2025-02-14,118.2,118.9,118.0,118.5,1200\n"
                                      "2025-02-17,118.4,118.6,117.9,118.1,1500\n")
    frame = read_series(path).frame
    assert frame.at[D(2025, 2, 17), "low"] == pytest.approx(117.9)
    assert frame.at[D(2025, 2, 17), "volume"] == 1500


def test_ambiguous_columns_need_a_name(tmp_path):
    path = write(tmp_path, "two.csv", "date,a,b\n2025-01-02,1,2\n")
    with pytest.raises(InputError, match="name it 'value'"):
        read_series(path)


def test_parquet_import_and_chain_lookup(tmp_path):
    frame = pd.DataFrame({"date": pd.to_datetime(["2025-02-13", "2025-02-14"]), "value": [18.0, 18.2]})
    path = tmp_path / "pe.parquet"
    frame.to_parquet(path)
    chain = open_provider(offline=True, cache_dir=str(tmp_path / "cache"))
    summary, warnings = chain.series.import_file(path, "hstech-fpe", kind="ratio", unit="x", name="HSTECH forward P/E")
    assert summary["rows"] == 2 and warnings == []
    bars = open_provider(offline=True, cache_dir=str(tmp_path / "cache")).history("HSTECH-FPE", D(2025, 2, 1), D(2025, 2, 28))
    assert bars.kind == "ratio" and bars.source["provider"] == "series"
    assert bars.frame.at[D(2025, 2, 14), "close"] == pytest.approx(18.2)
    info = symbol_info("HSTECH-FPE", cache_dir=str(tmp_path / "cache"))
    assert info["unit"] == "x" and info["coverage"]["series"] == ["2025-02-13", "2025-02-14"]


def test_reimport_replaces_and_series_win_over_bundled(tmp_path):
    cache = str(tmp_path / "cache")
    chain = open_provider(offline=True, cache_dir=cache)
    chain.series.import_file(write(tmp_path, "a.csv", "date,value\n2025-01-02,1\n2025-01-03,2\n"), "^HSCE", kind="price")
    chain.series.import_file(write(tmp_path, "b.csv", "date,value\n2025-01-06,3\n"), "^HSCE", kind="price")
    bars = open_provider(offline=True, cache_dir=cache).history("^HSCE", D(2025, 1, 1), D(2025, 1, 31))
    assert list(bars.frame.index) == [D(2025, 1, 6)] and bars.source["provider"] == "series"


def test_bad_kind_and_missing_file(tmp_path):
    chain = open_provider(offline=True, cache_dir=str(tmp_path))
    with pytest.raises(InputError, match="no such file"):
        chain.series.import_file(tmp_path / "missing.csv", "X")
    with pytest.raises(InputError, match="--kind"):
        chain.series.import_file(write(tmp_path, "a.csv", "date,value\n2025-01-02,1\n"), "X", kind="bogus")
