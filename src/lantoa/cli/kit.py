"""``lantoa kit``: render the communication kit, and ``lantoa kit posters``: QR posters."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lantoa.cli.pack import known_pack_id
from lantoa.core.kit import (
    ITEMS,
    KitError,
    KitResult,
    Unit,
    branding_make,
    kit_render,
    pack_load_file,
    posters_render,
    units_read_csv,
)
from lantoa.core.kit.posters import DEFAULT_BASE_URL
from lantoa.core.packs import BUILTIN_DEFAULT, Pack, PackError, builtin_pack

ITEM_NAMES = {
    "flashcards": "thẻ / flashcards",
    "infographic": "infographic",
    "slides": "bài trình chiếu / slides",
    "anki": "bộ thẻ Anki / Anki deck",
    "web": "trang web / web page",
    "captions": "bài đăng, kịch bản phát thanh / captions, radio script",
    "manifest": "manifest.json",
}


def _pack(value: str | None) -> Pack:
    if value is None:
        return builtin_pack(BUILTIN_DEFAULT)
    if Path(value).is_file():
        return pack_load_file(value)
    return builtin_pack(known_pack_id(value))


def _fail(console: Console, message: str) -> None:
    console.print(f"[red]✗[/] {escape(message)}")
    console.print("Không ghi gì vào thư mục đích / nothing was written to the output folder.")
    sys.exit(1)


def _summary(console: Console, result: KitResult, seconds: float) -> None:
    table = Table(title=f"{escape(str(result.out))} — {seconds:.1f} s")
    table.add_column("Loại / kind")
    table.add_column("Tệp / files", justify="right")
    table.add_column("Dung lượng / size", justify="right")
    table.add_column("Ví dụ / example")
    kinds: dict[str, list[int]] = {}
    examples: dict[str, str] = {}
    for f in result.files:
        kinds.setdefault(f.kind, []).append(f.size)
        examples.setdefault(f.kind, f.path)
    for kind, sizes in kinds.items():
        table.add_row(kind, str(len(sizes)), f"{sum(sizes) / 1024:,.0f} KB", escape(examples[kind]))
    console.print(table)


@click.group(invoke_without_command=True)
@click.option(
    "--out", "out", type=click.Path(file_okay=False, path_type=Path), help="Output folder."
)
@click.option("--pack", "pack_ref", help="A built-in pack id or a pack file (default: cds17).")
@click.option("--unit", help='The issuing unit, e.g. "Sở Khoa học và Công nghệ tỉnh Quảng Ninh".')
@click.option("--logo", type=click.Path(path_type=Path), help="The unit's logo (PNG or JPEG).")
@click.option("--colors", help="Primary and accent colours: #RRGGBB[,#RRGGBB].")
@click.option("--only", help=f"Only these items, comma-separated: {','.join(ITEMS)}.")
@click.pass_context
def kit(
    ctx: click.Context,
    out: Path | None,
    pack_ref: str | None,
    unit: str | None,
    logo: Path | None,
    colors: str | None,
    only: str | None,
) -> None:
    """Render the communication kit (bộ ấn phẩm) of a pack into --out.

    Flashcards (PNG and print PDF), infographic, slides, Anki deck, web page,
    post captions and a radio script, with manifest.json listing every file.
    """
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise click.UsageError("thiếu --out / --out is required")
    console = Console(highlight=False)
    try:
        pack = _pack(pack_ref)
        branding = branding_make(unit=unit, logo=logo, colors=colors)
    except (KitError, PackError) as exc:
        _fail(console, str(exc))
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("…", total=None)

        def progress(name: str, done: int, total: int) -> None:
            bar.update(task, description=ITEM_NAMES.get(name, name), completed=done, total=total)

        try:
            result = kit_render(pack, out=out, branding=branding, only=only, progress=progress)
        except KitError as exc:
            bar.stop()
            _fail(console, str(exc))
    _summary(console, result, time.perf_counter() - started)
    console.print(f"[green]✓[/] {len(result.files)} tệp / files → {escape(str(out))}")


def _units_from_db(code: str | None, depth: int) -> list[Unit]:
    """The unit ``code`` and its descendants ``depth`` levels down, from the database."""
    from lantoa.cli.site import _django_setup

    _django_setup()
    from lantoa.kits.selectors import poster_units
    from lantoa.orgs.models import Unit as OrgUnit

    root = OrgUnit.objects.filter(code=code).first()
    if root is None:
        raise KitError(f"không có đơn vị mã {code} / no unit with the code {code}")
    return [Unit(code=u.code, name=u.name) for u in poster_units(root=root, depth=depth)]


@kit.command()
@click.option(
    "--units", "units_file", type=click.Path(path_type=Path),
    help="CSV file with the columns code,name.",
)  # fmt: skip
@click.option(
    "--unit-code", help="Read the units from the site's database: this unit and those below it."
)
@click.option(
    "--depth", type=click.IntRange(0, 10), default=1, show_default=True,
    help="With --unit-code: how many levels below the unit.",
)  # fmt: skip
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--pack", "pack_ref", help="A built-in pack id or a pack file (default: cds17).")
@click.option(
    "--base-url", default=DEFAULT_BASE_URL, show_default=True, envvar="LANTOA_BASE_URL",
    help="The site's address; each QR code points at <base URL>/hoc/<unit code>.",
)  # fmt: skip
@click.option("--logo", type=click.Path(path_type=Path), help="The logo (PNG or JPEG).")
@click.option("--colors", help="Primary and accent colours: #RRGGBB[,#RRGGBB].")
@click.option("--processes", type=click.IntRange(1, 64), help="Worker processes (default: cores).")
def posters(
    units_file: Path | None,
    unit_code: str | None,
    depth: int,
    out: Path,
    pack_ref: str | None,
    base_url: str,
    logo: Path | None,
    colors: str | None,
    processes: int | None,
) -> None:
    """Render a QR poster per unit (A4 PDF and square PNG) into --out.

    Áp phích có mã QR dẫn tới trang học của từng đơn vị.
    """
    console = Console(highlight=False)
    if (units_file is None) == (unit_code is None):
        raise click.UsageError("cần --units hoặc --unit-code / give --units or --unit-code")
    try:
        pack = _pack(pack_ref)
        branding = branding_make(logo=logo, colors=colors)
        units = units_read_csv(units_file) if units_file else _units_from_db(unit_code, depth)
    except (KitError, PackError) as exc:
        _fail(console, str(exc))
    started = time.perf_counter()
    with Progress(
        TextColumn("áp phích / posters"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("posters", total=len(units))

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = posters_render(
                units, pack=pack, out=out, branding=branding, base_url=base_url,
                processes=processes, progress=progress,
            )  # fmt: skip
        except KitError as exc:
            bar.stop()
            _fail(console, str(exc))
    seconds = time.perf_counter() - started
    _summary(console, result, seconds)
    console.print(
        f"[green]✓[/] {len(units)} áp phích / posters → {escape(str(out))} "
        f"({len(units) / seconds:.0f}/s)"
    )
