"""Where the rules and the bundled data live, and how rules files are read.

Rules ship in the top-level ``rules/`` folder (the package ``factcheck.rules``
once installed). A newsroom can add folders of its own (``rules = [...]`` in
the configuration): a file there with the name of a shipped one extends it
(mappings are merged key by key, lists are appended), and ``entities/*.yaml``
files add instruments. Extra folders must be set before the first rules file
is read, which the CLI does right after loading the configuration.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from factcheck.model import FactcheckError

_extra_dirs: tuple[Path, ...] = ()


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    """The shipped rules folder (top-level ``rules/`` in a checkout); looked up once."""
    return Path(str(resources.files("factcheck.rules")))


def data_dir() -> Path:
    """The bundled offline market dataset."""
    return Path(__file__).resolve().parent / "data"


def set_extra_rules_dirs(dirs: tuple[Path, ...] | list[Path]) -> None:
    """Use these folders after the shipped rules (a missing folder is an error)."""
    global _extra_dirs
    for d in dirs:
        if not Path(d).is_dir():
            raise FactcheckError(f"rules folder {d} does not exist")
    if tuple(dirs) != _extra_dirs:
        _extra_dirs = tuple(Path(d) for d in dirs)
        load_rules_yaml.cache_clear()


def rules_dirs() -> tuple[Path, ...]:
    """The shipped rules folder first, then the configured extra folders."""
    return (rules_dir(), *_extra_dirs)


def rules_files(subdir: str, pattern: str = "*.yaml") -> list[Path]:
    """Files of a rules sub-folder (e.g. ``entities``) across all rules folders, shipped first."""
    return [p for d in rules_dirs() for p in sorted((d / subdir).glob(pattern))]


def read_yaml(path: Path) -> Any:
    """One YAML file, with libyaml when present (it is several times faster to load)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise FactcheckError(f"cannot read rules file {path}: {str(exc).splitlines()[0]}") from None


@lru_cache(maxsize=None)
def load_rules_yaml(name: str) -> dict[str, Any]:
    """``rules/<name>`` merged with the same file of every extra rules folder."""
    merged: dict[str, Any] = read_yaml(rules_dir() / name) or {}
    for d in _extra_dirs:
        if (d / name).exists():
            merged = merge_rules(merged, read_yaml(d / name) or {})
    return merged


def merge_rules(base: Any, extra: Any) -> Any:
    """Mappings merge key by key, lists append, anything else is replaced by ``extra``."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge_rules(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    return extra
