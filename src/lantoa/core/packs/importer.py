"""Read a pack's points from where they really come from, into a draft pack.

Official content arrives as a dispatch with an attached table (DOCX or PDF, one row a
point), as a web page, or as numbered points pasted from a document. :func:`pack_import`
reads any of these into a *draft*: schema-2 pack data that may still lack fields (a short
form, keywords), plus where every field was read from (its *span*: table, row and column,
or the line of the text) so that a person can check it, plus the problems found (rows that
do not line up, empty cells, duplicate titles, markup, too many points). Documents are read
through the ingest's extraction (size, page and zip-bomb limits, OCR of scans, NFC).

The column roles of a table are guessed from its header and its contents
(:func:`guess_roles`) and can be given explicitly once a person has confirmed them.
"""

from __future__ import annotations

import html.parser
import io
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from lantoa.core.extract import DEFAULT, ExtractError, Limits, extract_text
from lantoa.core.packs.schema import MARKUP, MAX_POINTS
from lantoa.core.text import fold_key, nfc

Role = Literal["number", "title", "text", "short", "keywords", "it", "dx", "ignore"]
ROLES: tuple[Role, ...] = ("number", "title", "text", "short", "keywords", "it", "dx", "ignore")
Table = list[list[str]]

# Header words (folded) that name a column's role, most specific first.
_HEADER_WORDS: tuple[tuple[Role, tuple[str, ...]], ...] = (
    ("number", ("stt", "tt", "so tt", "so thu tu", "no", "#")),
    ("keywords", ("tu khoa", "keyword")),
    ("short", ("tom tat", "ngan gon", "rut gon", "tom luoc", "short")),
    ("it", ("cong nghe thong tin", "cntt", "ung dung cntt")),
    ("dx", ("chuyen doi so", "cds")),
    ("text", ("tra loi", "noi dung chi tiet", "dien giai", "giai thich", "answer", "text")),
    ("title", ("cau hoi", "tieu de", "ten", "quyen", "dau hieu", "thong diep", "title")),
    ("text", ("noi dung", "content")),
)


@dataclass(frozen=True, slots=True)
class Span:
    """Where a field's value was read from, said for people ("bảng 1, hàng 3, cột 2")."""

    where: str
    text: str


@dataclass(frozen=True, slots=True)
class ImportProblem:
    field: str  # "points[2].short" or "" for the whole document
    where: str
    message: str  # Vietnamese / English


@dataclass
class Draft:
    data: dict[str, Any]
    spans: dict[str, Span] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    source: str = ""  # "docx-table", "pdf-table", "html-table", "html-list", "text"
    header: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    @property
    def points(self) -> list[dict[str, Any]]:
        points: list[dict[str, Any]] = self.data.get("points", [])
        return points


class ImportError_(ValueError):
    """The document holds no points that can be read (no table, no numbered list)."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        self.message_vi = message_vi
        self.message = message_en
        super().__init__(f"{message_vi} / {message_en}")


# --- reading tables -------------------------------------------------------------------


def _docx_tables(data: bytes, limits: Limits) -> list[Table]:
    from lantoa.core.extract.docx import check_zip

    check_zip(data, limits)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on broken parts
        raise ExtractError("corrupt", what="DOCX") from exc
    tables: list[Table] = []
    for table in document.tables:
        rows: Table = []
        for row in table.rows:
            cells: list[str] = []
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell repeats
                    continue
                seen.add(id(cell._tc))
                cells.append(nfc("\n".join(p.text for p in cell.paragraphs).strip()))
            rows.append(cells)
        tables.append(rows)
    return tables


class _HtmlReader(html.parser.HTMLParser):
    """Tables (rows of cells) and list items of an HTML page; scripts and styles skipped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.items: list[str] = []
        self._stack: list[Table] = []
        self._cell: list[str] | None = None
        self._item: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []
        elif tag == "li" and not self._stack:
            self._item = []
        elif tag == "br":
            self.handle_data("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._cell is not None and self._stack:
            if not self._stack[-1]:
                self._stack[-1].append([])
            self._stack[-1][-1].append(_clean_cell("".join(self._cell)))
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append([r for r in self._stack.pop() if r])
        elif tag == "li" and self._item is not None:
            self.items.append(_clean_cell("".join(self._item)))
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._item is not None:
            self._item.append(data)


def _clean_cell(text: str) -> str:
    lines = [" ".join(line.split()) for line in nfc(text).split("\n")]
    return "\n".join(line for line in lines if line).strip()


_GAP = re.compile(r"\S(?:.*?\S)?(?=\s{3,}|$)")


def _layout_table(text: str) -> Table:
    """A table from a PDF page's layout text: the columns start where the header's words
    start; a row begins on a line whose first column holds a number, and the lines below
    it (wrapped cells) are added to its cells column by column."""
    lines = [line.rstrip() for line in text.splitlines()]
    header_at = None
    starts: list[int] = []
    for i, line in enumerate(lines):
        cells = [(m.start(), m.group()) for m in _GAP.finditer(line)]
        if len(cells) >= 2 and fold_key(cells[0][1]) in ("stt", "tt", "so tt", "#", "no"):
            header_at, starts = i, [pos for pos, _ in cells]
            break
    if header_at is None:
        return []

    def cut(line: str) -> list[str]:
        bounds = [*starts[1:], max(len(line), starts[-1]) + 1]
        out = []
        for j, start in enumerate(starts):
            # A word that begins a little left of its column (centred headers) still
            # belongs to it: cut at the nearest space before each boundary.
            end = bounds[j]
            if j + 1 < len(starts) and end < len(line) and line[end - 1 : end + 1].strip():
                space = line.rfind(" ", start, end)
                end = space if space > start else end
            begin = 0 if j == 0 else _back_to_space(line, start)
            out.append(line[begin:end].strip())
        return out

    table: Table = [cut(lines[header_at])]
    for line in lines[header_at + 1 :]:
        if not line.strip():
            continue
        row = cut(line)
        if re.fullmatch(r"\d{1,4}\.?", row[0]):
            table.append(row)
        elif len(table) > 1:
            table[-1] = [
                (old + " " + new).strip() if new else old
                for old, new in zip(table[-1], row, strict=True)
            ]
    return [[nfc(c) for c in row] for row in table]


def _back_to_space(line: str, pos: int) -> int:
    if pos >= len(line) or pos == 0 or line[pos - 1] == " ":
        return pos
    space = line.rfind(" ", 0, pos)
    return space + 1 if space >= 0 else pos


def _pdf_tables(data: bytes, limits: Limits) -> list[Table]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > limits.max_pages:
            raise ExtractError("too_many_pages", pages=len(reader.pages), limit=limits.max_pages)
        text = "\n".join(page.extract_text(extraction_mode="layout") or "" for page in reader.pages)
    except ExtractError:
        raise
    except Exception as exc:  # pypdf raises many types on broken files
        raise ExtractError("corrupt", what="PDF") from exc
    table = _layout_table(text)
    return [table] if len(table) >= 2 else []


# --- roles ----------------------------------------------------------------------------


def guess_roles(header: list[str], rows: Table) -> list[Role]:
    """A role per column, from the header's words, then from the contents: a column of
    small numbers is the number, the shorter text column the title, the longer the text."""
    roles: list[Role] = []
    for name in header:
        key = fold_key(name)
        role: Role = "ignore"
        for candidate, words in _HEADER_WORDS:
            if any(re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", key) for w in words):
                role = candidate
                break
        roles.append(role)
    columns = list(zip(*[r + [""] * (len(header) - len(r)) for r in rows], strict=False))
    for j, column in enumerate(columns):
        if roles[j] != "ignore" or j >= len(roles):
            continue
        values = [v for v in column if v.strip()]
        if values and all(re.fullmatch(r"\d{1,4}\.?", v.strip()) for v in values):
            roles[j] = "number"
    texts = [j for j, r in enumerate(roles) if r == "ignore" and j < len(columns)]
    if "title" not in roles and texts:
        mean = {j: sum(len(v) for v in columns[j]) / max(1, len(columns[j])) for j in texts}
        ordered = sorted(texts, key=lambda j: mean[j])
        roles[ordered[0]] = "title"
        if "text" not in roles and len(ordered) > 1:
            roles[ordered[-1]] = "text"
    elif "text" not in roles and texts:
        mean = {j: sum(len(v) for v in columns[j]) / max(1, len(columns[j])) for j in texts}
        roles[max(texts, key=lambda j: mean[j])] = "text"
    return roles


def kind_for(header: list[str], roles: list[Role]) -> str:
    if "it" in roles and "dx" in roles:
        return "comparison"
    folded = " ".join(fold_key(h) for h in header)
    return "qa" if "cau hoi" in folded or "tra loi" in folded else "key_points"


# --- drafts ---------------------------------------------------------------------------


def point_id(title: str, taken: set[str]) -> str:
    """A stable id for a new point from its title ("quyen-duoc-biet"), unique in the pack."""
    base = re.sub(r"[^a-z0-9]+", "-", fold_key(title)).strip("-")[:36].strip("-") or "diem"
    if not base[0].isalnum():
        base = "p-" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _empty_pack(kind: str, pack_id: str, title: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema": 2,
        "id": pack_id,
        "kind": kind,
        "version": "0.1.0",
        "language": "vi",
        "count": 0,
        "title": {"vi": title},
        "summary": {"vi": title},
    }
    if kind == "comparison":
        data["sides"] = {"it": {"vi": "Công nghệ thông tin"}, "dx": {"vi": "Chuyển đổi số"}}
    data["sources"] = []
    data["points"] = []
    return data


def _too_many(n: int) -> ImportProblem:
    return ImportProblem(
        "points",
        "",
        f"có {n} điểm, một gói có tối đa {MAX_POINTS} điểm; hãy chia thành nhiều gói / "
        f"{n} points, a pack holds at most {MAX_POINTS}; split it into several packs",
    )


def _check_text(draft: Draft, name: str, where: str, value: str) -> None:
    if MARKUP.search(value):
        draft.problems.append(
            ImportProblem(
                name,
                where,
                "chứa thẻ HTML hoặc mã lệnh, hãy bỏ đi / contains an HTML tag or script; remove it",
            )
        )


def _add_point(
    draft: Draft,
    values: dict[str, tuple[str, str]],
    taken: set[str],
    titles: dict[str, int],
    row_at: str = "",
) -> None:
    """Add one point from ``values`` (field → (text, where)), noting spans and problems."""
    kind = draft.data["kind"]
    index = len(draft.points)
    name = f"points[{index}]"
    number = index + 1
    point: dict[str, Any] = {"number": number}
    title, title_at = values.get("title", ("", ""))
    point["id"] = point_id(title or f"diem {number}", taken)
    needed = ("title", "it", "dx") if kind == "comparison" else ("title", "text", "short")
    for role in needed:
        if not values.get(role, ("", ""))[0].strip():
            where = values.get(role, ("", ""))[1] or row_at or title_at
            draft.problems.append(
                ImportProblem(
                    f"{name}.{role}",
                    where,
                    f"ô trống: thiếu {_ROLE_VI[role]} / "
                    f"empty cell: the {_ROLE_EN[role]} is missing",
                )
            )
    for role, (text, where) in values.items():
        if role in ("number", "ignore"):
            continue
        _check_text(draft, f"{name}.{role}", where, text)
        draft.spans[f"{name}.{role}"] = Span(where, text)
    point["title"] = {"vi": title}
    if kind == "comparison":
        for side in ("it", "dx"):
            text = values.get(side, ("", ""))[0]
            point[side] = {"full": {"vi": text}, "short": {"vi": _shorten(text)}}
    else:
        point["text"] = {"vi": values.get("text", ("", ""))[0]}
        point["short"] = {"vi": values.get("short", ("", ""))[0]}
    words = values.get("keywords", ("", ""))[0]
    point["keywords"] = {"vi": [w.strip() for w in re.split(r"[;,\n]", words) if w.strip()]}
    key = fold_key(title)
    if key and key in titles:
        draft.problems.append(
            ImportProblem(
                f"{name}.title",
                title_at,
                f"tiêu đề trùng với điểm {titles[key]} / "
                f"duplicate title (also point {titles[key]})",
            )
        )
    titles.setdefault(key, number)
    draft.points.append(point)
    draft.data["count"] = len(draft.points)


_ROLE_VI = {
    "title": "tiêu đề",
    "text": "nội dung",
    "short": "tóm tắt",
    "it": "vế công nghệ thông tin",
    "dx": "vế chuyển đổi số",
}
_ROLE_EN = {
    "title": "title",
    "text": "text",
    "short": "short form",
    "it": "IT side",
    "dx": "DX side",
}


def _shorten(text: str) -> str:
    """A comparison side's short form when the table has none: its first sentence."""
    first = re.split(r"(?<=[.;])\s", text.strip(), maxsplit=1)[0]
    return first.rstrip(".;")


def draft_from_table(
    table: Table,
    *,
    pack_id: str,
    title: str,
    roles: list[Role] | None = None,
    kind: str | None = None,
    label: str = "bảng 1",
    source: str = "table",
) -> Draft:
    """A draft from a table whose first row is its header (one row after it, one point)."""
    header, rows = table[0], table[1:]
    roles = list(roles) if roles is not None else guess_roles(header, rows)
    kind = kind or kind_for(header, roles)
    draft = Draft(_empty_pack(kind, pack_id, title), source=source, header=header, roles=roles)
    if len(rows) > MAX_POINTS:
        draft.problems.append(_too_many(len(rows)))
        return draft
    taken: set[str] = set()
    titles: dict[str, int] = {}
    for r, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            draft.problems.append(
                ImportProblem(
                    f"points[{len(draft.points)}]",
                    f"{label}, hàng {r}",
                    f"hàng {r} có {len(row)} ô, hàng tiêu đề có {len(header)} ô: các cột không "
                    f"thẳng hàng / row {r} has {len(row)} cells, the header {len(header)}: "
                    "the columns do not line up",
                )
            )
        values: dict[str, tuple[str, str]] = {}
        for c, role in enumerate(roles):
            if role in ("ignore", "number"):
                continue
            text = row[c].strip() if c < len(row) else ""
            where = f"{label}, hàng {r}, cột {c + 1}"
            if role in values and text:  # two columns of one role: join them
                text = values[role][0] + "\n" + text
            values[role] = (text, where)
        _add_point(draft, values, taken, titles, f"{label}, hàng {r}")
    return draft


_NUMBERED = re.compile(r"^\s*(?:Điểm\s+|Câu\s+(?:hỏi\s+)?)?(\d{1,5})\s*[.):/-]\s*(.*)$", re.I)


def draft_from_text(
    text: str, *, pack_id: str, title: str, kind: str = "key_points", source: str = "text"
) -> Draft:
    """A draft from numbered points ("1. Title: text", or "1. Title" then its lines).

    A point's title is its first line up to a colon (or the whole first line); the rest is
    its text. For Q&A, the title ends at the question mark.
    """
    text = nfc(text)
    items: list[tuple[int, int, list[str]]] = []  # (number, line, lines)
    for n, line in enumerate(text.splitlines(), start=1):
        m = _NUMBERED.match(line)
        if m and m.group(2).strip():
            items.append((int(m.group(1)), n, [m.group(2).strip()]))
        elif items and line.strip():
            items[-1][2].append(line.strip())
    draft = Draft(_empty_pack(kind, pack_id, title), source=source)
    if not items:
        return draft
    if len(items) > MAX_POINTS:
        draft.problems.append(_too_many(len(items)))
        return draft
    taken: set[str] = set()
    titles: dict[str, int] = {}
    for number, line_no, lines in items:
        head, rest = lines[0], lines[1:]
        split = head.find("?") + 1 if kind == "qa" and "?" in head else head.find(":")
        if split > 0:
            point_title = head[:split].strip()
            first = head[split + (0 if kind == "qa" else 1) :].strip()
        else:
            point_title, first = head, ""
        body = " ".join([first, *rest]).strip()
        where = f"dòng {line_no}"
        _add_point(
            draft,
            {"title": (point_title, where), "text": (body, where), "short": ("", where)},
            taken,
            titles,
        )
        if number != len(draft.points):
            draft.problems.append(
                ImportProblem(
                    f"points[{len(draft.points) - 1}]",
                    where,
                    f"số thứ tự {number} được đánh lại thành {len(draft.points)} / "
                    f"number {number} renumbered {len(draft.points)}",
                )
            )
    return draft


def pack_import(
    data: bytes,
    filename: str,
    *,
    pack_id: str = "nhap",
    title: str = "",
    roles: list[Role] | None = None,
    kind: str | None = None,
    limits: Limits = DEFAULT,
) -> Draft:
    """Read the points of a DOCX, PDF, HTML or text file into a draft.

    The first table with a header and at least one row wins; without one, numbered points
    in the text. Raises :class:`ImportError_` when there is neither, ``ExtractError`` when the
    file cannot be read at all.
    """
    name = filename.lower()
    title = nfc(title.strip()) or nfc(filename.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    is_html = name.endswith((".html", ".htm")) or data[:200].lstrip().lower().startswith(
        (b"<!doctype html", b"<html")
    )
    if is_html:
        if len(data) > limits.max_bytes:
            raise ExtractError("too_large", limit=f"{limits.max_bytes // (1024 * 1024)} MB")
        reader = _HtmlReader()
        reader.feed(data.decode("utf-8", errors="replace"))
        tables = [t for t in reader.tables if len(t) >= 2]
        if tables:
            return draft_from_table(
                tables[0], pack_id=pack_id, title=title, roles=roles, kind=kind,
                source="html-table",
            )  # fmt: skip
        if reader.items:
            numbered = "\n".join(f"{i}. {item}" for i, item in enumerate(reader.items, 1))
            return draft_from_text(
                numbered, pack_id=pack_id, title=title, kind=kind or "key_points",
                source="html-list",
            )  # fmt: skip
        raise ImportError_(
            "trang HTML không có bảng hay danh sách nào",
            "the HTML page has no table and no list",
        )
    if data.startswith(b"PK\x03\x04") or name.endswith(".docx"):
        tables = [t for t in _docx_tables(data, limits) if len(t) >= 2]
        if tables:
            return draft_from_table(
                tables[0], pack_id=pack_id, title=title, roles=roles, kind=kind,
                source="docx-table",
            )  # fmt: skip
    elif data.startswith(b"%PDF-") or name.endswith(".pdf"):
        tables = _pdf_tables(data, limits)
        if tables:
            return draft_from_table(
                tables[0], pack_id=pack_id, title=title, roles=roles, kind=kind,
                source="pdf-table",
            )  # fmt: skip
    extracted = extract_text(data, filename, limits=limits)
    draft = draft_from_text(extracted.text, pack_id=pack_id, title=title, kind=kind or "key_points")
    if draft.points or draft.problems:
        return draft
    if extracted.kind == "docx":
        raise ImportError_(
            "tệp DOCX không có bảng nào, cũng không có danh sách điểm đánh số (1., 2., …)",
            "the DOCX has no table and no numbered points (1., 2., …)",
        )
    raise ImportError_(
        "không tìm thấy bảng hay danh sách điểm đánh số (1., 2., …)",
        "no table and no numbered points (1., 2., …) were found",
    )
