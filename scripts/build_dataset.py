"""Build factcheck's bundled offline market dataset from the raw source files.

    python scripts/build_dataset.py ../shared/market-data [--out factcheck/data]

Reads every file named in RECIPE below from the source folder (the layout of
../shared/market-data: see its PROVENANCE.md), normalises the five layouts
found there into one table per symbol (as-traded OHLC, volume, dividends,
splits, adj_factor), checks the result against closes reported in the press,
and writes ``bars/<SYMBOL>.csv.gz`` plus ``manifest.json`` and a copy of
PROVENANCE.md into the output folder. To extend the dataset, drop a file into
the source folder, add one RECIPE entry, and rerun; the built files are
committed so a fresh install needs neither the sources nor the network.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from factcheck.marketdata import frames
from factcheck.marketdata.base import COLUMNS

HK = dict(currency="HKD", timezone="Asia/Hong_Kong", exchange="HKEX", calendar="XHKG")
SS = dict(currency="CNY", timezone="Asia/Shanghai", exchange="SSE", calendar="XSHG")
US_NMS = dict(currency="USD", timezone="America/New_York", exchange="NASDAQ", calendar="XNYS")
US_NYQ = dict(currency="USD", timezone="America/New_York", exchange="NYSE", calendar="XNYS")
US_ARCA = dict(currency="USD", timezone="America/New_York", exchange="NYSE Arca", calendar="XNYS")
US_IDX = dict(currency="USD", timezone="America/New_York", exchange="US index", calendar="XNYS")
US_YIELD = dict(currency=None, unit="percent", timezone="America/New_York", exchange="Cboe (Treasury yield index)", calendar="XNYS")
FRED = dict(currency=None, unit="percent", timezone="America/New_York", exchange="FRED (Federal Reserve H.15)", calendar="XNYS")
CME = dict(currency="USD", timezone="America/New_York", exchange="CME Group (front month)", calendar="CMES")
# Yahoo dates daily FX bars by the London day (its exchangeTimezoneName for "JPY=X" is Europe/London).
FX = dict(timezone="Europe/London", exchange="FX (Yahoo snapshot)", calendar="24/5")

ZJPLAB = ("zjplab/US-Trading-Data", "2b417757b436e2f5dabe51d454d77402b4316038")
ALITALBI = ("alitalbi/storage_data_fy", "941406838f8b8a613f95450e8df70f806c1de58a")
AZSCIENCE = ("AZScience/mohinhdudoan", "69ad41b6a8878bade996c885065d77e2772912c1")
CCF = ("CCF0001/Forriz-Pair-Trading", "f1a1a0b8d1eda21d115d614ebe9f651ec1ee17a0")
QUANTEDGE = ("ShresthTiwari823/QuantEdge-AI", "d96a919a98c057ec9f8a09e1e5a833ba5076d222")
JAWA = ("InitialJawa/Trading-XAUUSD", "46087ab199b62693ae96206d14cc0569d2781d13")
MACRO = ("Thecoderstef/Macro-Charts", "02759683bf1546aee000eb3280ed8afbe240e9ef")


@dataclass
class Source:
    """One raw file: where it is, how it is laid out, where it came from."""

    file: str
    layout: str  # history | download | investing | open_close | fred | close_adjclose
    repo: tuple[str, str]
    upstream_path: str
    prices: str | None = None  # override of the basis the layout implies
    known_splits: dict[str, float] = field(default_factory=dict)  # date -> ratio, public facts


@dataclass
class Entry:
    symbol: str
    name: str
    kind: str
    meta: dict
    sources: list[Source]  # first is primary; later ones only fill dates the earlier lack
    notes: str = ""
    history_complete: bool = False  # the rows start at the listing / inception: no earlier record exists


def E(symbol, name, meta, *sources, kind="price", notes="", history_complete=False, **extra):
    return Entry(symbol, name, kind, {**meta, **extra}, list(sources), notes, history_complete)


RECIPE: list[Entry] = [
    # Hong Kong
    E("9988.HK", "Alibaba Group Holding", HK,
      Source("hk/9988.HK.csv", "history", ("Georgelikechen/George-portfolio_optimization", "d27f7d124defa0493acf3018c53cc6d20511b159"), "data/9988.HK.csv"),
      notes="Jan-Feb 2025 rows equal as-traded HKD prices (no ex-dividend after them in the file)."),
    E("0700.HK", "Tencent Holdings", HK, Source("hk/0700.HK.csv", "history", ZJPLAB, "data/HangSengTech/0700.HK.csv"), history_complete=True),
    E("3690.HK", "Meituan", HK, Source("hk/3690.HK.csv", "history", CCF, "data/3690.HK.csv")),
    E("9618.HK", "JD.com", HK, Source("hk/9618.HK.csv", "history", CCF, "data/9618.HK.csv"), history_complete=True),
    E("1810.HK", "Xiaomi", HK, Source("hk/1810.HK.csv", "history", CCF, "data/1810.HK.csv")),
    E("^HSCE", "Hang Seng China Enterprises Index", HK,
      Source("hk/^HSCE.2021-01-04_to_2025-04-30.csv", "download", ("laimanto/bull-bear-monitor", "592d9317af988491d365457ffb3cdecbb930b15b"), "data/^HSCE.csv", prices="as_traded"),
      notes="Window 2021-01-04..2025-04-30 of the upstream file."),
    E("^HSI", "Hang Seng Index", HK, Source("hk/^HSI.csv", "download", QUANTEDGE, "data/HSI.csv", prices="as_traded")),
    E("HSTECH", "Hang Seng TECH Index", HK,
      Source("hk/HSTECH.investing-export-2015-2024.csv", "investing", ("coolcoolercool/IndexQuery", "3f5209ef703cc888fea4c087f51c4df1ed466bd2"), "data/恒生科技指数历史数据.csv", prices="as_traded"),
      notes="investing.com export; Yahoo carries no daily series for this index, so the symbol is factcheck's own. Ends 2024-11-13.", history_complete=True,
      aliases=["HSTECH.HK", "^HSTECH"]),
    # Mainland China and Japan
    E("000001.SS", "SSE Composite Index", SS,
      Source("asia/000001.SS.csv", "history", ("xunxuntj/US_Stock_Trading_Signal_Dashboard", "fac032b9d244395a2e71f9b1178219d09da7e080"), "data/000001.SS.csv")),
    E("000300.SS", "CSI 300 Index", SS,
      Source("asia/000300.SS.csv", "download", AZSCIENCE, "data/000300.SS.csv", prices="as_traded"),
      Source("asia/000300.SS.2021-2026-open-close.csv", "open_close", ("tzjtan/historical-stock-data", "9f366893b41b20e759585688d78596a29c0ecccc"), "data/CSI_300.csv", prices="as_traded"),
      notes="Rows after 2026-02-27 come from an open/close-only file: no high or low."),
    E("^N225", "Nikkei 225", dict(currency="JPY", timezone="Asia/Tokyo", exchange="JPX", calendar="XTKS"),
      Source("asia/^N225.csv", "download", QUANTEDGE, "data/N225.csv", prices="as_traded")),
    # Commodities (front-month futures, no adjustments)
    E("BZ=F", "Brent crude oil futures", CME, Source("commodities/BZ=F.csv", "history", JAWA, "data/oil/BZ=F.csv")),
    E("CL=F", "WTI crude oil futures", CME, Source("commodities/CL=F.csv", "download", ALITALBI, "CL=F.csv", prices="as_traded")),
    E("GC=F", "Gold futures", CME, Source("commodities/GC=F.csv", "download", ALITALBI, "GC=F.csv", prices="as_traded")),
    E("SI=F", "Silver futures", CME, Source("commodities/SI=F.csv", "download", ALITALBI, "SI=F.csv", prices="as_traded")),
    # FX and crypto
    E("JPY=X", "USD/JPY", {**FX, "currency": "JPY"}, Source("fx/JPY=X.csv", "download", ALITALBI, "JPY=X.csv", prices="as_traded"),
      notes="Yahoo's daily FX close is a snapshot that sits near the day's open."),
    E("CNY=X", "USD/CNY", {**FX, "currency": "CNY"}, Source("us/CNY=X.csv", "download", ALITALBI, "CNY=X.csv", prices="as_traded"),
      notes="Yahoo's daily FX close is a snapshot that sits near the day's open."),
    E("BTC-USD", "Bitcoin in US dollars", dict(currency="USD", timezone="UTC", exchange="CCC (crypto, UTC days)", calendar="24/7"),
      Source("crypto/BTC-USD.csv", "download", ("jonsflow/risk-divergence", "56e053be2c81d2747028d7daa98ac5c1077fea51"), "data/btc.csv", prices="as_traded")),
    # US indices
    E("^GSPC", "S&P 500", US_IDX, Source("us/^GSPC.csv", "history", ZJPLAB, "data/Indexes/^GSPC.csv"), history_complete=True),
    E("^IXIC", "Nasdaq Composite", US_IDX, Source("us/^IXIC.csv", "history", ZJPLAB, "data/Indexes/^IXIC.csv"), history_complete=True),
    E("^DJI", "Dow Jones Industrial Average", US_IDX, Source("us/^DJI.csv", "history", ZJPLAB, "data/Indexes/^DJI.csv")),
    E("^RUT", "Russell 2000", US_IDX, Source("us/^RUT.csv", "history", ZJPLAB, "data/Indexes/^RUT.csv")),
    E("^NDX", "Nasdaq-100", US_IDX, Source("us/^NDX.csv", "download", ("hjyssg/tqqq_simulation", "83b9dc0fa7c3c863cc79938f4469e3d8d13c8890"), "data/^NDX.csv", prices="as_traded")),
    E("^VIX", "Cboe Volatility Index", {**US_IDX, "timezone": "America/Chicago", "exchange": "Cboe"},
      Source("us/^VIX.csv", "history", ZJPLAB, "data/Indexes/^VIX.csv")),
    # US shares
    E("AAPL", "Apple", US_NMS, Source("us/AAPL.csv", "history", ZJPLAB, "data/MAG7/AAPL.csv"), history_complete=True),
    E("MSFT", "Microsoft", US_NMS, Source("us/MSFT.csv", "history", ZJPLAB, "data/MAG7/MSFT.csv"), history_complete=True),
    E("NVDA", "NVIDIA", US_NMS, Source("us/NVDA.csv", "history", ZJPLAB, "data/MAG7/NVDA.csv"), history_complete=True),
    E("TSLA", "Tesla", US_NMS, Source("us/TSLA.csv", "history", ZJPLAB, "data/MAG7/TSLA.csv"), history_complete=True),
    E("META", "Meta Platforms", US_NMS, Source("us/META.csv", "history", ZJPLAB, "data/MAG7/META.csv"), history_complete=True),
    E("AMZN", "Amazon.com", US_NMS,
      Source("us/AMZN.csv", "download", AZSCIENCE, "data/AMZN.csv", prices="rebuilt_as_traded", known_splits={"2022-06-06": 20.0}),
      notes="Split-adjusted source; as-traded rebuilt from the public 20-for-1 split of 2022-06-06 (Amazon pays no dividend)."),
    E("GOOGL", "Alphabet (Class A)", US_NMS,
      Source("us/GOOGL.csv", "download", AZSCIENCE, "data/GOOGL.csv", prices="adjusted", known_splits={"2022-07-18": 20.0}),
      notes="20-for-1 split of 2022-07-18 undone; dividends paid since June 2024 remain adjusted in (about 1%)."),
    E("BABA", "Alibaba Group Holding (NYSE ADR)", US_NYQ,
      Source("us/BABA.excerpt.csv", "close_adjclose", ("sheep-farm/assets-data", "02056fa1626760eed05c49591fccef71eafd457a"), "BABA.csv"),
      notes="Excerpt 2024-12-31..2025-02-28 only."),
    # US funds: dividend-adjusted with events unknown
    E("SPY", "SPDR S&P 500 ETF Trust", US_ARCA, Source("us/SPY.csv", "download", ALITALBI, "SPY.csv", prices="adjusted"),
      notes="Dividend-adjusted by yfinance download; the dividends are not in the file.", history_complete=True),
    E("QQQ", "Invesco QQQ Trust", US_NMS, Source("us/QQQ.csv", "download", ALITALBI, "QQQ.csv", prices="adjusted"),
      notes="Split- and dividend-adjusted by yfinance download; the events are not in the file.", history_complete=True),
    E("TLT", "iShares 20+ Year Treasury Bond ETF", US_NMS, Source("us/TLT.csv", "download", ALITALBI, "TLT.csv", prices="adjusted"),
      notes="Dividend-adjusted by yfinance download; the dividends are not in the file.", history_complete=True),
    E("MCHI", "iShares MSCI China ETF", US_NMS, Source("us/MCHI.csv", "download", AZSCIENCE, "data/MCHI.csv", prices="adjusted"),
      notes="Dividend-adjusted by yfinance download; the dividends are not in the file."),
    E("KWEB", "KraneShares CSI China Internet ETF", US_ARCA, Source("us/KWEB.csv", "download", AZSCIENCE, "data/KWEB.csv", prices="adjusted"),
      notes="Dividend-adjusted by yfinance download; the dividends are not in the file."),
    # Yields (percent)
    E("^TNX", "US 10-year Treasury yield (Cboe)", US_YIELD, Source("us/^TNX.csv", "download", ALITALBI, "^TNX.csv", prices="as_traded"), kind="yield"),
    E("^FVX", "US 5-year Treasury yield (Cboe)", US_YIELD, Source("us/^FVX.csv", "download", ALITALBI, "^FVX.csv", prices="as_traded"), kind="yield"),
    E("^TYX", "US 30-year Treasury yield (Cboe)", US_YIELD, Source("us/^TYX.csv", "history", JAWA, "data/tyx.csv"), kind="yield"),
    E("^IRX", "US 13-week Treasury bill yield (Cboe)", US_YIELD, Source("us/^IRX.csv", "history", JAWA, "data/irx.csv"), kind="yield"),
    E("DGS2", "US 2-year Treasury constant-maturity yield (FRED)", FRED, Source("rates/FRED-DGS2.csv", "fred", MACRO, "data/DGS2.csv", prices="as_traded"), kind="yield"),
    E("DGS10", "US 10-year Treasury constant-maturity yield (FRED)", FRED, Source("rates/FRED-DGS10.csv", "fred", MACRO, "data/DGS10.csv", prices="as_traded"), kind="yield"),
    E("DFII10", "US 10-year TIPS real yield (FRED)", FRED, Source("rates/FRED-DFII10.csv", "fred", MACRO, "data/DFII10.csv", prices="as_traded"), kind="yield"),
]

# Closes reported in the press or widely quoted (see PROVENANCE.md); the build fails if
# the built as-traded rows disagree by more than 0.05%.
CHECKS: list[tuple[str, str, str, float]] = [
    ("9988.HK", "2025-01-13", "close", 78.10),
    ("9988.HK", "2025-02-14", "close", 124.10),
    ("^HSCE", "2025-02-14", "close", 8331.40),
    ("^HSCE", "2025-02-13", "close", 8002.63),
    ("^HSCE", "2025-02-10", "close", 7946.81),
    ("^HSI", "2024-10-07", "close", 23099.78),
    ("^N225", "2024-08-05", "close", 31458.42),
    ("000001.SS", "2024-10-08", "close", 3489.77),
    ("000300.SS", "2024-12-31", "close", 3934.91),
    ("BZ=F", "2024-12-31", "close", 74.64),
    ("CL=F", "2024-12-31", "close", 71.72),
    ("GC=F", "2024-12-31", "close", 2629.20),
    ("SI=F", "2024-12-31", "close", 28.94),
    ("JPY=X", "2024-06-26", "high", 160.80),
    ("BTC-USD", "2024-12-24", "close", 98676.09),
    ("META", "2024-12-31", "close", 585.51),
    ("^TYX", "2024-12-31", "close", 4.786),
    ("^IRX", "2024-12-31", "close", 4.208),
    ("^NDX", "2024-12-31", "close", 21012.17),
    ("DGS2", "2024-12-31", "close", 4.25),
    ("DGS10", "2024-12-31", "close", 4.58),
    ("DFII10", "2024-12-31", "close", 2.24),
    ("NVDA", "2024-06-07", "close", 1208.88),
    ("AAPL", "2020-08-28", "close", 499.23),
    ("AAPL", "2020-08-31", "close", 129.04),
    ("BABA", "2024-12-31", "close", 84.79),
]
CHECK_TOLERANCE = 5e-4

RENAME = {"date": "date", "open": "open", "high": "high", "low": "low", "close": "close",
          "volume": "volume", "dividends": "dividends", "stock splits": "splits", "adj close": "adj_close"}
INVESTING_HEADERS = {"日期": "date", "收盘": "close", "开盘": "open", "高": "high", "低": "low", "交易量": "volume"}


def _frame(rows: pd.DataFrame) -> pd.DataFrame:
    """Index by ISO date (first ten characters: drops yfinance's time and UTC offset)."""
    dates = rows.pop("date").astype(str).str.strip()
    rows.index = pd.Index([dt.date.fromisoformat(d[:10]) if len(d) >= 10 else _loose_date(d) for d in dates])
    return rows


def _loose_date(text: str) -> dt.date:
    y, m, d = (int(p) for p in text.split("-"))
    return dt.date(y, m, d)


def read_history(path: Path) -> pd.DataFrame:
    """yfinance ``Ticker.history`` dump: any column order, event columns present."""
    raw = pd.read_csv(path)
    raw.columns = [RENAME.get(c.strip().lower(), c.strip().lower()) for c in raw.columns]
    return _frame(raw)


def read_download(path: Path) -> pd.DataFrame:
    """yfinance ``download`` dump, with a one-, two- or three-line header."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = [c.strip() for c in lines[0].split(",")]
    body = lines[1:]
    # drop the ticker line (",AMZN,AMZN,..." or "Ticker,^HSI,...") and the "Date,,,,," line
    while body and (body[0].startswith(",") or body[0].split(",")[0] in ("Ticker", "Date")):
        body = body[1:]
    header[0] = "date"  # "Price" in the three-line layout, "Date" otherwise
    raw = pd.read_csv(io.StringIO("\n".join([",".join(header), *body])))
    raw.columns = [RENAME.get(c.lower(), c.lower()) for c in raw.columns]
    return _frame(raw)


def _investing_number(text: str) -> float:
    text = text.strip().replace(",", "")
    if not text or text == "-":
        return float("nan")
    scale = {"K": 1e3, "M": 1e6, "B": 1e9}.get(text[-1].upper())
    return float(text[:-1]) * scale if scale else float(text)


def read_investing(path: Path) -> pd.DataFrame:
    """investing.com export: BOM, Chinese headers, thousands separators, K/M/B volumes, newest first."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [INVESTING_HEADERS.get(h.strip()) for h in next(reader)]
        records = []
        for row in reader:
            rec = {name: cell for name, cell in zip(header, row) if name}
            records.append({k: (v if k == "date" else _investing_number(v)) for k, v in rec.items()})
    return _frame(pd.DataFrame.from_records(records))


def read_open_close(path: Path) -> pd.DataFrame:
    """date,open,close,volume (no high/low); trailing rows may be empty."""
    raw = pd.read_csv(path)
    raw.columns = [c.strip().lower() for c in raw.columns]
    return _frame(raw)


def read_fred(path: Path) -> pd.DataFrame:
    """FRED ``date,SERIES``: one value a day, which becomes the close."""
    raw = pd.read_csv(path, na_values=["."])
    raw.columns = ["date", "close"]
    return _frame(raw)


def read_close_adjclose(path: Path) -> pd.DataFrame:
    """symbol,date,open,high,low,close,volume,adjclose,dividends (as-traded with Yahoo's adjclose)."""
    raw = pd.read_csv(path).drop(columns=["symbol"])
    return _frame(raw)


READERS = {"history": read_history, "download": read_download, "investing": read_investing,
           "open_close": read_open_close, "fred": read_fred, "close_adjclose": read_close_adjclose}


def build_source(src: Source, root: Path, log: list[str], symbol: str) -> tuple[pd.DataFrame, str]:
    """Read one file and bring it to the contract: as-traded where the events allow."""
    raw = READERS[src.layout](root / src.file)
    before = len(raw)
    price_cols = [c for c in ("open", "high", "low", "close") if c in raw.columns]
    raw[price_cols] = raw[price_cols].apply(pd.to_numeric, errors="coerce")
    raw = raw.dropna(subset=price_cols, how="all")
    if len(raw) < before:
        log.append(f"{symbol}: {src.file}: dropped {before - len(raw)} rows without prices")
    dupes = raw.index.duplicated(keep="last")
    if dupes.any():
        log.append(f"{symbol}: {src.file}: dropped {int(dupes.sum())} duplicate dates")
        raw = raw[~dupes]
    raw = raw.sort_index()
    if src.layout == "history":
        has_events = raw["dividends"].fillna(0).gt(0).any() or raw["splits"].fillna(0).gt(0).any()
        built = frames.as_traded_from_adjusted(raw)
        basis = src.prices or ("rebuilt_as_traded" if has_events else "as_traded")
    elif src.layout == "close_adjclose":
        built = frames.normalise(raw)
        built["adj_factor"] = raw["adjclose"].to_numpy() / raw["close"].to_numpy()
        basis = src.prices or "as_traded"
    else:
        if src.known_splits:
            raw["splits"] = 0.0
            for day, ratio in src.known_splits.items():
                raw.loc[dt.date.fromisoformat(day), "splits"] = ratio
            built = frames.as_traded_from_split_adjusted(raw)
        else:
            built = frames.normalise(raw)
            built["adj_factor"] = 1.0
        basis = src.prices or "adjusted"
    return built, basis


def sanity(symbol: str, kind: str, frame: pd.DataFrame, log: list[str]) -> list[str]:
    """Flag rows a careful reader would question; they are kept, not silently fixed."""
    flags = []
    bad = frame[(frame["high"] < frame["low"])]
    if len(bad):
        flags.append(f"{len(bad)} rows with high < low (first {bad.index[0]})")
    outside = frame[(frame["close"] > frame["high"] * 1.001) | (frame["close"] < frame["low"] * 0.999)]
    if len(outside):
        flags.append(f"{len(outside)} rows with close outside low..high (first {outside.index[0]})")
    nonpos = frame[frame["close"] <= 0]
    if len(nonpos) and kind != "yield":  # negative yields are real; a negative price is rare (WTI 2020-04-20)
        flags.append(f"{len(nonpos)} rows with close <= 0 (first {nonpos.index[0]})")
    for f in flags:
        log.append(f"{symbol}: suspicious: {f}")
    return flags


def write_bars(frame: pd.DataFrame, path: Path) -> None:
    out = frame.copy()
    out.index = [d.isoformat() for d in out.index]
    out.index.name = "date"
    text = io.StringIO()
    fmt = {c: "%.8g" for c in COLUMNS}
    fmt["adj_factor"] = "%.10g"
    for col in COLUMNS:
        out[col] = [("" if np.isnan(v) else fmt[col] % v) for v in out[col].to_numpy()]
    out.to_csv(text, lineterminator="\n")
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as gz:
        gz.write(text.getvalue().encode())


def build(root: Path, out: Path) -> int:
    log: list[str] = []
    bars_dir = out / "bars"
    if bars_dir.exists():
        shutil.rmtree(bars_dir)
    bars_dir.mkdir(parents=True)
    manifest: dict = {"format": 1, "columns": list(COLUMNS), "symbols": {}}
    built_frames: dict[str, pd.DataFrame] = {}
    for entry in RECIPE:
        parts, sources_meta, bases = [], [], []
        for src in entry.sources:
            frame, basis = build_source(src, root, log, entry.symbol)
            if parts:
                known = parts[0].index.union(pd.Index([d for p in parts[1:] for d in p.index]))
                overlap = frame.index.intersection(parts[0].index)
                if len(overlap):
                    diff = (frame.loc[overlap, "close"] / parts[0].loc[overlap, "close"] - 1).abs().max()
                    log.append(f"{entry.symbol}: {src.file} agrees with the primary on {len(overlap)} closes (max diff {diff:.4%})")
                frame = frame[~frame.index.isin(known)]
                log.append(f"{entry.symbol}: {src.file} adds {len(frame)} rows")
            parts.append(frame)
            bases.append(basis)
            if len(frame):
                sources_meta.append({
                    "file": src.file, "layout": src.layout, "repository": src.repo[0], "commit": src.repo[1],
                    "path": src.upstream_path, "prices": basis,
                    "first": frame.index[0].isoformat(), "last": frame.index[-1].isoformat(), "rows": len(frame),
                    **({"known_splits": src.known_splits} if src.known_splits else {}),
                })
        frame = pd.concat(parts).sort_index() if len(parts) > 1 else parts[0]
        flags = sanity(entry.symbol, entry.kind, frame, log)
        fname = f"{entry.symbol}.csv.gz"
        write_bars(frame, bars_dir / fname)
        built_frames[entry.symbol] = frame
        basis = "adjusted" if "adjusted" in bases else bases[0]
        has_hl = bool(frame["high"].notna().any())
        manifest["symbols"][entry.symbol] = {
            "symbol": entry.symbol, "name": entry.name, "kind": entry.kind,
            **{k: v for k, v in entry.meta.items()},
            "first": frame.index[0].isoformat(), "last": frame.index[-1].isoformat(), "rows": len(frame),
            "prices": basis, "has_high_low": has_hl, "snapshot": frame.index[-1].isoformat(),
            "history_complete": entry.history_complete,
            "file": f"bars/{fname}", "sources": sources_meta,
            **({"notes": entry.notes} if entry.notes else {}),
            **({"warnings": flags} if flags else {}),
        }
        print(f"{entry.symbol:10} {len(frame):6} rows {frame.index[0]}..{frame.index[-1]}  {basis}")
    failures = run_checks(built_frames, log)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    prov = root / "PROVENANCE.md"
    if prov.exists():
        shutil.copyfile(prov, out / "PROVENANCE.md")
    (out / "build-log.txt").write_text("\n".join(log) + "\n", encoding="utf-8")
    print("\n".join(log))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"dataset: {len(manifest['symbols'])} symbols, {size / 1e6:.2f} MB on disk")
    return 1 if failures else 0


def run_checks(built: dict[str, pd.DataFrame], log: list[str]) -> int:
    failures = 0
    for symbol, day, col, expected in CHECKS:
        frame = built.get(symbol)
        d = dt.date.fromisoformat(day)
        got = float(frame.loc[d, col]) if frame is not None and d in frame.index else float("nan")
        ok = abs(got / expected - 1) <= CHECK_TOLERANCE
        failures += not ok
        log.append(f"check {'ok  ' if ok else 'FAIL'} {symbol} {day} {col}: built {got:.4f}, reported {expected}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="folder of raw files (layout of ../shared/market-data)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "factcheck" / "data")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"build_dataset: no such folder: {args.source}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    return build(args.source, args.out)


if __name__ == "__main__":
    sys.exit(main())
