"""The command line as a user meets it: exit codes, one-line errors, the JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "fortune-2025-02-16-china-rally.txt"


def run(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTCHECK_CACHE_DIR": str(cwd / ".fc-cache")} if cwd != ROOT else dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "factcheck", *args], input=stdin, capture_output=True,
                          cwd=cwd, env=env, timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "latin1.txt").write_bytes("Stocks rose 3% in Z\xfcrich".encode("latin-1"))
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.write(b"The S&P 500 rose 1.2%. " * (50 * 1024 * 1024 // 23 + 1))
    (tmp_path / "folder").mkdir()
    return {"empty": tmp_path / "empty.txt", "binary": tmp_path / "binary.txt",
            "latin1": tmp_path / "latin1.txt", "huge": big, "folder": tmp_path / "folder",
            "missing": tmp_path / "nope.txt"}


@pytest.mark.parametrize("command", ["extract", "check"])
@pytest.mark.parametrize("case", ["empty", "binary", "latin1", "huge", "folder", "missing"])
def test_bad_input_is_one_line_and_exit_2(command: str, case: str, bad_inputs: dict[str, Path]) -> None:
    path = bad_inputs[case]
    extra = ["--offline"] if command == "check" else []
    assert_one_line_error(run(command, str(path), *extra), path.name)


def test_bad_stdin_is_one_line_and_exit_2() -> None:
    assert_one_line_error(run("extract", "-", stdin=b"\xff\xfe\x00binary"), "stdin")


def test_usage_errors_exit_2() -> None:
    assert run("check").returncode == 2
    assert run("extract", str(SEED), "--format", "nope").returncode == 2
    assert_one_line_error(run("extract", str(SEED), "--published", "next tuesday"), "published")


def test_extract_json_contract_on_the_seed() -> None:
    proc = run("extract", str(SEED), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["schema_version"] == 1
    (doc,) = out["documents"]
    assert doc["source"] == str(SEED)
    assert doc["published"]["instant"].startswith("2025-02-16T21:12")
    raw = SEED.read_text(encoding="utf-8")
    required = {"text", "sentence", "start", "end", "value", "unit", "hedge", "subject", "metric", "window", "kind"}
    for claim in doc["claims"]:
        assert required <= claim.keys()
        assert raw[claim["start"]:claim["end"]] == claim["text"]
        assert claim["subject"] is None or {"name", "symbol"} <= claim["subject"].keys()


def test_extract_reads_several_files_and_stdin(tmp_path: Path) -> None:
    md = tmp_path / "draft.md"
    md.write_text("---\ntitle: Tesla jumps\ndate: 2024-10-24\n---\n\nTesla shares rose 21.9% on Thursday.\n",
                  encoding="utf-8")
    proc = run("extract", str(SEED), str(md), "-", "--format", "json",
               stdin="Apple shares fell 2% on Monday.".encode())
    assert proc.returncode == 0, proc.stderr
    docs = json.loads(proc.stdout)["documents"]
    assert [d["source"] for d in docs] == [str(SEED), str(md), "-"]
    assert [c["text"] for c in docs[1]["claims"]] == ["21.9%"]
    assert docs[1]["claims"][0]["start"] == md.read_text().index("21.9%")


def test_check_seed_offline_exits_0_and_counts(tmp_path: Path) -> None:
    proc = run("check", str(SEED), "--offline", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["summary"]["contradicted"] == 0
    market = [c for c in result["documents"][0]["claims"] if c["kind"] == "market"]
    assert sorted(c["text"] for c in market if c["verdict"]["status"] == "supported") == \
        ["1.7%", "40%", "60%", "7.8%", "February 2022"]


def test_check_contradiction_exits_1_and_fail_on_levels(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(SEED.read_text(encoding="utf-8").replace("as much as 7.8%", "as much as 9.8%"),
                     encoding="utf-8")
    assert run("check", str(wrong), "--offline", cwd=tmp_path).returncode == 1
    assert run("check", str(wrong), "--offline", "--exit-zero", cwd=tmp_path).returncode == 0
    assert run("check", str(wrong), "--offline", "--fail-on", "never", cwd=tmp_path).returncode == 0
    assert run("check", str(SEED), "--offline", "--fail-on", "unverifiable", cwd=tmp_path).returncode == 1


def test_report_written_atomically_to_file(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    proc = run("check", str(SEED), "--offline", "--format", "json", "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())["documents"][0]["claims"]
    assert not list(tmp_path.glob(".seed.json.*.tmp"))
    assert_one_line_error(run("check", str(SEED), "--offline", "-o", str(tmp_path / "no" / "x.json"),
                              cwd=tmp_path), "does not exist")


def test_internal_error_is_one_line_without_traceback(monkeypatch, capsys) -> None:
    """A bug in a stage still ends in one line on stderr and exit 2 (FACTCHECK_DEBUG shows it)."""
    from factcheck import cli, pipeline

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "extract", broken)
    monkeypatch.delenv("FACTCHECK_DEBUG", raising=False)
    assert cli.main(["extract", str(SEED)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: ZeroDivisionError" in err
    monkeypatch.setenv("FACTCHECK_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        cli.main(["extract", str(SEED)])
