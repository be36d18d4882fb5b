"""Helpers every output format shares: walking a result, counting, wording, positions.

Renderers take the JSON-shaped result dict (see ``factcheck.model.claim_json``)
rather than the dataclasses, so a saved result re-renders exactly as a live one.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator
from typing import Any

from factcheck.model import REASONS

STATUSES = ("contradicted", "unverifiable", "supported", "suppressed")
"""Display statuses, most urgent first. ``suppressed`` overrides the verdict."""

ICONS = {"supported": "✓", "contradicted": "✗", "unverifiable": "?", "suppressed": "⊘"}
LABELS = {
    "supported": "supported",
    "contradicted": "contradicted",
    "unverifiable": "unverifiable",
    "suppressed": "suppressed",
}

INFORMATIONAL_REASONS = frozenset({"anchor", "not_market"})
"""Unverifiable reasons that describe a figure that is not a market claim at all
(a date that places another claim, a head count). They are listed in every
report but never annotated on a pull request nor counted by ``--fail-on unverifiable``."""

_UNIT_SUFFIX = {
    "percent": "%",
    "percentage_point": " pp",
    "basis_point": " bp",
    "multiple": "×",
    "index_point": " pts",
    "dimensionless": "",
}
_GAP_SUFFIX = {"percent": " pp"}  # a distance between two percentages is in points


def documents(result: dict[str, Any]) -> list[dict[str, Any]]:
    return list(result.get("documents") or [])


def iter_claims(result: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (document, claim) pair in reading order."""
    for doc in documents(result):
        for claim in doc.get("claims") or []:
            yield doc, claim


def status_of(claim: dict[str, Any]) -> str:
    """What a reader sees: ``suppressed`` wins over the verdict; no verdict reads as unverifiable."""
    if claim.get("suppressed"):
        return "suppressed"
    verdict = claim.get("verdict")
    if not verdict:
        return "unverifiable"
    return str(verdict.get("status") or "unverifiable")


def reason_of(claim: dict[str, Any]) -> str | None:
    """The reason code of an unverifiable claim (verdict first, then the claim's own kind)."""
    verdict = claim.get("verdict") or {}
    if verdict.get("reason"):
        return str(verdict["reason"])
    if claim.get("kind") and claim["kind"] != "market":
        return str(claim["kind"])
    return None


def is_informational(claim: dict[str, Any]) -> bool:
    return status_of(claim) == "unverifiable" and reason_of(claim) in INFORMATIONAL_REASONS


def reason_text(code: str | None) -> str:
    if not code:
        return ""
    return REASONS.get(code, code.replace("_", " "))


def counts(claims: list[dict[str, Any]]) -> dict[str, int]:
    """Counts by display status (a suppressed claim counts only as suppressed)."""
    out = {s: 0 for s in ("supported", "contradicted", "unverifiable", "suppressed")}
    for claim in claims:
        out[status_of(claim)] = out.get(status_of(claim), 0) + 1
    return out


def total_counts(result: dict[str, Any]) -> dict[str, int]:
    return counts([c for _, c in iter_claims(result)])


def counts_line(c: dict[str, int]) -> str:
    """``1 contradicted, 5 supported, 8 unverifiable, 1 suppressed`` (zero counts kept: a reader scans columns)."""
    return ", ".join(f"{c.get(s, 0)} {LABELS[s]}" for s in STATUSES)


def doc_title(doc: dict[str, Any]) -> str:
    if doc.get("title"):
        return str(doc["title"])
    for block in doc.get("blocks") or []:
        if block.get("kind") == "title" and block.get("text"):
            return str(block["text"])
    return str(doc.get("source") or "document")


# --------------------------------------------------------------------------- positions


class LineIndex:
    """Raw character offset → (1-based line, 1-based column in characters)."""

    def __init__(self, raw: str) -> None:
        self._starts = [0]
        find, at = raw.find, raw.find("\n")
        while at >= 0:
            self._starts.append(at + 1)
            at = find("\n", at + 1)
        self._len = len(raw)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self._len))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, col, end_line, end_col) with ``end_col`` one past the last character, as SARIF counts."""
        line, col = self.position(start)
        end_line, end_col = self.position(max(end, start))
        return line, col, end_line, end_col


# --------------------------------------------------------------------------- wording


def fmt_number(v: float | None) -> str:
    """A readable number: thousands separators, at most two decimals, words for huge values."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "?"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    a = abs(v)
    for scale, word in ((1e12, "trillion"), (1e9, "billion")):
        if a >= scale:
            return f"{_trim(f'{v / scale:,.2f}')} {word}"
    if a >= 1 or a == 0:
        return _trim(f"{v:,.2f}")
    return _trim(f"{v:.4f}")


def _trim(s: str) -> str:
    return s.rstrip("0").rstrip(".") if "." in s else s


def unit_suffix(unit: str | None) -> str:
    if not unit:
        return ""
    if unit in _UNIT_SUFFIX:
        return _UNIT_SUFFIX[unit]
    return f" {unit}"


def fmt_value(v: float | None, unit: str | None) -> str:
    return f"{fmt_number(v)}{unit_suffix(unit)}"


def fmt_interval(iv: list[float | None] | tuple[float | None, float | None] | None, unit: str | None) -> str:
    """``58.9%`` for a point, ``57–63%`` for a range, ``> 40%`` / ``< 2%`` for open bounds."""
    if not iv:
        return "—"
    lo, hi = iv[0], iv[1]
    if lo is None and hi is None:
        return "any value"
    if lo is None or (isinstance(lo, float) and math.isinf(lo)):
        return f"≤ {fmt_value(hi, unit)}"
    if hi is None or (isinstance(hi, float) and math.isinf(hi)):
        return f"≥ {fmt_value(lo, unit)}"
    if fmt_number(lo) == fmt_number(hi):
        return fmt_value(lo, unit)
    return f"{fmt_number(lo)}–{fmt_value(hi, unit)}"


def fmt_gap(gap: float | None, unit: str | None) -> str:
    if gap is None:
        return ""
    return f"{fmt_number(gap)}{_GAP_SUFFIX.get(unit or '', unit_suffix(unit))}"


def subject_text(claim: dict[str, Any]) -> str:
    subject = claim.get("subject")
    if subject:
        name = subject.get("name") or ""
        symbol = subject.get("symbol")
        return f"{name} ({symbol})" if symbol else name
    each = (claim.get("related") or {}).get("subjects")
    if each:  # "both benchmarks": checked on each
        return " and ".join(f"{s.get('name')} ({s.get('symbol')})" if s.get("symbol") else str(s.get("name")) for s in each)
    if claim.get("unresolved_subject"):
        return f"“{claim['unresolved_subject']}” (unknown)"
    return ""


def window_text(claim: dict[str, Any]) -> str:
    window = claim.get("window") or {}
    text = window.get("text")
    if text:
        return str(text)
    kind = window.get("kind")
    return "latest session" if kind == "implicit" else (kind or "")


def evidence_dates(claim: dict[str, Any]) -> str:
    """``2025-01-13 → 2025-02-14`` from the evidence window, or from the rows."""
    ev = (claim.get("verdict") or {}).get("evidence") or {}
    window = ev.get("window") or {}
    start, end = window.get("start"), window.get("end")
    rows = ev.get("rows") or []
    if not start and rows:
        start = rows[0].get("date")
    if not end and rows:
        end = rows[-1].get("date")
    if start and end and start != end:
        return f"{start} → {end}"
    return str(start or end or "")


def source_text(source: dict[str, Any] | None) -> str:
    """``bundled snapshot 2025-05-22`` — who supplied the rows and as of when."""
    if not source:
        return ""
    parts = [str(source.get("provider") or "unknown source")]
    if source.get("snapshot"):
        parts.append(f"snapshot {source['snapshot']}")
    if source.get("retrieved_at"):
        parts.append(f"retrieved {source['retrieved_at']}")
    return ", ".join(parts)


def data_sources(result: dict[str, Any]) -> list[str]:
    """Distinct ``provider (snapshot …)`` of the evidence, in first-use order, for summary headers."""
    seen: dict[str, None] = {}
    for _doc, claim in iter_claims(result):
        source = ((claim.get("verdict") or {}).get("evidence") or {}).get("source") or {}
        if source:
            label = str(source.get("provider") or "unknown source")
            if source.get("snapshot"):
                label += f" (snapshot {source['snapshot']})"
            elif source.get("retrieved_at"):
                label += f" (retrieved {str(source['retrieved_at'])[:10]})"
            seen.setdefault(label, None)
    return list(seen)


def claim_summary(claim: dict[str, Any]) -> str:
    """One line saying what was found, for annotations, test reports and tables."""
    status = status_of(claim)
    verdict = claim.get("verdict") or {}
    unit = claim.get("unit")
    if status == "suppressed":
        inner = verdict.get("status")
        tail = f" (verdict without suppression: {inner})" if inner and verdict.get("reason") != "suppressed" else ""
        return f"suppressed by an inline factcheck comment{tail}"
    if status == "unverifiable":
        code = reason_of(claim)
        msg = verdict.get("message") or reason_text(code)
        head = f"unverifiable ({code})" if code else "unverifiable"
        return f"{head}: {msg}" if msg else head
    parts = []
    if verdict.get("message"):
        parts.append(str(verdict["message"]))
    else:
        parts.append(f"claimed {fmt_interval(verdict.get('claimed'), unit)}, observed {fmt_interval(verdict.get('observed'), unit)}")
    if status == "contradicted" and verdict.get("gap") is not None and " off" not in parts[0]:
        parts.append(f"off by {fmt_gap(verdict['gap'], unit)}")  # unless the verifier's message says it
    return "; ".join(parts)


def sentence_excerpt(claim: dict[str, Any], width: int = 160) -> tuple[str, str, str]:
    """(before, figure, after) around the figure in its sentence, trimmed to about ``width`` characters."""
    sentence = str(claim.get("sentence") or "")
    text = str(claim.get("text") or "")
    at = -1
    if claim.get("sentence_start") is not None and claim.get("start") is not None:
        at = int(claim["start"]) - int(claim["sentence_start"])
        if sentence[at : at + len(text)] != text:
            at = -1
    if at < 0:
        at = sentence.find(text)
    if at < 0:
        return sentence[:width], "", ""
    before, after = sentence[:at], sentence[at + len(text) :]
    room = max(20, (width - len(text)) // 2)
    if len(before) > room:
        before = "…" + before[-room:].lstrip()
    if len(after) > room:
        after = after[:room].rstrip() + "…"
    return before, text, after
