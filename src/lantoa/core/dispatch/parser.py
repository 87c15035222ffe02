"""Read the fields of Decree 30/2020/NĐ-CP out of a dispatch's text.

The layout of a Vietnamese administrative document is fixed by the decree: the
letterhead (parent body, issuing body) top left beside the national motto, then
"Số: 488/STTTT-CNTT" and "Quảng Ninh, ngày 09 tháng 3 năm 2023", the subject
("V/v …"), "Kính gửi:" and the recipients, the body with numbered tasks, then the
copy list ("Nơi nhận:"), the signer's title lines (with KT./TL./TM./Q.) and name,
and appendices ("Phụ lục", "Kèm theo Công văn số …").

All matching runs on the accent-folded text (see :mod:`.patterns`), which has the
same character positions as the prepared text, so every field keeps its span.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from lantoa.core.dispatch import patterns as p
from lantoa.core.dispatch.article import ArticleReader
from lantoa.core.dispatch.checks import input_warnings
from lantoa.core.dispatch.dates import iso_date as _iso
from lantoa.core.dispatch.dates import to_int as _int
from lantoa.core.dispatch.header import (
    ISSUERS,
    KIND_SYMBOLS,
    KIND_TITLES,
    HeaderReader,
    kind_title,
)
from lantoa.core.dispatch.layout import (
    Line,
    Paragraph,
    clean,
    fast_fold,
    lines_of,
    paragraphs,
)
from lantoa.core.dispatch.model import Appendix, Dispatch, Reference, Signer, Span, Task
from lantoa.core.dispatch.places import restore_unit_names
from lantoa.core.text import fold_key, nfc

MAX_CHARS = 2_000_000
_HEADER_WINDOW = 2500

_LEVELS = {
    "tinh": "tỉnh",
    "thanh pho": "thành phố",
    "huyen": "huyện",
    "thi xa": "thị xã",
    "quan": "quận",
    "xa": "xã",
    "phuong": "phường",
}
_UBND_LEVEL = re.compile(r"(?:ubnd|uy ban nhan dan)\s+(tinh|thanh pho|huyen|thi xa|quan)\b")
# A blank line ends a clause unless a page break (form feed, page number) follows.
_BLANK = r"\n\s*\n(?![\s\f]*(?:\f|\d{1,3}\s*\n))"
# The end of a subject in news prose: the sentence's end, or the clause that follows it.
_SENTENCE_STOP = re.compile(
    r"[.;:]\s|[.;]$|\s(?:thi|nen|theo do|trong do|dong thoi)\s|,\s(?:theo do|trong do|dong thoi|"
    r"chi dao|yeu cau|de nghi|giao)\s|" + _BLANK
)
_SKIP_PAGE_BREAK = re.compile(r"\s*(?:\d{1,3}[ \t]*\n\s*)?")
_NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.)]\s*")
_BULLET = re.compile(r"^[-+•]\s*")
_TITLE_PREFIX_WORD = re.compile(r"^(?:KT|TL|TM|Q|TUQ)\.$")
_TITLE_PREFIX_IN_LINE = re.compile(r"(?<!\w)(?:KT|TL|TM|Q|TUQ)\.\s")


def prepare(text: str) -> str:
    """The text every span points into: NFC, ``\\n`` line ends, no stray combining marks.

    Dropping the marks NFC could not compose keeps :func:`fold` position-preserving.
    """
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.translate(_prepare_table())


@functools.cache
def _prepare_table() -> dict[int, str | None]:
    """OCR look-alikes mapped, every combining mark (U+0000–U+1FFFF) dropped."""
    table: dict[int, str | None] = {
        cp: None for cp in range(0x20000) if unicodedata.combining(chr(cp))
    }
    table.update({ord("Ð"): "Đ", ord("ð"): "đ"})
    return table


def parse_dispatch(text: str) -> Dispatch:
    """Parse one dispatch (or any text) into a :class:`Dispatch`. Never raises on text."""
    text = prepare(text)
    warnings: list[str] = []
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        warnings.append(f"text longer than {MAX_CHARS} characters: only the start was read")
    return _Parser(text, warnings).run()


def _upperish(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= 0.6


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    return all(w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words)


def _split_assignees(value: str) -> tuple[str, ...]:
    parts = [clean(part) for part in value.split(";")]
    return tuple(part for part in parts if part)


def diacritic_ratio(text: str) -> tuple[float, int]:
    """Share of two-letter-or-longer words that carry a Vietnamese mark, and the word count."""
    words = [w for w in re.findall(r"[^\W\d_]{2,}", text)]
    if not words:
        return 1.0, 0
    marked = sum(1 for w in words if not w.isascii())
    return marked / len(words), len(words)


class _Parser(HeaderReader, ArticleReader):
    def __init__(self, text: str, warnings: list[str]) -> None:
        self.text = text
        self.ft = fast_fold(text).replace("*", " ")
        if len(self.ft) != len(text):  # pragma: no cover - prepare() guarantees it
            raise AssertionError("folded text lost positions")
        self.d = Dispatch(text=text, warnings=warnings)

    # -- helpers -----------------------------------------------------------------

    def span(self, key: str, start: int, end: int) -> Span:
        start, end = max(0, min(start, len(self.text))), max(0, min(end, len(self.text)))
        while start < end and self.text[start] in " \t\n*":
            start += 1
        while end > start and self.text[end - 1] in " \t\n*":
            end -= 1
        self.d.spans[key] = (start, end)
        return start, end

    def line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    # -- the steps, in reading order ------------------------------------------------

    def run(self) -> Dispatch:
        d = self.d
        ratio, words = diacritic_ratio(self.text)
        if words >= 20 and ratio < 0.3:
            d.diacritics = "poor"
        recip = p.RECIPIENTS_LABEL.search(self.ft, 0, min(len(self.ft), _HEADER_WINDOW * 2))
        header_end = recip.start() if recip else min(len(self.text), _HEADER_WINDOW)
        self.number_symbol(header_end)
        date_match = self.place_date(header_end)
        self.subject(header_end, date_match, recip)
        self.letterhead(date_match)
        body_start = recip.end() if recip else self.header_stop(date_match)
        sig_start = self.signature_start(body_start)
        appendix_start = self.appendices(sig_start)
        body_paras = self.recipients(body_start, sig_start, has_label=recip is not None)
        self.references(body_start, sig_start)
        self.tasks(body_paras)
        self.signer_cc(sig_start, appendix_start)
        self.kind(header_end, recip is not None)
        if d.issuer is None and d.kind != "article":
            self.infer_issuer()
        if d.kind != "article" and d.symbol is None:
            d.warnings.append("no number and symbol (Số: …/…) found")
        if d.symbol is None and d.date is None:  # nothing read: say why
            d.warnings.extend(input_warnings(self.text, d))
        return d

    def infer_issuer(self) -> None:
        symbol = self.d.symbol
        if not symbol:
            return
        parts = [fold_key(s).upper() for s in re.split(r"[-/]", symbol) if s]
        part = next((x for x in parts if x not in KIND_SYMBOLS and x in ISSUERS), None)
        if part is None:
            return
        name = ISSUERS[part]
        if part == "UBND":
            level = _UBND_LEVEL.search(self.ft)
            if level and self.d.place:
                name = f"{name} {_LEVELS[level.group(1)]} {self.d.place}"
        self.d.issuer = name
        self.d.issuer_source = "symbol"
        found = self.ft.find(fold_key(name))
        if found >= 0:
            self.span("issuer", found, found + len(name))
        else:
            self.d.spans["issuer"] = self.d.spans["symbol"]

    def header_stop(self, date_m: re.Match[str] | None) -> int:
        ends = [e for k, (_, e) in self.d.spans.items() if k in ("subject", "date", "code")]
        return max(ends) if ends else 0

    def signature_start(self, body_start: int) -> int:
        closing = p.CLOSING.search(self.ft, body_start)
        cc = p.CC_LABEL.search(self.ft, body_start)
        candidates = [m.end() for m in (closing,) if m] + [m.start() for m in (cc,) if m]
        return min(candidates) if candidates else len(self.text)

    # -- appendices -------------------------------------------------------------------

    def appendices(self, sig_start: int) -> int:
        lines = lines_of(self.text, sig_start)
        starts: list[tuple[int, str | None, int]] = []  # (line index, label, start)
        for i, line in enumerate(lines):
            if p.APPENDIX_LABEL.match(line.folded) and len(line.text) <= 40:
                starts.append((i, clean(line.text), line.start))
            elif p.ATTACHED.match(line.folded) and not any(s[0] >= i - 3 for s in starts):
                title_i = i - 1 if i > 0 else i
                while title_i > 0 and i - title_i < 4 and _upperish(lines[title_i - 1].text):
                    title_i -= 1
                starts.append((title_i, None, lines[title_i].start))
        if not starts:
            return len(self.text)
        for n, (i, label, start) in enumerate(starts):
            end_i = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
            block = lines[i:end_i]
            if label is not None:
                block = block[1:]
            title_lines: list[Line] = []
            body_from = 0
            for j, line in enumerate(block[:5]):
                if p.ATTACHED.match(line.folded):
                    title_lines = block[:j] if j else title_lines
                    body_from = j + 1
                    break
            else:
                title_lines, body_from = block[:1], 1
            title = clean(" ".join(line.text for line in title_lines)) or None
            rest = block[body_from:]
            body = self.text[rest[0].start : rest[-1].end].strip() if rest else ""
            end = block[-1].end if block else start
            self.d.appendices.append(Appendix(label, title, body, (start, end)))
            self.span(f"appendices[{n}]", start, end)
        return starts[0][2]

    # -- recipients, references, tasks ------------------------------------------------

    def recipients(self, body_start: int, sig_start: int, *, has_label: bool) -> list[Paragraph]:
        paras = paragraphs(lines_of(self.text, body_start, sig_start))
        if not has_label:
            return paras
        label_line_end = self.text.find("\n", body_start)
        label_line_end = len(self.text) if label_line_end < 0 else label_line_end
        i = 0
        found: list[Paragraph] = []
        if paras and paras[0].start < label_line_end and not _BULLET.match(paras[0].text):
            if sum(c.isalpha() for c in paras[0].text) >= 2:
                found.append(paras[0])
            i = 1
        while i < len(paras) and _BULLET.match(paras[i].text):
            found.append(paras[i])
            i += 1
        for n, para in enumerate(found):
            recipient = clean(_BULLET.sub("", para.text)).rstrip(". ")
            self.d.recipients.append(restore_unit_names(recipient))
            self.span(f"recipients[{n}]", para.start, para.end)
        return paras[i:]

    def references(self, start: int, end: int, *, sentence: bool = False) -> None:
        """Cited documents in ``text[start:end]``. ``sentence``: a subject runs to the end
        of its sentence (news prose), not to the first comma (a dispatch's references)."""
        seen: set[str] = set()
        own = _key(self.d.number, self.d.symbol)
        for m in p.REF_NUMBER.finditer(self.text, start, end):
            window_start = max(start, m.start() - 60)
            before = self.ft[window_start : m.start()]
            kind: str | None = None
            kind_at = m.start()
            for name, rx in p.REF_KINDS:
                km = rx.search(before)
                if km:
                    kind, kind_at = name, window_start + km.start()
                    break
            if kind is None and not re.search(r"(?<![a-z])s[o06e]\.?\s*:?\s*$", before):
                continue
            number, number_year = m.group(1), m.group(2)
            symbol = re.sub(r"\s*-\s*", "-", m.group(3))
            key = _key(number, symbol)
            if key == own or key in seen:
                continue
            seen.add(key)
            pos = m.end()
            ref_date: str | None = None
            dm = p.REF_DATE.match(self.ft, pos)
            if dm:
                g = dm.groups()
                day, month, year = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
                ref_date = _iso(_int(day), _int(month), _int(year))
                pos = dm.end()
            issuer: str | None = None
            of = p.OF.match(self.ft, pos)
            if of:
                stop = self._stop(of.end(), about=True)
                # "của Thủ tướng Chính phủ ngày 22 tháng 4 năm 2022 về …": the date after
                # the issuer belongs to the document, not to the issuer's name.
                late = p.REF_DATE.search(self.ft, of.end(), stop)
                if late and ref_date is None:
                    g = late.groups()
                    day, month, year = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
                    ref_date = _iso(_int(day), _int(month), _int(year))
                    issuer = self._value(of.end(), late.start())
                    stop = late.end()
                else:
                    issuer = self._value(of.end(), stop)
                pos = stop
            subject: str | None = None
            about = p.ABOUT.match(self.ft, pos)
            if about:
                stop = self._stop(about.end(), about=False, sentence=sentence)
                subject = self._value(about.end(), stop)
                pos = stop
            n = len(self.d.references)
            span = self.span(f"references[{n}]", kind_at, pos)
            self.d.references.append(
                Reference(kind, number, symbol, ref_date, issuer, subject, span, number_year)
            )

    def _value(self, start: int, end: int) -> str | None:
        return clean(" ".join(line.text for line in lines_of(self.text, start, end))) or None

    def _stop(self, pos: int, *, about: bool, sentence: bool = False) -> int:
        pos = _SKIP_PAGE_BREAK.match(self.ft, pos).end()  # type: ignore[union-attr]
        limit = min(len(self.text), pos + (120 if about else 300))
        if about:
            stop_rx = re.compile(r"\s+v[e]\s+v[i1l][e]c\s|\s+v[e]\s|[,;.(]|" + _BLANK)
        elif sentence:
            stop_rx = _SENTENCE_STOP
        else:
            stop_rx = re.compile(r"[.,]\s|" + _BLANK)
        m = stop_rx.search(self.ft, pos, limit)
        stop = m.start() if m else limit
        if sentence:  # a line of news prose that ends before a capital: a title, a heading
            for nl in re.finditer(r"\n\s*(?=\S)", self.text[pos:stop]):
                if self.text[pos + nl.end()].isupper():
                    return pos + nl.start()
        return stop

    def tasks(self, paras: list[Paragraph]) -> None:
        items: list[tuple[str, list[Paragraph]]] = []
        for i, para in enumerate(paras):
            m = _NUMBERED.match(para.text)
            if not (m and m.group(1) == "1" and i > 0 and p.TASK_CUE.search(paras[i - 1].folded)):
                continue
            expected = 1
            for para2 in paras[i:]:
                m2 = _NUMBERED.match(para2.text)
                if m2 and m2.group(1) == str(expected):
                    items.append((m2.group(1), [para2]))
                    expected += 1
                elif m2:
                    break
                elif para2 is not paras[-1] or items:
                    items[-1][1].append(para2)
            break
        if items:
            number, last = items[-1]
            keep = last[:1]
            heading = last[0].text.rstrip().endswith(":")
            for para in last[1:]:
                first_only = heading and len(keep) == 1 and not _BULLET.match(para.text)
                if p.CONTINUATION.match(para.folded) or first_only or para.text[:1].islower():
                    keep.append(para)
                else:
                    break
            items[-1] = (number, keep)
            for number, group in items:
                self.d.tasks.append(self._task(number, group))
        else:
            for para in paras:
                task = self._request(para)
                if task:
                    self.d.tasks.append(task)
        for n, task in enumerate(self.d.tasks):
            self.span(f"tasks[{n}]", *task.span)
            if task.deadline_span:
                self.span(f"tasks[{n}].deadline", *task.deadline_span)

    def _deadline(self, start: int, end: int) -> tuple[str | None, Span | None]:
        m = p.DEADLINE.search(self.ft, start, end)
        if not m:
            return None, None
        g = m.groups()
        day, month, year = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
        return _iso(_int(day), _int(month), _int(year)), (m.start(), m.end())

    def _report_to(self, group: list[Paragraph]) -> str | None:
        for para in group:
            m = p.REPORT_TO.search(para.folded)
            if m:
                return clean(para.text[m.start(1) : m.end(1)])
        return None

    def _task(self, number: str, group: list[Paragraph]) -> Task:
        head = group[0].text
        rest = head[_NUMBERED.match(head).end() :] if _NUMBERED.match(head) else head  # type: ignore[union-attr]
        more = [clean(_BULLET.sub("", para.text)) for para in group[1:]]
        assignees: tuple[str, ...]
        if rest.rstrip().endswith(":") and len(rest) <= 150:
            assignees = _split_assignees(rest.rstrip().rstrip(":"))
            actions = more
        else:
            assignees, first = self._split_sentence(rest)
            actions = [first, *more]
        deadline, dspan = self._deadline(group[0].start, group[-1].end)
        return Task(
            number=number,
            assignees=assignees or tuple(self.d.recipients),
            actions=tuple(a for a in actions if a),
            deadline=deadline,
            report_to=self._report_to(group),
            span=(group[0].start, group[-1].end),
            deadline_span=dspan,
        )

    def _split_sentence(self, rest: str) -> tuple[tuple[str, ...], str]:
        folded = fast_fold(rest)
        offset = 0
        assign = p.ASSIGN.match(folded)
        if assign:
            offset = assign.end()
        verb = p.ACTION.search(folded, offset)
        if verb and verb.start() > offset:
            who = rest[offset : verb.start()]
            if len(who.split()) >= 2 or assign:
                return _split_assignees(who), clean(rest[verb.start() :])
        return (), clean(rest)

    def _request(self, para: Paragraph) -> Task | None:
        if para.text.rstrip().endswith(":"):
            return None
        m = p.REQUEST.search(para.folded)
        if not m:
            return None
        tail = para.text[m.end() :]
        folded_tail = para.folded[m.end() :]
        verb = p.ACTION.search(folded_tail)
        if not verb or verb.start() == 0:
            return None
        who = _split_assignees(tail[: verb.start()])
        action = clean(tail[verb.start() :]).rstrip("./")
        deadline, dspan = self._deadline(para.start, para.end)
        return Task(
            number=None,
            assignees=who,
            actions=(action,),
            deadline=deadline,
            report_to=self._report_to([para]),
            span=(para.start, para.end),
            deadline_span=dspan,
        )

    # -- signer and copy list -----------------------------------------------------------

    def signer_cc(self, start: int, end: int) -> None:
        titles: list[tuple[str, int, int]] = []
        name: tuple[str, int, int] | None = None
        cc_n = 0
        for line in lines_of(self.text, start, end):
            text, at = line.text, line.start
            label = p.CC_LABEL.match(line.folded)
            if label:
                cut = label.end()
                text, at = line.text[cut:], line.start + cut
            stripped = text.strip(" ,:")
            if not stripped:
                continue
            at += text.find(stripped)
            if _BULLET.match(stripped):
                title_at = _TITLE_PREFIX_IN_LINE.search(stripped)
                item = stripped[: title_at.start()] if title_at else stripped
                value = re.sub(r"[^\w)]+$", "", clean(_BULLET.sub("", item)))
                if value:
                    s = at + len(stripped) - len(stripped.lstrip("-+• "))
                    self.span(f"cc[{cc_n}]", s, at + len(item))
                    self.d.cc.append(value)
                    cc_n += 1
                if title_at:
                    titles.append((clean(stripped[title_at.start() :]), at + title_at.start(), 0))
                continue
            if titles and _is_name(stripped):
                name = (stripped, at, at + len(stripped))
                break
            words = stripped.split()
            j = len(words)
            while j > 0 and (_upperish(words[j - 1]) or _TITLE_PREFIX_WORD.match(words[j - 1])):
                j -= 1
            suffix = " ".join(words[j:])
            if sum(c.isalpha() for c in suffix) >= 4:
                s = at + stripped.rfind(words[j]) if j < len(words) else at
                titles.append((clean(suffix), s, 0))
        spans: list[Span] = []
        for n, (title, s, _) in enumerate(titles):
            spans.append(self.span(f"signer.titles[{n}]", s, s + len(title)))
        name_span = self.span("signer.name", name[1], name[2]) if name else None
        self.d.signer = Signer(
            name=name[0] if name else None,
            titles=tuple(t[0] for t in titles),
            name_span=name_span,
            title_spans=tuple(spans),
        )

    # -- kind -------------------------------------------------------------------------

    def kind(self, header_end: int, has_recipients: bool) -> None:
        d = self.d
        if d.symbol:
            head = fold_key(re.split(r"[-/]", d.symbol)[0]).upper()
            if head in KIND_SYMBOLS:
                d.kind = KIND_SYMBOLS[head]
                return
        for line in lines_of(self.text, 0, header_end):
            title = kind_title(line)
            if title is not None and title in KIND_TITLES.values():
                d.kind = title
                return
        if d.symbol or has_recipients or "subject" in d.spans:
            d.kind = "cong_van"
            return
        self.article()


def _key(number: str | None, symbol: str | None) -> str:
    """A comparison key for a document code: folded, upper case, no spaces or leading zeros."""
    num = (number or "").lstrip("0")
    sym = re.sub(r"\s+", "", fold_key(symbol or "")).upper()
    return f"{num}/{sym}"


def code_key(number: str | None, symbol: str | None) -> str:
    return _key(number, symbol)
