"""``lantoa parse``: read dispatches (text, DOCX, PDF, scans) and print their fields."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from lantoa.core.dispatch import Dispatch, cascade_link, dispatch_to_data, parse_dispatch
from lantoa.core.extract import DEFAULT, ExtractError, extract_text

_KINDS_VI = {
    "cong_van": "công văn",
    "ke_hoach": "kế hoạch",
    "quyet_dinh": "quyết định",
    "thong_bao": "thông báo",
    "nghi_dinh": "nghị định",
    "nghi_quyet": "nghị quyết",
    "thong_tu": "thông tư",
    "chi_thi": "chỉ thị",
    "cong_dien": "công điện",
    "article": "bài viết (không phải công văn) / article",
    "unknown": "không rõ / unknown",
}


def _show(console: Console, name: str, d: Dispatch) -> None:
    def row(vi: str, en: str, value: object) -> None:
        shown = "—" if value in (None, "", []) else str(value)
        console.print(f"  [bold]{vi}[/] / {en}: {escape(shown)}")

    console.print(f"[bold cyan]{escape(name)}[/]")
    row("Loại", "kind", _KINDS_VI.get(d.kind, d.kind))
    row("Cơ quan ban hành", "issuer", d.issuer)
    row("Cơ quan chủ quản", "parent body", d.issuer_parent)
    row("Số, ký hiệu", "number and symbol", d.code)
    row("Địa danh", "place", d.place)
    row("Ngày", "date", d.date)
    row("Trích yếu", "subject", d.subject)
    row("Kính gửi", "recipients", "; ".join(d.recipients))
    for ref in d.references:
        row("Văn bản viện dẫn", "cites", f"{ref.code} {ref.date or ''} {ref.issuer or ''}".strip())
    for task in d.tasks:
        label = f"{task.number}. " if task.number else ""
        when = f" — hạn / due {task.deadline}" if task.deadline else ""
        row("Nhiệm vụ", "task", f"{label}{'; '.join(task.assignees)}{when}")
        console.print(f"      {escape(task.action[:300])}")
    row("Người ký", "signer", " / ".join([*d.signer.titles, d.signer.name or "—"]))
    row("Nơi nhận", "copies to", "; ".join(d.cc))
    for appendix in d.appendices:
        row("Phụ lục", "appendix", appendix.title or appendix.label)
    if d.diacritics == "poor":
        console.print("  [yellow]Văn bản mất dấu (OCR) / diacritic-poor text (OCR)[/]")
    for warning in d.warnings:
        console.print(f"  [yellow]! {escape(warning)}[/]")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
@click.option("--graph", is_flag=True, help="Link the dispatches by the documents they cite.")
@click.option("--no-ocr", is_flag=True, help="Never run OCR (scans are refused).")
@click.option(
    "--restore",
    is_flag=True,
    help="For a diacritic-poor text, also print (or add as 'restored_text') a best-effort "
    "restoration of its diacritics, for reading only.",
)
def parse(files: tuple[Path, ...], as_json: bool, graph: bool, no_ocr: bool, restore: bool) -> None:
    """Read dispatches (công văn) FILES — .txt, .docx, .pdf, scans — into fields.

    Đọc công văn (văn bản, DOCX, PDF, bản scan) thành dữ liệu. Exits 1 if a file
    cannot be read.
    """
    console = Console(highlight=False, soft_wrap=True)
    limits = DEFAULT if not no_ocr else type(DEFAULT)(ocr=False)
    parsed: list[tuple[str, Dispatch]] = []
    results: list[dict[str, object]] = []
    failed = False
    for path in files:
        try:
            data = path.read_bytes()
            extracted = extract_text(data, path.name, limits=limits)
        except (ExtractError, OSError) as exc:
            failed = True
            vi = getattr(exc, "message_vi", None) or "không đọc được tệp"
            en = getattr(exc, "message", None) or str(exc)
            results.append({"file": str(path), "error": getattr(exc, "code", "io"), "message": en})
            click.echo(f"✗ {path}: {vi} / {en}", err=True)
            continue
        d = parse_dispatch(extracted.text)
        parsed.append((path.name, d))
        data_out: dict[str, object] = {"file": str(path), "source": extracted.kind}
        data_out.update(dispatch_to_data(d))
        restored = None
        if restore and d.diacritics == "poor":
            from lantoa.core.diacritics import restore as restore_text

            restored = restore_text(extracted.text).text
            data_out["restored_text"] = restored
        results.append(data_out)
        if not as_json and not graph:
            _show(console, path.name, d)
            if restored is not None:
                console.print(
                    "[bold]Văn bản đã khôi phục dấu (tham khảo) / "
                    "text with diacritics restored (for reading only)[/]"
                )
                console.print(escape(restored))
    if graph:
        cascade = cascade_link(parsed)
        if as_json:
            click.echo(
                json.dumps(
                    {"edges": [list(e) for e in cascade.edges]}, ensure_ascii=False, indent=2
                )
            )
        else:
            console.print(
                "[bold]Chuỗi văn bản / cascade[/] (văn bản được trích dẫn → văn bản trích dẫn)"
            )
            for line in cascade.render():
                console.print(escape(line))
    elif as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    sys.exit(1 if failed else 0)
