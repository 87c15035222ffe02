"""The ``lantoa`` command: one entry point for the core tools and the site."""

from __future__ import annotations

import click

from lantoa import __version__
from lantoa.cli.backup import backup
from lantoa.cli.errors import LantoaGroup
from lantoa.cli.kit import kit
from lantoa.cli.orgs import orgs
from lantoa.cli.pack import pack
from lantoa.cli.parse import parse
from lantoa.cli.restore import restore
from lantoa.cli.site import check, demo, manage, serve, worker
from lantoa.cli.verify import verify

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=LantoaGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="lantoa")
def cli() -> None:
    """Lan Tỏa — run an awareness campaign end to end.

    Lan Tỏa — triển khai một chiến dịch tuyên truyền từ đầu đến cuối.
    """


cli.add_command(demo)
cli.add_command(serve)
cli.add_command(manage)
cli.add_command(worker)
cli.add_command(check)
cli.add_command(pack)
cli.add_command(orgs)
cli.add_command(verify)
cli.add_command(parse)
cli.add_command(kit)
cli.add_command(backup)
cli.add_command(restore)


if __name__ == "__main__":  # pragma: no cover
    cli()
