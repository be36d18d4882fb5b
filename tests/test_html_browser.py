"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

Never a downloaded browser: ``/usr/bin/chromium`` (``apt-get install chromium``,
done by .ci/run). Without it the tests skip locally and fail when ``CI`` is
set, so CI cannot pass by accident. Screenshots go to tests/output/ (ignored by git).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.report import write_html_reports
from factcheck.report.common import counts, fmt_gap, fmt_interval, status_of

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
SEED = HERE / "fixtures" / "results" / "seed.json"  # the pipeline's output on the seed article and a draft
OUTPUT = HERE / "output"
CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-default-apps", "--disable-sync", "--metrics-recording-only"]


def _chromium_missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Debian chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _chromium_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return json.loads(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = json.loads(SEED.read_text(encoding="utf-8"))
    out = tmp_path_factory.mktemp("site")
    write_html_reports(result, out)
    return out


class Watched:
    """A page that records console errors, page errors and every request other than the file itself."""

    def __init__(self, browser: Any, url: str, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=True)
        self.page = self.context.new_page()
        self.url = url
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r: Any) -> None:
            if r.request.url != self.url:
                self.requests.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        self.context.route("**/*", route)
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def close(self) -> None:
        self.context.close()


def shoot(page: Any, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 1000
    return path


def test_seed_report_highlights_counts_and_evidence(browser: Any, site: Path, result: dict[str, Any]) -> None:
    doc = result["documents"][0]
    expected = counts(doc["claims"])
    assert expected["supported"] >= 5  # the seed's five checkable figures
    url = (site / "fortune-2025-02-16-china-rally.html").as_uri()
    w = Watched(browser, url)
    page = w.page
    try:
        assert page.locator("a.fig").count() == len(doc["claims"])
        for status, n in expected.items():
            assert page.locator(f"a.fig.st-{status}").count() == n, status
            assert page.locator(f"header.summary li[data-count={status}] .n").inner_text() == str(n), status
        assert [page.locator("a.fig").nth(i).get_attribute("data-status") for i in range(len(doc["claims"]))] == [
            status_of(c) for c in doc["claims"]]
        # the highlight carries a label as well as a colour
        assert page.locator("a.fig.st-supported .sr").first.text_content() == " (supported)"
        assert page.locator("a.fig.st-supported .badge").first.inner_text() == "✓"

        claim = next(c for c in doc["claims"] if c["text"] == "60%")
        verdict, ev = claim["verdict"], claim["verdict"]["evidence"]
        assert verdict["status"] == "supported" and ev["symbol"] == "9988.HK"
        panel = page.locator("#panel")
        assert "idle" in (panel.get_attribute("class") or "")
        page.locator("a.fig", has_text="60%").click()
        assert "idle" not in (panel.get_attribute("class") or "")
        assert panel.locator(".pill").inner_text().strip() == "✓ Supported"
        text = panel.inner_text()
        for needle in ("Claimed", fmt_interval(verdict["claimed"], "percent"), "Observed",
                       fmt_interval(verdict["observed"], "percent"), ev["formula"], "9988.HK",
                       ev["source"]["provider"], ev["rows"][0]["date"]):
            assert needle in text, needle
        assert panel.locator("svg rect.c-claimed").count() == 1
        assert panel.locator("svg line.c-observed").count() >= 1
        assert panel.locator("svg circle.c-point").count() == sum(1 for r in ev["rows"] if r.get("role"))
        assert page.evaluate("document.activeElement.id") == "panel"
        shoot(page, "seed-report-evidence.png")

        page.keyboard.press("Escape")
        assert "idle" in (panel.get_attribute("class") or "")
        assert page.evaluate("document.activeElement.textContent").startswith("60%")
        assert not w.errors, w.errors
        assert not w.requests, w.requests
    finally:
        w.close()


def test_keyboard_navigation_and_filters(browser: Any, site: Path, result: dict[str, Any]) -> None:
    n = len(result["documents"][0]["claims"])
    w = Watched(browser, (site / "fortune-2025-02-16-china-rally.html").as_uri())
    page = w.page
    try:
        page.keyboard.press("j")
        first = page.evaluate("document.activeElement.getAttribute('data-claim')")
        assert first == "d0-c0"
        assert page.locator("#panel[data-claim=d0-c0]").count() == 1  # focusing a figure shows its evidence
        page.keyboard.press("j")
        assert page.evaluate("document.activeElement.getAttribute('data-claim')") == "d0-c1"
        page.keyboard.press("k")
        page.keyboard.press("k")
        assert page.evaluate("document.activeElement.getAttribute('data-claim')") == f"d0-c{n - 1}"  # wraps around

        page.locator("input[data-filter=unverifiable]").uncheck()
        assert page.locator(".claims article.claim.st-unverifiable").first.is_hidden()
        assert page.locator(".claims article.claim.st-supported").first.is_visible()
        page.locator("body").focus()
        page.evaluate("document.activeElement.blur()")
        statuses = []
        for _ in range(6):
            page.keyboard.press("j")
            statuses.append(page.evaluate("document.activeElement.getAttribute('data-status')"))
        assert set(statuses) == {"supported"}  # hidden verdicts are skipped
        assert not w.errors, w.errors
        assert not w.requests, w.requests
    finally:
        w.close()


def test_contradicted_draft_on_a_phone(browser: Any, site: Path, result: dict[str, Any]) -> None:
    claim = next(c for c in result["documents"][1]["claims"] if status_of(c) == "contradicted")
    verdict = claim["verdict"]
    w = Watched(browser, (site / "tencent-draft.html").as_uri(), width=390, height=844)
    page = w.page
    try:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        fig = page.locator("a.fig.st-contradicted")
        assert fig.inner_text().startswith("9.8%")
        assert page.locator("a.fig.st-suppressed").count() == 1
        fig.click()
        panel = page.locator("#panel")
        assert panel.is_visible()
        box = panel.bounding_box()
        assert box is not None and box["y"] > 844 * 0.3 and box["width"] >= 380  # a bottom sheet
        fig_box = fig.bounding_box()
        assert fig_box is not None and 0 <= fig_box["y"] and fig_box["y"] + fig_box["height"] <= box["y"]  # not hidden by it
        text = panel.inner_text()
        assert "✗ Contradicted" in text
        assert fmt_gap(verdict["gap"], "percent") in text and fmt_interval(verdict["claimed"], "percent") in text
        shoot(page, "draft-phone-contradicted.png")
        assert not w.errors, w.errors
        assert not w.requests, w.requests
    finally:
        w.close()


def test_index_page_and_print_layout(browser: Any, site: Path) -> None:
    w = Watched(browser, (site / "index.html").as_uri())
    page = w.page
    try:
        links = page.locator("table.index-table a")
        assert links.count() == 2
        assert page.locator("tbody tr").nth(1).locator("td[data-count=contradicted]").inner_text() == "1"
        shoot(page, "index.png")
        assert not w.errors and not w.requests
    finally:
        w.close()
    w = Watched(browser, (site / "fortune-2025-02-16-china-rally.html").as_uri())
    try:
        w.page.emulate_media(media="print")
        assert w.page.locator("#panel").is_hidden()
        assert w.page.locator("article.claim").count() == len(json.loads(SEED.read_text())["documents"][0]["claims"])
        assert w.page.locator("article.claim").nth(0).is_visible()
        pdf = w.page.pdf()
        assert pdf[:4] == b"%PDF"
        assert not w.errors and not w.requests
    finally:
        w.close()


def test_csp_blocks_injected_script(browser: Any, site: Path, tmp_path: Path) -> None:
    """The policy is live: a script that is not the hashed one does not run (and is reported)."""
    page_text = (site / "tencent-draft.html").read_text(encoding="utf-8")
    tampered = tmp_path / "tampered.html"
    tampered.write_text(page_text.replace("</body>", "<script>document.title='pwned'</script></body>"), encoding="utf-8")
    w = Watched(browser, tampered.as_uri())
    try:
        assert w.page.title() != "pwned"
        assert any("Content Security Policy" in e for e in w.errors), w.errors
    finally:
        w.close()


def test_the_watcher_sees_requests_and_errors(browser: Any, tmp_path: Path) -> None:
    """The harness can fail: a page without the policy that fetches and throws is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><img src="http://127.0.0.1:9/x.png"><script>throw new Error("boom")</script>',
                   encoding="utf-8")
    w = Watched(browser, bad.as_uri())
    try:
        assert w.requests == ["http://127.0.0.1:9/x.png"]
        assert any("boom" in e for e in w.errors)
    finally:
        w.close()
