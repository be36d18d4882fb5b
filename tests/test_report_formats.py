"""Report formats: golden files, the SARIF schema, GitHub's escaping rules, exit codes.

Goldens live in tests/golden/; after an intended change, rewrite them with
``FACTCHECK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_report_formats.py`` and review the diff.
"""

from __future__ import annotations

import copy
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from factcheck.model import REASONS, FactcheckError
from factcheck.report import (
    FORMATS,
    exit_code,
    format_for_path,
    load_result,
    progress,
    progress_enabled,
    render,
    write_report,
)
from factcheck.report.common import LineIndex, fmt_interval, status_of
from factcheck.report.github import escape_data, escape_property

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "results"
HANDMADE = FIXTURES / "handmade.json"  # every number known by hand (build_seed.py); seed.json is the pipeline's (regenerate.py)
GOLDEN = HERE / "golden"
SCHEMA = HERE / "schemas" / "sarif-schema-2.1.0.json"
GOLDEN_SUFFIX = {
    "table": "table.txt",
    "json": "json",
    "html": "html",
    "sarif": "sarif",
    "github": "github.txt",
    "junit": "junit.xml",
    "markdown": "md",
}


def sarif_validator() -> jsonschema.Draft7Validator:
    """The OASIS schema as copied keeps the log object under definitions/Root and leaves the
    top level empty, so validating against the file as-is would accept anything."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert "properties" not in schema and "Root" in schema["definitions"]
    return jsonschema.Draft7Validator({**schema, "$ref": "#/definitions/Root"})


@pytest.fixture()
def result() -> dict[str, Any]:
    return json.loads(HANDMADE.read_text(encoding="utf-8"))


@pytest.fixture(params=["handmade", "seed"])
def any_result(request: pytest.FixtureRequest) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{request.param}.json").read_text(encoding="utf-8"))


def claims_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for d in result["documents"] for c in d["claims"]]


@pytest.mark.parametrize("fixture", ["handmade", "seed"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_format_matches_golden(fmt: str, fixture: str) -> None:
    result = json.loads((FIXTURES / f"{fixture}.json").read_text(encoding="utf-8"))
    text = render(fmt, result, width=120)
    path = GOLDEN / f"{fixture}.{GOLDEN_SUFFIX[fmt]}"
    if os.environ.get("FACTCHECK_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path.name}: run with FACTCHECK_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_every_format_is_deterministic(any_result: dict[str, Any]) -> None:
    for fmt in FORMATS:
        assert render(fmt, copy.deepcopy(any_result)) == render(fmt, any_result)


def test_json_round_trips(any_result: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    out.write_text(render("json", any_result), encoding="utf-8")
    assert load_result(out) == any_result


def test_sarif_is_valid_against_the_oasis_schema(any_result: dict[str, Any]) -> None:
    result = any_result
    sarif = json.loads(render("sarif", result))
    sarif_validator().validate(sarif)
    run = sarif["runs"][0]
    rules = run["driver"]["rules"] if "driver" in run else run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids[:2] == ["supported", "contradicted"]
    assert {f"unverifiable/{code}" for code in REASONS} <= set(ids)
    assert len(run["results"]) == len(claims_of(result))


def test_sarif_regions_point_at_the_figures(any_result: dict[str, Any]) -> None:
    result = any_result
    sarif = json.loads(render("sarif", result))
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    docs = result["documents"]
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]
        raw = docs[loc["artifactLocation"]["index"]]["raw"]
        region = loc["region"]
        figure = raw[region["charOffset"] : region["charOffset"] + region["charLength"]]
        assert figure == region["snippet"]["text"]
        line = raw.split("\n")[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == figure
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    by_status = {r["properties"]["status"]: r for r in run["results"]}
    assert by_status["contradicted"]["level"] == "error"
    assert by_status["supported"]["kind"] == "pass"
    assert by_status["suppressed"]["suppressions"][0]["kind"] == "inSource"


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The schema check can fail: a result without a message is invalid SARIF."""
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "a"}]}]}
    with pytest.raises(jsonschema.ValidationError, match="message"):
        sarif_validator().validate(broken)
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator().validate({"version": "2.0.0", "runs": []})


def test_github_annotations_levels_and_positions(result: dict[str, Any]) -> None:
    lines = render("github", result).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 1
    assert "file=drafts/tencent-draft.md,line=8,endLine=8,col=46,endColumn=50," in errors[0]
    raw = result["documents"][1]["raw"]
    assert raw.split("\n")[7][45:49] == "9.8%"
    assert "title=factcheck%3A contradicted “9.8%25”" in errors[0]
    assert all(line.startswith(("::error ", "::notice ", "::warning ")) for line in lines)
    notices = [line for line in lines if line.startswith("::notice ")]
    # 6 unverifiable market claims (the date anchor is not annotated) + 1 suppressed
    assert len(notices) == 7
    assert sum("suppressed" in line for line in notices) == 1
    assert not any("(anchor)" in line for line in lines)


def test_github_unverifiable_level_is_configurable(result: dict[str, Any]) -> None:
    warn = render("github", result, github_unverifiable="warning").splitlines()
    assert sum(line.startswith("::warning ") for line in warn) == 6
    off = render("github", result, github_unverifiable="off").splitlines()
    assert [line.split(" ", 1)[0] for line in off] == ["::error", "::notice"]


def test_github_escaping_rules() -> None:
    assert escape_data("50% up\r\nnext") == "50%25 up%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_escapes_article_text() -> None:
    raw = "Line one.\nShares, up: 5% today.\n"
    doc = {
        "source": "dir,with:odd/a.md", "raw": raw,
        "claims": [{"text": "5%", "start": raw.index("5%"), "end": raw.index("5%") + 2, "sentence": "Shares, up: 5% today.",
                    "unit": "percent", "verdict": {"status": "contradicted", "reason": None, "claimed": [4.5, 5.5],
                                                   "observed": [2.0, 2.0], "gap": 2.5, "message": "claimed 5%\nobserved 2%"}}],
    }
    (line,) = render("github", {"documents": [doc]}).splitlines()
    assert line.startswith("::error file=dir%2Cwith%3Aodd/a.md,line=2,endLine=2,col=13,endColumn=15,")
    assert "::claimed 5%25%0Aobserved 2%25" in line


def test_line_index_counts_characters_not_bytes() -> None:
    raw = "héllo\n“quoted” 5%\r\nlast"
    index = LineIndex(raw)
    at = raw.index("5%")
    assert index.position(at) == (2, 10)
    assert index.span(at, at + 2) == (2, 10, 2, 12)
    assert index.position(0) == (1, 1)
    assert index.position(len(raw)) == (3, 5)


def test_junit_cases_failures_and_skips(result: dict[str, Any]) -> None:
    root = ET.fromstring(render("junit", result))
    cases = root.findall(".//testcase")
    assert len(cases) == len(claims_of(result)) == int(root.get("tests"))
    assert len(root.findall(".//testcase/failure")) == 1 == int(root.get("failures"))
    assert len(root.findall(".//testcase/skipped")) == 8 == int(root.get("skipped"))
    failure = root.find(".//failure")
    assert "9.8%" in failure.get("message") and "0700.HK" in failure.text
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["seeds/fortune-2025-02-16-china-rally.txt", "drafts/tencent-draft.md"]


def test_markdown_escapes_table_cells() -> None:
    raw = "A | pipe and <b>tag</b> with `code` 5%."
    doc = {"source": "x.md", "raw": raw, "claims": [{
        "text": "5%", "start": raw.index("5%"), "end": raw.index("5%") + 2, "sentence": raw, "unit": "percent",
        "verdict": {"status": "contradicted", "reason": None, "claimed": [4.5, 5.5], "observed": [1, 1], "gap": 3.5, "message": "m"}}]}
    text = render("markdown", {"documents": [doc]})
    row = next(line for line in text.splitlines() if line.startswith("| x.md:1"))
    assert "\\|" in row and "&lt;b&gt;" in row and "\\`code\\`" in row and "**5%**" in row
    assert row.count(" | ") == 5  # six cells: the pipe in the text did not split a cell


def test_markdown_summary_counts(result: dict[str, Any]) -> None:
    text = render("markdown", result)
    assert text.startswith("## factcheck: ✗ 1 contradicted, ? 7 unverifiable, ✓ 5 supported, ⊘ 1 suppressed")
    assert "| drafts/tencent-draft.md | 2025-02-16T21:12:00-05:00 | 1 | 0 | 0 | 1 |" in text
    assert "bundled (snapshot 2025-05-22)" in text


def test_table_marks_figures_and_counts(result: dict[str, Any]) -> None:
    text = render("table", result, width=160)
    assert "[9.8%]" in text and "✗ contradicted" in text
    assert "factcheck: ✗ 1 contradicted, ? 7 unverifiable, ✓ 5 supported, ⊘ 1 suppressed in 2 documents" in text
    assert "\x1b[" not in text
    assert "\x1b[" in render("table", result, color=True)


def test_extract_table_without_verdicts(result: dict[str, Any]) -> None:
    from factcheck.report.table import render_extract

    for doc in result["documents"]:
        doc.pop("summary")
        for claim in doc["claims"]:
            claim.pop("verdict")
    text = render_extract(result, width=200)
    assert "subject (symbol)" in text and "Tencent Holdings (0700.HK)" in text
    assert "as much as (extreme)" in text and "since Jan. 13" in text
    assert "14 figures in 2 documents" in text
    assert render("table", result, width=200) == text  # a result without verdicts reads as an extract


def test_suppressed_is_reported_in_every_format(any_result: dict[str, Any]) -> None:
    for fmt in FORMATS:
        assert "suppressed" in render(fmt, any_result).lower(), fmt


def test_github_positions_match_the_raw_text(any_result: dict[str, Any]) -> None:
    """Every annotation's line/col/endColumn slice of the file is the figure's text."""
    docs = {d["source"]: d for d in any_result["documents"]}
    lines = render("github", any_result).splitlines()
    assert lines
    for line in lines:
        props = dict(kv.split("=", 1) for kv in line.split(" ", 1)[1].split("::", 1)[0].split(","))
        doc = docs[props["file"].replace("%3A", ":").replace("%2C", ",").replace("%25", "%")]
        text_line = doc["raw"].split("\n")[int(props["line"]) - 1]
        figure = text_line[int(props["col"]) - 1 : int(props["endColumn"]) - 1]
        assert any(c["text"] == figure for c in doc["claims"]), (line, figure)


def test_exit_codes(result: dict[str, Any]) -> None:
    assert exit_code(result, "contradicted") == 1
    assert exit_code(result, "unverifiable") == 1
    assert exit_code(result, "never") == 0
    seed_only = {**result, "documents": result["documents"][:1]}
    assert exit_code(seed_only, "contradicted") == 0
    assert exit_code(seed_only, "unverifiable") == 1  # unverifiable market claims fail at this level
    errored = {**seed_only, "documents": [{**seed_only["documents"][0], "error": "cannot read"}]}
    assert exit_code(errored, "never") == 2
    with pytest.raises(FactcheckError):
        exit_code(result, "sometimes")


def test_only_informational_or_suppressed_claims_do_not_fail(result: dict[str, Any]) -> None:
    doc = result["documents"][0]
    keep = [c for c in doc["claims"] if c["verdict"]["status"] == "supported" or c["verdict"]["reason"] == "anchor"]
    only = {**result, "documents": [{**doc, "claims": keep}, result["documents"][1]]}
    only["documents"][1] = {**only["documents"][1], "claims": [c for c in result["documents"][1]["claims"] if c["suppressed"]]}
    assert exit_code(only, "unverifiable") == 0


def test_format_for_path(tmp_path: Path) -> None:
    assert format_for_path("r.html") == "html"
    assert format_for_path("out/r.sarif.json") == "sarif"
    assert format_for_path("r.sarif") == "sarif"
    assert format_for_path("r.json") == "json"
    assert format_for_path("summary.md") == "markdown"
    assert format_for_path("junit.xml") == "junit"
    assert format_for_path("reports/") == "html"
    assert format_for_path(tmp_path) == "html"
    assert format_for_path(None) == "table"


def test_write_report_site_and_single_file(result: dict[str, Any], tmp_path: Path) -> None:
    paths = write_report("html", result, tmp_path / "site")
    assert [p.name for p in paths] == ["fortune-2025-02-16-china-rally.html", "tencent-draft.html", "index.html"]
    one = write_report("markdown", result, tmp_path / "deep" / "summary.md")
    assert one[0].read_text(encoding="utf-8") == render("markdown", result)


@pytest.mark.parametrize("content, needle", [
    ("{not json", "not a JSON result"),
    ('{"schema_version": 1}', "no 'documents' list"),
    ('{"schema_version": 99, "documents": []}', "schema version 99"),
])
def test_load_result_errors_are_one_line(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FactcheckError, match=needle):
        load_result(path)
    with pytest.raises(FactcheckError, match="no such file"):
        load_result(tmp_path / "missing.json")


def test_unknown_format_is_a_user_error(result: dict[str, Any]) -> None:
    with pytest.raises(FactcheckError, match="unknown format"):
        render("pdf", result)


def test_interval_wording() -> None:
    assert fmt_interval([57.0, 63.0], "percent") == "57–63%"
    assert fmt_interval([58.9, 58.9], "percent") == "58.9%"
    assert fmt_interval([40.0, None], "percent") == "≥ 40%"
    assert fmt_interval([None, 2.0], "percentage_point") == "≤ 2 pp"
    assert fmt_interval([16e12, 16e12], "USD") == "16 trillion USD"
    assert fmt_interval(None, "percent") == "—"


def test_status_of_prefers_suppression() -> None:
    assert status_of({"suppressed": True, "verdict": {"status": "contradicted"}}) == "suppressed"
    assert status_of({"verdict": {"status": "supported"}}) == "supported"
    assert status_of({}) == "unverifiable"


def test_progress_helper_passes_items_through() -> None:
    assert list(progress(iter([1, 2, 3]), total=3, enabled=False)) == [1, 2, 3]
    assert list(progress([1, 2], total=2, enabled=True)) == [1, 2]


def test_progress_is_off_when_piped_or_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert progress_enabled(3, Tty())
    assert not progress_enabled(1, Tty())

    class Pipe:
        def isatty(self) -> bool:
            return False

    assert not progress_enabled(3, Pipe())
    monkeypatch.setenv("CI", "true")
    assert not progress_enabled(3, Tty())
