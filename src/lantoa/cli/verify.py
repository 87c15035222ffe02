"""``lantoa verify``: which points of a pack a published text contains."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from lantoa.cli.pack import known_pack_id
from lantoa.core.packs import BUILTIN_DEFAULT, PackError, builtin_pack, load_pack
from lantoa.core.verify import VerifyResult, verify_text
from lantoa.core.verify.io import DocumentError, read_document

STATUS_LABELS = {
    "present": ("có", "present", "green"),
    "merged": ("gộp", "merged", "yellow"),
    "distorted": ("sai lệch", "distorted", "red"),
    "missing": ("thiếu", "missing", "red"),
}
HOW_LABELS = {
    "verbatim": "nguyên văn",
    "paraphrased": "diễn đạt lại",
    "condensed": "rút gọn",
    "title-only": "chỉ tiêu đề",
    "partial": "thiếu một vế",
    "sides-swapped": "đảo vế",
    "side-elsewhere": "vế ở điểm khác",
}


@click.command()
@click.argument("file", type=str)
@click.option(
    "--pack", "pack_id", default=BUILTIN_DEFAULT, show_default=True, help="Built-in pack."
)
@click.option(
    "--pack-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Verify against a pack file instead of a built-in pack.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (docs/verify.md).")
def verify(file: str, pack_id: str, pack_file: Path | None, as_json: bool) -> None:
    """Check which points of a pack FILE contains (.txt, .html, .docx, .pdf; '-' reads stdin).

    Kiểm tra nội dung: tệp có những điểm nào của bộ nội dung, thiếu, gộp hay sai lệch.
    Exit status: 0 when every point is present (more than its title), 1 when some are not,
    2 on unreadable input or an unknown pack.
    """
    try:
        pack = load_pack(pack_file) if pack_file else builtin_pack(known_pack_id(pack_id))
    except PackError as exc:
        for problem in exc.problems:
            click.echo(f"✗ {problem}", err=True)
        sys.exit(2)
    try:
        text = read_document(file)
    except DocumentError as exc:
        click.echo(f"✗ {file}: {exc.vi} / {exc.en}", err=True)
        sys.exit(2)
    result = verify_text(text, pack)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _print(result, file)
    complete = all(p.status == "present" and p.how != "title-only" for p in result.points)
    sys.exit(0 if complete else 1)


def _print(result: VerifyResult, file: str) -> None:
    console = Console(highlight=False)
    console.print(f"[bold]{escape(file)}[/]  [dim]{escape(result.pack)}[/]")
    table = Table(expand=True, show_lines=False)
    table.add_column("#", justify="right", style="bold", no_wrap=True)
    table.add_column("Trạng thái / Status", no_wrap=True)
    table.add_column("Cách / How", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Trích đoạn / Excerpt", ratio=3)
    for point in result.points:
        vi, en, colour = STATUS_LABELS[point.status]
        status = f"[{colour}]{vi} / {en}[/]"
        how = f"{HOW_LABELS[point.how]} / {point.how}" if point.how else "—"
        if point.merged_with:
            how += " (+" + ", ".join(str(n) for n in point.merged_with) + ")"
        excerpt = point.excerpt if len(point.excerpt) <= 90 else point.excerpt[:89] + "…"
        table.add_row(
            str(point.number), status, escape(how), f"{point.score:.2f}", escape(excerpt or "—")
        )
    console.print(table)
    console.print(
        f"Độ phủ / Coverage: [bold]{result.coverage:.0%}[/] ({result.conveyed}/{result.count})"
    )
    console.print(f"[bold]{escape(result.verdict_vi)}[/]")
    console.print(escape(result.verdict_en), style="dim")
