"""JUnit XML, for CI systems that chart test reports (GitLab, Jenkins, Azure).

One test suite per document and one test case per claim: contradicted is a
failure, unverifiable and suppressed are skipped (with the reason), supported
passes. The evidence goes into ``system-out`` so the CI's test view shows it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from factcheck.report.common import (
    LineIndex,
    claim_summary,
    counts,
    documents,
    evidence_dates,
    fmt_interval,
    source_text,
    status_of,
    subject_text,
)


def _details(claim: dict[str, Any]) -> str:
    verdict = claim.get("verdict") or {}
    ev = verdict.get("evidence") or {}
    unit = claim.get("unit")
    lines = [f"Sentence: {claim.get('sentence', '')}", f"Verdict: {claim_summary(claim)}"]
    if subject_text(claim):
        lines.append(f"Subject: {subject_text(claim)}")
    if claim.get("metric"):
        lines.append(f"Metric: {claim['metric']}")
    if verdict.get("claimed") or verdict.get("observed"):
        lines.append(f"Claimed: {fmt_interval(verdict.get('claimed'), unit)}; observed: {fmt_interval(verdict.get('observed'), unit)}")
    if ev.get("formula"):
        lines.append(f"Formula: {ev['formula']}")
    if ev:
        lines.append(f"Dates: {evidence_dates(claim)}")
        for row in ev.get("rows") or []:
            role = f" ({row['role']})" if row.get("role") else ""
            lines.append(f"  {row.get('date')}: O {row.get('open')} H {row.get('high')} L {row.get('low')} C {row.get('close')}{role}")
    if ev.get("source"):
        lines.append(f"Data: {source_text(ev['source'])}")
    return "\n".join(lines)


def render(results: dict[str, Any], **_opts: Any) -> str:
    root = ET.Element("testsuites", name="factcheck")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for doc in documents(results):
        claims = doc.get("claims") or []
        c = counts(claims)
        source = str(doc.get("source") or "-")
        suite = ET.SubElement(
            root, "testsuite", name=source, tests=str(len(claims)), failures=str(c["contradicted"]),
            errors="0", skipped=str(c["unverifiable"] + c["suppressed"]),
        )
        totals["tests"] += len(claims)
        totals["failures"] += c["contradicted"]
        totals["skipped"] += c["unverifiable"] + c["suppressed"]
        raw = doc.get("raw")
        index = LineIndex(raw) if isinstance(raw, str) else None
        for claim in claims:
            line = index.position(int(claim.get("start") or 0))[0] if index else None
            where = f"line {line}: " if line else ""
            name = f"{where}“{claim.get('text', '')}”" + (f" ({subject_text(claim)})" if subject_text(claim) else "")
            attrs = {"classname": source, "name": name, "file": source}
            if line:
                attrs["line"] = str(line)
            case = ET.SubElement(suite, "testcase", attrs)
            status = status_of(claim)
            summary = claim_summary(claim)
            if status == "contradicted":
                failure = ET.SubElement(case, "failure", message=summary, type="contradicted")
                failure.text = _details(claim)
            elif status in ("unverifiable", "suppressed"):
                ET.SubElement(case, "skipped", message=summary)
            ET.SubElement(case, "system-out").text = _details(claim)
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
