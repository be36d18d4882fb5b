"""A self-contained HTML report: the article with every figure marked, and its evidence.

One file, nothing fetched: the CSS and JavaScript in ``assets/`` are inlined
and allowed by a Content-Security-Policy that lists their SHA-256 hashes
(computed here, at render time), so the page opens from disk, from any static
host, and from a mail attachment, and nothing else can run in it. Charts are
inline SVG drawn from the evidence rows. Without JavaScript every figure still
links to its evidence card; the script adds the side panel, verdict filters
and keyboard navigation.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from factcheck.report.common import (
    ICONS,
    LABELS,
    STATUSES,
    LineIndex,
    claim_summary,
    counts,
    data_sources,
    doc_title,
    documents,
    fmt_gap,
    fmt_interval,
    fmt_number,
    reason_of,
    reason_text,
    sentence_excerpt,
    source_text,
    status_of,
    subject_text,
    total_counts,
    window_text,
)

ASSETS = Path(__file__).resolve().parent / "assets"
TITLES = {"supported": "Supported", "contradicted": "Contradicted", "unverifiable": "Unverifiable", "suppressed": "Suppressed"}
PANEL_HINT = "Select a highlighted figure (or press j) to see its evidence here."


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """The CSP source expression allowing exactly this inline element content."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page(title: str, body: str, script: bool = True) -> str:
    """Wrap a body in the document shell with its hash-based Content-Security-Policy."""
    css = "\n" + asset("report.css")
    js = "\n" + asset("report.js") if script else ""
    script_src = csp_hash(js) if script else "'none'"
    policy = (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {script_src}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta name=\"generator\" content=\"factcheck\">\n"
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n"
        f"<body>\n{body}\n" + (f"<script>{js}</script>\n" if script else "") + "</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- article body


def _local(block: dict[str, Any], raw_offset: int, end: bool = False) -> int | None:
    """Index into ``block['text']`` of a raw offset, or None when it falls outside the block.

    A start must land on a character of the text; an end may land in markup
    that follows the figure (``<b>3.5%</b> on``), so it maps to the next character.
    """
    text = block.get("text") or ""
    offsets = block.get("offsets")
    if offsets:
        i = bisect.bisect_left(offsets, raw_offset)
        if end:
            return i if 0 < i <= len(text) or (i < len(offsets) and offsets[i] == raw_offset) else None
        return i if i < len(offsets) and offsets[i] == raw_offset else None
    i = raw_offset - int(block.get("start") or 0)
    return i if 0 <= i <= len(text) else None


def _figure_link(did: str, n: int, claim: dict[str, Any], shown: str) -> str:
    status = status_of(claim)
    return (
        f'<a class="fig st-{status}" href="#{did}-c{n}" id="{did}-f{n}" data-claim="{did}-c{n}" '
        f'data-status="{status}">{esc(shown)}<span class="badge" aria-hidden="true">{ICONS[status]}</span>'
        f'<span class="sr"> ({LABELS[status]})</span></a>'
    )


def _block_html(block: dict[str, Any], marks: list[tuple[int, int, int, dict[str, Any]]], did: str) -> str:
    text = str(block.get("text") or "")
    parts, pos = [], 0
    for lo, hi, n, claim in marks:
        parts.append(esc(text[pos:lo]))
        parts.append(_figure_link(did, n, claim, text[lo:hi]))
        pos = hi
    parts.append(esc(text[pos:]))
    inner = "".join(parts)
    kind = block.get("kind") or "paragraph"
    if kind in ("title", "heading"):
        return f"<h3>{inner}</h3>"
    if kind == "list_item":
        return f"<li>{inner}</li>"
    return f'<p class="{esc(kind)}">{inner}</p>' if kind != "paragraph" else f"<p>{inner}</p>"


def _fallback_blocks(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Paragraphs cut from the raw text when a result carries no blocks (plain text and Markdown only)."""
    raw = doc.get("raw")
    if not isinstance(raw, str) or doc.get("format") == "html":
        return []
    out = []
    for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", raw):
        out.append({"text": m.group(0), "start": m.start(), "kind": "paragraph", "in_body": True})
    return out


def article_html(doc: dict[str, Any], did: str) -> tuple[str, set[int]]:
    """The body text with figures linked; also the claim numbers that were placed."""
    claims = doc.get("claims") or []
    blocks = [b for b in (doc.get("blocks") or []) if b.get("in_body", True)] or _fallback_blocks(doc)
    starts = sorted(((int(c.get("start") or 0), n) for n, c in enumerate(claims)))
    placed: set[int] = set()
    out: list[str] = []
    in_list = False
    for block in blocks:
        text = str(block.get("text") or "")
        marks: list[tuple[int, int, int, dict[str, Any]]] = []
        last = 0
        for start, n in starts:
            lo = _local(block, start)
            if lo is None or lo >= len(text):
                continue
            hi = _local(block, int(claims[n].get("end") or start), end=True)
            if hi is None or hi <= lo or lo < last:
                continue
            marks.append((lo, hi, n, claims[n]))
            placed.add(n)
            last = hi
        piece = _block_html(block, marks, did)
        if piece.startswith("<li>") and not in_list:
            out.append("<ul>")
            in_list = True
        elif not piece.startswith("<li>") and in_list:
            out.append("</ul>")
            in_list = False
        out.append(piece)
    if in_list:
        out.append("</ul>")
    return "\n".join(out), placed


# --------------------------------------------------------------------------- chart


_PRICE_METRICS = {"level", "intraday_level", "yield_level", "threshold", "high_since", "low_since", "record_high", "record_low"}
_CHANGE_METRICS = {"change", "intraday_change", "change_from_low", "change_from_high"}


def _price_mapper(claim: dict[str, Any], rows: list[dict[str, Any]]):
    """A function from the claim's unit to a price on the chart, or None when they do not map."""
    metric, unit = claim.get("metric"), claim.get("unit")
    if unit == "percent" and metric in _CHANGE_METRICS:
        roles = ("extreme", "base", "start") if metric in ("change_from_low", "change_from_high") else ("base", "start", "extreme")
        base = next((r for role in roles for r in rows if r.get("role") == role), None)
        if base is None:
            return None
        field = {"change_from_low": "low", "change_from_high": "high"}.get(str(metric), "close")
        ref = base.get(field) or base.get("close")
        if not ref:
            return None
        return lambda pct: ref * (1 + pct / 100.0)
    if metric in _PRICE_METRICS and unit not in ("percent", "percentage_point", "basis_point", "dimensionless", "multiple"):
        return lambda v: v
    if metric == "yield_level" and unit == "percent":
        return lambda v: v
    return None


def chart_svg(claim: dict[str, Any]) -> str:
    """An inline SVG of the evidence rows: session ranges, closes, the window, claimed and observed."""
    verdict = claim.get("verdict") or {}
    ev = verdict.get("evidence") or {}
    rows = sorted((r for r in ev.get("rows") or [] if r.get("close") is not None or r.get("high") is not None),
                  key=lambda r: str(r.get("date")))
    if not rows:
        return ""
    W, H, L, R, T, B = 360.0, 170.0, 52.0, 12.0, 14.0, 24.0
    mapper = _price_mapper(claim, rows)
    values = [v for r in rows for v in (r.get("low"), r.get("high"), r.get("close")) if v is not None]
    lo_data, hi_data = min(values), max(values)
    span_data = (hi_data - lo_data) or abs(hi_data) * 0.01 or 1.0

    def band(iv: Any) -> tuple[float, float] | None:
        if mapper is None or not iv:
            return None
        a = mapper(iv[0]) if iv[0] is not None else None
        b = mapper(iv[1]) if iv[1] is not None else None
        if a is None and b is None:
            return None
        a = lo_data - span_data if a is None else a
        b = hi_data + span_data if b is None else b
        return (min(a, b), max(a, b))

    claimed, observed = band(verdict.get("claimed")), band(verdict.get("observed"))
    lo, hi = lo_data, hi_data
    for bb in (claimed, observed):
        if bb:
            lo = min(lo, max(bb[0], lo_data - 2 * span_data))
            hi = max(hi, min(bb[1], hi_data + 2 * span_data))
    pad = (hi - lo) * 0.06 or 1.0
    lo, hi = lo - pad, hi + pad
    n = len(rows)

    def x(i: float) -> float:
        return L + (W - L - R) * ((i + 0.5) / n)

    def y(v: float) -> float:
        v = min(max(v, lo), hi)
        return T + (H - T - B) * (1 - (v - lo) / (hi - lo))

    parts = [f'<rect class="c-frame" x="{L:.1f}" y="{T:.1f}" width="{W - L - R:.1f}" height="{H - T - B:.1f}"/>']
    window = ev.get("window") or {}
    dates = [str(r.get("date")) for r in rows]
    w0, w1 = window.get("start"), window.get("end")
    if w0 or w1:
        inside = [i for i, d in enumerate(dates) if (not w0 or d >= str(w0)) and (not w1 or d <= str(w1))]
        if inside:
            half = (W - L - R) / n / 2
            parts.append(f'<rect class="c-window" x="{x(inside[0]) - half:.1f}" y="{T:.1f}" width="{x(inside[-1]) - x(inside[0]) + 2 * half:.1f}" height="{H - T - B:.1f}"><title>window {esc(w0)} → {esc(w1)}</title></rect>')
    if claimed:
        y0, y1 = y(claimed[1]), y(claimed[0])
        parts.append(f'<rect class="c-claimed" x="{L:.1f}" y="{y0:.1f}" width="{W - L - R:.1f}" height="{max(y1 - y0, 1.5):.1f}"><title>claimed {esc(fmt_interval(verdict.get("claimed"), claim.get("unit")))} ≈ {fmt_number(claimed[0])}–{fmt_number(claimed[1])}</title></rect>')
        parts.append(f'<text class="c-label-claimed" x="{L + 4:.1f}" y="{max(y0 - 3, T + 9):.1f}">claimed</text>')
    if n <= 90:
        for i, r in enumerate(rows):
            if r.get("low") is not None and r.get("high") is not None:
                parts.append(f'<line class="c-range" x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{y(r["high"]):.1f}" y2="{y(r["low"]):.1f}"/>')
    closes = [(x(i), y(r["close"])) for i, r in enumerate(rows) if r.get("close") is not None]
    if len(closes) > 1:
        parts.append('<polyline class="c-close" points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in closes) + '"/>')
    if observed:
        y0, y1 = y(observed[1]), y(observed[0])
        if y1 - y0 > 2:
            parts.append(f'<rect class="c-observed-band" x="{L:.1f}" y="{y0:.1f}" width="{W - L - R:.1f}" height="{y1 - y0:.1f}"/>')
        for yy in sorted({round(y0, 1), round(y1, 1)}):
            parts.append(f'<line class="c-observed" x1="{L:.1f}" x2="{W - R:.1f}" y1="{yy:.1f}" y2="{yy:.1f}"><title>observed {esc(fmt_interval(verdict.get("observed"), claim.get("unit")))}</title></line>')
        parts.append(f'<text class="c-label-observed" x="{W - R - 4:.1f}" y="{min(y1 + 11, H - B - 2):.1f}" text-anchor="end">observed</text>')
    for i, r in enumerate(rows):
        if r.get("role"):
            v = r.get("close") if r.get("close") is not None else r.get("high")
            parts.append(f'<circle class="c-point" cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.2"><title>{esc(r.get("date"))} ({esc(r.get("role"))}): O {fmt_number(r.get("open"))} H {fmt_number(r.get("high"))} L {fmt_number(r.get("low"))} C {fmt_number(r.get("close"))}</title></circle>')
    parts.append(f'<text class="c-label" x="{L - 4:.1f}" y="{y(hi_data) + 4:.1f}" text-anchor="end">{fmt_number(hi_data)}</text>')
    parts.append(f'<text class="c-label" x="{L - 4:.1f}" y="{y(lo_data) + 4:.1f}" text-anchor="end">{fmt_number(lo_data)}</text>')
    parts.append(f'<text class="c-label" x="{x(0):.1f}" y="{H - 8:.1f}" text-anchor="start">{esc(dates[0])}</text>')
    if n > 1:
        parts.append(f'<text class="c-label" x="{x(n - 1):.1f}" y="{H - 8:.1f}" text-anchor="end">{esc(dates[-1])}</text>')
    label = f"Price chart of {ev.get('symbol') or 'the instrument'}, {dates[0]} to {dates[-1]}, {n} sessions"
    if claimed and observed:
        label += f"; claimed band {fmt_number(claimed[0])}–{fmt_number(claimed[1])}, observed {fmt_number(observed[0])}–{fmt_number(observed[1])}"
    svg = f'<svg viewBox="0 0 {W:.0f} {H:.0f}" role="img" aria-label="{esc(label)}" xmlns="http://www.w3.org/2000/svg">' + "".join(parts) + "</svg>"
    legend = "Vertical lines: each session's low–high; line: closes; shaded: the claim's window"
    if claimed:
        legend += "; blue band: the claimed value as a price"
    if observed:
        legend += "; red: the observed value"
    if mapper is None and verdict.get("claimed"):
        legend += " (the claimed value is not a price, so it is not drawn)"
    return f'<figure class="chart">{svg}<figcaption>{esc(legend)}.</figcaption></figure>'


# --------------------------------------------------------------------------- evidence cards


def _fmt_tolerance(tol: Any, unit: str | None) -> str:
    """The observed interval's widening for vendor differences, in the claim's own unit."""
    if tol is None:
        return ""
    if float(tol) == 0:
        return "none"
    return f"±{fmt_gap(float(tol), unit)}"


def _rows_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    rows = sorted(rows, key=lambda r: str(r.get("date")))
    head = "<tr><th scope=\"col\">date</th><th scope=\"col\">open</th><th scope=\"col\">high</th><th scope=\"col\">low</th><th scope=\"col\">close</th><th scope=\"col\">role</th></tr>"
    cells = []
    for r in rows:
        attr = ' class="role"' if r.get("role") else ""
        nums = "".join("<td>" + (fmt_number(r[k]) if r.get(k) is not None else "—") + "</td>" for k in ("open", "high", "low", "close"))
        cells.append(f"<tr{attr}><td>{esc(r.get('date'))}</td>{nums}<td>{esc(r.get('role') or '')}</td></tr>")
    body = "".join(cells)
    return f'<details><summary>Price rows ({len(rows)})</summary><table class="rows">{head}{body}</table></details>'


def claim_card(doc: dict[str, Any], claim: dict[str, Any], did: str, n: int, index: LineIndex | None, placed: bool) -> str:
    status = status_of(claim)
    verdict = claim.get("verdict") or {}
    ev = verdict.get("evidence") or {}
    unit = claim.get("unit")
    subject = subject_text(claim)
    before, fig, after = sentence_excerpt(claim, 400)
    facts: list[tuple[str, str]] = []
    hedge = claim.get("hedge") or {}
    if verdict.get("claimed") is not None or status in ("supported", "contradicted"):
        claimed = fmt_interval(verdict.get("claimed"), unit)
        if hedge:
            claimed += f' <small>(“{esc(hedge.get("text"))}”: {esc(hedge.get("mode"))})</small>'
        facts.append(("Claimed", claimed))
    if verdict.get("observed") is not None:
        facts.append(("Observed", esc(fmt_interval(verdict.get("observed"), unit))))
    if status == "contradicted" and verdict.get("gap") is not None:
        facts.append(("Off by", esc(fmt_gap(verdict.get("gap"), unit))))
    if status in ("unverifiable", "suppressed") and reason_of(claim):
        facts.append(("Reason", f"{esc(reason_text(reason_of(claim)))} <code>{esc(reason_of(claim))}</code>"))
    if claim.get("reason") and claim.get("reason") != reason_of(claim):
        facts.append(("Note", esc(claim["reason"])))
    if subject:
        facts.append(("Subject", esc(subject)))
    if claim.get("metric"):
        facts.append(("Metric", f"<code>{esc(claim['metric'])}</code>"))
    win = window_text(claim)
    window = ev.get("window") or {}
    if win or window:
        resolved = ""
        if window.get("start") or window.get("end"):
            resolved = f" → {esc(window.get('start'))} to {esc(window.get('end'))}"
            if window.get("sessions"):
                resolved += f" ({esc(window['sessions'])} sessions)"
        facts.append(("Window", f"{esc(win)}{resolved}"))
    if ev.get("formula"):
        facts.append(("Formula", f"<code>{esc(ev['formula'])}</code>"))
    if ev.get("source"):
        src = source_text(ev["source"])
        extra = []
        if ev["source"].get("path"):
            extra.append(f"<code>{esc(ev['source']['path'])}</code>")
        if ev.get("prices"):
            extra.append(f"{esc(ev['prices'].replace('_', '-'))} prices")
        if ev.get("data_tolerance") is not None:
            extra.append(f"data tolerance {esc(_fmt_tolerance(ev['data_tolerance'], unit))}")
        if ev.get("exchange") or ev.get("timezone"):
            extra.append(esc(" / ".join(str(v) for v in (ev.get("exchange"), ev.get("timezone")) if v)))
        facts.append(("Data", esc(src) + ("; " + "; ".join(extra) if extra else "")))
    if ev.get("assumptions"):
        facts.append(("Assumptions", "<ul>" + "".join(f"<li>{esc(a)}</li>" for a in ev["assumptions"]) + "</ul>"))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    where = ""
    if index is not None and claim.get("start") is not None:
        line, col = index.position(int(claim["start"]))
        where = f"{esc(doc.get('source'))}, line {line}, column {col}"
    back = f' · <a href="#{did}-f{n}">show in the text</a>' if placed else ""
    return (
        f'<article class="claim st-{status}" id="{did}-c{n}" data-status="{status}" tabindex="-1">'
        f'<span class="pill st-{status}">{ICONS[status]} {TITLES[status]}</span>'
        f'<h3>“{esc(claim.get("text"))}”' + (f' <span class="subj">{esc(subject)}</span>' if subject else "") + "</h3>"
        f"<blockquote>{esc(before)}<mark>{esc(fig)}</mark>{esc(after)}</blockquote>"
        f'<p class="msg">{esc(claim_summary(claim))}</p>'
        f'<dl class="facts">{dl}</dl>'
        f"{chart_svg(claim)}{_rows_table(ev.get('rows') or [])}"
        f'<p class="where">{where}{back}</p></article>'
    )


# --------------------------------------------------------------------------- pages


def _counts_list(c: dict[str, int]) -> str:
    return '<ul class="counts">' + "".join(
        f'<li class="st-{s}" data-count="{s}"><span aria-hidden="true">{ICONS[s]}</span> <span class="n">{c[s]}</span> {LABELS[s]}</li>'
        for s in STATUSES
    ) + "</ul>"


def _published(doc: dict[str, Any]) -> str:
    pub = doc.get("published")
    if not pub:
        return "not found (relative dates cannot be placed)"
    out = esc(pub.get("instant"))
    if pub.get("timezone"):
        out += f" ({esc(pub['timezone'])})"
    if not pub.get("has_time", True):
        out += " — date only"
    src = pub.get("source")
    if src:
        out += f"; from the {esc(src.replace('_', ' '))}"
    if pub.get("text"):
        out += f" “{esc(pub['text'])}”"
    return out


def document_section(doc: dict[str, Any], d: int, single: bool, after_header: str = "") -> str:
    did = f"d{d}"
    claims = doc.get("claims") or []
    raw = doc.get("raw")
    index = LineIndex(raw) if isinstance(raw, str) else None
    body, placed = article_html(doc, did)
    one = {"documents": [doc]}
    meta = [
        ("Source", f"<code>{esc(doc.get('source'))}</code> ({esc(doc.get('format') or 'text')})"),
        ("Published", _published(doc)),
        ("Market data", esc("; ".join(data_sources(one)) or "none used")),
    ]
    notes = "".join(f"<li>{esc(note)}</li>" for note in doc.get("notes") or [])
    head_tag = "h1" if single else "h2"
    header = (
        f'<header class="summary"><{head_tag}>{esc(doc_title(doc))}</{head_tag}>'
        f'<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta) + "</dl>"
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + _counts_list(counts(claims)) + after_header + "</header>"
    )
    if not claims:
        body = body or "<p>No text.</p>"
    unplaced = [n for n in range(len(claims)) if n not in placed]
    cards = "".join(claim_card(doc, c, did, n, index, n in placed) for n, c in enumerate(claims))
    note = ""
    if unplaced:
        note = f"<p>{len(unplaced)} figure(s) lie outside the text shown above; their cards are listed with the others.</p>"
    return (
        f'<section class="doc" id="{did}" aria-label="{esc(doc.get("source"))}">{header}'
        f'<div class="article" aria-label="Article text">{body}</div>'
        f'<section class="claims"><h2>All figures ({len(claims)})</h2>{note}{cards}</section></section>'
    )


def render(results: dict[str, Any], **opts: Any) -> str:
    docs = documents(results)
    single = len(docs) == 1
    total = total_counts(results)
    tool = results.get("tool") or {}
    title = opts.get("title") or (f"factcheck: {doc_title(docs[0])}" if single else f"factcheck: {len(docs)} documents")
    crumbs = f'<p class="crumbs"><a href="{esc(opts["index_href"])}">All reports</a></p>' if opts.get("index_href") else ""
    filters = (
        '<fieldset class="filters" data-needs-script hidden><legend>Show figures</legend>'
        + "".join(
            f'<label><input type="checkbox" data-filter="{s}" checked> {ICONS[s]} {TITLES[s]} ({total[s]})</label>'
            for s in STATUSES
        )
        + "</fieldset>"
        '<p class="keys" data-needs-script hidden>Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous figure · '
        "<kbd>Enter</kbd> open its evidence · <kbd>Esc</kbd> close</p>"
    )
    top = ""
    if not single:
        top = f'<header class="summary"><h1>{esc(title)}</h1>{_counts_list(total)}{filters}</header>'
    sections = "".join(
        document_section(doc, d, single, filters if single else "") for d, doc in enumerate(docs)
    ) or "<p>No documents were checked.</p>"
    panel = (
        f'<aside class="panel idle" id="panel" tabindex="-1" aria-label="Evidence" data-hint="{esc(PANEL_HINT)}">'
        '<div class="panel-head"><h2>Evidence</h2><button type="button" class="close" id="panel-close" aria-label="Close the evidence">×</button></div>'
        f'<div id="panel-body"><p class="panel-hint">{esc(PANEL_HINT)}</p></div></aside>'
    )
    footer = (
        f"<footer>Checked by {esc(tool.get('name', 'factcheck'))} {esc(tool.get('version', ''))}, "
        f"result schema {esc(results.get('schema_version'))}. Figures are compared as intervals: the printed precision and hedge widen the claim, "
        "a per-kind data tolerance widens the observation.</footer>"
    )
    body = (
        f'<div class="wrap">{crumbs}{top}<div class="layout"><main>{sections}</main>{panel}</div>{footer}</div>'
    )
    return page(title, body)


def _slug(source: str) -> str:
    stem = Path(source.replace("\\", "/")).name or "stdin"
    stem = re.sub(r"\.(txt|md|markdown|html?|text)$", "", stem, flags=re.IGNORECASE)
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "document"


def index_page(results: dict[str, Any], links: list[tuple[dict[str, Any], str]]) -> str:
    total = total_counts(results)
    rows = []
    for doc, href in links:
        c = counts(doc.get("claims") or [])
        published = (doc.get("published") or {}).get("instant") or "not found"
        rows.append(
            f'<tr><td><a href="{esc(href)}">{esc(doc_title(doc))}</a><br><code>{esc(doc.get("source"))}</code></td>'
            f'<td class="opt">{esc(published)}</td>'
            + "".join(f'<td class="n" data-count="{s}">{c[s]}</td>' for s in STATUSES)
            + "</tr>"
        )
    head = "".join(f'<th scope="col"><span aria-hidden="true">{ICONS[s]}</span> {LABELS[s]}</th>' for s in STATUSES)
    body = (
        f'<div class="wrap"><header class="summary"><h1>factcheck: {len(links)} reports</h1>{_counts_list(total)}'
        f'<dl class="meta"><dt>Market data</dt><dd>{esc("; ".join(data_sources(results)) or "none used")}</dd></dl></header>'
        f'<main><table class="index-table"><thead><tr><th scope="col">report</th><th scope="col" class="opt">published</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></main></div>'
    )
    return page(f"factcheck: {len(links)} reports", body, script=False)


def write_site(results: dict[str, Any], out_dir: Path, **opts: Any) -> list[Path]:
    """One page per document and an ``index.html`` linking them with their counts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    links: list[tuple[dict[str, Any], str]] = []
    used: set[str] = {"index"}
    for doc in documents(results):
        name = _slug(str(doc.get("source") or "stdin"))
        base, k = name, 2
        while name.lower() in used:
            name, k = f"{base}-{k}", k + 1
        used.add(name.lower())
        path = out_dir / f"{name}.html"
        single = {**results, "documents": [doc]}
        path.write_text(render(single, index_href="index.html", **{k: v for k, v in opts.items() if k != "title"}), encoding="utf-8")
        written.append(path)
        links.append((doc, path.name))
    index = out_dir / "index.html"
    index.write_text(index_page(results, links), encoding="utf-8")
    return [*written, index]
