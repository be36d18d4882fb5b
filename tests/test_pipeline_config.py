"""Configuration reaches the verdicts: tolerance overrides and user series."""

from __future__ import annotations

from pathlib import Path

from factcheck import pipeline
from factcheck.config import load_config

SEED = Path(__file__).resolve().parents[1] / "seeds" / "fortune-2025-02-16-china-rally.txt"


def _status(result: dict, text: str) -> str:
    (claim,) = [c for c in result["documents"][0]["claims"] if c["text"] == text]
    return claim["verdict"]["status"]


def test_tolerance_override_changes_the_verdict(tmp_path: Path, monkeypatch) -> None:
    """HSCE 'as much as 1.7%' vs +1.65% holds only thanks to the vendor tolerance."""
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    default = pipeline.check([str(SEED)], offline=True, config=load_config(tmp_path))
    assert _status(default, "1.7%") == "supported"
    (tmp_path / ".factcheck.toml").write_text("[tolerances]\nintraday_change = {relative_price = 0.0}\n")
    strict = pipeline.check([str(SEED)], offline=True, config=load_config(tmp_path))
    assert _status(strict, "1.7%") == "contradicted"
    assert _status(strict, "7.8%") == "supported"


def test_configured_series_is_imported_once_and_served(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(cache))
    (tmp_path / "cn10y.csv").write_text("date,close\n2025-02-14,1.64\n2025-02-17,1.67\n")
    (tmp_path / ".factcheck.toml").write_text(
        'series = [{symbol = "CN10Y", path = "cn10y.csv", kind = "yield", name = "China 10-year yield"}]\n')
    config = load_config(tmp_path)
    provider = pipeline.open_provider(offline=True, cache_dir=str(cache), series=config.series)
    first = provider.series.info("CN10Y")
    assert first["kind"] == "yield"
    again = pipeline.open_provider(offline=True, cache_dir=str(cache), series=config.series)
    assert again.series.info("CN10Y")["imported_at"] == first["imported_at"]
    import datetime as dt

    bars = again.history("CN10Y", dt.date(2025, 2, 14), dt.date(2025, 2, 17))
    assert bars.frame["close"].tolist() == [1.64, 1.67]
    assert bars.source["provider"] == "series"
