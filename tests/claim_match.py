"""Shared helpers of the end-to-end acceptance tests: run the pipeline, find claims by offsets.

The acceptance tests (real cases, seed mutations, devset) name figures the way
an editor would, by the text printed in the article, and compare what the
whole pipeline says about them. Claims are matched by raw-offset overlap, so
a figure span that is a little wider or narrower than the expectation's text
("1,508.05 points" vs "1,508.05") still matches. Failure messages describe the
claim stage by stage (figure, subject, metric, window, verdict) so a failing
case says where the pipeline went wrong.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from factcheck import pipeline


@functools.cache
def _check_cached(path: str, published: str | None) -> dict[str, Any]:
    result = pipeline.check([path], offline=True, published=published)
    (doc,) = result["documents"]
    return doc


def check_file(path: Path | str, published: str | None = None) -> dict[str, Any]:
    """The JSON document entry of ``pipeline.check`` for one file (cached per path)."""
    return _check_cached(str(path), published)


def figure_spans(raw: str, text: str) -> list[tuple[int, int]]:
    """Offsets of every occurrence of ``text`` that is a whole figure or word.

    "3%" must not match inside "4.43%", and "May" not inside "Mayor": an
    occurrence may not be glued to a letter, digit or decimal part.
    """
    pattern = r"(?<![\w.,$])" + re.escape(text) + r"(?![\w]|[.,]\d)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, raw)]


def find_span(raw: str, text: str, occurrence: int = 0) -> tuple[int, int]:
    spans = figure_spans(raw, text)
    if occurrence >= len(spans):
        raise AssertionError(f"expectation error: {text!r} occurrence {occurrence} not in the article "
                             f"({len(spans)} found)")
    return spans[occurrence]


def active(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in claims if not c.get("suppressed")]


def overlapping(claims: list[dict[str, Any]], start: int, end: int) -> list[dict[str, Any]]:
    """Claims whose figure overlaps [start, end), largest overlap first."""
    hits = [c for c in active(claims) if c["start"] < end and start < c["end"]]
    return sorted(hits, key=lambda c: (-(min(end, c["end"]) - max(start, c["start"])),
                                       abs(c["start"] - start)))


def claim_at(claims: list[dict[str, Any]], start: int, end: int) -> dict[str, Any] | None:
    hits = overlapping(claims, start, end)
    return hits[0] if hits else None


def status_of(claim: dict[str, Any]) -> str | None:
    v = claim.get("verdict")
    return v["status"] if v else None


def describe(claim: dict[str, Any] | None) -> str:
    """One line per stage, for failure messages."""
    if claim is None:
        return "no claim overlaps the figure (extraction: figures.py / claims.py)"
    subj = claim.get("subject") or {}
    win = claim.get("window") or {}
    hedge = claim.get("hedge") or {}
    v = claim.get("verdict") or {}
    ev = v.get("evidence") or {}
    rows = [(r.get("date"), r.get("close"), r.get("role")) for r in ev.get("rows") or []]
    lines = [
        (f"figure   {claim['text']!r} [{claim['start']}:{claim['end']}] value={claim.get('value')} "
         f"unit={claim.get('unit')} kind={claim.get('figure_kind')} hedge={hedge.get('text')}/{hedge.get('mode')}"),
        (f"claim    kind={claim.get('kind')} reason={claim.get('reason')} metric={claim.get('metric')} "
         f"direction={claim.get('direction')} related={claim.get('related')}"),
        (f"subject  {subj.get('symbol')} ({subj.get('name')}, mention {subj.get('mention')!r}, "
         f"via {subj.get('via')}) unresolved={claim.get('unresolved_subject')}"),
        f"window   {win.get('kind')} {win.get('text')!r} spec={win.get('spec')} source={win.get('source')}",
        (f"verdict  {v.get('status')} reason={v.get('reason')} claimed={v.get('claimed')} "
         f"observed={v.get('observed')} gap={v.get('gap')}"),
        f"message  {v.get('message')}",
        f"evidence window={ev.get('window')} formula={ev.get('formula')} prices={ev.get('prices')} rows={rows}",
        f"sentence {claim.get('sentence')!r}",
    ]
    return "\n    ".join(lines)


def mutate(raw: str, start: int, end: int, replacement: str) -> str:
    return raw[:start] + replacement + raw[end:]
