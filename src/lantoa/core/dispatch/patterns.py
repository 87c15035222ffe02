"""Regular expressions over *folded* text (lower case, no diacritics, đ → d).

Matching on :func:`lantoa.core.text.fold` output makes one pattern serve clean
text, text whose diacritics were stripped, and English-model OCR output. The
character classes also admit the usual OCR confusions seen in seed 004: "Sé" for
"Số" (so → se), "s6" (o → 6), "ndm" for "năm", "1am" for "làm", "CPS"/"CBS" for
"CĐS", "Poc lap" for "Độc lập", "Tw do" for "Tự do", "x4" for "xã".
"""

from __future__ import annotations

import re

_A = "[a4d@]"
_O = "[o06]"
_I = "[i1l]"
_U = "[uw]"

# "Số:" before the number and symbol of the document itself: number/[year/]symbol.
# The number may be left blank (dots, underscores) in a draft; normative documents
# (nghị định, thông tư, quyết định quy phạm) carry the year: 13/2023/NĐ-CP.
# Party documents join number and symbol with a hyphen: 09-NQ/TU.
NUMBER_LABEL = re.compile(
    r"(?<![a-z0-9])s[o06e]\s*[:.]\s*[.…_]*\s*(\d*)\s*[.…_]*\s*(?:/|-(?=\s*[a-z]))\s*"
    r"(?:((?:19|20)\d{2})\s*/\s*)?"
)
# The symbol, matched on the original text (it keeps its case). Each part starts with
# a capital and may hold a short lower-case run: QĐ-TTg, TTr-STTTT, CTr-UBND, HD-BTC.
_PART = r"[A-ZĐ][A-ZĐ0-9&]*(?:[a-zđ]{1,2}[A-ZĐ0-9&]*)?(?!\w)"
SYMBOL = re.compile(rf"{_PART}(?:[ \t]*[-–][ \t]*{_PART}|/{_PART})*")

NGAY = rf"ng{_A}y"
THANG = rf"th{_A}ng"
NAM = r"n[a4di]m"
# A blank day may be left as spaces, dots or an ellipsis: "ngày ….. tháng 12 năm 2021".
DATE_WORDS = re.compile(
    rf"(?<![a-z]){NGAY}[\s.…_]*(\d{{0,2}})[\s.…_]*{THANG}\s*(\d{{1,2}})\s*{NAM}\s*(\d{{4}})"
)
DATE_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?!\d)")
REF_DATE = re.compile(
    rf"\s*,?\s*{NGAY}\s+(?:(\d{{1,2}})\s*/\s*(\d{{1,2}})\s*/\s*(\d{{4}})"
    rf"|(\d{{1,2}})\s*{THANG}\s*(\d{{1,2}})\s*{NAM}\s*(\d{{4}}))"
)

SUBJECT_LABEL = re.compile(r"(?<![a-z])v\s*/\s*[vw]\b\.?:?\s*")  # OCR reads V/v as V/w
RECIPIENTS_LABEL = re.compile(r"(?<![a-z])kinh\s+g[a-z]{1,3}\s*:?")
CC_LABEL = re.compile(rf"^\W*n{_O}{_I}\s+nh[a-z]n\b\s*:?", re.MULTILINE)
CLOSING = re.compile(r"\./\.")

MOTTO = re.compile(
    rf"c{_O}ng\s+h{_O}{_A}\s+x{_A}\s+h\w{{1,2}}\s+ch{_U}\s+ngh{_I}{_A}\s+v{_I}[e]t\s+n{_A}m"
    rf"|[dp]{_O}c\s+l{_A}p\s*[-–]\s*t{_U}\s+d{_O}\s*[-–]\s*h{_A}nh\s+ph{_U}c"
)

# The first words of the national motto, also when a flattened two-column letterhead
# or a PDF extraction split it across lines or glued words ("XàHỘI", "Độc lập  Tự do").
MOTTO_START = re.compile(
    rf"c{_O}ng\s+h{_O}{_A}\s+x{_A}\s*h\w{{1,2}}\s+ch{_U}|[dp]{_O}c\s+l{_A}p\s*[-–]?\s*t{_U}\s+d{_O}"
)
# A line that is only a piece of the motto ("CỘNG HÒA XÃ HỘI", "CHỦ NGHĨA VIỆT NAM").
MOTTO_WORDS = frozenset(
    {"cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam", "doc", "lap", "tu", "do"}
    | {"hanh", "phuc", "hqi", "poc", "tw"}
)

# The name of a document's kind set as its own title line (Decree 30/2020, art. 8–9).
KIND_TITLE = re.compile(
    r"^(nghi dinh|nghi quyet|quyet dinh|thong tu lien tich|thong tu|ke hoach|thong bao|"
    r"cong dien|chi thi|bao cao|to trinh|huong dan|chuong trinh|quy che|quy dinh|cong van)"
    r"(?: (?:cua|ve) .*)?$"
)
# Lines that start the body after a title: legal bases, numbered parts, articles.
BODY_START = re.compile(
    r"^(?:can cu|[ivx]+\s*[.:]\s|\d+(?:\.\d+)*\s*[.)]\s|phan [ivx\d]|chuong [ivx\d]|"
    r"dieu \d|kinh gui|noi nhan)"
)
# The same in running text (only on lines not set in capitals).
PROSE_START = re.compile(
    r"^(?:thuc hien|theo (?:de nghi|ket qua|chi dao|quy dinh)|xet (?:de nghi|to trinh)|"
    r"ngay \d|nham |de (?:chuan bi|thuc hien|trien khai|dam bao|tao)|"
    r"(?:uy ban nhan dan|ubnd|so|bo|ban) .{0,60}(?:nhan duoc|ban hanh|de nghi|thong bao))"
)
# The authority that issues a normative text, restated in capitals after its title.
AUTHORITY = re.compile(
    r"^(?:uy ban nhan dan|hoi dong nhan dan|chu tich|bo truong|thu tuong|chinh phu|"
    r"giam doc|chanh van phong|tong cuc truong|cuc truong|thong doc)"
)

# Kinds of cited documents, most specific first (the words before "số …").
REF_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"(?<![a-z])(?:{pattern})(?:\s+s[o06e]?\.?)?\s*:?\s*$"))
    for name, pattern in (
        ("cong_van", rf"c{_O}ng\s+v[a-z]n"),
        ("van_ban", r"v[a-z]n\s+b[a-z]n"),
        ("ke_hoach", rf"k[e]\s*ho{_A}ch"),
        ("nghi_quyet", rf"ngh{_I}\s+quy[e]t"),
        ("nghi_dinh", rf"ngh{_I}\s+d{_I}nh"),
        ("quyet_dinh", rf"quy[e]t\s+d{_I}nh"),
        ("thong_bao", rf"th{_O}ng\s+b{_A}{_O}"),
        ("thong_tu", rf"th{_O}ng\s+t{_U}"),
        ("chi_thi", rf"ch{_I}\s+th{_I}"),
        ("to_trinh", rf"t{_O}\s+tr{_I}nh"),
    )
)

# The number of a cited document: 244/CĐSQG-CSS, 09-NQ/TU, 59/KH-UBND, 505/QĐ-TTg and,
# for normative documents, with the year: 13/2023/NĐ-CP (group 2).
REF_NUMBER = re.compile(
    r"(?<![\w/])(\d{1,6})\s*(?:/\s*|-(?=[A-ZĐ]+/))(?:((?:19|20)\d{2})\s*/\s*)?"
    rf"({_PART}(?:\s?-\s?{_PART}|/{_PART})*)"
)
OF = re.compile(r"\s*c\w{0,2}a\s+")  # "của" and its OCR forms "cua", "cia", "ctia"
ABOUT = re.compile(r"\s+(?:v[e]\s+v{_I}[e]c|v[e])\s+".replace("{_I}", _I))

DEADLINE = re.compile(
    rf"(?:tr{_U}{_O}c|ch{_A}m\s+nh{_A}t(?:\s+l{_A})?|h{_A}n\s+ch[o0]t|tr{_O}ng)\s+{NGAY}\s+"
    rf"(?:(\d{{1,2}})\s*/\s*(\d{{1,2}})\s*/\s*(\d{{4}})"
    rf"|(\d{{1,2}})\s*{THANG}\s*(\d{{1,2}})\s*{NAM}\s*(\d{{4}}))"
)
REPORT_TO = re.compile(
    r"(?<![a-z])b[a4]o\s+c[a4]o\s+(.+?)\s+(?=k[e]t\s+qu[a4]|tr[uw][o0]c\s+ng[a4]y|v[e]\s)"
)

# Action verbs that end the assignee part of a task sentence.
ACTION = re.compile(
    r"(?<![a-z])(?<!ban )(?:chi\s+dao|pho\s+bien|quan\s+triet|xay\s+dung|to\s+chuc|"
    r"trien\s+khai|dang\s+tai|phoi\s+hop|bao\s+cao|thuc\s+hien|tham\s+muu|cung\s+cap|"
    r"chia\s+se|tuyen\s+truyen|nghien\s+c\w+|tham\s+khao|hoan\s+thanh|tong\s+hop|"
    r"cap\s+nhat|kiem\s+tra|ra\s+soat|chu\s+tri|gui)(?![a-z])"
)
ASSIGN = re.compile(r"^(?:giao(?:\s+cho)?|de\s+nghi|yeu\s+cau)\s+")
TASK_CUE = re.compile(
    r"de\s+nghi|yeu\s+c[a4]u|nhiem\s+vu|(?<![a-z])giao\s|y\s+kien\s+nhu\s+sau|"
    r"trien\s+khai|thuc\s+hien|chi\s+dao\s+(?:cac|nhu)"
)
REQUEST = re.compile(r"(?<![a-z])(?:y[e]u\s+c[a4]u|d[e]\s+ngh[i1])\s+")
CONTINUATION = re.compile(
    r"^(?:[-+•]|b[a4]o\s+c[a4]o|g[uw]i\s|ho[a4]n\s+th[a4]nh|t[o0]ng\s+h[o0]p|th[o0]i\s+h[a4]n)"
)

APPENDIX_LABEL = re.compile(r"^\W*ph[uw]\s+l[uw]c\b[\s\dIVXivx.:-]*$")
ATTACHED = re.compile(r"^\W*\(?\s*k[e]m\s+th[e][o0]")
TITLE_PREFIX = re.compile(r"^(?:KT|TL|TM|Q|TUQ|TUQ\.)\.\s*", re.IGNORECASE)

BODY_WORDS = re.compile(
    r"^(?:uy\s+ban|ubnd|so\s|bo\s|cuc\s|ban\s|trung\s+tam|phong\s|truong\s|benh\s+vien|"
    r"hoi\s+dong|van\s+phong|tong\s+cuc|vien\s|chi\s+cuc|doan\s|tinh\s+uy|huyen\s+uy|"
    r"thanh\s+uy|dang\s+uy|to\s)"
)

# Lines of web-page chrome (navigation, counters) that are not part of any document.
CHROME = re.compile(
    r"^(?:tim\s+kiem(?:\s+tin\s+tuc)?|chung\s+nhan\s+tin\s+nhiem\s+mang|cac\s+tin\s+khac|"
    r"xem\s+tin\s+theo\s+ngay|thong\s+ke\s+truy\s+cap|truy\s+cap\s+(?:tong|hien\s+tai).*|"
    r"trang\s+chu|dang\s+nhap|in\s+bai\s+viet|gui\s+email|chia\s+se(?:\s+bai\s+viet)?|"
    r"lien\s+ket\s+website|tin\s+lien\s+quan|ban\s+in|quay\s+lai|len\s+dau\s+trang|"
    r"dang\s+tai\s+noi\s+dung.*|he\s+thong\s+phap\s+luat|van\s+ban|"
    r"tai\s+ban\s+day\s+du.*|ban\s+dang\s+xem\s+ban\s+rut\s+gon.*|da\s+biet|"
    r"a-\s*a\s*a\+.*|nhay\s+den\s+noi\s+dung|.*chia\s+se\s+bai\s+viet\s+len.*|.*tang\s+tuong\s+phan.*)\W*$"
)
ARTICLE_DATE = re.compile(rf"{NGAY}\s+(?:c{_A}p\s+nh{_A}t|d{_A}ng)\s*:?\s*")
