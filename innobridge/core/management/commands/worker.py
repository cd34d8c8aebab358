"""`innobridge worker`: a background worker, plus the schedule of periodic jobs.

With the database backend, django-tasks-db's `db_worker` runs whatever is queued; with the
RQ backend (production), core/rq_worker.py does. Beside it a thread queues each job of
settings.PERIODIC_TASKS at its interval, claimed in the database so that several workers
queue each run once (core/workers.py).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from innobridge.core import workers


class Command(BaseCommand):
    help = "Run background jobs (e-mail, expiry, indexing, ...) and queue the periodic ones."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")
        parser.add_argument(
            "--no-schedule", action="store_true", help="Do not queue periodic jobs."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between polls of the jobs table (database backend).",
        )

    def handle(self, *args, batch: bool, no_schedule: bool, interval: float, **options) -> None:
        stop = threading.Event()
        if not no_schedule:
            if batch:
                workers.queue_due_runs(settings.PERIODIC_TASKS)
            else:
                threading.Thread(
                    target=workers.run_schedule,
                    args=(stop, settings.PERIODIC_TASKS),
                    name="schedule",
                    daemon=True,
                ).start()
        try:
            if workers.uses_rq():
                from innobridge.core import rq_worker

                rq_worker.run(
                    burst=batch,
                    maintenance_interval=settings.TASK_MAINTENANCE_SECONDS,
                    verbosity=options["verbosity"],
                )
            else:
                call_command(
                    "db_worker",
                    batch=batch,
                    interval=interval,
                    no_startup_delay=True,
                    verbosity=options["verbosity"],
                )
        finally:
            stop.set()
