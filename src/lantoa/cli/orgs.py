"""``lantoa orgs``: load and inspect the organisation tree."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.tree import Tree

from lantoa.cli.site import _django_setup, _django_setup_offline

LEGACY_END = dt.date(2025, 6, 30)


@click.group()
def orgs() -> None:
    """Load and inspect the organisation tree (cây tổ chức)."""


@orgs.command("import-admin")
@click.option(
    "--legacy", is_flag=True, help="Load the tree before 1 July 2025 (63 provinces, districts)."
)
@click.option("--province", "provinces", multiple=True, help="Only these province codes (e.g. 22).")
def import_admin(legacy: bool, provinces: tuple[str, ...]) -> None:
    """Load Vietnam's administrative units (34 provinces, 3,321 communes by default)."""
    _django_setup()
    from lantoa.core.adminunits import ROOT_CODE, current_units, legacy_units
    from lantoa.orgs.models import Unit
    from lantoa.orgs.services import unit_rows_from_admin, units_import

    wanted = set(provinces) or None
    source = legacy_units(wanted) if legacy else current_units(wanted)
    has_root = Unit.objects.filter(code=ROOT_CODE).exists()
    rows = unit_rows_from_admin(
        source, valid_until=LEGACY_END if legacy else None, with_root=not has_root
    )
    with Progress(transient=True) as progress:
        progress.add_task("Đang nạp / loading …", total=None)
        result = units_import(
            actor=None, rows=rows, source="vietnamadminunits" + (" (legacy)" if legacy else "")
        )
    click.echo(
        f"Đã tạo / created {result.created}, cập nhật / updated {result.updated}, "
        f"không đổi / unchanged {result.unchanged}"
    )


@orgs.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_file(file: Path) -> None:
    """Import units from a CSV or Excel file (see 'lantoa orgs template')."""
    _django_setup()
    from lantoa.orgs.files import read_units
    from lantoa.orgs.services import OrgError, units_import

    try:
        rows = read_units(file.read_bytes(), file.name)
        result = units_import(actor=None, rows=rows, source=file.name)
    except OrgError as exc:
        problems = getattr(exc, "problems", [str(exc)])
        for problem in problems:
            click.echo(f"✗ {file}: {problem}", err=True)
        click.echo("Không có thay đổi nào được ghi / nothing was written.", err=True)
        sys.exit(1)
    click.echo(
        f"Đã tạo / created {result.created}, cập nhật / updated {result.updated}, "
        f"không đổi / unchanged {result.unchanged}"
    )


@orgs.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def template(file: Path) -> None:
    """Write an import template (.xlsx or .csv) to FILE."""
    _django_setup_offline()
    from lantoa.orgs.files import template_csv, template_xlsx

    if file.suffix.lower() == ".xlsx":
        file.write_bytes(template_xlsx())
    elif file.suffix.lower() == ".csv":
        file.write_text(template_csv(), encoding="utf-8")
    else:
        raise click.BadParameter("dùng / use .xlsx or .csv", param_hint="FILE")
    click.echo(str(file))


@orgs.command()
@click.argument("code", default="VN")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10))
def show(code: str, depth: int) -> None:
    """Print a unit and its sub-units down to --depth levels."""
    _django_setup()
    from lantoa.core.text import sort_key
    from lantoa.orgs.models import Unit

    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        click.echo(f"✗ không có đơn vị / no unit with code {code!r}", err=True)
        sys.exit(1)
    rows = list(
        Unit.objects.filter(path__startswith=unit.path, depth__lte=unit.depth + depth).only(
            "code", "name", "parent_id", "depth", "merged_into_id"
        )
    )
    children: dict[int | None, list[Unit]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    tree = Tree(f"[bold]{escape(unit.name)}[/] [dim]{unit.code}[/]")

    def add(node: Tree, parent: Unit) -> None:
        for child in sorted(children.get(parent.pk, []), key=lambda u: sort_key(u.name)):
            label = f"{escape(child.name)} [dim]{child.code}[/]"
            if child.merged_into_id:
                label += " [yellow](đã sáp nhập / merged)[/]"
            add(node.add(label), child)

    add(tree, unit)
    Console(highlight=False).print(tree)
