"""``lantoa pack``: validate and show content packs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from lantoa.core.packs import (
    BUILTIN_DEFAULT,
    Pack,
    PackError,
    builtin_pack,
    builtin_pack_paths,
    load_pack,
    pack_to_data,
)
from lantoa.core.packs.loader import problems_as_dicts


@click.group()
def pack() -> None:
    """Validate and show content packs (bộ nội dung)."""


@pack.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
def validate(files: tuple[Path, ...], as_json: bool) -> None:
    """Check pack FILES; print each problem as FILE:LINE:COLUMN: FIELD: MESSAGE.

    Exits with status 1 when any file has a problem.
    """
    console = Console(stderr=False, highlight=False)
    results = []
    failed = False
    for path in files:
        try:
            loaded = load_pack(path)
        except PackError as exc:
            failed = True
            results.append(
                {"file": str(path), "valid": False, "problems": problems_as_dicts(exc.problems)}
            )
            if not as_json:
                for problem in exc.problems:
                    console.print(f"[red]✗[/] {escape(str(problem))}")
            continue
        results.append(
            {"file": str(path), "valid": True, "pack": loaded.key, "points": len(loaded.points)}
        )
        if not as_json:
            console.print(
                f"[green]✓[/] {escape(str(path))}: hợp lệ / valid — {escape(loaded.key)}, "
                f"{len(loaded.points)} điểm / points"
            )
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    sys.exit(1 if failed else 0)


def _load(pack_id: str | None, file: Path | None) -> Pack:
    if file is not None:
        return load_pack(file)
    return builtin_pack(known_pack_id(pack_id or BUILTIN_DEFAULT))


def known_pack_id(pack_id: str) -> str:
    """``pack_id`` when a built-in pack has it; else say which ids exist and exit 2."""
    known = list(builtin_pack_paths())
    if pack_id not in known:
        ids = ", ".join(known) or "—"
        click.echo(
            f'✗ Không có bộ nội dung "{pack_id}". Các bộ có sẵn: {ids} (lantoa pack list).\n'
            f'  There is no pack "{pack_id}". Built-in packs: {ids} (lantoa pack list).',
            err=True,
        )
        sys.exit(2)
    return pack_id


@pack.command()
@click.argument("pack_id", required=False)
@click.option(
    "--file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Show a pack file instead of a built-in pack.",
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--full", is_flag=True, help="Show the full sides, not only the short forms.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole pack as JSON.")
def show(pack_id: str | None, file: Path | None, lang: str, full: bool, as_json: bool) -> None:
    """Show a pack readably (default: the built-in 'cds17'); list packs with 'list'."""
    try:
        loaded = _load(pack_id, file)
    except PackError as exc:
        for problem in exc.problems:
            click.echo(f"✗ {problem}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(pack_to_data(loaded), ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False)
    console.print(f"[bold]{escape(loaded.title.get(lang))}[/]  [dim]{escape(loaded.key)}[/]")
    console.print(escape(loaded.summary.get(lang)), style="dim")
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", style="bold", no_wrap=True)
    table.add_column("Điểm" if lang == "vi" else "Point", ratio=2)
    table.add_column(loaded.sides.it.get(lang), ratio=3)
    table.add_column(loaded.sides.dx.get(lang), ratio=3)
    for point in loaded.points:
        it = point.it.full if full else point.it.short
        dx = point.dx.full if full else point.dx.short
        table.add_row(
            str(point.number),
            escape(point.title.get(lang)),
            escape(it.get(lang)),
            escape(dx.get(lang)),
        )
    console.print(table)
    label = "Nguồn" if lang == "vi" else "Sources"
    console.print(f"[bold]{label}[/]")
    for source in loaded.sources:
        date = source.date.strftime("%d/%m/%Y") if source.date else "—"
        number = source.number or "—"
        console.print(
            f" • {escape(number)} ({date}) {escape(source.issuer)}: {escape(source.title)}"
        )


@pack.command("list")
def list_() -> None:
    """List the built-in packs."""
    for pack_id, path in builtin_pack_paths().items():
        try:
            loaded = load_pack(path)
        except PackError as exc:
            click.echo(f"{pack_id}\t✗ {len(exc.problems)} lỗi / problems")
            continue
        click.echo(f"{pack_id}\t{loaded.version}\t{len(loaded.points)}\t{loaded.title.vi}")
