"""The header of a document laid out under Decree 30/2020/NĐ-CP.

Top left the letterhead (parent body, issuing body), top right the national motto;
under them "Số: 488/STTTT-CNTT" (number/[year/]symbol) and "Quảng Ninh, ngày 09
tháng 3 năm 2023"; then either the subject of a công văn ("V/v …") or, for the named
kinds (kế hoạch, quyết định, nghị định, thông tư, thông báo, công điện …), the kind as
a title line with the subject under it. Text reaches us flattened in many ways — a
two-column letterhead on one line, table cells separated by "|", lines cut in the
middle of a place name, web-page chrome around it, markdown emphasis — and the rules
here read all of them the same way. Every rule works on lines of the folded text, so
clean text, text without diacritics and OCR output go through the same code.
"""

from __future__ import annotations

import re

from lantoa.core.dispatch import patterns as p
from lantoa.core.dispatch.dates import iso_date
from lantoa.core.dispatch.layout import Line, clean, lines_of
from lantoa.core.dispatch.model import Dispatch, Span
from lantoa.core.dispatch.places import exact_place, restore_place, restore_unit_names
from lantoa.core.text import fold_key, normalize_whitespace

_SEPARATOR = re.compile(r"^[\s\-–—_=|*~.·#>]*$")
_PLACE_CUT = re.compile(r"\||\t| {3,}")
_DATE_LINE_TAIL = re.compile(r"[\s|*_.)]*(?:\n|$)")
_CODE_LINE = re.compile(r"^s[o06e]\s*[:.]")
_SUBJECT_LINES = 8
_SUBJECT_CHARS = 700

# Abbreviations in a symbol and the body they stand for (the issuer part of the symbol:
# the first part of a local symbol, UBND-VHTT; the last of a central one, QĐ-TTg).
ISSUERS = {
    "TTG": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "QH": "Quốc hội",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BNV": "Bộ Nội vụ",
    "BYT": "Bộ Y tế",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BTC": "Bộ Tài chính",
    "BTP": "Bộ Tư pháp",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BGDDT": "Bộ Giáo dục và Đào tạo",
    "BGTVT": "Bộ Giao thông vận tải",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BLDTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BKHDT": "Bộ Kế hoạch và Đầu tư",
    "BNG": "Bộ Ngoại giao",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "STTTT": "Sở Thông tin và Truyền thông",
    "SKHCN": "Sở Khoa học và Công nghệ",
    "SYT": "Sở Y tế",
    "SGDDT": "Sở Giáo dục và Đào tạo",
    "SNV": "Sở Nội vụ",
    "STC": "Sở Tài chính",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "UBND": "Ủy ban nhân dân",
    "VPUBND": "Văn phòng Ủy ban nhân dân",
    "CDSQG": "Cục Chuyển đổi số quốc gia",
}
# The kind part of a symbol (folded, upper case) and the kind it names.
KIND_SYMBOLS = {
    "KH": "ke_hoach",
    "QD": "quyet_dinh",
    "TB": "thong_bao",
    "ND": "nghi_dinh",
    "NQ": "nghi_quyet",
    "TT": "thong_tu",
    "TTLT": "thong_tu",
    "CT": "chi_thi",
    "CD": "cong_dien",
}
KIND_TITLES = {
    "ke hoach": "ke_hoach",
    "quyet dinh": "quyet_dinh",
    "thong bao": "thong_bao",
    "nghi dinh": "nghi_dinh",
    "nghi quyet": "nghi_quyet",
    "thong tu": "thong_tu",
    "thong tu lien tich": "thong_tu",
    "chi thi": "chi_thi",
    "cong dien": "cong_dien",
}


def upperish(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= 0.6


def line_key(line: Line) -> str:
    """The folded line without markdown heading marks, table bars or emphasis."""
    return normalize_whitespace(re.sub(r"[#|*_>]", " ", line.folded)).strip(" -–:")


def kind_title(line: Line) -> str | None:
    """The kind a title line names ("KẾ HOẠCH", "QUYẾT ĐỊNH CỦA BỘ TRƯỞNG …"), or None."""
    key = line_key(line)
    m = p.KIND_TITLE.match(key)
    if not m or not upperish(line.text):
        return None
    return KIND_TITLES.get(m.group(1), m.group(1).replace(" ", "_"))


def _motto_only(key: str) -> bool:
    words = key.split()
    return bool(words) and all(w in p.MOTTO_WORDS for w in words)


class HeaderReader:
    """Mixed into the parser: reads number and symbol, place and date, subject, letterhead."""

    text: str
    ft: str
    d: Dispatch
    _code_end: int

    def span(self, key: str, start: int, end: int) -> Span:  # pragma: no cover - parser's
        raise NotImplementedError

    def line_start(self, pos: int) -> int:  # pragma: no cover - parser's
        raise NotImplementedError

    # -- number and symbol --------------------------------------------------------

    def number_symbol(self, header_end: int) -> None:
        for m in p.NUMBER_LABEL.finditer(self.ft, 0, header_end):
            sym = p.SYMBOL.match(self.text, m.end())
            if sym:
                break
        else:
            return
        self.d.symbol = re.sub(r"[ \t]*[-–][ \t]*", "-", sym.group())
        number = m.group(1)
        self.d.number = (number.lstrip("0") or number) if number else None
        self.d.year = m.group(2)
        if number:
            self.span("number", m.start(1), m.end(1))
        self.span("symbol", sym.start(), sym.end())
        self.span("code", m.start(), sym.end())
        self._code_end = sym.end()

    # -- place and date ------------------------------------------------------------

    def _is_date_line(self, m: re.Match[str]) -> bool:
        return _DATE_LINE_TAIL.match(self.ft, m.end()) is not None

    def place_date(self, header_end: int) -> re.Match[str] | None:
        matches = list(p.DATE_WORDS.finditer(self.ft, 0, header_end))
        if not matches:
            return None
        # The date line: a date ending its line with a place before it, else any date
        # with "Place, " before it, else the first date that ends a line, else the first.
        lines_ok = [x for x in matches if self._is_date_line(x)]
        m = next(
            (x for x in [*lines_ok, *matches] if self._place_of(x)),
            lines_ok[0] if lines_ok else matches[0],
        )
        day, month, year = (int(g) if g else None for g in m.groups())
        self.d.date_parts = (day, month, year)
        self.d.date = iso_date(day, month, year)
        if day is None:
            self.d.warnings.append("the day of the date is blank")
        elif self.d.date is None:
            self.d.warnings.append("the date is not a valid calendar date")
        self.span("date", m.start(), m.end())
        self._place(m)
        return m

    def _place(self, m: re.Match[str]) -> None:
        found = self._place_of(m)
        if found is None:
            return
        place, start = found
        restored, _unit = restore_place(place)
        self.d.place = restored
        if restored != place:
            self.d.place_written = place
        s = self.text.find(place.split()[0], start)
        end = m.start()
        while end > s and self.text[end - 1] in ", \t\n|_*":
            end -= 1
        self.span("place", s, end)

    def _place_of(self, m: re.Match[str]) -> tuple[str, int] | None:
        """The place written before the date ("Quảng Ninh, ngày …") and where it starts."""
        start = self.line_start(m.start())
        code_end = getattr(self, "_code_end", -1)
        if start <= code_end <= m.start():
            start = code_end
        for label in p.NUMBER_LABEL.finditer(self.ft, start, m.start()):
            sym = p.SYMBOL.match(self.text, label.end())
            if sym and sym.end() <= m.start():
                start = sym.end()  # a number and symbol flattened onto the date line
        segment = self.text[start : m.start()]
        cuts = list(_PLACE_CUT.finditer(segment))
        if cuts:
            start += cuts[-1].end()
        raw = self.text[start : m.start()]
        place = clean(raw.replace("_", " ")).rstrip(",").strip()
        if not place or (not self._is_date_line(m) and not raw.rstrip().endswith(",")):
            return None
        if len(place) > 40 or len(place.split()) > 6 or any(c.isdigit() for c in place):
            return None
        if not place[0].isupper():
            return None
        # A place cut by a line break: "Tiền\nGiang, ngày …", "Bà Rịa - Vũng\nTàu, ngày …".
        if start == self.line_start(m.start()) and start > 0:
            prev_start = self.line_start(start - 1)
            prev = clean(self.text[prev_start : start - 1].replace("|", " "))
            if prev and len(re.findall(r"\w+", prev)) <= 4 and not any(c.isdigit() for c in prev):
                joined = f"{prev} {place}"
                if restore_place(joined)[1] is not None and restore_place(place)[1] is None:
                    place, start = joined, prev_start + self.text[prev_start:start].find(prev)
                    return place, start
        # Letterhead words left before the place on a flattened line ("TỈNH HẬU GIANG Vị
        # Thanh, ngày …"): keep the longest ending that names a unit.
        words = place.split()
        if len(words) > 2 and restore_place(place)[1] is None:
            for i in range(1, len(words)):
                tail = " ".join(words[i:])
                if exact_place(tail):
                    return tail, start + self.text[start:].find(words[i])
        return place, start

    # -- subject -------------------------------------------------------------------

    def _collect(self, lines: list[Line], *, titled: bool) -> list[Line]:
        """The subject's lines from the start of ``lines``: stop at a blank line followed
        by a capitalised line, the motto, a date line, a title or the body."""
        out: list[Line] = []
        for line in lines:
            key = line_key(line)
            if not key:
                if out:
                    break
                continue
            if _SEPARATOR.match(line.text):
                if out:
                    break
                continue
            if out:
                gap = self.text[out[-1].end : line.start]
                if gap.count("\n") >= 2 and not line.text.lstrip("*_ ")[:1].islower():
                    break
            motto = p.MOTTO_START.search(line.folded)
            if motto and motto.start() > 0 and line.text[: motto.start()].strip(" |-–"):
                # "V/v … CỘNG HÒA XÃ HỘI …": a flattened motto ends the subject's line.
                cut = len(line.text[: motto.start()].rstrip(" |-–"))
                out.append(Line(line.text[:cut], line.start, line.start + cut, line.folded[:cut]))
                break
            upper = upperish(line.text)
            date = p.DATE_WORDS.search(key)
            if (
                p.MOTTO_START.search(key)
                or _motto_only(key)
                or (date and date.start() <= 40 and date.end() >= len(key) - 2)
                or line.bullet
                or p.BODY_START.match(key)
                or (not upper and p.PROSE_START.match(key))
                or (out and upper and p.AUTHORITY.match(key))
                or (out and kind_title(line))
                or p.RECIPIENTS_LABEL.match(key)
            ):
                break
            if titled and not out and p.AUTHORITY.match(key) and upper:
                break
            out.append(line)
            if len(out) >= _SUBJECT_LINES or sum(len(x.text) for x in out) > _SUBJECT_CHARS:
                break
        return out

    def _set_subject(self, chosen: list[Line], *, prefix: re.Pattern[str] | None = None) -> bool:
        if not chosen:
            return False
        value = clean(" ".join(line.text for line in chosen).replace("_", " "))
        value = re.sub(r"\s*\|\s*$", "", value).rstrip(". ")
        start = chosen[0].start
        if prefix:
            m = prefix.match(self.ft, start)
            if m and m.end() < chosen[0].end:
                value = clean(value[m.end() - start :])
                start = m.end()
        if not value:
            return False
        self.d.subject = value
        self.span("subject", start, chosen[-1].end)
        return True

    def _label_ok(self, m: re.Match[str]) -> bool:
        """A "V/v" that opens the subject: at the start of its line, after a separator of
        a flattened letterhead, or after the number and symbol on the same line — not the
        "…, V/v …" of a dispatch quoted in running text."""
        before = self.text[self.line_start(m.start()) : m.start()]
        if not before.strip(" \t*_#>|"):
            return True
        if re.search(r"(?:\||\t| {2,})\s*$", before):
            return True
        code_end = getattr(self, "_code_end", -1)
        return self.line_start(m.start()) <= code_end <= m.start()

    def subject(self, header_end: int, date_m: re.Match[str] | None, recip: object) -> None:
        date_line_end = self.text.find("\n", date_m.end()) if date_m else -1
        date_line_end = len(self.text) if date_m and date_line_end < 0 else date_line_end
        vv = next(
            (m for m in p.SUBJECT_LABEL.finditer(self.ft, 0, header_end) if self._label_ok(m)),
            None,
        )
        if vv:
            end = header_end
            if date_m and vv.end() < date_m.start() < end:
                end = self.line_start(date_m.start())
            if self._set_subject(self._collect(lines_of(self.text, vv.end(), end), titled=False)):
                return
        head = lines_of(self.text, 0, header_end)
        after = [line for line in head if line.start > date_line_end] if date_m else head
        for scope in (after, head):
            for i, line in enumerate(scope):
                if kind_title(line):
                    if self._set_subject(self._collect(scope[i + 1 :], titled=True)):
                        return
                    break
        if date_m and self._is_date_line(date_m):
            first = next((ln for ln in after if not _SEPARATOR.match(ln.text)), None)
            if (
                first
                and upperish(first.text)
                and len(first.text.split()) >= 3
                and not kind_title(first)
            ) and self._set_subject(self._collect(after[after.index(first) :], titled=True)):
                return
        code_end = getattr(self, "_code_end", None)
        if code_end is None or vv is not None or self._named_kind():
            return
        # Seed 001: "Số: …/UBND-KGVX" then the subject without "V/v", then the date line
        # (or, flattened, the date line beside the number and the subject under both).
        if date_m:
            if self.line_start(date_m.start()) > code_end:
                begin, end = code_end, self.line_start(date_m.start())
            else:
                begin, end = date_line_end, header_end
            chosen = self._collect(lines_of(self.text, begin, end), titled=True)
            if 3 <= len(" ".join(x.text for x in chosen).split()) <= 60:
                self._set_subject(chosen)

    def _named_kind(self) -> bool:
        """The symbol names a kind (KH-, QĐ-, NQ-, NĐ- …): a công văn's subject rules
        (no "V/v", under the number) do not apply."""
        head = fold_key(re.split(r"[-/]", self.d.symbol or "")[0]).upper()
        return head in KIND_SYMBOLS

    # -- letterhead ------------------------------------------------------------------

    def letterhead(self, date_m: re.Match[str] | None) -> None:
        """The issuing body (and its parent) from the upper-case lines of the letterhead."""
        code = self.d.spans.get("code")
        stop = date_m.start() if date_m else (code[1] if code else min(len(self.text), 2500))
        lines = lines_of(self.text, 0, self.line_start(stop) if date_m else stop)
        if not lines:
            return
        motto = p.MOTTO_START.search(self.ft, 0, stop)
        anchor: int | None = None
        for i, line in enumerate(lines):
            if motto and line.start <= motto.start() < line.end + 1:
                anchor = i
                break
        if anchor is None and motto:
            anchor = next((i for i, ln in enumerate(lines) if ln.start > motto.start()), None)
        if anchor is None and code:
            anchor = next((i for i, ln in enumerate(lines) if ln.end >= code[0]), None)
        if anchor is None:
            anchor = len(lines)
        pieces: list[tuple[str, int, int]] = []
        # The block of capitalised lines right above the anchor.
        block: list[tuple[str, int, int]] = []
        for line in reversed(lines[:anchor]):
            key = line_key(line)
            if _SEPARATOR.match(line.text) or _CODE_LINE.match(key):
                if block:
                    break
                continue
            text = line.text.replace("|", " ").strip(" *_#-–")
            if (
                not upperish(text)
                or kind_title(line)
                or _motto_only(key)
                or p.MOTTO_START.search(key)
                or sum(c.isalpha() for c in text) < 2
            ):
                break
            block.insert(0, (text, line.start, line.end))
        pieces.extend(block)
        # The letterhead's cells that share a line with the motto, in reading order.
        for line in lines[anchor:]:
            m = p.MOTTO_START.search(line.folded)
            head = line.text[: m.start()] if m else ""
            if not m:
                key = line_key(line)
                if _motto_only(key) or _SEPARATOR.match(line.text):
                    continue
                if _CODE_LINE.match(key) and not pieces:
                    continue  # the number written at the very top, above the letterhead
                if _CODE_LINE.match(key) or kind_title(line) or not upperish(line.text):
                    break
                # The left column goes on under the motto: "BAN CHỈ ĐẠO" / "CHUYÊN ĐỔI SỐ Y TẾ".
                text = line.text.replace("|", " ").strip(" *_#-–,")
                pieces.append((text, line.start, line.start + len(text)))
                continue
            head = head.replace("|", " ").strip(" *_#-–,")
            wanted = head and upperish(head) and sum(c.isalpha() for c in head) >= 2
            if wanted and not _CODE_LINE.match(fold_key(head)):
                pieces.append((head, line.start, line.start + len(head)))
        if not pieces:
            return
        parent: tuple[str, int, int] | None = None
        if len(pieces) >= 2 and all(p.BODY_WORDS.match(fold_key(k[0]) + " ") for k in pieces[:2]):
            parent, pieces = pieces[0], pieces[1:]
        issuer = clean(" ".join(k[0] for k in pieces))
        # "BỘ XÂY DỰNG - CỤC ĐƯỜNG BỘ VIỆT NAM": parent and body flattened on one line.
        split = re.match(r"^(.+?)\s+[-–]\s+(.+)$", issuer)
        if parent is None and split:
            left, right = split.groups()
            if p.BODY_WORDS.match(fold_key(left) + " ") and p.BODY_WORDS.match(
                fold_key(right) + " "
            ):
                at = pieces[0][1] + pieces[0][0].find(left)
                parent = (left, at, at + len(left))
                issuer = right
        restored = restore_unit_names(issuer)
        self.d.issuer = restored
        self.d.issuer_source = "letterhead"
        self.span("issuer", pieces[0][1], pieces[-1][2])
        if parent:
            self.d.issuer_parent = restore_unit_names(clean(parent[0]))
            self.span("issuer_parent", parent[1], parent[2])
