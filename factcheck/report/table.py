"""Terminal tables (rich): what a reporter reads after ``factcheck check``.

Per claim: the sentence with the figure marked, the verdict (icon and word,
coloured only as a second cue), observed against claimed, and one line of
reason. A summary line counts the verdicts. ``render_extract`` is the table of
``factcheck extract`` (claims without verdicts). rich is imported here only,
so commands that print JSON never pay its import time.
"""

from __future__ import annotations

import io
from typing import Any

from factcheck.report.common import (
    ICONS,
    LABELS,
    STATUSES,
    claim_summary,
    counts,
    counts_line,
    documents,
    evidence_dates,
    fmt_interval,
    reason_of,
    sentence_excerpt,
    status_of,
    subject_text,
    total_counts,
    window_text,
)

STYLES = {"supported": "green", "contradicted": "bold red", "unverifiable": "yellow", "suppressed": "dim"}


def _console(opts: dict[str, Any]):  # -> rich.console.Console
    from rich.console import Console

    color = bool(opts.get("color"))
    return Console(
        file=io.StringIO(),
        width=int(opts.get("width") or 120),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def _marked(claim: dict[str, Any], width: int = 110):  # -> rich.text.Text
    from rich.text import Text

    before, fig, after = sentence_excerpt(claim, width)
    text = Text(before)
    text.append(f"[{fig}]" if fig else "", style="bold reverse")
    text.append(after)
    return text


def _has_verdicts(result: dict[str, Any]) -> bool:
    return any(c.get("verdict") for d in documents(result) for c in d.get("claims") or [])


def render(results: dict[str, Any], **opts: Any) -> str:
    """Verdict tables, one per document, and a summary line (an extract result gets the extract table)."""
    if results.get("command") == "extract" or (
        not _has_verdicts(results) and all(not d.get("summary") for d in documents(results))
    ):
        return render_extract(results, **opts)
    from rich.table import Table
    from rich.text import Text

    console = _console(opts)
    for doc in documents(results):
        claims = doc.get("claims") or []
        published = (doc.get("published") or {}).get("instant") or "publication instant not found"
        console.print(Text(f"{doc.get('source', '-')}", style="bold"), Text(f"  published {published}", style="dim"))
        for note in doc.get("notes") or []:
            console.print(Text(f"  note: {note}", style="dim"))
        if not claims:
            console.print("  no figures found in the article body\n")
            continue
        table = Table(show_header=True, header_style="bold", expand=True, show_lines=False, pad_edge=False)
        table.add_column("verdict", no_wrap=True, min_width=14)
        table.add_column("figure in its sentence", ratio=5)
        table.add_column("claimed → observed", ratio=2)
        table.add_column("why", ratio=4)
        for claim in claims:
            status = status_of(claim)
            verdict = claim.get("verdict") or {}
            unit = claim.get("unit")
            badge = Text(f"{ICONS[status]} {LABELS[status]}", style=STYLES[status])
            if verdict.get("claimed") or verdict.get("observed"):
                numbers = f"{fmt_interval(verdict.get('claimed'), unit)} → {fmt_interval(verdict.get('observed'), unit)}"
            else:
                numbers = ""
            why = claim_summary(claim)
            subject = subject_text(claim)
            if subject and status in ("supported", "contradicted"):
                why = f"{subject}, {evidence_dates(claim)}: {why}"
            table.add_row(badge, _marked(claim), numbers, why)
        console.print(table)
        console.print(Text(f"  {counts_line(counts(claims))}", style="dim"))
        console.print()
    total = total_counts(results)
    line = Text("factcheck: ")
    for i, status in enumerate(STATUSES):
        if i:
            line.append(", ")
        line.append(f"{ICONS[status]} {total[status]} {LABELS[status]}", style=STYLES[status] if total[status] else "dim")
    n = len(documents(results))
    line.append(f" in {n} document{'s' if n != 1 else ''}")
    console.print(line)
    return console.file.getvalue()  # type: ignore[attr-defined]


def render_extract(results: dict[str, Any], **opts: Any) -> str:
    """``factcheck extract``: figure, subject (symbol), metric, window, hedge, kind/reason per claim."""
    from rich.table import Table
    from rich.text import Text

    console = _console(opts)
    total = 0
    for doc in documents(results):
        claims = doc.get("claims") or []
        total += len(claims)
        published = (doc.get("published") or {}).get("instant") or "publication instant not found"
        console.print(Text(f"{doc.get('source', '-')}", style="bold"), Text(f"  published {published}", style="dim"))
        if not claims:
            console.print("  no figures found in the article body\n")
            continue
        table = Table(show_header=True, header_style="bold", expand=True, pad_edge=False)
        table.add_column("figure", ratio=4)
        table.add_column("subject (symbol)", ratio=2)
        table.add_column("metric", no_wrap=True)
        table.add_column("window", ratio=1)
        table.add_column("hedge", no_wrap=True)
        table.add_column("kind / reason", ratio=2)
        for claim in claims:
            hedge = claim.get("hedge") or {}
            kind = str(claim.get("kind") or "")
            reason = claim.get("reason") or (reason_of(claim) if kind != "market" else None)
            kind_text = Text(kind, style="green" if kind == "market" else "yellow")
            if claim.get("suppressed"):
                kind_text.append(" (suppressed)", style="dim")
            if reason and reason != kind:
                kind_text.append(f": {reason}", style="dim")
            hedge_text = f"{hedge.get('text')} ({hedge.get('mode')})" if hedge else ""
            table.add_row(_marked(claim, 70), subject_text(claim), str(claim.get("metric") or ""), window_text(claim), hedge_text, kind_text)
        console.print(table)
        console.print()
    n = len(documents(results))
    console.print(Text(f"{total} figure{'s' if total != 1 else ''} in {n} document{'s' if n != 1 else ''}", style="dim"))
    return console.file.getvalue()  # type: ignore[attr-defined]
