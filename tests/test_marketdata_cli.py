"""`factcheck data ...` as a user runs it: a subprocess, offline, with its own cache dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FACTCHECK_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "factcheck", "data", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def table_rows(stdout: str) -> dict[str, list[str]]:
    """Table lines keyed by date: open, high, low, close, volume, ..."""
    return {parts[0]: parts[1:] for parts in (line.split() for line in stdout.splitlines())
            if parts and len(parts[0]) == 10 and parts[0][4] == "-"}


def test_show_alibaba_hong_kong_offline(tmp_path):
    out = run(tmp_path, "show", "9988.HK", "--start", "2025-01-10", "--end", "2025-02-18", "--offline")
    assert out.returncode == 0, out.stderr
    rows = table_rows(out.stdout)
    assert rows["2025-01-13"][3] == "78.10"
    assert rows["2025-02-14"][3] == "124.10"
    assert min(rows) == "2025-01-10" and max(rows) == "2025-02-18"
    assert "HKD" in out.stdout and "Asia/Hong_Kong" in out.stdout and "source: bundled, snapshot 2025-05-22" in out.stdout


@pytest.mark.parametrize("symbol, day, column, expected", [
    ("^HSCE", "2025-02-14", 3, "8331.40"),
    ("0700.HK", "2025-02-14", 3, "474.80"),
    ("0700.HK", "2025-02-17", 1, "512.00"),   # Monday's high: +7.83% on Friday's close
    ("^GSPC", "2024-12-31", 3, "5881.63"),
    ("^TNX", "2024-12-31", 3, "4.573"),
    ("NVDA", "2024-06-07", 3, "1208.88"),
])
def test_show_other_seed_symbols_offline(tmp_path, symbol, day, column, expected):
    out = run(tmp_path, "--offline", "show", symbol, "--start", day, "--end", day)
    assert out.returncode == 0, out.stderr
    assert table_rows(out.stdout)[day][column] == expected


def test_show_json_and_csv_and_adjusted(tmp_path):
    out = run(tmp_path, "show", "AAPL", "--start", "2020-08-27", "--end", "2020-09-01", "--offline", "--format", "json")
    payload = json.loads(out.stdout)
    closes = {r["date"]: r["close"] for r in payload["rows"]}
    assert closes["2020-08-28"] == pytest.approx(499.23, abs=0.01)
    assert payload["source"]["provider"] == "bundled" and payload["timezone"] == "America/New_York"
    adj = run(tmp_path, "show", "AAPL", "--start", "2020-08-27", "--end", "2020-09-01", "--offline",
              "--adjusted", "--format", "csv")
    lines = adj.stdout.splitlines()
    assert lines[0] == "date,open,high,low,close,volume,dividends,splits,adj_factor"
    by_date = {line.split(",")[0]: float(line.split(",")[4]) for line in lines[1:]}
    assert by_date["2020-08-28"] == pytest.approx(120.95568, rel=1e-6)  # the source file's adjusted close


def test_list_shows_the_coverage(tmp_path):
    out = run(tmp_path, "list", "--offline", "--format", "json")
    rows = {r["symbol"]: r for r in json.loads(out.stdout)}
    assert len(rows) >= 44
    assert rows["HSTECH"]["last"] == "2024-11-13" and rows["SPY"]["prices"] == "adjusted"
    table = run(tmp_path, "list", "--offline")
    assert "^HSCE" in table.stdout and "Hang Seng China Enterprises Index" in table.stdout


def test_import_then_show_then_clear(tmp_path):
    csv = tmp_path / "cn10y.csv"
    csv.write_text("date,value\n2025-02-13,1.63\n2025-02-14,1.67\n", encoding="utf-8")
    imp = run(tmp_path, "import", str(csv), "--symbol", "CN10Y", "--kind", "yield")
    assert imp.returncode == 0, imp.stderr
    assert "CN10Y: imported 2 rows" in imp.stdout
    show = run(tmp_path, "show", "CN10Y", "--start", "2025-02-01", "--end", "2025-02-28", "--offline")
    assert table_rows(show.stdout)["2025-02-14"][3] == "1.67"
    kept = run(tmp_path, "clear")
    assert kept.returncode == 0
    assert run(tmp_path, "show", "CN10Y", "--start", "2025-02-01", "--end", "2025-02-28", "--offline").returncode == 0
    gone = run(tmp_path, "clear", "--series")
    assert "imported series: removed 1 symbol(s)" in gone.stdout
    assert run(tmp_path, "show", "CN10Y", "--start", "2025-02-01", "--end", "2025-02-28", "--offline").returncode == 1


def test_user_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,value\n2025-02-13,x\n", encoding="utf-8")
    out = run(tmp_path, "import", str(bad), "--symbol", "X")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "line 2" in out.stderr
    out = run(tmp_path, "show", "AAPL", "--start", "2020-13-01", "--offline")
    assert out.returncode == 2 and "not a date" in out.stderr
    out = run(tmp_path, "fetch", "AAPL", "--offline")
    assert out.returncode == 2 and "network" in out.stderr
    out = run(tmp_path, "show", "NOSUCH", "--offline")
    assert out.returncode == 1 and out.stderr.startswith("factcheck: no data:") and "Traceback" not in out.stderr
