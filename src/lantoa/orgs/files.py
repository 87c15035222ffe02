"""Read unit lists from CSV or Excel files, and write the template people fill in.

Columns (header names in English or Vietnamese): code / mã, name / tên, kind / loại,
parent_code / mã đơn vị cha, short_name / tên ngắn, latitude / vĩ độ, longitude / kinh độ.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from lantoa.core.text import nfc
from lantoa.orgs.models import UnitKind
from lantoa.orgs.services import ImportProblemsError, UnitRow

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000

COLUMNS = ["code", "name", "kind", "parent_code", "short_name", "latitude", "longitude"]
HEADERS_VI = ["mã", "tên", "loại", "mã đơn vị cha", "tên ngắn", "vĩ độ", "kinh độ"]
_ALIASES = {**{c: c for c in COLUMNS}, **dict(zip(HEADERS_VI, COLUMNS, strict=True))}
# Kinds may also be written in Vietnamese in the file.
KIND_ALIASES = {
    "bộ": "ministry",
    "cục": "agency",
    "tỉnh": "province",
    "huyện": "district",
    "xã": "commune",
    "phường": "commune",
    "sở": "department",
    "ubnd": "committee",
    "trung tâm truyền thông": "media_centre",
    "trung tâm y tế": "health_centre",
    "trạm y tế": "health_station",
    "trường": "school",
    "tổ công nghệ số cộng đồng": "community_team",
    "khác": "other",
}


def _number(value: object, where: str, problems: list[str]) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        problems.append(f"{where}: không phải số / not a number: {value!r}")
        return None


def _rows_from_table(header: list[str], body: list[tuple[int, list[object]]]) -> list[UnitRow]:
    names = [_ALIASES.get(nfc(str(h or "")).strip().lower()) for h in header]
    missing = [c for c in ("code", "name", "kind") if c not in names]
    if missing:
        raise ImportProblemsError(
            [f"thiếu cột / missing column(s): {', '.join(missing)} (dòng tiêu đề / header row)"]
        )
    problems: list[str] = []
    rows: list[UnitRow] = []
    for line, cells in body:
        record = {
            name: ("" if value is None else nfc(str(value)).strip())
            for name, value in zip(names, cells, strict=False)
            if name
        }
        if not any(record.values()):
            continue
        where = f"dòng / line {line}"
        kind = str(record.get("kind", ""))
        kind = KIND_ALIASES.get(kind.lower(), kind.lower())
        if kind not in UnitKind.values:
            problems.append(f"{where}: loại không hợp lệ / unknown kind {record.get('kind')!r}")
        rows.append(
            UnitRow(
                code=str(record.get("code", "")),
                name=str(record.get("name", "")),
                kind=kind,
                parent_code=str(record.get("parent_code", "")) or None,
                short_name=str(record.get("short_name", "")),
                latitude=_number(record.get("latitude"), where, problems),
                longitude=_number(record.get("longitude"), where, problems),
                line=line,
            )
        )
        if len(rows) > MAX_ROWS:
            raise ImportProblemsError([f"quá nhiều dòng / too many rows (max {MAX_ROWS})"])
    if problems:
        raise ImportProblemsError(problems)
    return rows


def read_units(data: bytes, filename: str) -> list[UnitRow]:
    """Parse a CSV (UTF-8, with or without BOM) or XLSX unit list; raise with every problem."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportProblemsError(
            [f"tệp quá lớn / file too large (max {MAX_FILE_BYTES // 2**20} MB)"]
        )
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportProblemsError(
                ["tệp CSV phải là UTF-8 / the CSV file must be UTF-8"]
            ) from None
        table = list(csv.reader(io.StringIO(text)))
        if not table:
            raise ImportProblemsError(["tệp trống / the file is empty"])
        body = [(i, list[object](r)) for i, r in enumerate(table[1:], start=2)]
        return _rows_from_table(table[0], body)
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ImportProblemsError(
                ["không đọc được tệp Excel / cannot read the Excel file"]
            ) from None
        sheet = book.worksheets[0]
        all_rows = sheet.iter_rows(values_only=True)
        header = next(all_rows, None)
        if header is None:
            raise ImportProblemsError(["tệp trống / the file is empty"])
        body = [(i, list(r)) for i, r in enumerate(all_rows, start=2)]
        book.close()
        return _rows_from_table([str(h or "") for h in header], body)
    raise ImportProblemsError(
        [f"định dạng không hỗ trợ / unsupported file type {suffix or '?'} (dùng / use .csv, .xlsx)"]
    )


def template_xlsx() -> bytes:
    """An Excel template with Vietnamese headers, an example row and the list of kinds."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Đơn vị"
    sheet.append(HEADERS_VI)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [
            "QN-TTTT",
            "Trung tâm Truyền thông tỉnh Quảng Ninh",
            "media_centre",
            "22",
            "TTTT",
            None,
            None,
        ]
    )
    for column, width in zip("ABCDEFG", (14, 48, 18, 16, 16, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    kinds = book.create_sheet("Loại đơn vị")
    kinds.append(["loại / kind", "nghĩa / meaning"])
    for value, label in UnitKind.choices:
        kinds.append([value, str(label)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv() -> str:
    return (
        ",".join(HEADERS_VI)
        + "\nQN-TTTT,Trung tâm Truyền thông tỉnh Quảng Ninh,media_centre,22,TTTT,,\n"
    )
