"""The SQLite cache: round trip, fetching only missing days, crash safety, corruption."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import pytest

from factcheck.marketdata import open_provider
from factcheck.marketdata.base import Bars, DataError, OfflineError, RangeUnavailable
from factcheck.marketdata.cache import CachedProvider, Store, cache_dir
from factcheck.marketdata.frames import adj_factor_from_events, normalise

D = dt.date


def business_days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [d.date() for d in pd.bdate_range(start, end)]


class FakeYahoo:
    """Behaves like YahooProvider on a known as-traded truth.

    Like Yahoo, it can only undo the splits inside the range it returns: rows
    come back divided by every split after the range's end.
    """

    name = "yahoo"

    def __init__(self, truth: pd.DataFrame) -> None:
        self.truth = truth
        self.calls: list[tuple[str, dt.date, dt.date]] = []

    def symbols(self) -> list[str]:
        return []

    def history(self, symbol: str, start: dt.date, end: dt.date) -> Bars:
        self.calls.append((symbol, start, end))
        rows = self.truth[(self.truth.index >= start) & (self.truth.index <= end)].copy()
        if rows.empty:
            raise RangeUnavailable("none")
        later = self.truth[self.truth.index > end]["splits"]
        hidden = float(np.prod(later[later > 0])) if (later > 0).any() else 1.0
        for col in ("open", "high", "low", "close", "dividends"):
            rows[col] = rows[col] / hidden
        rows["volume"] = rows["volume"] * hidden
        rows["adj_factor"] = rows["adj_factor"] * hidden
        return Bars(symbol=symbol, frame=rows, source={"provider": "yahoo", "origin": "fake"},
                    currency="USD", timezone="America/New_York", kind="price")


def make_truth(start=D(2023, 10, 2), end=D(2024, 3, 28), split_on=None, dividend_on=None) -> pd.DataFrame:
    days = business_days(start, end)
    close = np.linspace(100, 130, len(days))
    frame = pd.DataFrame({"open": close - 1, "high": close + 1, "low": close - 2, "close": close,
                          "volume": np.full(len(days), 1000.0), "dividends": 0.0, "splits": 0.0}, index=days)
    if split_on:
        i = days.index(split_on)
        for col in ("open", "high", "low", "close"):
            frame.iloc[i:, frame.columns.get_loc(col)] /= 2
        frame.iloc[:i, frame.columns.get_loc("volume")] /= 2
        frame.loc[split_on, "splits"] = 2.0
    if dividend_on:
        frame.loc[dividend_on, "dividends"] = 1.5
    frame["adj_factor"] = adj_factor_from_events(normalise(frame))
    return normalise(frame)


def provider(tmp_path, truth, today=D(2024, 3, 28)):
    fake = FakeYahoo(truth)
    clock = {"today": today}
    return CachedProvider(Store(tmp_path / "cache.sqlite"), fake, today=lambda: clock["today"]), fake, clock


def test_round_trip_and_second_read_is_served_from_cache(tmp_path):
    truth = make_truth()
    cached, fake, _ = provider(tmp_path, truth)
    first = cached.history("ACME", D(2024, 1, 2), D(2024, 1, 31))
    assert fake.calls == [("ACME", D(2024, 1, 2), D(2024, 3, 28))]  # through today: later splits are seen
    assert first.source["provider"] == "yahoo" and first.currency == "USD"
    pd.testing.assert_frame_equal(first.frame, truth.loc[D(2024, 1, 2):D(2024, 1, 31)], check_freq=False)
    again = CachedProvider(Store(tmp_path / "cache.sqlite"), fake).history("acme", D(2024, 1, 2), D(2024, 1, 31))
    assert len(fake.calls) == 1 and again.source["provider"] == "cache"
    assert again.source["retrieved_at"]
    pd.testing.assert_frame_equal(again.frame, first.frame)


def test_wider_read_fetches_only_the_missing_days(tmp_path):
    truth = make_truth()
    cached, fake, _ = provider(tmp_path, truth)
    cached.history("ACME", D(2024, 1, 2), D(2024, 1, 31))
    wide = cached.history("ACME", D(2023, 11, 1), D(2024, 2, 15))
    # one more call, for the days before the cached ones, ending on the first cached row (the tie)
    assert fake.calls[1:] == [("ACME", D(2023, 11, 1), D(2024, 1, 2))]
    pd.testing.assert_frame_equal(wide.frame, truth.loc[D(2023, 11, 1):D(2024, 2, 15)], check_freq=False)
    cached.history("ACME", D(2023, 11, 15), D(2024, 3, 1))
    assert len(fake.calls) == 2


def test_a_split_the_earlier_chunk_cannot_see_is_tied_to_stored_prices(tmp_path):
    truth = make_truth(split_on=D(2024, 2, 1), dividend_on=D(2023, 12, 15))
    cached, fake, _ = provider(tmp_path, truth)
    cached.history("ACME", D(2024, 1, 2), D(2024, 3, 1))
    got = cached.history("ACME", D(2023, 10, 2), D(2024, 3, 28)).frame
    # the second chunk came back halved (the split is after it); the cache restored as-traded prices
    assert fake.calls[1] == ("ACME", D(2023, 10, 2), D(2024, 1, 2))
    np.testing.assert_allclose(got["close"], truth["close"], rtol=1e-12)
    np.testing.assert_allclose(got["volume"], truth["volume"], rtol=1e-12)
    np.testing.assert_allclose(got["adj_factor"], truth["adj_factor"], rtol=1e-12)
    assert got.at[D(2023, 12, 15), "dividends"] == pytest.approx(1.5)


def test_days_after_the_cache_are_fetched_when_time_passes_and_today_is_refetched(tmp_path):
    truth = make_truth()
    cached, fake, clock = provider(tmp_path, truth, today=D(2024, 2, 15))
    cached.history("ACME", D(2024, 1, 2), D(2024, 2, 15))
    row = cached.store.symbol_row("ACME")
    assert row["last"] == "2024-02-14"  # today's bar may be unfinished: not marked as covered
    clock["today"] = D(2024, 3, 28)
    got = cached.history("ACME", D(2024, 1, 2), D(2024, 3, 28))
    assert fake.calls[1] == ("ACME", D(2024, 2, 15), D(2024, 3, 28))
    pd.testing.assert_frame_equal(got.frame, truth.loc[D(2024, 1, 2):D(2024, 3, 28)], check_freq=False)


def test_offline_cache_read_without_upstream(tmp_path):
    truth = make_truth()
    cached, _, _ = provider(tmp_path, truth)
    cached.history("ACME", D(2024, 1, 2), D(2024, 1, 31))
    offline = CachedProvider(Store(tmp_path / "cache.sqlite"), None, today=lambda: D(2024, 3, 28))
    assert len(offline.cached("ACME", D(2024, 1, 2), D(2024, 1, 31)).frame) == 22
    with pytest.raises(OfflineError):
        offline.history("ACME", D(2023, 1, 2), D(2023, 1, 31))
    with pytest.raises(OfflineError):
        offline.cached("OTHER", D(2024, 1, 2), D(2024, 1, 31))


WRITER = textwrap.dedent("""
    import datetime as dt, os, sys
    import numpy as np, pandas as pd
    from factcheck.marketdata.cache import Store
    from factcheck.marketdata.base import COLUMNS
    path, mode = sys.argv[1], sys.argv[2]
    days = [d.date() for d in pd.bdate_range("2000-01-03", periods=2000)]
    frame = pd.DataFrame({c: np.arange(len(days), dtype=float) for c in COLUMNS}, index=days)
    store = Store(path)
    store.write("KEEP", frame, days[0], days[-1], {"kind": "price"})
    if mode == "exit-mid-transaction":
        c = store.conn
        c.execute("BEGIN IMMEDIATE")
        c.executemany("INSERT INTO bars (symbol, date, close) VALUES (?, ?, ?)",
                      [("LOST", d.isoformat(), 1.0) for d in days])
        c.execute("INSERT INTO symbols (symbol, first, last, retrieved_at) VALUES ('LOST', 'a', 'b', 'c')")
        os._exit(3)
    n = 0
    print("ready", flush=True)
    while True:  # until killed: every transaction writes one whole symbol
        store.write(f"S{n}", frame, days[0], days[-1], {"kind": "price"})
        n += 1
""")


def test_process_dying_mid_transaction_leaves_a_readable_cache(tmp_path):
    path = tmp_path / "cache.sqlite"
    proc = subprocess.run([sys.executable, "-c", WRITER, str(path), "exit-mid-transaction"], timeout=120)
    assert proc.returncode == 3
    store = Store(path)
    assert len(store.read("KEEP")) == 2000
    assert store.read("LOST").empty and store.symbol_row("LOST") is None
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sigkill_during_writes_keeps_every_symbol_whole(tmp_path):
    path = tmp_path / "cache.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "loop"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    store = Store(path)
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = store.symbols()
    assert len(rows) >= 2  # KEEP and at least one loop symbol
    assert all(r["rows"] == 2000 for r in rows)


def test_corrupt_cache_is_moved_aside_and_rebuilt_with_a_warning(tmp_path, caplog):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"this is not an sqlite database" * 100)
    truth = make_truth()
    with caplog.at_level(logging.WARNING, logger="factcheck.marketdata"):
        cached = CachedProvider(Store(path), FakeYahoo(truth), today=lambda: D(2024, 3, 28))
        bars = cached.history("ACME", D(2024, 1, 2), D(2024, 1, 31))
    assert len(bars.frame) == 22
    assert any("unreadable" in r.message and "rebuilt" in r.message for r in caplog.records)
    assert list(tmp_path.glob("cache.sqlite.corrupt-*"))


def test_cache_damaged_after_opening_is_rebuilt(tmp_path, caplog):
    path = tmp_path / "cache.sqlite"
    store = Store(path)
    store.write("ACME", make_truth(), D(2023, 10, 2), D(2024, 3, 28), {})
    store.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page
    path.write_bytes(bytes(data))
    for side in tmp_path.glob("cache.sqlite-*"):
        side.unlink()
    with caplog.at_level(logging.WARNING, logger="factcheck.marketdata"):
        again = Store(path)
        assert again.read("ACME").empty  # rebuilt empty: the rows will be fetched again
    assert any("rebuilt" in r.message for r in caplog.records)


def test_cache_dir_option_beats_environment_beats_platform(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path / "env"))
    assert cache_dir(str(tmp_path / "opt")) == tmp_path / "opt"
    assert cache_dir(None) == tmp_path / "env"
    monkeypatch.delenv("FACTCHECK_CACHE_DIR")
    assert "factcheck" in str(cache_dir(None))


def test_offline_reads_open_no_socket(tmp_path, monkeypatch):
    truth = make_truth()
    filled = open_provider(cache_dir=str(tmp_path), yahoo=FakeYahoo(truth))
    filled.cache.today = lambda: D(2024, 3, 28)
    filled.history("ACME", D(2024, 1, 2), D(2024, 1, 31))

    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened in offline mode")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    chain = open_provider(offline=True, cache_dir=str(tmp_path))
    chain.cache.today = lambda: D(2024, 3, 28)
    assert chain.history("9988.HK", D(2025, 1, 10), D(2025, 2, 18)).frame.at[D(2025, 2, 14), "close"] == pytest.approx(124.10)
    assert chain.history("ACME", D(2024, 1, 2), D(2024, 1, 31)).source["provider"] == "cache"
    with pytest.raises(OfflineError):
        chain.history("NOTCACHED", D(2024, 1, 2), D(2024, 1, 31))


def test_unwritable_cache_is_a_data_error_not_a_rebuild(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = Store(blocker / "cache.sqlite")  # its folder cannot exist: a file is in the way
    with pytest.raises(DataError, match="cannot"):
        store.read("ACME")
    assert blocker.read_text() == "x"
