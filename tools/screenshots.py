"""Take the README's screenshots of a running site in headless Chromium.

make demo &            # or any running Lan Tỏa
.venv/bin/python tools/screenshots.py [BASE_URL]

Public pages are taken as a visitor; the campaign dashboard signed in as the demo's
national user (``demo`` / ``lantoa-demo``), on the oldest campaign (the seeds' cascade).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
OUT = Path(__file__).resolve().parent.parent / "docs" / "img"
SHOTS = [
    ("home-phone.png", "/", 390, 844, False),
    ("home-desktop.png", "/", 1280, 900, False),
    ("home-desktop-en.png", "/en/", 1280, 900, False),
    ("kit-page.png", "/bo-an-pham/", 1280, 900, False),
    ("learn-start-phone.png", "/hoc/", 360, 780, True),
]
SIGNED_IN = [
    ("campaign-dashboard-desktop.png", 1280, 900, True),
    ("campaign-dashboard-phone.png", 360, 780, True),
]
USER, PASSWORD = "demo", "lantoa-demo"


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, path, width, height, full in SHOTS:
            page = browser.new_page(
                viewport={"width": width, "height": height}, device_scale_factor=1
            )
            page.goto(base.rstrip("/") + path, wait_until="networkidle")
            page.screenshot(path=str(OUT / name), full_page=full)
            print(OUT / name)
            page.close()
        for name, width, height, full in SIGNED_IN:
            page = browser.new_page(
                viewport={"width": width, "height": height}, device_scale_factor=1
            )
            page.goto(base.rstrip("/") + "/dang-nhap/")
            page.fill("input[name=username]", USER)
            page.fill("input[name=password]", PASSWORD)
            page.click("form [type=submit]")
            page.wait_for_url(lambda url: "dang-nhap" not in url)
            page.goto(base.rstrip("/") + "/chien-dich/", wait_until="networkidle")
            hrefs = page.locator("main a[href]").evaluate_all("as => as.map(a => a.href)")
            # the oldest campaign: the seeds' cascade, at several stages
            oldest = [h for h in hrefs if re.search(r"/chien-dich/\d+/$", h)][-1]
            page.goto(oldest, wait_until="networkidle")
            page.screenshot(path=str(OUT / name), full_page=full)
            print(OUT / name, page.url)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
