"""Markdown: a summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

Counts first (one row per file), then every contradicted claim in full, and
the other verdicts folded in ``<details>`` so a long article does not bury the
one figure that needs fixing. GitHub-flavoured Markdown tables, with every
cell escaped (pipes, backticks, HTML) since the text comes from the article.
"""

from __future__ import annotations

import html
from typing import Any

from factcheck.report.common import (
    ICONS,
    LABELS,
    LineIndex,
    STATUSES,
    counts,
    data_sources,
    documents,
    evidence_dates,
    fmt_gap,
    fmt_interval,
    reason_of,
    sentence_excerpt,
    source_text,
    status_of,
    subject_text,
    total_counts,
)

MAX_ROWS = 200  # per section; GitHub truncates step summaries at 1 MiB


def cell(text: Any) -> str:
    """Escape text for a table cell: no HTML, no pipes, no line breaks, no code spans."""
    s = html.escape(str(text if text is not None else ""), quote=False)
    return s.replace("|", "\\|").replace("`", "\\`").replace("*", "\\*").replace("_", "\\_").replace("\n", " ").replace("\r", " ")


def _where(doc: dict[str, Any], claim: dict[str, Any], index: LineIndex | None) -> str:
    source = str(doc.get("source") or "-")
    if index is None:
        return cell(source)
    line = index.position(int(claim.get("start") or 0))[0]
    return f"{cell(source)}:{line}"


def _quote(claim: dict[str, Any]) -> str:
    before, fig, after = sentence_excerpt(claim, 140)
    return f"{cell(before)}**{cell(fig)}**{cell(after)}"


def render(results: dict[str, Any], **_opts: Any) -> str:
    docs = documents(results)
    total = total_counts(results)
    head = ", ".join(f"{ICONS[s]} {total[s]} {LABELS[s]}" for s in STATUSES)
    out = [f"## factcheck: {head}", ""]
    if not docs:
        return "\n".join([*out, "No documents were checked.", ""])
    out += ["| file | published | " + " | ".join(f"{ICONS[s]} {LABELS[s]}" for s in STATUSES) + " |",
            "|---|---|" + "---:|" * len(STATUSES)]
    for doc in docs:
        c = counts(doc.get("claims") or [])
        published = (doc.get("published") or {}).get("instant") or "not found"
        out.append(f"| {cell(doc.get('source'))} | {cell(published)} | " + " | ".join(str(c[s]) for s in STATUSES) + " |")
    out.append("")

    grouped: dict[str, list[tuple[dict[str, Any], dict[str, Any], LineIndex | None]]] = {s: [] for s in STATUSES}
    for doc in docs:
        raw = doc.get("raw")
        index = LineIndex(raw) if isinstance(raw, str) else None
        for claim in doc.get("claims") or []:
            grouped[status_of(claim)].append((doc, claim, index))

    if grouped["contradicted"]:
        out += [f"### {ICONS['contradicted']} Contradicted", "",
                "| where | figure in context | claimed | observed | off by | evidence |", "|---|---|---|---|---|---|"]
        for doc, claim, index in grouped["contradicted"][:MAX_ROWS]:
            v = claim.get("verdict") or {}
            unit = claim.get("unit")
            ev = v.get("evidence") or {}
            evidence = " · ".join(x for x in (ev.get("symbol"), evidence_dates(claim), ev.get("formula"), source_text(ev.get("source"))) if x)
            out.append(f"| {_where(doc, claim, index)} | {_quote(claim)} | {cell(fmt_interval(v.get('claimed'), unit))} | "
                       f"{cell(fmt_interval(v.get('observed'), unit))} | {cell(fmt_gap(v.get('gap'), unit))} | {cell(evidence)} |")
        out.append("")

    sections = (
        ("supported", "Supported", "| where | figure in context | subject | claimed | observed |", "|---|---|---|---|---|"),
        ("unverifiable", "Unverifiable", "| where | figure in context | reason | detail |", "|---|---|---|---|"),
        ("suppressed", "Suppressed by an inline comment", "| where | figure in context | verdict without suppression |", "|---|---|---|"),
    )
    for status, title, header, rule in sections:
        items = grouped[status]
        if not items:
            continue
        out += ["<details>", f"<summary>{ICONS[status]} {len(items)} {title.lower()}</summary>", "", header, rule]
        for doc, claim, index in items[:MAX_ROWS]:
            v = claim.get("verdict") or {}
            unit = claim.get("unit")
            if status == "supported":
                out.append(f"| {_where(doc, claim, index)} | {_quote(claim)} | {cell(subject_text(claim))} | "
                           f"{cell(fmt_interval(v.get('claimed'), unit))} | {cell(fmt_interval(v.get('observed'), unit) if v.get('observed') else v.get('message', ''))} |")
            elif status == "unverifiable":
                out.append(f"| {_where(doc, claim, index)} | {_quote(claim)} | {cell(reason_of(claim) or '')} | {cell(v.get('message') or '')} |")
            else:
                out.append(f"| {_where(doc, claim, index)} | {_quote(claim)} | {cell(v.get('status') if v.get('reason') != 'suppressed' else 'not checked')} |")
        if len(items) > MAX_ROWS:
            out.append(f"\n… and {len(items) - MAX_ROWS} more (see the JSON or HTML report).")
        out += ["", "</details>", ""]

    tool = results.get("tool") or {}
    sources = "; ".join(data_sources(results)) or "none used"
    out.append(f"<sub>{cell(tool.get('name', 'factcheck'))} {cell(tool.get('version', ''))} · market data: {cell(sources)}</sub>")
    out.append("")
    return "\n".join(out)
