"""The production worker fleet: real `innobridge worker` processes on the RQ backend
(Redis), on the test database.

- Two workers each run the schedule of periodic jobs: every run is queued once and run by
  one worker, not once per worker.
- A worker killed in the middle of a job: its job is noticed as abandoned and run again by
  the other worker, to the end.

They need Redis (REDIS_URL, which .ci/run sets); each xdist worker uses its own Redis
database for the jobs, emptied before and after.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings as django_settings
from django_tasks_rq.backend import Job
from rq import Queue

from innobridge.core.models import PeriodicRun
from innobridge.marketplace.tests.test_worker import database_url
from tests.worker_tasks import note_attempts

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (.ci/run sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
RQ_BACKEND = "django_tasks_rq.RQBackend"
INTERVAL = 4  # seconds between runs of every periodic job in these tests
INTERVAL_SETTINGS = [
    "EXPIRY_INTERVAL_SECONDS",
    "DIGEST_INTERVAL_SECONDS",
    "OVERDUE_INTERVAL_SECONDS",
    "STALE_INDEX_INTERVAL_SECONDS",
    "ANALYTICS_REFRESH_SECONDS",
]


@pytest.fixture
def jobs_redis_url():
    """A Redis database of this xdist worker's own for the jobs, empty before and after."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = 10 + int(worker.removeprefix("gw") or 0)
    url = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{number}"))
    connection = redis.Redis.from_url(url)
    connection.flushdb()
    yield url
    connection.flushdb()


def worker_environment(tmp_path: Path, jobs_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "innobridge.settings",
        "DATABASE_URL": database_url(),
        "INNOBRIDGE_DATA_DIR": str(tmp_path / "data"),
        "TASKS_BACKEND": RQ_BACKEND,
        "TASKS_REDIS_URL": jobs_url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CACHE_URL": "",
        **extra,
    }


def start_worker(env: dict[str, str], log: Path, *arguments: str) -> subprocess.Popen:
    """An `innobridge worker` in its own process group (so that killing it kills all of
    it), its output in `log`."""
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "innobridge.cli", "worker", *arguments],
        env=env,
        cwd=django_settings.BASE_DIR.parent,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen, log: Path) -> None:
    """SIGTERM (a warm shutdown: the running job finishes), then wait."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"worker did not stop on SIGTERM:\n{log.read_text()}")


def wait_for(condition, timeout: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            output = "\n".join(f"--- {log.name}\n{log.read_text()}" for log in logs)
            pytest.fail(f"timed out waiting for {what}\n{output}")
        time.sleep(0.2)


def finished_jobs(url: str) -> list[Job]:
    connection = redis.Redis.from_url(url)
    queue = Queue("default", connection=connection, job_class=Job)
    ids = queue.finished_job_registry.get_job_ids() + queue.failed_job_registry.get_job_ids()
    return [Job.fetch(job_id, connection=connection) for job_id in ids]


def test_two_workers_queue_each_periodic_run_once(tmp_path, jobs_redis_url):
    env = worker_environment(
        tmp_path, jobs_redis_url, **dict.fromkeys(INTERVAL_SETTINGS, str(INTERVAL))
    )
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    started = time.time()
    workers = [start_worker(env, log) for log in logs]
    try:
        time.sleep(3.5 * INTERVAL)
    finally:
        for worker, log in zip(workers, logs, strict=True):
            stop(worker, log)
    ended = time.time()

    claims = Counter(PeriodicRun.objects.values_list("task_path", flat=True))
    jobs = finished_jobs(jobs_redis_url)
    runs = Counter(job.func_name for job in jobs)
    slots = int(ended // INTERVAL) - int(started // INTERVAL) + 1
    report = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs)
    assert set(claims) == set(django_settings.PERIODIC_TASKS), report
    for path in django_settings.PERIODIC_TASKS:
        # One run per interval slot, never one per worker (the schedule's checks are
        # 5 s apart, so a slot may pass without its run; never two runs of one slot).
        assert 2 <= claims[path] <= slots, (path, claims[path], slots, report)
        assert runs[path] == claims[path], (path, runs[path], claims[path], report)
    # Each job was run once, by one of the two workers.
    assert all(len(job.results()) == 1 for job in jobs), report
    assert {job.get_status() for job in jobs} == {"finished"}, report
    assert all(worker.returncode == 0 for worker in workers), report


def test_a_job_whose_worker_is_killed_is_run_again(tmp_path, jobs_redis_url, settings):
    """Worker 1 takes the job and is killed (SIGKILL, its whole process group) in the
    middle; worker 2 finds the job abandoned once its claim lapses and runs it to the end."""
    settings.TASKS = {"default": {"BACKEND": RQ_BACKEND, "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": jobs_redis_url, "DEFAULT_TIMEOUT": 600}}
    env = worker_environment(
        tmp_path, jobs_redis_url, TASK_HEARTBEAT_SECONDS="3", TASK_MAINTENANCE_SECONDS="2"
    )
    folder = tmp_path / "job"
    folder.mkdir()
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    result = note_attempts.enqueue(str(folder), 6.0)
    first = start_worker(env, logs[0], "--no-schedule")
    second = None
    try:
        wait_for((folder / "attempts").exists, 60, "the first attempt", logs[:1])
        time.sleep(1)  # mid-way: the job sleeps for 6 s
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert not (folder / "done").exists()
        second = start_worker(env, logs[1], "--no-schedule")
        wait_for((folder / "done").exists, 60, "the job to be run again", logs)
        wait_for(
            lambda: note_attempts.get_result(result.id).status == "SUCCESSFUL",
            30,
            "the job to be marked successful",
            logs,
        )
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        if second is not None:
            stop(second, logs[1])

    pids = (folder / "attempts").read_text().split()
    assert len(pids) == 2 and pids[0] != pids[1], pids
    assert (folder / "done").read_text() == "2"
    # The abandoned attempt is on record as an error; the second one's value is the
    # latest result. (django-tasks-rq reads RQ's results oldest-last, so its
    # `return_value` of a job run twice is the first attempt's: read RQ's own.)
    finished = note_attempts.get_result(result.id)
    assert [error.exception_class_path for error in finished.errors] == [
        "rq.exceptions.AbandonedJobError"
    ]
    job = Job.fetch(result.id, connection=redis.Redis.from_url(jobs_redis_url))
    assert job.latest_result().return_value == 2
