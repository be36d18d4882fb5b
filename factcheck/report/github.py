"""GitHub Actions workflow commands: annotations on the changed lines of a pull request.

``::error file=F,line=L,endLine=L2,col=C,endColumn=C2,title=T::message``, with
line and column computed from the claim's raw offsets (1-based, columns in
characters, ``endColumn`` one past the figure as SARIF and ruff count).
Contradicted claims are errors; unverifiable market claims are notices or
warnings (``github_unverifiable``: notice | warning | off); suppressed claims
are notices so a reviewer sees what was silenced. Supported claims and figures
that are not market claims (dates, counts) are not annotated.
"""

from __future__ import annotations

from typing import Any

from factcheck.report import option
from factcheck.report.common import (
    LineIndex,
    claim_summary,
    evidence_dates,
    fmt_interval,
    is_informational,
    iter_claims,
    reason_of,
    source_text,
    status_of,
    subject_text,
)


def escape_data(s: str) -> str:
    """Escape a command's message (GitHub's ``escapeData``)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """Escape a property value (GitHub's ``escapeProperty``: also ``:`` and ``,``)."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def level_for(claim: dict[str, Any], unverifiable_level: str) -> str | None:
    status = status_of(claim)
    if status == "contradicted":
        return "error"
    if status == "suppressed":
        return "notice"
    if status == "unverifiable" and not is_informational(claim) and unverifiable_level != "off":
        return unverifiable_level
    return None


def title_for(claim: dict[str, Any]) -> str:
    status = status_of(claim)
    if status == "unverifiable":
        return f"factcheck: unverifiable ({reason_of(claim) or 'unknown'})"
    return f"factcheck: {status} “{claim.get('text', '')}”"


def message_for(claim: dict[str, Any]) -> str:
    """A short first line (what GitHub shows inline) then the evidence, one fact a line."""
    lines = [claim_summary(claim)]
    verdict = claim.get("verdict") or {}
    unit = claim.get("unit")
    subject = subject_text(claim)
    if subject:
        lines.append(f"Subject: {subject}")
    if verdict.get("claimed") or verdict.get("observed"):
        lines.append(f"Claimed: {fmt_interval(verdict.get('claimed'), unit)} · observed: {fmt_interval(verdict.get('observed'), unit)}")
    ev = verdict.get("evidence") or {}
    if ev.get("formula"):
        lines.append(f"Formula: {ev['formula']}")
    dates = evidence_dates(claim)
    if dates and ev:
        lines.append(f"Dates: {dates}")
    if ev.get("source"):
        lines.append(f"Data: {source_text(ev['source'])}")
    return "\n".join(lines)


def render(results: dict[str, Any], **opts: Any) -> str:
    unverifiable_level = option(opts, "github_unverifiable", "notice")
    out: list[str] = []
    indexes: dict[int, LineIndex] = {}
    for doc, claim in iter_claims(results):
        level = level_for(claim, unverifiable_level)
        if level is None:
            continue
        props: list[tuple[str, str]] = []
        source = str(doc.get("source") or "-")
        if source != "-":
            props.append(("file", source))
        raw = doc.get("raw")
        if isinstance(raw, str) and claim.get("start") is not None:
            index = indexes.setdefault(id(doc), LineIndex(raw))
            line, col, end_line, end_col = index.span(int(claim["start"]), int(claim.get("end", claim["start"])))
            props += [("line", str(line)), ("endLine", str(end_line))]
            if line == end_line:  # GitHub ignores columns across lines
                props += [("col", str(col)), ("endColumn", str(end_col))]
        props.append(("title", title_for(claim)))
        prop_text = ",".join(f"{k}={escape_property(v)}" for k, v in props)
        out.append(f"::{level} {prop_text}::{escape_data(message_for(claim))}")
    return "".join(line + "\n" for line in out)
