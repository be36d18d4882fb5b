"""The HTML report without a browser: self-containment, CSP hashes, highlights, index page."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from factcheck.report import render, write_html_reports
from factcheck.report.html import chart_svg

SEED = Path(__file__).resolve().parent / "fixtures" / "results" / "handmade.json"


@pytest.fixture()
def result() -> dict[str, Any]:
    return json.loads(SEED.read_text(encoding="utf-8"))


class Collect(HTMLParser):
    """Tags with their attributes, and the text of <style>/<script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: dict[str, list[str]] = {"style": [], "script": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.inline:
            self._in = tag
            self.inline[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.inline[self._in][-1] += data


def parse(text: str) -> Collect:
    c = Collect()
    c.feed(text)
    return c


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def seed_only(result: dict[str, Any]) -> dict[str, Any]:
    return {**result, "documents": result["documents"][:1]}


def test_csp_allows_exactly_the_inline_style_and_script(result: dict[str, Any]) -> None:
    page = parse(render("html", seed_only(result)))
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == sha(page.inline["style"][0])
    assert directives["script-src"] == sha(page.inline["script"][0])
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert len(page.inline["style"]) == 1 and len(page.inline["script"]) == 1


def test_page_is_self_contained(result: dict[str, Any]) -> None:
    text = render("html", result)
    page = parse(text)
    for tag, attrs in page.tags:
        assert not attrs.get("src"), tag
        assert tag != "link"
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert "style" not in attrs, tag  # inline style attributes would need 'unsafe-hashes'
        href = attrs.get("href")
        if href:
            assert href.startswith("#"), href
    assert "@import" not in text and "url(" not in page.inline["style"][0]


def test_every_placed_figure_is_highlighted_with_its_verdict(result: dict[str, Any]) -> None:
    doc = result["documents"][0]
    page = parse(render("html", seed_only(result)))
    figs = [a for t, a in page.tags if t == "a" and "fig" in (a.get("class") or "").split()]
    assert len(figs) == len(doc["claims"]) == 12
    statuses = [a["data-status"] for a in figs]
    assert statuses.count("supported") == 5 and statuses.count("unverifiable") == 7
    for a in figs:
        assert a["href"] == "#" + a["data-claim"]
        assert f"st-{a['data-status']}" in a["class"]
    card_ids = {a["id"] for t, a in page.tags if t == "article" and "claim" in (a.get("class") or "")}
    assert {a["data-claim"] for a in figs} == card_ids


def test_highlights_follow_block_offsets_for_html_sources() -> None:
    raw = "<p>Apple shares &amp; bonds rose <b>3.5%</b> on Monday.</p>"
    text = "Apple shares & bonds rose 3.5% on Monday."
    offsets = []
    i = raw.index("Apple")
    for ch in text:
        while raw[i] != ch and not (ch == "&" and raw.startswith("&amp;", i)):
            i += 1
        offsets.append(i)
        i += 5 if raw.startswith("&amp;", i) else 1
    offsets.append(raw.index(".</p>") + 1)
    start = raw.index("3.5%")
    doc = {"source": "a.html", "format": "html", "raw": raw,
           "blocks": [{"text": text, "start": offsets[0], "kind": "paragraph", "in_body": True, "offsets": offsets}],
           "claims": [{"text": "3.5%", "start": start, "end": start + 4, "sentence": text, "unit": "percent",
                       "verdict": {"status": "supported", "reason": None, "claimed": [3.45, 3.55], "observed": [3.5, 3.5], "gap": 0, "message": "ok"}}]}
    out = render("html", {"documents": [doc]})
    assert 'data-status="supported">3.5%<span class="badge"' in out
    assert "Apple shares &amp; bonds rose " in out


def test_summary_header_counts_publication_and_sources(result: dict[str, Any]) -> None:
    text = render("html", result["documents"] and {**result, "documents": result["documents"][1:]})
    assert re.search(r'data-count="contradicted"><span aria-hidden="true">✗</span> <span class="n">1</span>', text)
    assert "2025-02-16T21:12:00-05:00 (America/New_York)" in text
    assert "bundled (snapshot 2025-05-22)" in text
    assert "data tolerance ±0.0539 pp" in text  # in the claim's unit, as verify reports it


def test_chart_marks_window_claimed_and_observed(result: dict[str, Any]) -> None:
    claim = next(c for c in result["documents"][1]["claims"] if c["verdict"]["status"] == "contradicted")
    svg = chart_svg(claim)
    assert svg.count('class="c-range"') == 2
    assert 'class="c-claimed"' in svg and 'class="c-observed"' in svg and 'class="c-window"' in svg
    # 9.8% above the 465.27 close is 510.9: the claimed band sits above the observed high (501.72)
    ys = {m.group(1): float(m.group(2)) for m in re.finditer(r'class="(c-claimed|c-observed)"[^>]*? y\d?="([\d.]+)"', svg)}
    assert ys["c-claimed"] < ys["c-observed"]  # SVG y grows downwards
    assert chart_svg({"verdict": {"status": "unverifiable"}}) == ""


def test_chart_without_price_mapping_still_draws_rows(result: dict[str, Any]) -> None:
    claim = next(c for c in result["documents"][0]["claims"] if c["metric"] == "high_since")
    svg = chart_svg(claim)
    assert "c-close" in svg and "c-claimed" not in svg and "runner_up" in svg


def test_text_from_the_article_is_escaped() -> None:
    raw = 'Shares <script>alert(1)</script> rose 5% "today".'
    start = raw.index("5%")
    doc = {"source": "<x>.txt", "raw": raw, "claims": [{"text": "5%", "start": start, "end": start + 2, "sentence": raw,
                                                         "verdict": {"status": "supported", "message": "<b>ok</b>"}}]}
    out = render("html", {"documents": [doc]})
    assert "<script>alert" not in out and "&lt;script&gt;alert(1)" in out
    assert "&lt;b&gt;ok&lt;/b&gt;" in out and "&lt;x&gt;.txt" in out


def test_index_page_links_each_report_with_counts(result: dict[str, Any], tmp_path: Path) -> None:
    paths = write_html_reports(result, tmp_path / "reports")
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    page = parse(index)
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert links == ["fortune-2025-02-16-china-rally.html", "tencent-draft.html"]
    assert all((tmp_path / "reports" / href).exists() for href in links)
    cells = re.findall(r'<td class="n" data-count="(\w+)">(\d+)</td>', index)
    assert cells[:4] == [("contradicted", "0"), ("unverifiable", "7"), ("supported", "5"), ("suppressed", "0")]
    assert cells[4:] == [("contradicted", "1"), ("unverifiable", "0"), ("supported", "0"), ("suppressed", "1")]
    assert "script-src 'none'" in index and not page.inline["script"]
    report = paths[0].read_text(encoding="utf-8")
    assert '<a href="index.html">All reports</a>' in report


def test_site_names_do_not_collide(result: dict[str, Any], tmp_path: Path) -> None:
    doc = result["documents"][1]
    twice = {**result, "documents": [doc, {**doc, "source": "other/tencent-draft.md"}]}
    names = [p.name for p in write_html_reports(twice, tmp_path)]
    assert names == ["tencent-draft.html", "tencent-draft-2.html", "index.html"]


def test_empty_result_renders() -> None:
    out = render("html", {"schema_version": 1, "documents": []})
    assert "No documents were checked." in out


def test_chart_uses_the_pipeline_roles() -> None:
    """verify.py marks the January low as ``extreme``; rows may come out of date order."""
    claim = {"text": "40%", "metric": "change_from_low", "unit": "percent", "verdict": {
        "status": "supported", "claimed": [36.0, 40.5], "observed": [32.95, 40.35], "evidence": {
            "symbol": "0700.HK", "window": {"start": "2025-01-13", "end": "2025-02-17"},
            "rows": [{"date": "2025-02-17", "open": 506.0, "high": 512.0, "low": 485.0, "close": 493.6, "role": "partial_session"},
                     {"date": "2025-01-13", "open": 365.0, "high": 372.0, "low": 364.8, "close": 366.0, "role": "extreme"}]}}}
    svg = chart_svg(claim)
    assert 'class="c-claimed"' in svg
    # 36%..40.5% above the 364.80 low is 496.1..512.5
    assert "≈ 496.13–512.54" in svg
    assert svg.index(">2025-01-13<") < svg.index(">2025-02-17<")
