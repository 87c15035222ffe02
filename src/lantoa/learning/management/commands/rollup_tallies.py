from typing import Any

from django.core.management.base import BaseCommand

from lantoa.learning.rollup import tallies_rollup


class Command(BaseCommand):
    help = "Fold pending learning changes into the unit tallies (workers do it every 10 s)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = tallies_rollup()
        if options["verbosity"]:
            self.stdout.write(f"{result.folded} changes folded in {result.batches} batches")
