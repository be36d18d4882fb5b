"""Project configuration: ``[tool.factcheck]`` in pyproject.toml or a ``.factcheck.toml``.

A newsroom repository keeps its settings next to its drafts, so the file is
found by walking up from the current directory (or the first input file). In
each folder ``.factcheck.toml`` wins over ``pyproject.toml``; a pyproject
without a ``[tool.factcheck]`` table is passed over. Keys are kebab-case
(``fail-on``); snake_case spellings are accepted too. An unknown key is an
error naming it: a typo must not silently turn a setting off.

Example::

    [tool.factcheck]
    rules = ["factcheck-rules"]          # extra rules folders, read after the shipped ones
    fail-on = "contradicted"             # contradicted | unverifiable | never
    offline = true
    cache-dir = ".cache/factcheck"
    github-unverifiable = "warning"      # warning | notice | off
    series = [{symbol = "CN10Y", path = "data/cn10y.csv", kind = "yield", name = "China 10-year yield"}]

    [tool.factcheck.tolerances]          # overrides of rules/tolerances.yaml `kinds`
    level = {relative = 0.001}
    yield_level = {absolute = 0.02}
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.model import FactcheckError

CONFIG_NAMES = (".factcheck.toml", "pyproject.toml")
FAIL_ON = ("contradicted", "unverifiable", "never")
ANNOTATION_LEVELS = ("warning", "notice", "off")
TOLERANCE_MEASURES = ("relative", "absolute", "printed_units", "relative_price")  # as in rules/tolerances.yaml


@dataclass(frozen=True)
class SeriesSpec:
    """A user-supplied series (CSV/Parquet) for what the bundled data and Yahoo lack."""

    path: Path
    symbol: str
    kind: str | None = None
    name: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Config:
    rules_dirs: tuple[Path, ...] = ()
    tolerances: dict[str, dict[str, float]] = field(default_factory=dict)  # overrides of rules/tolerances.yaml kinds
    fail_on: str = "contradicted"
    offline: bool = False
    cache_dir: Path | None = None
    series: tuple[SeriesSpec, ...] = ()
    github_unverifiable: str = "notice"
    path: Path | None = None  # the file the settings came from; None = defaults


_KEYS = {
    "rules": "rules_dirs",
    "tolerances": "tolerances",
    "fail-on": "fail_on",
    "offline": "offline",
    "cache-dir": "cache_dir",
    "series": "series",
    "github-unverifiable": "github_unverifiable",
}
_SERIES_KEYS = ("path", "symbol", "kind", "name", "unit")


def find_config(start_dir: Path) -> Path | None:
    """The nearest config file at or above ``start_dir`` (a file path starts from its folder)."""
    start = Path(start_dir).resolve()
    if start.is_file() or (not start.exists() and start.suffix):
        start = start.parent
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and _table(candidate, required=False) is None:
                continue
            return candidate
    return None


def load_config(start_dir: Path, explicit: Path | None = None) -> Config:
    """The settings for a run: ``explicit`` if given, else the nearest config file, else defaults."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise FactcheckError(f"{path}: config file not found")
    else:
        found = find_config(start_dir)
        if found is None:
            return Config()
        path = found
    table = _table(path, required=True) or {}
    return _parse(table, path)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise FactcheckError(f"{path}: invalid TOML ({exc})") from None
    except OSError as exc:
        raise FactcheckError(f"{path}: cannot read ({exc.strerror})") from None


def _table(path: Path, required: bool) -> dict[str, Any] | None:
    """The factcheck table of a file: ``[tool.factcheck]``, or the top level of a .factcheck.toml."""
    data = _read(path)
    tool = data.get("tool")
    if isinstance(tool, dict) and "factcheck" in tool:
        table = tool["factcheck"]
        if not isinstance(table, dict):
            raise FactcheckError(f"{path}: [tool.factcheck] must be a table")
        return table
    if path.name == "pyproject.toml":
        return {} if required else None
    return data


def _parse(table: dict[str, Any], path: Path) -> Config:
    base = path.resolve().parent
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in _KEYS:
            known = ", ".join(_KEYS)
            raise FactcheckError(f"{path}: unknown key {raw_key!r} in factcheck config (known: {known})")
        name = _KEYS[key]
        if name in values:
            raise FactcheckError(f"{path}: key {raw_key!r} given twice")
        values[name] = _convert(name, raw_key, value, base, path)
    return Config(path=path, **values)


def _convert(name: str, key: str, value: Any, base: Path, path: Path) -> Any:
    def bad(expected: str) -> FactcheckError:
        return FactcheckError(f"{path}: {key} must be {expected}, not {value!r}")

    if name == "rules_dirs":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise bad("a folder or a list of folders")
        return tuple(base / v for v in items)
    if name == "tolerances":
        if not isinstance(value, dict):
            raise bad("a table of kind = {relative|absolute|printed_units|relative_price = number}")
        out: dict[str, dict[str, float]] = {}
        for kind, spec in value.items():
            if not isinstance(spec, dict):
                raise FactcheckError(
                    f"{path}: tolerances.{kind} must be a table such as {{relative = 0.001}}, not {spec!r}")
            entry: dict[str, float] = {}
            for measure, amount in spec.items():
                if measure not in TOLERANCE_MEASURES:
                    raise FactcheckError(
                        f"{path}: unknown key {measure!r} in tolerances.{kind} (known: {', '.join(TOLERANCE_MEASURES)})")
                if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount < 0:
                    raise FactcheckError(f"{path}: tolerances.{kind}.{measure} must be a non-negative number, not {amount!r}")
                entry[measure] = float(amount)
            out[str(kind)] = entry
        return out
    if name == "fail_on":
        if value not in FAIL_ON:
            raise bad(" | ".join(FAIL_ON))
        return value
    if name == "github_unverifiable":
        if value not in ANNOTATION_LEVELS:
            raise bad(" | ".join(ANNOTATION_LEVELS))
        return value
    if name == "offline":
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if name == "cache_dir":
        if not isinstance(value, str) or not value:
            raise bad("a folder")
        return (base / Path(value).expanduser()).resolve()
    if name == "series":
        if not isinstance(value, list):
            raise bad("a list of series")
        return tuple(_series(item, base, path) for item in value)
    raise AssertionError(name)  # every key of _KEYS is converted above


def _series(item: Any, base: Path, path: Path) -> SeriesSpec:
    """A series entry: a file path (symbol = file stem) or a table with path, symbol, kind, name, unit."""
    if isinstance(item, str):
        p = base / item
        return SeriesSpec(path=p, symbol=p.stem)
    if not isinstance(item, dict):
        raise FactcheckError(f"{path}: each series must be a path or a table, not {item!r}")
    for key in item:
        if key not in _SERIES_KEYS:
            raise FactcheckError(f"{path}: unknown key {key!r} in a series entry (known: {', '.join(_SERIES_KEYS)})")
    if not isinstance(item.get("path"), str):
        raise FactcheckError(f"{path}: a series entry needs a path")
    for key in ("symbol", "kind", "name", "unit"):
        if key in item and not isinstance(item[key], str):
            raise FactcheckError(f"{path}: series {key} must be text, not {item[key]!r}")
    p = base / item["path"]
    return SeriesSpec(path=p, symbol=item.get("symbol") or p.stem, kind=item.get("kind"), name=item.get("name"), unit=item.get("unit"))
