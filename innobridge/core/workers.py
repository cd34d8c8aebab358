"""The background workers: the schedule of periodic jobs and the queue as the secretariat
sees it, for either task backend (settings.TASKS).

- The database backend (django-tasks-db, `make run`): jobs wait in a table that the
  worker polls.
- The RQ backend (django-tasks-rq, production): jobs wait in Redis and any number of
  `innobridge worker` processes take them (core/rq_worker.py).

Every worker runs the schedule. A periodic run is claimed in the database before it is
queued: one PeriodicRun row per job and interval slot (whole intervals since the epoch),
unique, so that it is queued exactly once however many workers run. A run is not queued
while the job's previous run still waits or runs, so a slow job never piles up behind
itself.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from innobridge.core.models import PeriodicRun

logger = logging.getLogger(__name__)

# Claims of the last this many slots are kept per job (older ones are deleted when a new
# run is claimed).
KEPT_CLAIMS = 100
# How often each worker looks for a due periodic run.
SCHEDULE_CHECK_SECONDS = 5


def uses_rq() -> bool:
    """Whether jobs go through Redis (RQ) rather than the database."""
    return settings.TASKS["default"]["BACKEND"] == settings.RQ_TASKS_BACKEND


def is_pending(task: Task, result_id: str) -> bool:
    """Whether the run queued as `result_id` still waits or runs.

    A run that has been running for longer than any job may (TASK_TIMEOUT_SECONDS) counts
    as dead: the database backend never notices a killed worker by itself, and its run
    must not hold the schedule back for ever."""
    if not result_id or not task.get_backend().supports_get_result:
        return False
    try:
        result = task.get_result(result_id)
    except TaskResultDoesNotExist:
        return False
    if result.status == TaskResultStatus.READY:
        return True
    if result.status == TaskResultStatus.RUNNING:
        limit = timedelta(seconds=settings.TASK_TIMEOUT_SECONDS)
        return result.started_at is None or timezone.now() - result.started_at < limit
    return False


def queue_periodic_run(path: str, interval: int, *, now: float | None = None) -> bool:
    """Queue the job at `path` for the interval slot that `now` falls in, unless that
    slot's run is claimed already or the job's previous run is still pending. True if
    this call queued it."""
    now = time.time() if now is None else now
    slot = int(now // interval)
    task = import_string(path)
    previous = PeriodicRun.objects.filter(task_path=path, slot__lt=slot).order_by("-slot").first()
    if previous is not None and is_pending(task, previous.result_id):
        return False
    try:
        with transaction.atomic():
            claim = PeriodicRun.objects.create(task_path=path, slot=slot)
    except IntegrityError:
        return False  # another worker claimed this slot
    try:
        result = task.enqueue()
    except Exception:
        claim.delete()  # give the slot back: another worker (or the next check) queues it
        raise
    PeriodicRun.objects.filter(pk=claim.pk).update(result_id=result.id)
    PeriodicRun.objects.filter(task_path=path, slot__lte=slot - KEPT_CLAIMS).delete()
    return True


def queue_continuation(task: Task) -> None:
    """Queue the next batch of a periodic job that works a batch at a time, as part of the
    same run: the schedule then waits for it rather than start a second chain beside it
    (a full reindex takes longer than STALE_INDEX_INTERVAL_SECONDS)."""
    result = task.enqueue()
    latest = PeriodicRun.objects.filter(task_path=task.module_path).order_by("-slot").first()
    if latest is not None:
        PeriodicRun.objects.filter(pk=latest.pk).update(result_id=result.id)


def queue_due_runs(schedule: dict[str, int]) -> list[str]:
    """One pass over the schedule; the paths of the jobs this worker queued. A job that
    cannot be queued is logged and the others still are."""
    queued = []
    for path, interval in schedule.items():
        try:
            if queue_periodic_run(path, interval):
                queued.append(path)
        except Exception:
            logger.exception("could not queue %s", path)
    return queued


def run_schedule(stop: threading.Event, schedule: dict[str, int]) -> None:
    """Queue due periodic runs every SCHEDULE_CHECK_SECONDS until `stop` is set."""
    while not stop.is_set():
        queue_due_runs(schedule)
        close_old_connections()  # this thread's own; a broken one is opened again
        stop.wait(SCHEDULE_CHECK_SECONDS)


@dataclass(frozen=True)
class QueueSummary:
    """The background queue as the secretariat sees it."""

    ready: int
    running: int
    failed_last_day: int
    oldest_waiting_seconds: float | None


def queue_summary() -> QueueSummary:
    """Jobs waiting, running and failed in the last day, and the oldest waiting job's age."""
    return rq_queue_summary() if uses_rq() else database_queue_summary()


def database_queue_summary() -> QueueSummary:
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return QueueSummary(
        ready=waiting.count(),
        running=DBTaskResult.objects.running().count(),
        failed_last_day=DBTaskResult.objects.failed()
        .filter(finished_at__gte=now - timedelta(days=1))
        .count(),
        oldest_waiting_seconds=(now - oldest).total_seconds() if oldest else None,
    )


def rq_queue_summary() -> QueueSummary:
    """The same from Redis. RQ scores a failed job by when it will be forgotten (failure
    time + DEFAULT_FAILURE_TTL), so the last day's failures are the scores above
    now + TTL - 1 day."""
    import django_rq
    from rq.defaults import DEFAULT_FAILURE_TTL

    ready = running = failed = 0
    oldest_enqueued = None
    now = time.time()
    for name in settings.TASKS["default"]["QUEUES"]:
        queue = django_rq.get_queue(name)
        ready += queue.count
        running += queue.started_job_registry.count
        failed += queue.connection.zcount(
            queue.failed_job_registry.key, now + DEFAULT_FAILURE_TTL - 86400, "+inf"
        )
        first = queue.get_job_ids(0, 1)
        job = queue.fetch_job(first[0]) if first else None
        enqueued = job.enqueued_at if job is not None else None
        if enqueued is not None and (oldest_enqueued is None or enqueued < oldest_enqueued):
            oldest_enqueued = enqueued
    oldest = None
    if oldest_enqueued is not None:
        if timezone.is_naive(oldest_enqueued):
            oldest_enqueued = oldest_enqueued.replace(tzinfo=UTC)
        oldest = max(0.0, (timezone.now() - oldest_enqueued).total_seconds())
    return QueueSummary(
        ready=ready, running=running, failed_last_day=failed, oldest_waiting_seconds=oldest
    )


def check_broker() -> str:
    """Readiness of the queue the workers read: the jobs table, or Redis for RQ. Another
    backend is reported as not checked rather than as ready."""
    backend = settings.TASKS["default"]["BACKEND"]
    if uses_rq():
        return f"ok (Redis, {rq_queue_summary().ready} waiting)"
    if backend == "django_tasks_db.DatabaseBackend":
        return f"ok ({database_queue_summary().ready} waiting)"
    return f"not checked ({backend})"
