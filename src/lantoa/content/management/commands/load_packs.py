from django.core.management.base import BaseCommand

from lantoa.content.services import pack_install_builtin
from lantoa.core.packs import builtin_pack_paths


class Command(BaseCommand):
    help = "Install the packs shipped with Lan Tỏa (idempotent)."

    def handle(self, *args, **options):
        for pack_id in builtin_pack_paths():
            row, created = pack_install_builtin(pack_id=pack_id)
            state = "installed" if created else "already installed"
            if options["verbosity"] >= 1:
                self.stdout.write(f"{row}: {state}")
