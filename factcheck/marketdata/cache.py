"""Local cache of fetched bars: one SQLite database (WAL) in the user cache dir.

Why SQLite: every write is one transaction, so a process killed mid-write
leaves the previous state readable; WAL lets a reader run while a writer
works. The cache is disposable: a corrupt file is moved aside (kept for
inspection) and rebuilt, with a warning, and the rows are fetched again.

Rows are stored as traded (immutable once a session is over) with the
``adj_factor`` of the latest fetch; per symbol a coverage interval records
which calendar days have been asked of the upstream, so a later, wider read
fetches only the days outside it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from factcheck.marketdata import frames
from factcheck.marketdata.base import COLUMNS, Bars, DataError, OfflineError, Provider, RangeUnavailable
from factcheck.marketdata.bundled import canonical

log = logging.getLogger("factcheck.marketdata")

ENV_CACHE_DIR = "FACTCHECK_CACHE_DIR"
SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bars (
    symbol TEXT NOT NULL, date TEXT NOT NULL,
    open REAL, high REAL, low REAL, close REAL, volume REAL,
    dividends REAL NOT NULL DEFAULT 0, splits REAL NOT NULL DEFAULT 0, adj_factor REAL,
    PRIMARY KEY (symbol, date)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS symbols (
    symbol TEXT PRIMARY KEY,
    first TEXT NOT NULL, last TEXT NOT NULL,   -- calendar days asked of the upstream
    retrieved_at TEXT NOT NULL,
    info TEXT NOT NULL DEFAULT '{}'            -- JSON: currency, timezone, kind, name, origin ...
);
"""


def cache_dir(option: str | os.PathLike | None = None) -> Path:
    """Option, else ``$FACTCHECK_CACHE_DIR``, else the platform's user cache dir."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("factcheck", appauthor=False))


class Store:
    """A small SQLite file with the bars schema; shared by the cache and user series."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    # -- connection -------------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = self._open()
            except sqlite3.OperationalError as exc:  # permissions, full disk, locked: not corruption
                raise DataError(f"cannot use the cache {self.path}: {exc}") from exc
            except sqlite3.DatabaseError as exc:
                self._rebuild(exc)
                self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(f"cannot create the cache folder {self.path.parent}: {exc.strerror}") from exc
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(SCHEMA)
            row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif row[0] != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"schema version {row[0]}, expected {SCHEMA_VERSION}")
            conn.execute("SELECT count(*) FROM symbols").fetchone()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _rebuild(self, exc: Exception) -> None:
        """Move a corrupt file (and its WAL) aside and start empty: the cache is refetchable."""
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        if self.path.exists():
            os.replace(self.path, backup)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.replace(side, backup.with_name(backup.name + suffix))
        log.warning("factcheck: %s was unreadable (%s); moved to %s and rebuilt", self.path, exc, backup.name)

    def _guard(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``fn`` on the connection; on corruption rebuild once and retry."""
        with self._lock:
            try:
                return fn(self.conn)
            except sqlite3.OperationalError as exc:
                raise DataError(f"cannot use the cache {self.path}: {exc}") from exc
            except sqlite3.DatabaseError as exc:  # "file is not a database", "disk image is malformed"
                self._rebuild(exc)
                return fn(self.conn)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- reads ------------------------------------------------------------------------
    def symbol_row(self, symbol: str) -> dict[str, Any] | None:
        def q(c: sqlite3.Connection):
            return c.execute("SELECT symbol, first, last, retrieved_at, info FROM symbols WHERE symbol=?", (symbol,)).fetchone()

        row = self._guard(q)
        if row is None:
            return None
        return {"symbol": row[0], "first": row[1], "last": row[2], "retrieved_at": row[3], **json.loads(row[4])}

    def symbols(self) -> list[dict[str, Any]]:
        def q(c: sqlite3.Connection):
            return c.execute(
                "SELECT s.symbol, s.first, s.last, s.retrieved_at, s.info, count(b.date), min(b.date), max(b.date) "
                "FROM symbols s LEFT JOIN bars b ON b.symbol = s.symbol GROUP BY s.symbol ORDER BY s.symbol"
            ).fetchall()

        return [
            {"symbol": r[0], "first": r[1], "last": r[2], "retrieved_at": r[3], **json.loads(r[4]),
             "rows": r[5], "first_row": r[6], "last_row": r[7]}
            for r in self._guard(q)
        ]

    def row_span(self, symbol: str) -> tuple[dt.date | None, dt.date | None]:
        """Dates of the first and last stored row."""
        lo, hi = self._guard(lambda c: c.execute("SELECT min(date), max(date) FROM bars WHERE symbol=?", (symbol,)).fetchone())
        return (dt.date.fromisoformat(lo) if lo else None, dt.date.fromisoformat(hi) if hi else None)

    def read(self, symbol: str, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
        lo = start.isoformat() if start else "0000"
        hi = end.isoformat() if end else "9999"

        def q(c: sqlite3.Connection):
            return c.execute(
                f"SELECT date, {', '.join(COLUMNS)} FROM bars WHERE symbol=? AND date BETWEEN ? AND ? ORDER BY date",
                (symbol, lo, hi),
            ).fetchall()

        rows = self._guard(q)
        if not rows:
            return frames.empty_frame()
        frame = pd.DataFrame([r[1:] for r in rows], columns=list(COLUMNS), dtype="float64")
        frame.index = pd.Index([dt.date.fromisoformat(r[0]) for r in rows], dtype="object", name="date")
        return frame

    # -- writes -----------------------------------------------------------------------
    def write(self, symbol: str, frame: pd.DataFrame, first: dt.date, last: dt.date, info: dict[str, Any],
              rescale_adj: float | None = None, replace: bool = False) -> None:
        """Upsert rows and widen the coverage in one transaction (all or nothing).

        ``rescale_adj`` multiplies the adj_factor of rows already stored (a
        fresher fetch saw dividends or splits the older rows did not know of).
        ``replace`` drops the symbol's previous rows first (re-import of a series).
        """
        records = [
            (symbol, d.isoformat(), *(None if pd.isna(v) else float(v) for v in row))
            for d, row in zip(frame.index, frame[list(COLUMNS)].itertuples(index=False, name=None))
        ]
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")

        def tx(c: sqlite3.Connection):
            c.execute("BEGIN IMMEDIATE")
            try:
                old = c.execute("SELECT first, last, info FROM symbols WHERE symbol=?", (symbol,)).fetchone()
                if replace:
                    c.execute("DELETE FROM bars WHERE symbol=?", (symbol,))
                    old = None
                if rescale_adj is not None and rescale_adj != 1.0:
                    c.execute("UPDATE bars SET adj_factor = adj_factor * ? WHERE symbol=?", (rescale_adj, symbol))
                c.executemany(
                    f"INSERT OR REPLACE INTO bars (symbol, date, {', '.join(COLUMNS)}) VALUES (?, ?, {', '.join('?' * len(COLUMNS))})",
                    records,
                )
                lo, hi = first.isoformat(), last.isoformat()
                merged = dict(json.loads(old[2])) if old else {}
                merged.update({k: v for k, v in info.items() if v is not None})
                if old:
                    lo, hi = min(lo, old[0]), max(hi, old[1])
                c.execute(
                    "INSERT OR REPLACE INTO symbols (symbol, first, last, retrieved_at, info) VALUES (?, ?, ?, ?, ?)",
                    (symbol, lo, hi, now, json.dumps(merged, sort_keys=True)),
                )
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise

        self._guard(tx)

    def delete(self, symbol: str | None = None) -> int:
        """Remove one symbol (or all); returns how many symbols went."""

        def tx(c: sqlite3.Connection):
            c.execute("BEGIN IMMEDIATE")
            try:
                if symbol is None:
                    n = c.execute("SELECT count(*) FROM symbols").fetchone()[0]
                    c.execute("DELETE FROM bars")
                    c.execute("DELETE FROM symbols")
                else:
                    n = c.execute("SELECT count(*) FROM symbols WHERE symbol=?", (symbol,)).fetchone()[0]
                    c.execute("DELETE FROM bars WHERE symbol=?", (symbol,))
                    c.execute("DELETE FROM symbols WHERE symbol=?", (symbol,))
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise
            return n

        n = self._guard(tx)
        self._guard(lambda c: c.execute("VACUUM"))
        return n


def _utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


class CachedProvider:
    """Serve from the cache; ask ``upstream`` (Yahoo) only for days never asked before.

    Fetch plan per symbol, with coverage ``[first, last]`` already asked:
    nothing cached → ``[start, today]`` (so the response carries every later
    split and as-traded prices can be rebuilt); earlier days missing →
    ``[start, first cached row]``; later days missing → ``[last cached row,
    today]``. The one overlapping row ties the new chunk to the stored
    as-traded prices (a split the chunk cannot see shows as a constant ratio)
    and to the stored adjustment basis.
    """

    name = "cache"

    def __init__(self, store: Store, upstream: Provider | None = None, *,
                 today: Callable[[], dt.date] = _utc_today) -> None:
        self.store = store
        self.upstream = upstream
        self.today = today

    def symbols(self) -> list[str]:
        return [r["symbol"] for r in self.store.symbols()]

    def covers(self, symbol: str, start: dt.date, end: dt.date) -> bool:
        row = self.store.symbol_row(canonical(symbol))
        return bool(row) and row["first"] <= start.isoformat() and min(end, self.today()).isoformat() <= row["last"]

    def cached(self, symbol: str, start: dt.date, end: dt.date) -> Bars:
        """What the cache holds, never the network (``--offline``)."""
        sym = canonical(symbol)
        row = self.store.symbol_row(sym)
        if row is None:
            raise OfflineError(f"{symbol}: not cached; fetching it needs the network")
        frame = self.store.read(sym, start, end)
        if frame.empty:
            raise RangeUnavailable(f"{symbol}: no cached rows between {start} and {end} (cache covers {row['first']}..{row['last']})")
        complete = row["first"] <= start.isoformat() and min(end, self.today()).isoformat() <= row["last"]
        return self._bars(sym, frame, row, provider="cache", complete=complete)

    def history(self, symbol: str, start: dt.date, end: dt.date) -> Bars:
        sym = canonical(symbol)
        today = self.today()
        if start > today:
            raise RangeUnavailable(f"{symbol}: {start} is in the future")
        fetched = False
        for a, b in self._plan(sym, start, min(end, today), today):
            self._fetch(sym, a, b, today)
            fetched = True
        row = self.store.symbol_row(sym)
        frame = self.store.read(sym, start, end)
        if frame.empty or row is None:
            raise RangeUnavailable(f"{symbol}: no rows between {start} and {end}")
        return self._bars(sym, frame, row, provider="yahoo" if fetched else "cache", complete=True)

    # -- internals --------------------------------------------------------------------
    def _plan(self, sym: str, start: dt.date, end: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date]]:
        row = self.store.symbol_row(sym)
        if row is None:
            return [(start, today)]
        plan = []
        first, last = dt.date.fromisoformat(row["first"]), dt.date.fromisoformat(row["last"])
        lo, hi = self.store.row_span(sym)
        if start < first:
            plan.append((start, lo or first))
        if end > last:
            plan.append((hi or last, today))
        return plan

    def _fetch(self, sym: str, a: dt.date, b: dt.date, today: dt.date) -> None:
        if self.upstream is None:
            raise OfflineError(f"{sym}: not cached for {a}..{b}; fetching it needs the network")
        try:
            bars = self.upstream.history(sym, a, b)
            chunk = bars.frame
        except RangeUnavailable:
            chunk, bars = frames.empty_frame(), None
        stored = self.store.read(sym)
        rescale_old = None
        if not chunk.empty and not stored.empty:
            overlap = chunk.index.intersection(stored.index)
            if len(overlap):
                d = overlap[0]
                scale = stored.at[d, "close"] / chunk.at[d, "close"]
                if abs(scale - 1) > 1e-6:
                    # a split after the chunk that the chunk could not see: rescale it onto the stored basis
                    chunk = chunk.copy()
                    for col in frames.PRICE_COLUMNS:
                        chunk[col] = chunk[col] * scale
                    chunk["dividends"] = chunk["dividends"] * scale
                    chunk["volume"] = (chunk["volume"] / scale).round()
                    chunk["adj_factor"] = chunk["adj_factor"] / scale
                if chunk.index[-1] >= stored.index[-1]:
                    # fresher chunk reaching today: bring the older rows onto its adjustment basis
                    rescale_old = chunk.at[d, "adj_factor"] / stored.at[d, "adj_factor"]
                else:
                    chunk = chunk.copy()
                    chunk["adj_factor"] = chunk["adj_factor"] * (stored.at[d, "adj_factor"] / chunk.at[d, "adj_factor"])
        # today's bar may still be trading: cover only through yesterday so it is fetched again
        covered_to = min(b, today - dt.timedelta(days=1))
        info = {}
        if bars is not None:
            info = {"currency": bars.currency, "timezone": bars.timezone, "kind": bars.kind,
                    **{k: v for k, v in bars.source.items() if k in ("origin", "name", "exchange", "instrument_type", "first_trade_date")}}
        self.store.write(sym, chunk, a, max(a, covered_to), info, rescale_adj=rescale_old)

    def _bars(self, sym: str, frame: pd.DataFrame, row: dict[str, Any], *, provider: str, complete: bool) -> Bars:
        source = {
            "provider": provider,
            "retrieved_at": row["retrieved_at"],
            "origin": row.get("origin", "Yahoo Finance chart API via yfinance"),
            "path": str(self.store.path),
            "prices": "as_traded",
            "coverage": [row["first"], row["last"]],
            "complete": complete,
            # the rows returned start at the listing (Yahoo's firstTradeDate): no earlier record exists
            "history_complete": bool(row.get("first_trade_date"))
            and (frame.index[0] - dt.timedelta(days=7)).isoformat() <= row["first_trade_date"],
        }
        return Bars(symbol=sym, frame=frame, source=source, currency=row.get("currency"),
                    timezone=row.get("timezone"), kind=row.get("kind") or "price")
