"""Configuration discovery and validation ([tool.factcheck] / .factcheck.toml)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from factcheck.config import Config, SeriesSpec, find_config, load_config
from factcheck.model import FactcheckError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config()
    assert config.fail_on == "contradicted" and config.github_unverifiable == "notice" and not config.offline
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.offline = True  # type: ignore[misc]


def test_pyproject_found_by_walking_up(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", """
[project]
name = "newsroom"

[tool.factcheck]
rules = ["house-rules"]
fail-on = "unverifiable"
offline = true
cache-dir = ".cache/fc"
github-unverifiable = "warning"
series = ["data/CN10Y.csv", {symbol = "HSTECH-PE", path = "data/pe.parquet", kind = "valuation", name = "HS Tech forward P/E", unit = "multiple"}]

[tool.factcheck.tolerances]
level = {relative = 0.001}
yield_level = {absolute = 0.02}
point_change = {printed_units = 2}
""")
    deep = tmp_path / "drafts" / "2025" / "feb"
    deep.mkdir(parents=True)
    config = load_config(deep)
    assert config.path == tmp_path / "pyproject.toml"
    assert config.rules_dirs == (tmp_path / "house-rules",)
    assert config.fail_on == "unverifiable" and config.offline is True
    assert config.cache_dir == (tmp_path / ".cache" / "fc").resolve()
    assert config.github_unverifiable == "warning"
    assert config.tolerances == {"level": {"relative": 0.001}, "yield_level": {"absolute": 0.02},
                                 "point_change": {"printed_units": 2.0}}
    assert config.series == (
        SeriesSpec(tmp_path / "data/CN10Y.csv", "CN10Y"),
        SeriesSpec(tmp_path / "data/pe.parquet", "HSTECH-PE", "valuation", "HS Tech forward P/E", "multiple"),
    )


def test_start_from_an_input_file(tmp_path: Path) -> None:
    write(tmp_path / ".factcheck.toml", "offline = true\n")
    draft = write(tmp_path / "drafts" / "a.md", "text")
    assert load_config(draft).offline is True


def test_factcheck_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.factcheck]\nfail-on = 'never'\n")
    write(tmp_path / ".factcheck.toml", "fail-on = 'unverifiable'\n")
    assert load_config(tmp_path).fail_on == "unverifiable"


def test_nearest_file_wins_and_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".factcheck.toml", "fail-on = 'never'\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path / "sub") == tmp_path / ".factcheck.toml"
    write(tmp_path / "sub" / ".factcheck.toml", "[tool.factcheck]\noffline = true\n")
    config = load_config(tmp_path / "sub")
    assert config.offline is True and config.fail_on == "contradicted"


def test_explicit_file(tmp_path: Path) -> None:
    explicit = write(tmp_path / "ci.toml", "github_unverifiable = 'off'\n")
    write(tmp_path / ".factcheck.toml", "offline = true\n")
    config = load_config(tmp_path, explicit)
    assert config.github_unverifiable == "off" and config.offline is False
    with pytest.raises(FactcheckError, match="not found"):
        load_config(tmp_path, tmp_path / "missing.toml")


@pytest.mark.parametrize("text, needle", [
    ("fail_on = 'contradicted'\nfial-on = 'never'\n", "unknown key 'fial-on'"),
    ("[tool.factcheck]\nofline = true\n", "unknown key 'ofline'"),
    ("fail-on = 'sometimes'\n", "fail-on must be contradicted | unverifiable | never"),
    ("offline = 'yes'\n", "offline must be true or false"),
    ("github-unverifiable = 'error'\n", "github-unverifiable must be warning | notice | off"),
    ("rules = [1]\n", "rules must be a folder or a list of folders"),
    ("[tolerances]\nlevel = {relative = -1}\n", "tolerances.level.relative must be a non-negative number"),
    ("[tolerances]\nlevel = 0.001\n", "tolerances.level must be a table such as {relative = 0.001}"),
    ("[tolerances]\nlevel = {relatve = 0.001}\n", "unknown key 'relatve' in tolerances.level"),
    ("series = [{path = 'a.csv', colour = 'red'}]\n", "unknown key 'colour' in a series entry"),
    ("series = [{symbol = 'X'}]\n", "a series entry needs a path"),
    ("fail-on = 'never'\nfail_on = 'never'\n", "given twice"),
    ("offline = \n", "invalid TOML"),
])
def test_bad_config_is_a_one_line_error_naming_the_problem(tmp_path: Path, text: str, needle: str) -> None:
    write(tmp_path / ".factcheck.toml", text)
    with pytest.raises(FactcheckError) as info:
        load_config(tmp_path)
    message = str(info.value)
    assert needle in message and "\n" not in message
    assert ".factcheck.toml" in message


def test_render_options_read_the_config(tmp_path: Path) -> None:
    from factcheck.report import render

    write(tmp_path / ".factcheck.toml", "github-unverifiable = 'warning'\n")
    config = load_config(tmp_path)
    doc = {"source": "a.md", "raw": "X rose 5%.", "claims": [{"text": "5%", "start": 7, "end": 9, "sentence": "X rose 5%.",
                                                            "verdict": {"status": "unverifiable", "reason": "no_data_source", "message": "m"}}]}
    assert render("github", {"documents": [doc]}, config=config).startswith("::warning ")
    assert render("github", {"documents": [doc]}, config=config, github_unverifiable="notice").startswith("::notice ")
