"""The upward report as files: Word in the Decree 30/2020/NĐ-CP layout, and Excel.

Both are compiled from the data — the unit's own latest report and every assignment in
its subtree — so the figures are the ones the dashboard shows.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.utils import timezone

from lantoa.campaigns.letterhead import FILL, body_name, letterhead, recipient
from lantoa.campaigns.models import Assignment, AssignmentStatus, Campaign
from lantoa.campaigns.selectors import Progress, progress_by_child
from lantoa.campaigns.services import VIETNAM
from lantoa.campaigns.status import assignment_status
from lantoa.core.text import sort_key
from lantoa.orgs.models import Unit
from lantoa.stories.selectors import StoryCounts, story_counts

STATUS_VI = {
    AssignmentStatus.NOT_RECEIVED: "Chưa tiếp nhận",
    AssignmentStatus.RECEIVED: "Đã tiếp nhận",
    AssignmentStatus.IN_PROGRESS: "Đang thực hiện",
    AssignmentStatus.REPORTED_ON_TIME: "Đã báo cáo đúng hạn",
    AssignmentStatus.REPORTED_LATE: "Đã báo cáo trễ hạn",
    AssignmentStatus.OVERDUE: "Quá hạn, chưa báo cáo",
}


def vietnamese_date(day: dt.date) -> str:
    """'ngày 09 tháng 3 năm 2023', as a Vietnamese document writes it."""
    month = f"0{day.month}" if day.month in (1, 2) else str(day.month)  # Decree 30: 01, 02
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class Row:
    assignment: Assignment
    status: AssignmentStatus
    parent_name: str


@dataclass
class ReportData:
    campaign: Campaign
    unit: Unit
    own: Assignment | None
    total: Progress
    branches: list[Progress]
    rows: list[Row]
    now: dt.datetime
    stories: StoryCounts | None = None  # lantoa.stories, down the unit's subtree


def report_data(*, campaign: Campaign, unit: Unit) -> ReportData:
    now = timezone.now()
    total, branches = progress_by_child(campaign=campaign, unit=unit, now=now)
    assignments = (
        Assignment.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
        .select_related("unit", "unit__parent")
        .order_by("unit__path")
    )
    own = None
    rows = []
    for a in assignments:
        if a.unit_id == unit.pk:
            own = a
            continue
        rows.append(Row(a, assignment_status(a, now), a.unit.parent.name if a.unit.parent else ""))
    return ReportData(campaign, unit, own, total, branches, rows, now, story_counts(unit))


MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
LETTERHEAD_LEFT_MM, LETTERHEAD_RIGHT_MM = 62, 103  # of the 165 mm between the margins


def report_recipient(data: ReportData) -> str:
    dispatch = data.campaign.source_dispatch
    return recipient(
        unit=data.unit,
        assigned_by=data.own.parent.unit if data.own and data.own.parent else None,
        issuer=data.campaign.issuer,
        dispatch_issuer=dispatch.issuer if dispatch is not None else "",
    )


def _fixed_widths(table, widths_mm: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    """Column widths Word and LibreOffice both keep (a fixed layout, widths on every cell)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _n(value: int) -> str:
    """1397 → "1.397", as a Vietnamese reader writes it."""
    return f"{value:,}".replace(",", ".")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def report_docx(data: ReportData, *, place: str = "") -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "Times New Roman"
    )

    def para(text: str = "", *, bold: bool = False, italic: bool = False, align=None, size=None):  # type: ignore[no-untyped-def]
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        p.paragraph_format.space_after = Pt(3)
        return p

    unit, campaign = data.unit, data.campaign
    local_now = data.now.astimezone(VIETNAM)
    # Letterhead: issuing body on the left, national motto on the right (Decree 30, Annex I).
    # The right column is sized for the motto on one line: 12 pt bold Times New Roman
    # needs about 249 pt (tests/test_exports_office.py measures it with metric-compatible
    # Liberation Serif), the column gives it 103 mm − 2 × 1.9 mm of cell margin ≈ 281 pt.
    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    head.autofit = False
    _fixed_widths(head, (LETTERHEAD_LEFT_MM, LETTERHEAD_RIGHT_MM))
    left, right = head.rows[0].cells
    lines = letterhead(unit)
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if lines.parent:
        first.add_run(lines.parent).font.size = Pt(12)
        name = left.add_paragraph()
        name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        name = first
    run = name.add_run(lines.name)
    run.bold, run.font.size = True, Pt(12)
    number = left.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.add_run(lines.number).font.size = Pt(13)
    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = motto.add_run(MOTTO)
    run.bold, run.font.size = True, Pt(12)
    slogan = right.add_paragraph()
    slogan.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = slogan.add_run("Độc lập - Tự do - Hạnh phúc")
    run.bold, run.underline = True, True
    when = right.add_paragraph()
    when.alignment = WD_ALIGN_PARAGRAPH.CENTER
    when.add_run(
        f"{place or unit.short_name or unit.name}, {vietnamese_date(local_now.date())}"
    ).italic = True

    para()
    para("BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14)
    para(f"Kết quả thực hiện: {campaign.title}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    to = report_recipient(data)
    para(f"Kính gửi: {to or FILL * 6}.", align=WD_ALIGN_PARAGRAPH.CENTER)

    basis = (
        f"Thực hiện Công văn số {campaign.dispatch_number}"
        if campaign.dispatch_number
        else "Thực hiện chỉ đạo"
    )
    if campaign.dispatch_date:
        basis += f" ngày {campaign.dispatch_date:%d/%m/%Y}"
    dispatch = campaign.source_dispatch
    author = dispatch.issuer if dispatch is not None and dispatch.issuer else ""
    if not author and campaign.issuer_id != unit.pk:
        author = body_name(campaign.issuer)
    basis += f" của {author}" if author else ""
    basis += f", {body_name(unit)} báo cáo kết quả như sau:"
    para(basis).paragraph_format.first_line_indent = Mm(10)

    para("1. Kết quả tại đơn vị", bold=True)
    if data.own and data.own.report_version:
        own = data.own
        para(
            f"Đã phổ biến, quán triệt tới {_n(own.staff_reached)}/{_n(own.staff_count)} "
            "cán bộ, công chức, viên chức, người lao động "
            f"({_percent(own.staff_reached, own.staff_count)}); "
            f"{_n(own.publication_count)} bài đăng trên các kênh thông tin."
        )
    else:
        para("Đơn vị chưa gửi báo cáo kết quả.", italic=True)

    total = data.total
    if total.assigned:
        para("2. Kết quả của các đơn vị trực thuộc", bold=True)
        para(
            f"Đã giao {_n(total.assigned)} nhiệm vụ; đã báo cáo {_n(total.reported)} "
            f"({_percent(total.reported, total.assigned)}), trong đó đúng hạn "
            f"{_n(total.on_time)}, trễ hạn {_n(total.late)}; quá hạn chưa báo cáo "
            f"{_n(total.overdue)}. Tổng số cán bộ được phổ biến: {_n(total.staff_reached)}/"
            f"{_n(total.staff_count)}; số bài đăng: {_n(total.publications)}."
        )
        table = document.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        for cell, title in zip(
            table.rows[0].cells,
            ("STT", "Đơn vị", "Tình trạng", "Ngày báo cáo", "Cán bộ được phổ biến", "Bài đăng"),
            strict=True,
        ):
            cell.text = ""
            cell.paragraphs[0].add_run(title).bold = True
        for index, row in enumerate(
            sorted(data.rows, key=lambda r: sort_key(r.assignment.unit.name)), 1
        ):
            a = row.assignment
            cells = table.add_row().cells
            cells[0].text = str(index)
            cells[1].text = a.unit.name
            cells[2].text = STATUS_VI[row.status]
            cells[3].text = (
                a.reported_at.astimezone(VIETNAM).strftime("%d/%m/%Y") if a.reported_at else ""
            )
            cells[4].text = f"{_n(a.staff_reached)}/{_n(a.staff_count)}" if a.report_version else ""
            cells[5].text = _n(a.publication_count) if a.report_version else ""
        for r in table.rows:
            for c in r.cells:
                for p in c.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(11)
        late = [r.assignment.unit.name for r in data.rows if r.status == AssignmentStatus.OVERDUE]
        if late:
            para("3. Đơn vị quá hạn chưa báo cáo", bold=True)
            para(", ".join(sorted(late, key=sort_key)) + ".")

    if data.stories is not None and data.stories.submitted:
        st = data.stories
        para(
            f"Câu chuyện chuyển đổi số của đơn vị và các đơn vị trực thuộc: đã gửi "
            f"{_n(st.submitted)}, đã duyệt {_n(st.approved)}, đang chờ duyệt {_n(st.waiting)}."
        )

    para()
    sign = document.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    left.paragraphs[0].runs[0].italic = True
    left.add_paragraph(f"- {to or FILL * 4};").runs[0].font.size = Pt(11)
    left.add_paragraph("- Lưu: VT.").runs[0].font.size = Pt(11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].add_run("THỦ TRƯỞNG ĐƠN VỊ").bold = True
    hint = right.add_paragraph()
    hint.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hint.add_run("(Ký, ghi rõ họ tên, đóng dấu)").italic = True

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _print_setup(sheet, *, landscape: bool) -> None:  # type: ignore[no-untyped-def]
    """A4, fit to one page wide (as many tall as needed), so it prints as it reads."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def report_xlsx(data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Đơn vị"
    header = [
        "Mã",
        "Đơn vị",
        "Đơn vị cấp trên",
        "Thời hạn",
        "Tình trạng",
        "Ngày báo cáo",
        "Số cán bộ",
        "Đã phổ biến",
        "Tỷ lệ",
        "Bài đăng",
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="A61B1B")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    fills = {
        AssignmentStatus.OVERDUE: "FCE8E6",
        AssignmentStatus.REPORTED_LATE: "FEF7E0",
        AssignmentStatus.REPORTED_ON_TIME: "E6F4EA",
    }
    for row in data.rows:
        a = row.assignment
        sheet.append(
            [
                a.unit.code,
                a.unit.name,
                row.parent_name,
                a.deadline.astimezone(VIETNAM).date(),
                STATUS_VI[row.status],
                a.reported_at.astimezone(VIETNAM).date() if a.reported_at else None,
                a.staff_count if a.report_version else None,
                a.staff_reached if a.report_version else None,
                (a.staff_reached / a.staff_count) if a.report_version and a.staff_count else None,
                a.publication_count if a.report_version else None,
            ]
        )
        if row.status in fills:
            sheet.cell(sheet.max_row, 5).fill = PatternFill("solid", fgColor=fills[row.status])
    for column in ("D", "F"):
        for cell in sheet[column][1:]:
            cell.number_format = "DD/MM/YYYY"
    for cell in sheet["I"][1:]:
        cell.number_format = "0%"
    for column in ("G", "H", "J"):  # thousands grouped: "1.397" in a Vietnamese Excel
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0"
    for column, width in zip("ABCDEFGHIJ", (12, 40, 30, 12, 22, 13, 11, 12, 8, 9), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet, landscape=True)
    sheet.print_title_rows = "1:1"  # the header row on every printed page

    summary = book.create_sheet("Tổng hợp", 0)
    total = data.total
    rows = [
        ("Chiến dịch", data.campaign.title),
        ("Đơn vị", data.unit.name),
        ("Thời điểm tổng hợp", data.now.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")),
        ("Nhiệm vụ đã giao", total.assigned),
        ("Đã báo cáo", total.reported),
        ("Đúng hạn", total.on_time),
        ("Trễ hạn", total.late),
        ("Quá hạn chưa báo cáo", total.overdue),
        ("Số cán bộ", total.staff_count),
        ("Đã phổ biến", total.staff_reached),
        ("Bài đăng", total.publications),
    ]
    if data.stories is not None:
        rows += [
            ("Câu chuyện đã gửi", data.stories.submitted),
            ("Câu chuyện đã duyệt", data.stories.approved),
            ("Câu chuyện chờ duyệt", data.stories.waiting),
        ]
    for label, value in rows:
        summary.append([label, value])
        summary.cell(summary.max_row, 1).font = Font(bold=True)
        if isinstance(value, int):
            summary.cell(summary.max_row, 2).number_format = "#,##0"
    summary.column_dimensions["A"].width = 26
    summary.column_dimensions["B"].width = 60
    _print_setup(summary, landscape=False)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
