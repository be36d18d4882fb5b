"""`factcheck report`, the composite GitHub Action's script and the pre-commit hook definition."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from factcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "results" / "handmade.json"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


def test_report_renders_each_format(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(SEED), "--format", "github", "--exit-zero"]) == 0
    out = capsys.readouterr().out
    assert out.count("::error ") == 1
    assert main(["report", str(SEED), "--format", "github", "--github-unverifiable", "warning", "--exit-zero"]) == 0
    assert capsys.readouterr().out.count("::warning ") == 6


def test_report_exit_codes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(SEED), "-o", "r.md"]) == 1
    assert main(["report", str(SEED), "-o", "r.md", "--exit-zero"]) == 0
    assert main(["report", str(SEED), "-o", "r.md", "--fail-on", "never"]) == 0
    (tmp_path / ".factcheck.toml").write_text("fail-on = 'never'\n", encoding="utf-8")
    assert main(["report", str(SEED), "-o", "r.md"]) == 0  # the project's config sets the default
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("## factcheck:")


def test_report_output_suffix_picks_the_format(tmp_path: Path) -> None:
    for name, probe in (("r.sarif", '"version": "2.1.0"'), ("r.xml", "<testsuites"), ("r.html", "<!doctype html>"),
                        ("r.json", '"schema_version": 1')):
        proc = run("report", str(SEED), "-o", str(tmp_path / name), "--exit-zero", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert probe in (tmp_path / name).read_text(encoding="utf-8")


def test_report_folder_writes_a_site(tmp_path: Path) -> None:
    proc = run("report", str(SEED), "-o", str(tmp_path / "site") + "/", cwd=tmp_path)
    assert proc.returncode == 1
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [
        "fortune-2025-02-16-china-rally.html", "index.html", "tencent-draft.html"]


def test_report_reads_stdin(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "factcheck", "report", "-", "--format", "markdown", "--exit-zero"],
                          input=SEED.read_text(encoding="utf-8"), capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0 and "✗ 1 contradicted" in proc.stdout


@pytest.mark.parametrize("setup, needle", [
    (lambda d: (d / "r.json").write_text("[]"), "not a factcheck result"),
    (lambda d: (d / "r.json").write_text('{"schema_version": 7, "documents": []}'), "schema version 7"),
    (lambda d: (d / ".factcheck.toml").write_text("fail_onn = 'never'\n") and (d / "r.json").write_text(SEED.read_text()), "unknown key 'fail_onn'"),
])
def test_report_errors_are_one_line_exit_2(tmp_path: Path, setup, needle: str) -> None:
    setup(tmp_path)
    proc = run("report", str(tmp_path / "r.json"), cwd=tmp_path)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in proc.stderr


def test_pre_commit_hook_definition() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "factcheck" and hook["entry"] == "factcheck check" and hook["language"] == "python"
    import re

    pattern = re.compile(hook["files"])
    assert all(pattern.search(n) for n in ("a.md", "b/c.html", "d.htm", "e.txt", "f.markdown"))
    assert not any(pattern.search(n) for n in ("a.py", "b.json", "md.yaml"))


def _action_step(name: str) -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    return next(s["run"] for s in action["runs"]["steps"] if s.get("name") == name)


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
def test_action_checks_changed_files_annotates_and_summarises(tmp_path: Path) -> None:
    """Run the action's own shell steps in a scratch repository.

    ``factcheck check`` is faked (it writes the seed fixture as its result, since
    this test is about the action's plumbing); ``factcheck report`` is the real one.
    """
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    (repo / "old.md").write_text("Old draft.\n")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    base = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    (repo / "articles").mkdir()
    (repo / "articles" / "new.md").write_text("Tencent rose as much as 9.8% on Monday.\n")
    (repo / "articles" / "data.csv").write_text("a,b\n")
    (repo / "old.md").write_text("Old draft, edited.\n")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "draft"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()

    bindir = tmp_path / "bin"
    bindir.mkdir()
    calls = tmp_path / "calls.txt"
    fake = bindir / "factcheck"
    fake.write_text(
        "#!/usr/bin/env bash\n"
        f'if [ "$1" = check ]; then echo "$@" >> "{calls}"; while [ "$1" != "-o" ]; do shift; done; cp "{SEED}" "$2"; exit 0; fi\n'
        f'exec "{sys.executable}" -m factcheck "$@"\n'
    )
    fake.chmod(0o755)
    temp = tmp_path / "runner"
    temp.mkdir()
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "RUNNER_TEMP": str(temp),
           "GITHUB_OUTPUT": str(tmp_path / "output.txt"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "FC_FILES": "", "FC_PATH": ".", "BASE_SHA": base, "HEAD_SHA": head,
           "FC_FAIL_ON": "", "FC_OFFLINE": "true", "FC_LEVEL": ""}
    find = subprocess.run(["bash", "-eo", "pipefail", "-c", _action_step("Find changed files")], cwd=repo, env=env,
                          capture_output=True, text=True)
    assert find.returncode == 0, find.stderr
    outputs = dict(line.split("=", 1) for line in (tmp_path / "output.txt").read_text().splitlines())
    assert outputs["count"] == "2"
    assert sorted(Path(outputs["list"]).read_text().split()) == ["articles/new.md", "old.md"]

    env["FC_LIST"] = outputs["list"]
    check = subprocess.run(["bash", "-eo", "pipefail", "-c", _action_step("Check")], cwd=repo, env=env,
                           capture_output=True, text=True)
    assert check.returncode == 1, check.stderr  # the fixture has a contradicted figure
    assert "--offline" in calls.read_text() and "articles/new.md" in calls.read_text()
    assert check.stdout.count("::error ") == 1
    assert (tmp_path / "summary.md").read_text().startswith("## factcheck: ✗ 1 contradicted")
    outputs = dict(line.split("=", 1) for line in (tmp_path / "output.txt").read_text().splitlines())
    assert outputs["exit-code"] == "1"
    assert json.loads(Path(outputs["result"]).read_text())["schema_version"] == 1

    env["FC_FAIL_ON"] = "never"
    again = subprocess.run(["bash", "-eo", "pipefail", "-c", _action_step("Check")], cwd=repo, env=env,
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
