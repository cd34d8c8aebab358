"""The schedule of periodic jobs and the queue summary (core/workers.py). The real fleet
of worker processes is tests/test_worker_fleet.py."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from innobridge.core import workers
from innobridge.core.models import PeriodicRun

pytestmark = pytest.mark.django_db
PATH = "innobridge.core.tests.test_workers.counted"
RUNS: list[int] = []


@task()
def counted() -> int:
    RUNS.append(1)
    return len(RUNS)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_a_slot_is_queued_once_however_often_it_is_asked(database_tasks):
    first = workers.queue_periodic_run(PATH, 60, now=6000.0)
    again = workers.queue_periodic_run(PATH, 60, now=6059.0)  # the same minute

    assert (first, again) == (True, False)
    assert DBTaskResult.objects.filter(task_path=PATH).count() == 1
    run = PeriodicRun.objects.get()
    assert (run.slot, run.result_id) == (100, str(DBTaskResult.objects.get().id))


def test_the_next_slot_waits_while_the_previous_run_is_pending(database_tasks):
    workers.queue_periodic_run(PATH, 60, now=6000.0)

    waiting = workers.queue_periodic_run(PATH, 60, now=6060.0)
    DBTaskResult.objects.update(status="SUCCESSFUL")
    after = workers.queue_periodic_run(PATH, 60, now=6061.0)

    assert (waiting, after) == (False, True)
    assert list(PeriodicRun.objects.order_by("slot").values_list("slot", flat=True)) == [100, 101]


def test_a_run_stuck_longer_than_any_job_may_run_does_not_hold_the_schedule(
    database_tasks, settings
):
    settings.TASK_TIMEOUT_SECONDS = 60
    workers.queue_periodic_run(PATH, 60, now=6000.0)
    DBTaskResult.objects.update(status="RUNNING", started_at="2000-01-01T00:00:00Z")

    assert workers.queue_periodic_run(PATH, 60, now=6060.0) is True


def test_a_run_that_cannot_be_queued_gives_its_slot_back(database_tasks, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("the queue does not answer")

    monkeypatch.setattr(type(counted), "enqueue", broken)
    with pytest.raises(ConnectionError):
        workers.queue_periodic_run(PATH, 60, now=6000.0)
    monkeypatch.undo()

    assert not PeriodicRun.objects.exists()
    assert workers.queue_periodic_run(PATH, 60, now=6001.0) is True


def test_old_claims_are_pruned(database_tasks):
    PeriodicRun.objects.bulk_create(
        PeriodicRun(task_path=PATH, slot=slot) for slot in range(workers.KEPT_CLAIMS + 5)
    )

    workers.queue_periodic_run(PATH, 1, now=workers.KEPT_CLAIMS + 10)

    kept = set(PeriodicRun.objects.filter(task_path=PATH).values_list("slot", flat=True))
    assert kept == {*range(11, workers.KEPT_CLAIMS + 5), workers.KEPT_CLAIMS + 10}


def test_a_failing_job_does_not_stop_the_others(database_tasks):
    schedule = {"innobridge.core.tests.test_workers.missing": 60, PATH: 60}

    queued = workers.queue_due_runs(schedule)

    assert queued == [PATH]


REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (.ci/run sets it)")
def test_the_rq_queue_summary_counts_waiting_jobs_and_the_oldest_age(settings):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    url = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{12 + int(worker[2:] or 0)}"))
    redis.Redis.from_url(url).flushdb()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": url}}
    try:
        empty = workers.queue_summary()
        counted.enqueue()
        counted.enqueue()
        summary = workers.queue_summary()
        readiness = workers.check_broker()
    finally:
        redis.Redis.from_url(url).flushdb()

    assert (empty.ready, empty.oldest_waiting_seconds) == (0, None)
    assert (summary.ready, summary.running, summary.failed_last_day) == (2, 0, 0)
    assert 0 <= summary.oldest_waiting_seconds < 30
    assert readiness == "ok (Redis, 2 waiting)"


def test_the_next_batch_of_a_run_holds_the_schedule_back_like_the_run(database_tasks):
    workers.queue_periodic_run(PATH, 60, now=6000.0)
    workers.queue_continuation(counted)  # the run's next batch, queued by the job itself
    first, second = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=first.pk).update(status="SUCCESSFUL")  # the first batch

    assert PeriodicRun.objects.get().result_id == str(second.id)
    assert workers.queue_periodic_run(PATH, 60, now=6060.0) is False  # the chain runs
    DBTaskResult.objects.filter(pk=second.pk).update(status="SUCCESSFUL")
    assert workers.queue_periodic_run(PATH, 60, now=6061.0) is True
