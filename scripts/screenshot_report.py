"""Screenshot an HTML report in Debian's Chromium (for the README).

    python scripts/screenshot_report.py reports/fortune-2025-02-16-china-rally.html docs/images/seed-report.png [N]

N picks which supported figure's evidence is opened (default 0, the first).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def main(report: str, out: str, nth: int = 0, width: int = 1280, height: int = 900) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(Path(report).resolve().as_uri())
        figure = page.locator("[data-status=supported]").nth(nth)
        if figure.count():
            figure.click()
        page.screenshot(path=out, full_page=False)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
