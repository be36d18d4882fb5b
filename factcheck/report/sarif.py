"""SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps, IDE viewers).

One rule per verdict kind: ``supported``, ``contradicted``, and one
``unverifiable/<reason>`` per reason code, always listed in the same order so
rule indexes are stable across runs. Regions carry both line/column (columns
in Unicode code points, declared by ``columnKind``) and ``charOffset`` /
``charLength`` into the raw file. Suppressed claims carry an ``inSource``
suppression, as SARIF intends for comments in the source.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from factcheck.model import REASONS
from factcheck.report import option
from factcheck.report.common import (
    LineIndex,
    claim_summary,
    documents,
    is_informational,
    reason_of,
    status_of,
    subject_text,
)

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/factcheck/factcheck"

_LEVEL = {"warning": "warning", "notice": "note", "off": "none"}


def rules(unverifiable_level: str) -> list[dict[str, Any]]:
    out = [
        _rule("supported", "The figure agrees with the market data.", "none"),
        _rule("contradicted", "The figure disagrees with the market data beyond its rounding, hedge and the data tolerance.", "error"),
    ]
    for code, text in REASONS.items():
        level = "none" if code in ("anchor", "not_market", "suppressed") else _LEVEL[unverifiable_level]
        out.append(_rule(f"unverifiable/{code}", f"The figure cannot be checked: {text}.", level))
    return out


def _rule(rule_id: str, text: str, level: str) -> dict[str, Any]:
    name = "".join(part.capitalize() for part in rule_id.replace("/", "_").split("_"))
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": text},
        "defaultConfiguration": {"level": level},
        "helpUri": f"{INFO_URI}/blob/main/docs/ci.md",
    }


def rule_id(claim: dict[str, Any]) -> str:
    status = status_of(claim)
    if status == "suppressed":
        inner = (claim.get("verdict") or {}).get("status")
        if inner in ("supported", "contradicted"):
            return inner
        code = reason_of(claim)
        return f"unverifiable/{code if code in REASONS else 'suppressed'}"
    if status in ("supported", "contradicted"):
        return status
    code = reason_of(claim)
    return f"unverifiable/{code}" if code in REASONS else "unverifiable/unsupported_metric"


def uri_for(source: str) -> str:
    """A relative URI reference for a path as given (``stdin`` for ``-``)."""
    if source == "-":
        return "stdin"
    return quote(source.replace("\\", "/"), safe="/:._-~")


def render(results: dict[str, Any], **opts: Any) -> str:
    level_opt = option(opts, "github_unverifiable", "notice")
    rule_list = rules(level_opt)
    index_of = {r["id"]: i for i, r in enumerate(rule_list)}
    artifacts: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    for a, doc in enumerate(documents(results)):
        source = str(doc.get("source") or "-")
        raw = doc.get("raw") if isinstance(doc.get("raw"), str) else None
        artifact: dict[str, Any] = {"location": {"uri": uri_for(source)}, "sourceLanguage": _language(doc.get("format"))}
        if raw is not None:
            artifact["length"] = len(raw.encode("utf-8"))
        artifacts.append(artifact)
        index = LineIndex(raw) if raw is not None else None
        for claim in doc.get("claims") or []:
            out.append(_result(claim, a, source, index, index_of, level_opt))
    tool = results.get("tool") or {}
    run = {
        "tool": {
            "driver": {
                "name": str(tool.get("name") or "factcheck"),
                "version": str(tool.get("version") or "0"),
                "informationUri": INFO_URI,
                "rules": rule_list,
            }
        },
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": out,
    }
    sarif = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _language(fmt: Any) -> str:
    return {"markdown": "markdown", "html": "html"}.get(str(fmt), "plaintext")


def _result(claim: dict[str, Any], artifact: int, source: str, index: LineIndex | None,
            index_of: dict[str, int], level_opt: str) -> dict[str, Any]:
    rid = rule_id(claim)
    status = status_of(claim)
    verdict = claim.get("verdict") or {}
    if status == "contradicted":
        kind, level = "fail", "error"
    elif status == "supported":
        kind, level = "pass", "none"
    elif status == "suppressed" or is_informational(claim) or level_opt == "off":
        kind, level = "informational", "none"
    else:
        kind, level = "fail", _LEVEL[level_opt]
    start, end = int(claim.get("start") or 0), int(claim.get("end") or claim.get("start") or 0)
    region: dict[str, Any] = {"charOffset": start, "charLength": max(0, end - start), "snippet": {"text": str(claim.get("text") or "")}}
    if index is not None:
        line, col, end_line, end_col = index.span(start, end)
        region = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col, **region}
    subject = subject_text(claim)
    message = claim_summary(claim)
    text = f"“{claim.get('text', '')}”" + (f" ({subject})" if subject else "") + f": {message}"
    result: dict[str, Any] = {
        "ruleId": rid,
        "ruleIndex": index_of[rid],
        "kind": kind,
        "level": level,
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri_for(source), "index": artifact},
                    "region": region,
                }
            }
        ],
        "properties": {
            "status": status,
            "sentence": claim.get("sentence"),
            "metric": claim.get("metric"),
            "subject": claim.get("subject"),
            "claimed": verdict.get("claimed"),
            "observed": verdict.get("observed"),
            "gap": verdict.get("gap"),
            "evidence": verdict.get("evidence"),
        },
    }
    if status == "suppressed":
        result["suppressions"] = [{"kind": "inSource", "justification": "factcheck: ignore comment in the source"}]
    return result
