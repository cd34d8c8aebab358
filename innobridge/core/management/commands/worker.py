"""`innobridge worker`: the background worker, plus the schedule of periodic jobs.

django-tasks-db's `db_worker` runs whatever is queued; a small scheduler thread beside it
queues each job of settings.PERIODIC_TASKS at its interval, unless one is already waiting,
so several workers never pile up duplicates.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def enqueue_if_idle(path: str) -> bool:
    """Queue the task at `path` unless one is already waiting or running."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=path, status__in=["READY", "RUNNING"])
    if waiting.exists():
        return False
    import_string(path).enqueue()
    return True


def run_schedule(stop: threading.Event, schedule: dict[str, int]) -> None:
    due = dict.fromkeys(schedule, 0.0)
    while not stop.is_set():
        now = time.monotonic()
        for path, interval in schedule.items():
            if now >= due[path]:
                try:
                    enqueue_if_idle(path)
                except Exception:  # keep scheduling the others; the error is logged
                    logger.exception("could not enqueue %s", path)
                finally:
                    close_old_connections()
                due[path] = now + interval
        stop.wait(5)


class Command(BaseCommand):
    help = "Run background jobs (e-mail, expiry, ...) and queue the periodic ones."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")
        parser.add_argument(
            "--no-schedule", action="store_true", help="Do not queue periodic jobs."
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args, batch: bool, no_schedule: bool, interval: float, **options) -> None:
        stop = threading.Event()
        if not no_schedule:
            if batch:
                for path in settings.PERIODIC_TASKS:
                    enqueue_if_idle(path)
            else:
                threading.Thread(
                    target=run_schedule, args=(stop, settings.PERIODIC_TASKS), daemon=True
                ).start()
        try:
            call_command(
                "db_worker",
                batch=batch,
                interval=interval,
                no_startup_delay=True,
                verbosity=options["verbosity"],
            )
        finally:
            stop.set()
