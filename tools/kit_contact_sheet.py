"""Render the cds17 kit and a poster, and tile thumbnails of every kind of item into
docs/img/kit-contact-sheet.png (needs pdftoppm; the web page needs /usr/bin/chromium)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from lantoa.core.kit import Unit, branding_make, kit_render, posters_render
from lantoa.core.kit.engine import font_dir
from lantoa.core.packs import builtin_pack

ROOT = Path(__file__).resolve().parent.parent
THUMB = 300


def pdf_page(pdf: Path, page: int, work: Path) -> Path:
    prefix = work / f"{pdf.stem}-{page}"
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(prefix)],
        check=True,
    )  # fmt: skip
    return prefix.with_suffix(".png")


def main() -> None:
    pack = builtin_pack("cds17")
    branding = branding_make(unit="Sở Khoa học và Công nghệ tỉnh Quảng Ninh")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        kit = kit_render(pack, out=work / "kit", branding=branding).out
        posters = posters_render(
            [Unit("22-QN-001", "Phường Hồng Gai, tỉnh Quảng Ninh")],
            pack=pack, out=work / "posters", branding=branding, processes=1,
        ).out  # fmt: skip
        items = [
            ("Thẻ 1080×1350 — mặt trước", kit / "flashcards/1080x1350/01-front.png"),
            ("Thẻ 1080×1350 — mặt sau", kit / "flashcards/1080x1350/01-back.png"),
            ("Thẻ 1080×1080", kit / "flashcards/1080x1080/17-back.png"),
            ("In A4 — mặt trước", pdf_page(kit / "flashcards/flashcards-a4-print.pdf", 1, work)),
            ("In A4 — mặt sau", pdf_page(kit / "flashcards/flashcards-a4-print.pdf", 2, work)),
            ("Infographic A3", pdf_page(kit / "infographic/infographic-a3.pdf", 1, work)),
            ("Infographic điện thoại", kit / "infographic/infographic-phone.png"),
            ("Áp phích A4", pdf_page(posters / "posters/22-QN-001.pdf", 1, work)),
            ("Áp phích vuông", posters / "posters/22-QN-001.png"),
        ]
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        if Path(chromium).exists():
            shot = work / "web.png"
            page = (kit / "web/cds17.html").as_uri()
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 f"--screenshot={shot}", "--window-size=800,1100", page],
                check=True, capture_output=True, timeout=60,
            )  # fmt: skip
            items.append(("Trang web", shot))
        cols = 5
        rows = (len(items) + cols - 1) // cols
        label_h = 34
        sheet = Image.new(
            "RGB", (cols * (THUMB + 20) + 20, rows * (THUMB + label_h + 30) + 20), "white"
        )
        font = ImageFont.truetype(str(font_dir() / "BeVietnamPro-SemiBold.ttf"), 15)
        draw = ImageDraw.Draw(sheet)
        for i, (label, path) in enumerate(items):
            with Image.open(path) as img:
                img = img.convert("RGB")
                if img.height > 2 * img.width:  # the tall phone infographic: show its top
                    img = img.crop((0, 0, img.width, int(img.width * 1.4)))
                img.thumbnail((THUMB, THUMB))
                x = 20 + (i % cols) * (THUMB + 20)
                y = 20 + (i // cols) * (THUMB + label_h + 30)
                sheet.paste(img, (x + (THUMB - img.width) // 2, y))
                draw.text((x, y + THUMB + 8), label, fill="#1d1d1f", font=font)
        out = ROOT / "docs/img/kit-contact-sheet.png"
        sheet.save(out, optimize=True)
        print(out)


if __name__ == "__main__":
    main()
