"""What the ``lantoa`` command says when the directory it runs in is not prepared.

A fresh directory has no ``LANTOA_SECRET_KEY`` and no tables; a command run there
should say what to do next, in both languages, and exit with status 2 — never print
a traceback. Only those two situations (and an unreachable database) are turned into
messages: any other error is a bug and keeps its traceback.
"""

from __future__ import annotations

import click

MIGRATE = "lantoa manage migrate"
SECRET_HINT = (
    "export LANTOA_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
)


def setup_problem(exc: BaseException) -> str | None:
    """The message for an unprepared directory, or None when ``exc`` is something else."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError, OperationalError

    if isinstance(exc, ImproperlyConfigured):
        text = str(exc)
        if "LANTOA_SECRET_KEY" in text:
            return (
                "Chưa đặt khóa bí mật LANTOA_SECRET_KEY (bắt buộc ngoài chế độ trình diễn).\n"
                "LANTOA_SECRET_KEY is not set (required outside demo mode). Set it, e.g.:\n"
                f"  {SECRET_HINT}\n"
                f"then prepare the database with:\n  {MIGRATE}\n"
                "(or try everything at once with: make demo)"
            )
        return (
            f"Cấu hình chưa đúng / the configuration is wrong: {text}\n"
            "Xem / see docs/configuration.md"
        )
    if isinstance(exc, DatabaseError):
        text = str(exc)
        low = text.lower()
        if "no such table" in low or ("relation" in low and "does not exist" in low):
            return (
                "Cơ sở dữ liệu chưa được chuẩn bị (chưa có bảng).\n"
                "The database has no tables yet. Prepare it with:\n"
                f"  {MIGRATE}\n"
                "(lantoa serve --migrate does the same before serving)"
            )
        if isinstance(exc, OperationalError) and (
            "could not connect" in low or "connection" in low
        ):
            first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
            return (
                "Không kết nối được cơ sở dữ liệu / cannot reach the database: "
                f"{first}\nKiểm tra / check LANTOA_DATABASE_URL (docs/configuration.md)."
            )
    return None


class LantoaGroup(click.Group):
    """A click group that turns an unprepared directory into a message and exit status 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            message = setup_problem(exc)
            if message is None:
                raise
            click.echo(f"✗ {message}", err=True)
            ctx.exit(2)
