"""The kit items made of words only: post captions and the radio script, and the web page."""

from __future__ import annotations

import base64
import html
import re
from importlib import resources
from pathlib import Path

from lantoa.core.kit.branding import Branding
from lantoa.core.packs import BUILTIN_DEFAULT, Pack
from lantoa.core.packs.faces import CardFaces, pack_faces
from lantoa.core.packs.schema import Source

# Syllables (space-separated words) a minute: a calm announcer's pace on commune loudspeakers
# (Vietnamese news is read at about 220).
WORDS_PER_MINUTE = 190
MAX_MINUTES = 5


def pack_label(pack: Pack) -> str:
    """How a reader sees which content this is: "… (phiên bản 1.0.0)", never "cds17@1.0.0"."""
    return f"{pack.title.vi} (phiên bản {pack.version})"


def source_label(source: Source) -> str:
    """A source as a Vietnamese reader cites it: "Công văn số 244/CĐSQG-CSS ngày 05/03/2023
    của Cục Chuyển đổi số quốc gia: V/v …". A copy whose number was left blank (a draft
    sent before registration, "/UBND-KGVX") says so rather than showing half a number."""
    kind = source.kind[:1].upper() + source.kind[1:]
    number = (source.number or "").strip()
    if not number:
        label = f"{kind} (không ghi số)"
    elif number.startswith("/"):
        label = f"{kind} số …{number} (bản không ghi số)"
    else:
        label = f"{kind} số {number}"
    if source.date is not None:
        label += f" ngày {source.date:%d/%m/%Y}"
    return f"{label} của {source.issuer}: {source.title}"


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def number_words(n: int) -> str:
    """Vietnamese words for 0..99 ("mười bảy", "hai mươi mốt", "hai mươi lăm")."""
    if not 0 <= n <= 99:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        tail = "lăm"
    elif unit == 1 and tens > 1:
        tail = "mốt"
    elif unit == 4 and tens > 1:
        tail = "tư"
    else:
        tail = _DIGITS[unit]
    return f"{head} {tail}"


def ordinal_words(n: int) -> str:
    """ "thứ nhất", "thứ hai", "thứ tư", "thứ mười bảy"."""
    special = {1: "nhất", 4: "tư"}
    return f"thứ {special.get(n, number_words(n))}"


def hashtag(text: str) -> str:
    """``#ChuyểnĐổiSố`` from "chuyển đổi số": Vietnamese hashtags keep their marks."""
    words = re.findall(r"\w+", text)
    return "#" + "".join(w[:1].upper() + w[1:] for w in words)


def _tags(pack: Pack, faces: CardFaces) -> list[str]:
    if pack.kind == "comparison":
        return [hashtag(pack.sides.dx.vi), hashtag(pack.sides.it.vi), "#LanTỏa"]
    return [hashtag(faces.keywords[0]) if faces.keywords else f"#{pack.id}", "#LanTỏa"]


def point_url(base_url: str, number: int) -> str:
    """The public page of a point (with its share card and the units' stories)."""
    return f"{base_url.rstrip('/')}/diem/{number}/"


def captions_build(
    pack: Pack, branding: Branding, *, base_url: str | None = None
) -> dict[str, str]:
    """A caption per card for Facebook and for Zalo (shorter, fewer hashtags); with
    ``base_url``, each of the default pack's captions ends with the link to the point's
    page, whose preview is a card."""
    by = f" — {branding.unit}" if branding.unit else ""
    linked = base_url if pack.id == BUILTIN_DEFAULT else None
    facebook: list[str] = []
    zalo: list[str] = []
    two = pack.kind == "comparison"
    for faces in pack_faces(pack):
        tags = _tags(pack, faces)
        n = f"{faces.number}/{pack.count}"
        link = f"\n{point_url(linked, faces.number)}" if linked else ""
        if two:
            body = "".join(f"▪ {s.label}: {s.full}\n" for s in faces.back)
            brief = "".join(f"{s.label}: {s.short}\n" for s in faces.back)
        else:
            body = f"▪ {faces.main.full}\n"
            brief = f"{faces.main.short}\n"
        facebook.append(
            f"[Thẻ {n}] {faces.title}\n\n{body}\n"
            f"{pack.title.vi}{by}.\n"
            f"{' '.join(tags)} #{pack.id.upper()}_{faces.number:02d}{link}"
        )
        zalo.append(f"{n}. {faces.title}\n{brief}{tags[0]} {tags[-1]}{link}")
    sep = "\n\n" + "—" * 20 + "\n\n"
    return {"facebook": sep.join(facebook) + "\n", "zalo": sep.join(zalo) + "\n"}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _radio_tiers(pack: Pack) -> tuple[str, str, list[str], list[str], list[str]]:
    """The intro, the outro and each point read in full, short and brief form."""
    points = pack_faces(pack)
    if pack.kind == "comparison":
        it, dx = pack.sides.it.vi, pack.sides.dx.vi
        intro = (
            "Kính thưa bà con! Sau đây, chương trình phát thanh xin giới thiệu "
            f"{pack.title.vi}. Mỗi điểm là một sự chuyển dịch từ cách làm "
            f"{it.lower()} sang cách làm {dx.lower()}."
        )
        outro = (
            f"Trên đây là {number_words(pack.count)} điểm khác nhau giữa "
            f"{it.lower()} và {dx.lower()}. "
        )
        full = [
            f"Điểm {ordinal_words(p.number)}: {p.title}. "
            f"Với {it.lower()}: {p.back[0].full.rstrip('.')}. "
            f"Còn với {dx.lower()}: {p.back[1].full.rstrip('.')}."
            for p in points
        ]
        short = [
            f"Điểm {ordinal_words(p.number)}: {p.title}. "
            f"{it}: {p.back[0].short.rstrip('.')}; "
            f"{dx.lower()}: {p.back[1].short.rstrip('.')}."
            for p in points
        ]
        brief = [
            f"Điểm {ordinal_words(p.number)}: {p.title}. "
            f"Nghĩa là {_lower_first(p.back[1].short).rstrip('.')}."
            for p in points
        ]
        return intro, outro, full, short, brief
    word = "Câu hỏi" if pack.kind == "qa" else "Điểm"
    then = " Trả lời: " if pack.kind == "qa" else " "
    intro = (
        "Kính thưa bà con! Sau đây, chương trình phát thanh xin giới thiệu "
        f"{_lower_first(pack.title.vi)}."
    )
    outro = f"Trên đây là {_lower_first(pack.title.vi)}. "

    def head(p: CardFaces) -> str:
        title = p.title if p.title.endswith(("?", ".")) else p.title + "."
        return f"{word} {ordinal_words(p.number)}: {title}"

    full = [f"{head(p)}{then}{p.main.full.rstrip('.')}." for p in points]
    short = [f"{head(p)}{then}{p.main.short.rstrip('.')}." for p in points]
    return intro, outro, full, short, short


def radio_script_build(pack: Pack, branding: Branding) -> str:
    """A script for commune loudspeakers, 3 to 5 minutes read aloud.

    Full texts are used while the script stays under five minutes, short ones after.
    """
    speaker = branding.unit or "Ban biên tập"
    intro, outro, full, short, brief = _radio_tiers(pack)
    outro += (
        "Mời bà con quét mã QR trên bảng tin của đơn vị để học và làm bài kiểm tra ngắn. "
        f"{speaker} xin cảm ơn bà con đã lắng nghe!"
    )
    body = list(full)

    def count() -> int:
        return sum(len(t.split()) for t in (intro, *body, outro))

    # Read the full texts while the script stays under five minutes; past that, the
    # longest points are read in their short form, then as the title and the new way.
    for tier in (short, brief):
        by_length = sorted(range(len(body)), key=lambda i: -len(body[i].split()))
        for i in by_length:
            if count() <= MAX_MINUTES * WORDS_PER_MINUTE:
                break
            body[i] = tier[i]
    words = len(intro.split()) + len(outro.split()) + sum(len(b.split()) for b in body)
    minutes = f"{words / WORDS_PER_MINUTE:.1f}".replace(".", ",")  # 4,3 phút
    header = (
        f"KỊCH BẢN PHÁT THANH — {pack.title.vi.upper()}\n"
        f"({words} từ, khoảng {minutes} phút đọc với {WORDS_PER_MINUTE} từ/phút; "
        f"nguồn: {pack_label(pack)})\n"
    )
    return header + "\n" + "\n\n".join([intro, *body, outro]) + "\n"


def _font_face(weight: int, name: str) -> str:
    fonts = Path(str(resources.files("lantoa.site") / "static" / "lantoa" / "fonts"))
    path = fonts / f"BeVietnamPro-{name}.woff2"
    if not path.is_file():
        return ""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f"@font-face{{font-family:'Be Vietnam Pro';font-weight:{weight};font-style:normal;"
        f"font-display:swap;src:url(data:font/woff2;base64,{data}) format('woff2');}}"
    )


def webpage_build(pack: Pack, branding: Branding) -> str:
    """One self-contained HTML page: inline styles, embedded fonts, no external request."""
    e = html.escape
    fonts = "".join(
        _font_face(w, n) for w, n in ((400, "Regular"), (600, "SemiBold"), (700, "Bold"))
    )
    logo = ""
    if branding.logo is not None:
        mime = "image/png" if branding.logo.fmt == "png" else "image/jpeg"
        data = base64.b64encode(branding.logo.data).decode("ascii")
        logo = f'<img class="logo" alt="" src="data:{mime};base64,{data}">'
    rows = []
    for faces in pack_faces(pack):
        sections = "".join(
            f'<section class="{s.key}"><h3>{e(s.label)}</h3><p>{e(s.full)}</p></section>'
            for s in faces.back
        )
        one = " one" if len(faces.back) == 1 else ""
        rows.append(
            f'<article class="point" id="diem-{faces.number}">'
            f'<h2><span class="n">{faces.number}</span> {e(faces.title)}</h2>'
            f'<div class="sides{one}">{sections}</div></article>'
        )
    unit = f'<p class="unit">{e(branding.unit)}</p>' if branding.unit else ""
    sources = "".join(f"<li>{e(source_label(s))}</li>" for s in pack.sources)
    css = (
        fonts + f":root{{--primary:{branding.primary};--accent:{branding.accent}}}"
        "*{box-sizing:border-box}"
        "body{margin:0;font-family:'Be Vietnam Pro',Arial,'Segoe UI',Roboto,sans-serif;"
        "color:#1d1d1f;background:#fbf8f3;line-height:1.55}"
        "header{background:var(--primary);color:#fff;padding:1.5rem 1rem}"
        ".wrap{max-width:70rem;margin:0 auto}.logo{height:3rem;background:#fff;padding:.25rem;"
        "border-radius:.3rem}.unit{margin:.5rem 0 0;font-weight:600}"
        "h1{margin:.25rem 0 0;font-size:clamp(1.4rem,4vw,2.2rem);line-height:1.3}"
        "main{padding:1rem}.point{margin:0 0 1.5rem;padding:1rem;background:#fff;"
        "border-radius:.6rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}"
        "h2{font-size:1.15rem;margin:0 0 .75rem;line-height:1.4}.n{display:inline-block;"
        "min-width:1.8em;text-align:center;background:var(--primary);color:#fff;border-radius:1em}"
        ".sides{display:grid;gap:.75rem;grid-template-columns:1fr}"
        "@media(min-width:48rem){.sides{grid-template-columns:1fr 1fr}"
        ".sides.one{grid-template-columns:1fr}}"
        "section{padding:.75rem 1rem;border-radius:.4rem}section p{margin:0}"
        "h3{margin:0 0 .35rem;font-size:.8rem;text-transform:uppercase;letter-spacing:.05em}"
        ".it{background:#ecebe8}.dx,.text{background:#f6e8e8;border-left:4px solid var(--primary)}"
        "footer{padding:1rem;font-size:.85rem;color:#5b5b60}"
    )
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(pack.title.vi)}</title><style>{css}</style></head><body>"
        f'<header><div class="wrap">{logo}{unit}<h1>{e(pack.title.vi)}</h1></div></header>'
        f'<main class="wrap">{"".join(rows)}</main>'
        f'<footer class="wrap"><p>{e(pack.summary.vi)}</p><ul>{sources}</ul>'
        f"<p>{e(pack_label(pack))}</p></footer></body></html>\n"
    )
