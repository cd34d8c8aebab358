"""The worker of the RQ backend (TASKS_BACKEND=django_tasks_rq.RQBackend).

An RQ SimpleWorker runs jobs in its own process instead of forking a child for each: the
search models (hundreds of MB) then load once per worker, not once per job. RQ's forking
worker renews a running job's claim from the parent process; a SimpleWorker has no
parent, so here a thread renews it every TASK_HEARTBEAT_SECONDS / 3 while the job runs.

When a worker dies mid-job (killed, out of memory, the machine lost), its claim is not
renewed and lapses after TASK_HEARTBEAT_SECONDS; the next maintenance of any worker (every
TASK_MAINTENANCE_SECONDS, one worker at a time under RQ's lock) finds the job abandoned,
RQ moves it to the failed jobs, and this worker queues it again, at most
TASK_ABANDONED_RETRIES times (a job that kills its worker every time stops there). Jobs
that raise are not retried: their error stays on the job for the secretariat to see.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from rq.exceptions import AbandonedJobError, InvalidJobOperation, NoSuchJobError
from rq.worker import SimpleWorker, WorkerStatus

logger = logging.getLogger(__name__)

# How many times a job was queued again after its worker died (in the job's meta).
REQUEUES_META_KEY = "innobridge_requeued_after_abandon"


class Worker(SimpleWorker):
    """A SimpleWorker whose running job's claim is renewed by a thread, and which queues
    abandoned jobs again."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.abandoned_job_ids: list[str] = []
        self.push_exc_handler(self.note_abandoned)

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        """How long a claim lasts without renewal (RQ's default is the job's timeout plus
        a minute: a killed reindex would wait two hours)."""
        return settings.TASK_HEARTBEAT_SECONDS

    def subscribe(self) -> None:
        """RQ's own, with the command listener waking every second instead of every
        minute: redis-py 8 joins that thread on shutdown, so RQ's minute made every stop
        of an idle worker (systemd, deploys) wait up to a minute."""
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler
        )

    @property
    def dequeue_timeout(self) -> int:
        """How long an idle worker waits for a job before it looks again. RQ waits nearly
        seven minutes, and runs its maintenance (which finds abandoned jobs) only between
        waits: here it runs every TASK_MAINTENANCE_SECONDS."""
        return max(1, min(self.worker_ttl - 15, int(self.maintenance_interval)))

    def execute_job(self, job, queue) -> None:
        close_old_connections()  # a connection broken since the last job (a restart)
        execution = self.prepare_execution(job)
        done = threading.Event()
        beat = threading.Thread(
            target=self.renew_claim, args=(job, execution, done), name="job-heartbeat", daemon=True
        )
        beat.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            done.set()
            beat.join()
            close_old_connections()
        self.set_state(WorkerStatus.IDLE)

    def renew_claim(self, job, execution, done: threading.Event) -> None:
        interval = max(1.0, settings.TASK_HEARTBEAT_SECONDS / 3)
        while not done.wait(interval):
            try:
                self.maintain_heartbeats(job, execution)
            except Exception:  # Redis away for a moment: try again at the next beat
                logger.warning("could not renew the claim on job %s", job.id, exc_info=True)

    def note_abandoned(self, job, exc_type, exc_value, traceback) -> bool:
        """Exception handler: RQ calls it for each abandoned job it finds while cleaning
        the registries (and for jobs that raise, which it leaves alone)."""
        if exc_type is AbandonedJobError:
            self.abandoned_job_ids.append(job.id)
        return True

    def clean_registries(self) -> None:
        super().clean_registries()
        abandoned, self.abandoned_job_ids = self.abandoned_job_ids, []
        for job_id in abandoned:
            self.requeue_abandoned(job_id)

    def requeue_abandoned(self, job_id: str) -> None:
        try:
            job = self.job_class.fetch(job_id, connection=self.connection)
        except NoSuchJobError:
            return
        times = int(job.meta.get(REQUEUES_META_KEY, 0))
        if times >= settings.TASK_ABANDONED_RETRIES:
            logger.error("job %s (%s) abandoned too often: left failed", job.id, job.func_name)
            return
        job.meta[REQUEUES_META_KEY] = times + 1
        job.save_meta()
        try:
            job.failed_job_registry.requeue(job)
        except InvalidJobOperation:
            return  # someone requeued or removed it already
        logger.warning("job %s (%s) abandoned by its worker: queued again", job.id, job.func_name)


def run(*, burst: bool, maintenance_interval: int, verbosity: int) -> bool:
    """Work the queues of settings.TASKS until told to stop (or, with `burst`, until they
    are empty). SIGTERM lets the running job finish first; a second one stops at once."""
    import django_rq
    from django_tasks_rq.backend import Job

    queues = [
        django_rq.get_queue(name, job_class=Job) for name in settings.TASKS["default"]["QUEUES"]
    ]
    worker = Worker(
        queues,
        connection=queues[0].connection,
        job_class=Job,
        maintenance_interval=maintenance_interval,
    )
    level = "DEBUG" if verbosity > 1 else "INFO" if verbosity == 1 else "WARNING"
    return worker.work(burst=burst, logging_level=level, with_scheduler=False)
