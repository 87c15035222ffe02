"""Build the site's web fonts: Be Vietnam Pro subset to Latin + Vietnamese, as WOFF2.

The full TTFs are ~135 KB each; the subsets are a fraction of that, which matters on
a commune's weak connection. Run after upgrading fontpkg-be-vietnam-pro:

    .venv/bin/python tools/webfonts.py
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fontTools import subset

OUT = Path(__file__).resolve().parent.parent / "src/lantoa/site/static/lantoa/fonts"
WEIGHTS = ["Regular", "SemiBold", "Bold"]
# Basic Latin, Latin-1, Latin Extended-A/B (Vietnamese ơ ư đ), combining marks,
# Latin Extended Additional (precomposed Vietnamese), general punctuation, đồng sign.
UNICODES = "U+0000-024F,U+0300-036F,U+1EA0-1EF9,U+2000-206F,U+20AB,U+20AC,U+2190-2193,U+2122"


def main() -> None:
    source = Path(str(resources.files("fontpkg_be_vietnam_pro") / "files"))
    OUT.mkdir(parents=True, exist_ok=True)
    for weight in WEIGHTS:
        target = OUT / f"BeVietnamPro-{weight}.woff2"
        subset.main(
            [
                str(source / f"BeVietnamPro-{weight}.ttf"),
                f"--unicodes={UNICODES}",
                "--layout-features=*",
                "--flavor=woff2",
                f"--output-file={target}",
            ]
        )
        print(f"{target.name}: {target.stat().st_size} bytes")
    licence = source.parent / "LICENSE"
    (OUT / "OFL.txt").write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")


if __name__ == "__main__":
    main()
