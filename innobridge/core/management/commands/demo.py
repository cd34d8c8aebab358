"""`innobridge demo`: load every app's demo data, idempotently (see settings.DEMO_LOADERS).
Each loader returns a summary whose text is what to print (counts, the demo sign-ins).
Then the jobs the demo queued (search indexing, partner suggestions, related news) run at
once, so that the app is ready when `make run` prints its address."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

DATABASE_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"


class Command(BaseCommand):
    help = "Load the demo alliance (idempotent: running it again changes nothing)."

    def handle(self, *args, **options) -> None:
        for path in settings.DEMO_LOADERS:
            summary = import_string(path)()
            self.stdout.write(f"{path.rsplit('.', 2)[0]}: {summary}")
        self.run_queued_jobs()

    def run_queued_jobs(self) -> None:
        """Run what the demo queued, with the database queue that `make run` uses (with the
        demo's shipped vectors, seconds rather than minutes). Other backends ran the jobs
        already (tests: immediate) or have workers of their own."""
        if settings.TASKS["default"]["BACKEND"] != DATABASE_TASKS_BACKEND:
            return
        self.stdout.write("Indexing the demo for search and suggestions...")
        started = time.monotonic()
        call_command("worker", batch=True, no_schedule=True, interval=0.1, verbosity=0)
        self.stdout.write(f"Indexed in {time.monotonic() - started:.0f} s.")
