"""``lantoa manage kits_purge --days N``: delete kit builds finished more than N days ago."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantoa.kits.services import kit_builds_purge


class Command(BaseCommand):
    help = "Delete kit and poster builds finished more than --days days ago (and their files)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="Keep builds newer than this.")

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        purged = kit_builds_purge(older_than=dt.timedelta(days=max(0, days)))
        self.stdout.write(f"{purged} bản dựng đã xoá / builds purged")
