"""Inline suppression: a draft's author silences figures with an HTML comment.

Two directives, written as HTML comments so they stay invisible in rendered
Markdown and HTML:

- ``<!-- factcheck: ignore -->`` right before an opening block tag (``<p>``,
  ``<li>``, ``<div>``, ...) silences that element up to its closing tag, even
  inside a long line of minified HTML. Otherwise, on a line with other text it
  silences that line; alone on its line it silences the paragraph that
  follows (the next lines up to a blank line, or the element it starts with).
- ``<!-- factcheck: ignore-next-line -->`` silences the next line.

Suppressed claims are still checked and reported, marked ``suppressed``, so a
reviewer can see what was silenced.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

import regex

DIRECTIVE = regex.compile(r"<!--\s*factcheck\s*:\s*(?P<what>ignore-next-line|ignore)\s*-->", regex.IGNORECASE)
_BLOCK_TAG = regex.compile(r"\s*<(?P<tag>p|li|h[1-6]|blockquote|div|section|article|figure|figcaption|td|th|tr|table|ul|ol|dd|dt|pre)\b[^>]*>", regex.IGNORECASE)

C = TypeVar("C")


def _line_bounds(raw: str, pos: int) -> tuple[int, int]:
    """(start, end) of the line holding ``pos``; ``end`` excludes the newline."""
    start = raw.rfind("\n", 0, pos) + 1
    end = raw.find("\n", pos)
    return start, len(raw) if end < 0 else end


def _element_end(raw: str, open_at: int, tag: str) -> int:
    """End of the element whose opening tag starts at ``open_at`` (nesting of the same tag counted)."""
    pattern = regex.compile(rf"<(/?){tag}\b[^>]*>", regex.IGNORECASE)
    depth = 0
    for m in pattern.finditer(raw, open_at):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return len(raw)


def _paragraph_after(raw: str, pos: int) -> tuple[int, int] | None:
    """The paragraph starting at or after ``pos`` (blank lines before it skipped)."""
    n = len(raw)
    while pos < n:
        start, end = _line_bounds(raw, pos)
        if raw[start:end].strip():
            break
        pos = end + 1
    else:
        return None
    first_start, _ = _line_bounds(raw, pos)
    tag = _BLOCK_TAG.match(raw, first_start)
    if tag:
        return first_start, _element_end(raw, tag.start("tag") - 1, tag.group("tag"))
    end = first_start
    while end < n:
        line_start, line_end = _line_bounds(raw, end)
        if not raw[line_start:line_end].strip():
            return first_start, line_start
        end = line_end + 1
    return first_start, n


def suppressed_ranges(raw: str) -> list[tuple[int, int]]:
    """Raw character ranges ``[start, end)`` silenced by factcheck comments, sorted and merged."""
    ranges: list[tuple[int, int]] = []
    for m in DIRECTIVE.finditer(raw):
        line_start, line_end = _line_bounds(raw, m.start())
        before = raw[line_start : m.start()]
        after = raw[m.end() : line_end]
        if m.group("what").lower() == "ignore-next-line":
            if line_end < len(raw):
                ranges.append(_line_bounds(raw, line_end + 1))
            continue
        tag = _BLOCK_TAG.match(after)
        if tag:  # checked first: minified HTML keeps a whole page on one line
            ranges.append((m.end() + tag.start(), _element_end(raw, m.end() + tag.start("tag") - 1, tag.group("tag"))))
        elif before.strip() or after.strip():
            ranges.append((line_start, line_end))
        else:
            para = _paragraph_after(raw, line_end + 1)
            if para:
                ranges.append(para)
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _span(claim: Any) -> tuple[int, int]:
    inner = getattr(claim, "claim", claim)
    figure = inner.figure
    return figure.start, figure.end


def apply_suppression(raw: str, claims: list[C]) -> list[C]:
    """The claims with ``suppressed=True`` on those whose figure lies inside a silenced range.

    Accepts :class:`~factcheck.model.Claim` or :class:`~factcheck.model.CheckedClaim` items.
    """
    ranges = suppressed_ranges(raw)
    if not ranges:
        return list(claims)
    out: list[C] = []
    for claim in claims:
        start, end = _span(claim)
        if any(lo <= start and end <= hi for lo, hi in ranges):
            inner = getattr(claim, "claim", None)
            if inner is not None:
                claim = dataclasses.replace(claim, claim=dataclasses.replace(inner, suppressed=True))  # type: ignore[type-var]
            else:
                claim = dataclasses.replace(claim, suppressed=True)  # type: ignore[type-var]
        out.append(claim)
    return out
