"""A newsroom's own rules folder, named in its configuration, extends the shipped rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.resources import load_rules_yaml, merge_rules, set_extra_rules_dirs

ENTITY = """\
groups:
  - defaults: {kind: stock, exchange: XNYS, currency: USD, case: sensitive}
    entities:
      - {name: Acme Widgets Inc., symbol: ACMW, aliases: ["Acme Widgets", "Acme"]}
"""
HEDGES = "hedges:\n  - {phrases: [\"a whisker under\"], mode: below, rel: 0.05}\n"


def _extract(folder: Path, *extra: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "factcheck", "extract", "draft.txt", "--format", "json", *extra],
                          cwd=folder, capture_output=True, text=True, env=dict(os.environ), timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["documents"][0]["claims"][0]


def test_extra_folder_adds_an_instrument_and_a_hedge(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text("NEW YORK, May 3, 2024 --\n\nAcme Widgets shares rose a whisker under "
                                        "4% on Friday.\n", encoding="utf-8")
    before = _extract(tmp_path)
    assert before["subject"] is None and before["unresolved_subject"]
    assert before["hedge"] == {"text": "under", "mode": "less_than"}

    house = tmp_path / "house-rules"
    (house / "entities").mkdir(parents=True)
    (house / "entities" / "local.yaml").write_text(ENTITY, encoding="utf-8")
    (house / "hedges.yaml").write_text(HEDGES, encoding="utf-8")
    (tmp_path / ".factcheck.toml").write_text('rules = ["house-rules"]\n', encoding="utf-8")
    after = _extract(tmp_path)
    assert after["subject"]["symbol"] == "ACMW"
    assert after["hedge"] == {"text": "a whisker under", "mode": "below"}


def test_missing_rules_folder_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "draft.txt").write_text("Apple rose 2% on Monday.\n", encoding="utf-8")
    (tmp_path / ".factcheck.toml").write_text('rules = ["nope"]\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "factcheck", "extract", "draft.txt"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "nope" in proc.stderr


def test_merge_appends_lists_and_merges_mappings() -> None:
    base = {"a": [1], "b": {"x": 1, "y": [1]}, "c": 1}
    assert merge_rules(base, {"a": [2], "b": {"y": [2], "z": 3}, "c": 2}) == \
        {"a": [1, 2], "b": {"x": 1, "y": [1, 2], "z": 3}, "c": 2}


def test_extra_folder_extends_a_shipped_file(tmp_path: Path) -> None:
    (tmp_path / "hedges.yaml").write_text(HEDGES, encoding="utf-8")
    shipped = len(load_rules_yaml("hedges.yaml")["hedges"])
    try:
        set_extra_rules_dirs([tmp_path])
        assert len(load_rules_yaml("hedges.yaml")["hedges"]) == shipped + 1
    finally:
        set_extra_rules_dirs([])
    assert len(load_rules_yaml("hedges.yaml")["hedges"]) == shipped
    with pytest.raises(Exception, match="does not exist"):
        set_extra_rules_dirs([tmp_path / "missing"])
