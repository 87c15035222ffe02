import os
import socket
import time

from django.core.management.base import BaseCommand

from lantoa.tasks.services import task_enqueue_periodic, task_run_pending


class Command(BaseCommand):
    help = "Run background tasks from the database queue (Ctrl+C to stop)."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Run what is due, then exit.")
        parser.add_argument("--poll", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args, **options):
        worker = f"{socket.gethostname()}:{os.getpid()}"
        if options["burst"]:
            task_enqueue_periodic()
            ran = task_run_pending(worker=worker)
            self.stdout.write(f"ran {ran} task(s)")
            return
        self.stdout.write(f"worker {worker} waiting for tasks")
        try:
            while True:
                task_enqueue_periodic()
                if not task_run_pending(worker=worker, limit=10):
                    time.sleep(options["poll"])
        except KeyboardInterrupt:
            return
