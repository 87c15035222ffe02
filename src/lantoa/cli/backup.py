"""``lantoa backup``: a consistent snapshot of the database and stored files, and restore."""

from __future__ import annotations

from pathlib import Path

import click

from lantoa.cli.site import _django_setup


@click.group(invoke_without_command=True)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("backups"),
    show_default=True,
    help="Folder in which the snapshot's own folder is created.",
)
@click.pass_context
def backup(ctx: click.Context, out: Path) -> None:
    """Snapshot the database and every stored file (kits, attachments) into OUT.

    Sao lưu cơ sở dữ liệu và mọi tệp đã lưu (bộ ấn phẩm, tệp đính kèm) vào thư mục OUT.
    """
    if ctx.invoked_subcommand is not None:
        return
    _django_setup()
    from lantoa.site.backup import BackupError, backup_create

    try:
        target = backup_create(out=out)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Đã sao lưu / backed up: {target}")


@backup.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(source: Path, yes: bool) -> None:
    """Replace the database and stored files with the backup in SOURCE (stop the site first).

    Khôi phục cơ sở dữ liệu và các tệp từ bản sao lưu SOURCE (hãy dừng trang trước).
    """
    _django_setup()
    from lantoa.site.backup import BackupError, backup_restore

    if not yes:
        click.confirm(
            "Thay toàn bộ dữ liệu hiện có bằng bản sao lưu? / Replace all current data?",
            abort=True,
        )
    try:
        counts = backup_restore(source=source)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Đã khôi phục / restored: {source} ({counts['files']} tệp / files)")
