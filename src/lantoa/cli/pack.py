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
    pack_to_yaml,
    parse_pack,
)
from lantoa.core.packs.faces import label, pack_faces, pack_sections
from lantoa.core.packs.loader import MAX_PACK_BYTES, problems_as_dicts
from lantoa.core.packs.migrate import migrate_pack_data, needs_migration


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
    table.add_column(label(loaded.kind, lang), ratio=2)
    for _key, name in pack_sections(loaded, lang):
        table.add_column(name, ratio=3)
    for faces in pack_faces(loaded, lang):
        table.add_row(
            str(faces.number),
            escape(faces.title),
            *(escape(s.full if full else s.short) for s in faces.back),
        )
    console.print(table)
    heading = "Nguồn" if lang == "vi" else "Sources"
    console.print(f"[bold]{heading}[/]")
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
        click.echo(
            f"{pack_id}\t{loaded.version}\t{loaded.kind}\t{len(loaded.points)}\t{loaded.title.vi}"
        )


@pack.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the migrated pack here instead of standard output.",
)
def migrate(file: Path, output: Path | None) -> None:
    """Rewrite a pack FILE of an older schema in the current one (schema 1 → 2).

    The result is validated before it is written; comments of the old file are not kept.
    """
    import yaml

    if file.stat().st_size > MAX_PACK_BYTES:
        click.echo(f"✗ {file}: tệp quá lớn / file too large", err=True)
        sys.exit(1)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        click.echo(f"✗ {file}: {exc}", err=True)
        sys.exit(1)
    if not isinstance(data, dict):
        click.echo(f"✗ {file}: gói phải là một ánh xạ YAML / a pack is a YAML mapping", err=True)
        sys.exit(1)
    if not needs_migration(data):
        click.echo(f"{file}: đã ở lược đồ mới nhất / already in the current schema", err=True)
    text = pack_to_yaml(migrate_pack_data(data))
    try:
        parse_pack(text, name=str(output or file))
    except PackError as exc:
        for problem in exc.problems:
            click.echo(f"✗ {problem}", err=True)
        sys.exit(1)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"✓ {output}", err=True)


@pack.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the draft pack here instead of standard output.",
)
@click.option("--id", "pack_id", default="nhap", show_default=True, help="The new pack's id.")
@click.option("--title", default="", help="The pack's title (default: the file's name).")
@click.option("--kind", type=click.Choice(["comparison", "key_points", "qa"]), default=None)
@click.option(
    "--roles",
    default=None,
    help="The table's column roles, comma-separated (number, title, text, short, keywords, "
    "it, dx, ignore), to confirm or correct the guess.",
)
def import_(
    file: Path,
    output: Path | None,
    pack_id: str,
    title: str,
    kind: str | None,
    roles: str | None,
) -> None:
    """Read the points of FILE (a table in a DOCX or PDF, an HTML page, or numbered points
    in text) into a draft pack (YAML).

    Each field's source (table, row, column or line) and every problem go to standard
    error. Exits with status 1 when the draft has problems to fix (it is still written)
    and 2 when nothing could be read.
    """
    from lantoa.core.extract import ExtractError
    from lantoa.core.packs.importer import ROLES, ImportError_, pack_import

    role_list = None
    if roles:
        role_list = [r.strip() for r in roles.split(",")]
        unknown = [r for r in role_list if r not in ROLES]
        if unknown:
            click.echo(f"✗ --roles: {', '.join(unknown)}? ({', '.join(ROLES)})", err=True)
            sys.exit(2)
    if file.stat().st_size > 20 * 1024 * 1024:
        click.echo(f"✗ {file}: tệp quá lớn / file too large (max 20 MB)", err=True)
        sys.exit(2)
    try:
        draft = pack_import(
            file.read_bytes(),
            file.name,
            pack_id=pack_id,
            title=title,
            roles=role_list,  # type: ignore[arg-type]
            kind=kind,
        )
    except ImportError_ as exc:
        click.echo(f"✗ {file}: {exc}", err=True)
        sys.exit(2)
    except ExtractError as exc:
        click.echo(f"✗ {file}: {exc.message_vi} / {exc.message}", err=True)
        sys.exit(2)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if draft.header:
        err.print(
            "cột / columns: "
            + ", ".join(
                f"{escape(h)} → {r}" for h, r in zip(draft.header, draft.roles, strict=False)
            )
        )
    for name, span in draft.spans.items():
        err.print(f"  {escape(name)} ← {escape(span.where)}", style="dim")
    for problem in draft.problems:
        err.print(
            f"[red]✗[/] {escape(problem.field)} ({escape(problem.where)}): "
            + escape(problem.message)
        )
    text = pack_to_yaml(draft.data)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
    err.print(
        f"{len(draft.points)} điểm / points ({draft.source}); "
        f"{len(draft.problems)} vấn đề cần sửa / problems to fix"
    )
    sys.exit(1 if draft.problems else 0)
