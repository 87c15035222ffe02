"""Take the README's screenshots of a running site in headless Chromium.

make demo &            # or any running Lan Tỏa
.venv/bin/python tools/screenshots.py [BASE_URL]
"""

from __future__ import annotations

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
]


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
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
