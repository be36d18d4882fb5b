"""Where the rules and the bundled data live, installed or in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def rules_dir() -> Path:
    """The shipped rules folder (top-level ``rules/`` in a checkout)."""
    return Path(str(resources.files("factcheck.rules")))


def data_dir() -> Path:
    """The bundled offline market dataset."""
    return Path(__file__).resolve().parent / "data"
