"""Load benchmark: the app under concurrent users, its capacity per endpoint against a
minimal Django view, and three faults, on PostgreSQL with 100,000 published listings.

What it starts, all of its own and stopped at the end (`finally`), so that restarting
them under load disturbs nothing else on the machine (CI's PostgreSQL and Redis):

- a PostgreSQL server (the newest in /usr/lib/postgresql, run as the postgres user) on
  --pg-port, its data folder under the benchmark's folder, default settings;
- a Redis server on --redis-port: the app's cache (database 0) and RQ's jobs (database 1),
  as in .env.example; no persistence;
- the web server: gunicorn with production's settings (deploy/gunicorn.conf.py, sync
  workers, WEB_WORKERS=--workers) or granian (--server granian), serving bench/load_app.py:
  the app's own URLs plus /bench/minimal/ (one ORM query and a small template), with a
  production environment (DEBUG=0, a random SECRET_KEY, TASKS_BACKEND) and the API's rate
  limits raised (API_RATE_ANONYMOUS, API_RATE_USER): every simulated user comes from one
  address;
- locust (bench/locustfile.py), headless, on the same machine: its CPU time is reported
  beside the figures.

Phases (--phases):

1. levels: a mixed load (listing pages, searches with short and sentence queries in eight
   languages, listing details, the API's list, API writes by a member, the minimal view)
   for --duration seconds at each of --levels concurrent users, each user thinking
   --think seconds between requests: throughput and p50/p95/p99 per endpoint, failures
   split into server errors (5xx) and the rest, and the level where p95 passes 500 ms;
2. saturation: one endpoint at a time, --saturation-users users without think time, for
   --saturation-duration seconds each: its throughput as a share of the minimal view's;
   each starts from an empty cache with --saturation-warmup seconds of the same load,
   whose throughput is reported beside it (the cold figure);
3. faults (--faults, each with its own figures): Redis stopped (and, separately, hung)
   under load; PostgreSQL restarted under a write-heavy load (accepted writes counted and
   looked up afterwards); a background worker killed during a reindex (--reindex-listings
   listings taken out of the index, two workers, the one indexing SIGKILLed, a
   replacement started; how long until the index holds every published listing).

The corpus (search_speed.py's: real NTREX sentence vectors recombined) is built once and
kept in the benchmark's folder (BENCH_DATA_DIR, default /var/tmp/innobridge-load) with its
PostgreSQL data; a later run reuses it when the database holds that many listings. Every
run's files (locust's CSV, the server's and workers' logs, the report) are kept in its
runs/ folder.

    .venv/bin/python bench/load.py --write      # the full run: about 50 minutes
    .venv/bin/python bench/load.py --listings 2000 --duration 15 --levels 4 16 \
        --saturation-duration 10 --fault-duration 30 --reindex-listings 300  # smoke run
    .venv/bin/python bench/load.py --phases saturation --server granian --write
    .venv/bin/python bench/load.py --env OMP_NUM_THREADS=1 ...  # more server environment
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_report import report
from load_services import (
    BENCH,
    BIN,
    ROOT,
    Endpoint,
    LoadRun,
    Locust,
    Postgres,
    Probe,
    Redis,
    Server,
    log,
)
from results import write_section

sys.path.insert(0, str(ROOT))

PAGE_LANGUAGES = ["en", "zh-hans", "zh-hant", "vi"]
QUERY_LANGUAGES = ["en", "zh-hans", "zh-hant", "vi", "ru", "ar", "th", "id"]
COUNTRIES = ["CN", "VN", "RU", "AE", "TH", "ID"]  # the corpus owners' (search_speed.py)
# The mixed load, by weight: what a day of visitors and members asks.
MIX = {
    "browse page": 25,
    "detail": 25,
    "search short (page)": 10,
    "search sentence (page)": 5,
    "search short (API)": 5,
    "search sentence (API)": 5,
    "API list": 10,
    "API write": 5,
    "minimal view": 10,
}
# The PostgreSQL fault's load: writes first, with the reads they come with.
WRITE_MIX = {"API write": 5, "API list": 2, "detail": 2, "browse page": 1}
SATURATION = [
    "minimal view",
    "browse page",
    "detail",
    "API list",
    "search short (page)",
    "search sentence (page)",
    "search short (API)",
    "search sentence (API)",
]
# The issue's targets: an endpoint's throughput at least this share of the minimal view's.
TARGETS = {
    "browse page": 1 / 3,
    "API list": 1 / 2,
    "search short (page)": 1 / 5,
    "search sentence (page)": 1 / 5,
    "search short (API)": 1 / 5,
    "search sentence (API)": 1 / 5,
}
P95_LIMIT_MS = 500
FAULTS = ["redis-stop", "redis-hang", "postgres", "reindex"]
# Production's task backend (.env.example); its jobs wait in the benchmark's Redis, database 1.
RQ_BACKEND = "django_tasks_rq.RQBackend"

# --- The database: corpus, member, token --------------------------------------------------


def setup_django(args, pg: Postgres, redis: Redis, app_dir: Path) -> None:
    from setup_bench import ensure_postgres_database

    ensure_postgres_database(pg.url)
    os.environ["INNOBRIDGE_DATA_DIR"] = str(app_dir)
    os.environ["DATABASE_URL"] = pg.url
    os.environ["TASKS_BACKEND"] = args.tasks_backend  # the reindex fault queues a job
    os.environ["TASKS_REDIS_URL"] = redis.tasks_url
    os.environ.pop("CACHE_URL", None)  # this process needs no shared cache
    os.environ["DJANGO_SETTINGS_MODULE"] = "innobridge.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.LISTING_CHANGE_TASKS = []  # this process indexes explicitly
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG=0 serves these


def enrich(listing_ids: list[int]) -> None:
    """What the corpus lacks for the list pages' filters and facets: a publication date, a
    stage and readiness level, two sectors, a cooperation type and two target countries."""
    from django.db import connection

    from innobridge.core.models import CooperationType, Sector
    from innobridge.marketplace.choices import InnovationStage
    from innobridge.marketplace.models import Listing, ListingCountry

    stages = [str(s) for s in InnovationStage.values]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE marketplace_listing SET published_at = now() - (id %% 730) * interval '1 day'"
            " - (id %% 86400) * interval '1 second', trl = 1 + id %% 9,"
            " stage = (%s::text[])[1 + id %% 4] WHERE id = ANY(%s)",
            [stages, listing_ids],
        )
    sectors = list(Sector.objects.values_list("pk", flat=True))
    cooperation = list(CooperationType.objects.values_list("pk", flat=True))
    rng = np.random.default_rng(7)
    sector_rows, cooperation_rows, country_rows = [], [], []
    for listing_id in listing_ids:
        for sector in rng.choice(sectors, 2, replace=False):
            sector_rows.append(Listing.sectors.through(listing_id=listing_id, sector_id=sector))
        cooperation_rows.append(
            Listing.cooperation_types.through(
                listing_id=listing_id, cooperationtype_id=int(rng.choice(cooperation))
            )
        )
        for country in rng.choice(COUNTRIES, 2, replace=False):
            country_rows.append(ListingCountry(listing_id=listing_id, country=str(country)))
    Listing.sectors.through.objects.bulk_create(sector_rows, batch_size=10_000)
    Listing.cooperation_types.through.objects.bulk_create(cooperation_rows, batch_size=10_000)
    ListingCountry.objects.bulk_create(country_rows, batch_size=10_000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def prepare_corpus(size: int) -> dict:
    """The corpus (built, or reused when the database holds `size` published listings),
    its search index complete and saved, the task queue empty, earlier runs' drafts gone."""
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult
    from search_speed import build_corpus, sentence_vectors

    from innobridge.marketplace.choices import ListingStatus
    from innobridge.marketplace.models import Listing, ListingCountry
    from innobridge.organizations.models import Organization
    from innobridge.search import services
    from innobridge.search.embedders import get_embedder
    from innobridge.search.semantic import get_index, reset_indexes

    DBTaskResult.objects.all().delete()  # a killed worker's job would block the schedule
    Listing.objects.filter(title__startswith="Load write ").delete()
    published = Listing.objects.filter(status=ListingStatus.PUBLISHED)
    embedder = get_embedder()
    built = False
    if published.count() != size:
        log(f"building a corpus of {size:,} listings (the old one is deleted)")
        Listing.objects.all().delete()
        # The corpus's owners too: search_speed's factories name them from 0 again.
        Organization.objects.exclude(name="Load test member").delete()
        texts, vectors = sentence_vectors(embedder)
        seconds = build_corpus(size, texts, vectors, embedder.name)
        log(f"corpus built in {seconds:.0f} s")
        shutil.rmtree(settings.SEARCH_INDEX_DIR, ignore_errors=True)
        built = True
    if not ListingCountry.objects.exists():
        enrich(list(published.values_list("pk", flat=True)))
    stale = services.stale_listing_ids()
    if stale:  # an earlier run's reindex fault that did not finish
        log(f"indexing {len(stale)} listings an earlier run left out of the index")
        services.index_listings(stale)
    started = time.perf_counter()
    get_index(embedder.name).refresh()  # builds and saves the index, or opens the saved one
    reset_indexes()
    ids = published.order_by("pk").values_list("pk", flat=True)
    return {
        "built": built,
        "index_seconds": time.perf_counter() - started,
        "listing_ids": [ids.first(), ids.last()],
        "published": published.count(),
        "embedder": embedder.name,
    }


def prepare_member() -> tuple[str, list[str], list[str]]:
    """A member organization's editor and a fresh API token; the taxonomy codes."""
    from innobridge.accounts.choices import Role
    from innobridge.accounts.models import User
    from innobridge.accounts.services import token_issue
    from innobridge.core.models import CooperationType, Sector
    from innobridge.organizations.models import Organization
    from innobridge.organizations.tests.factories import OrganizationFactory

    organization = Organization.objects.filter(name="Load test member").first()
    if organization is None:
        organization = OrganizationFactory(name="Load test member", country="VN")
    user, _created = User.objects.get_or_create(
        email="load-editor@example.org",
        defaults={"role": Role.MEMBER_EDITOR, "organization": organization},
    )
    _token, key = token_issue(user=user, name="bench/load.py")
    sectors = list(Sector.objects.values_list("code", flat=True))
    cooperation = list(CooperationType.objects.values_list("code", flat=True))
    return key, sectors, cooperation


def queries() -> dict[str, list[str]]:
    """25 NTREX sentences in each of eight languages (the corpus is made of the en, zh-hans
    and zh-hant ones, so those also find themselves) and, as a search box gets them, their
    first words."""
    from ntrex_components import sentences
    from search_speed import short_query

    sentence = [s for lang in QUERY_LANGUAGES for s in sentences(lang)[1500:1525]]
    return {"sentence": sentence, "short": [short_query(s) for s in sentence]}


# --- Phases -----------------------------------------------------------------------------


def phase_levels(args, server: Server, load: Locust) -> list[LoadRun]:
    runs = []
    for users in args.levels:
        log(f"mixed load, {users} users, {args.duration} s")
        run = load.run(server, f"level {users}", MIX, users, args.duration, args.think)
        runs.append(run)
        all_ = run.endpoints.get("all", Endpoint())
        log(f"  {all_.rps:.1f} req/s, p95 {all_.p95:.0f} ms, 5xx {all_.server_errors}")
    return runs


def phase_saturation(args, server: Server, load: Locust, redis: Redis) -> list[LoadRun]:
    """Each endpoint from an empty cache: --saturation-warmup seconds of its load (reported
    apart, as the cold figure), then --saturation-duration seconds measured. A deployed
    site's cache is warm but for the entries a change of the published listings retired;
    the two figures bracket it."""
    runs = []
    for name in args.saturation_endpoints:
        redis.flush_cache()
        if args.saturation_warmup:
            log(f"saturation: {name}, warm-up from an empty cache, {args.saturation_warmup} s")
            warmup = load.run(server, f"warm-up {name}", {name: 1}, args.saturation_users,
                              args.saturation_warmup, [0, 0])  # fmt: skip
            runs.append(warmup)
            log(f"  {warmup.endpoints.get(name, Endpoint()).rps:.1f} req/s")
        log(f"saturation: {name}, {args.saturation_users} users, {args.saturation_duration} s")
        run = load.run(server, f"saturation {name}", {name: 1}, args.saturation_users,
                       args.saturation_duration, [0, 0])  # fmt: skip
        runs.append(run)
        log(f"  {run.endpoints.get(name, Endpoint()).rps:.1f} req/s")
    return runs


def windows(rows, t_fault: float, t_back: float, t_end: float, *, time_at=0, status_at=1,
            seconds_at=2, scale=1.0):  # fmt: skip
    """Answers before the fault, during it and after, with their statuses and latencies."""
    parts = {"before": [], "during": [], "after": []}
    for row in rows:
        t = row[time_at]
        part = "before" if t < t_fault else ("during" if t < t_back else "after")
        if t <= t_end:
            parts[part].append((row[status_at], row[seconds_at] * scale))
    summary = {}
    for part, answers in parts.items():
        latencies = [ms for _s, ms in answers]
        summary[part] = {
            "answers": len(answers),
            "statuses": dict(sorted(Counter(s for s, _ms in answers).items())),
            "p50": float(np.percentile(latencies, 50)) if latencies else float("nan"),
            "p95": float(np.percentile(latencies, 95)) if latencies else float("nan"),
        }
    return summary


def fault_redis(args, server, load, redis: Redis, *, hang: bool) -> dict:
    """Redis stopped (or hung) for the middle third of a mixed load."""
    from django.conf import settings

    label = "redis-hang" if hang else "redis-stop"
    seconds = args.fault_duration
    probe = Probe(f"{server.url}/en/marketplace/")
    marks: dict[str, float] = {}

    def during(started_at: float) -> None:
        probe.start()
        time.sleep(seconds / 3)
        marks["fault"] = time.time()
        log(f"  {label}: Redis {'hung (SIGSTOP)' if hang else 'stopped'}")
        redis.hang() if hang else redis.stop()
        time.sleep(seconds / 3)
        marks["back_command"] = time.time()
        redis.resume() if hang else redis.start()
        marks["back"] = time.time()
        log(f"  {label}: Redis back")

    log(f"fault {label}: mixed load, {args.fault_users} users, {seconds} s")
    try:
        run = load.run(server, f"fault {label}", MIX, args.fault_users, seconds, args.think,
                       trace=True, during=during)  # fmt: skip
    finally:
        redis.resume()
        redis.start()
        probe.stop()
    end = time.time()
    return {
        "run": run,
        "probe": windows(probe.answers(), marks["fault"], marks["back"], end, scale=1000),
        "load": windows(run.trace, marks["fault"], marks["back"], end, status_at=2, seconds_at=3),
        "recovered_after": first_normal(probe.samples, marks["fault"], marks["back"]),
        "keys_after": redis.keys(),
        "cache_timeout": settings.CACHE_TIMEOUT_SECONDS,
        "outage_seconds": marks["back"] - marks["fault"],
    }


def first_normal(samples, fault_at: float, since: float) -> float | None:
    """Seconds from `since` to the first of three successive 200s no slower than twice
    the probe's median before the fault."""
    before = [s for t, status, s in samples if status == 200 and t < fault_at]
    limit = 2 * float(np.median(before)) if before else float("inf")
    streak = 0
    for t, status, s in samples:
        if t < since:
            continue
        streak = streak + 1 if status == 200 and s <= limit else 0
        if streak == 3:
            return t + s - since
    return None


def fault_postgres(args, server, load, pg: Postgres) -> dict:
    """PostgreSQL restarted (fast shutdown) a third into a write-heavy load."""
    from django.db import connections

    from innobridge.marketplace.models import Listing

    seconds = args.fault_duration
    probe = Probe(f"{server.url}/api/v1/listings/?page=1")
    marks: dict[str, float] = {}

    def during(started_at: float) -> None:
        probe.start()
        time.sleep(seconds / 3)
        log("  postgres: restarting")
        marks["fault"] = time.time()
        pg.restart()
        marks["back"] = time.time()
        log(f"  postgres: back after {marks['back'] - marks['fault']:.1f} s")

    log(f"fault postgres: write-heavy load, {args.fault_users} users, {seconds} s")
    try:
        run = load.run(server, "fault postgres", WRITE_MIX, args.fault_users, seconds,
                       args.think, trace=True, during=during)  # fmt: skip
    finally:
        if not pg.answers():
            pg.start()
        probe.stop()
    end = time.time()
    connections.close_all()  # this process's connection did not survive the restart
    accepted = {row[3] for row in run.writes if row[1] == 201 and row[3] is not None}
    stored = set(Listing.objects.filter(pk__in=accepted).values_list("pk", flat=True))
    refused = [row for row in run.writes if row[1] != 201]
    stored_anyway = Listing.objects.filter(
        title__in=[f"Load write {row[2]}" for row in refused]
    ).count()
    failed = [(t, status) for t, _name, status, _ms in run.trace if status not in (200, 201)]
    return {
        "run": run,
        "restart_seconds": marks["back"] - marks["fault"],
        "accepted": len(accepted),
        "lost": len(accepted - stored),
        "writes_refused": dict(Counter(row[1] for row in refused)),
        "refused_but_stored": stored_anyway,
        "failed_answers": dict(sorted(Counter(status for _t, status in failed).items())),
        "failures_after_back": sum(1 for t, _s in failed if t > marks["back"]),
        "last_failure_after_back": max(
            (t - marks["back"] for t, _s in failed if t > marks["back"]), default=None
        ),
        "probe": windows(probe.answers(), marks["fault"], marks["back"], end, scale=1000),
        "recovered_after": first_success(probe.samples, marks["back"]),
    }


def first_success(samples, since: float) -> float | None:
    for t, status, s in samples:
        if t >= since and status == 200:
            return t + s - since
    return None


STALE_JOB = "innobridge.search.tasks.index_stale_listings"


class JobTable:
    """The jobs as the database backend keeps them (django-tasks-db's table)."""

    def __init__(self, logs: dict[int, Path]) -> None:
        self.logs = logs  # worker process id -> its log, which names its worker id

    def runner(self, path: str) -> int | None:
        """The process id of the worker running a job of `path`, if one does."""
        from django_tasks_db.models import DBTaskResult

        job = DBTaskResult.objects.filter(task_path=path, status="RUNNING").first()
        if job is None or not job.worker_ids:
            return None
        for pid, log_path in self.logs.items():
            if job.worker_ids[-1] in log_path.read_text("utf-8", "replace"):
                return pid
        return None

    def jobs(self, path: str) -> dict[str, int]:
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.filter(task_path=path).values("status").annotate(n=Count("pk"))
        return {row["status"]: row["n"] for row in rows}


class RQJobs:
    """The jobs as the RQ backend keeps them, in the benchmark's Redis."""

    def __init__(self, url: str) -> None:
        import redis

        self.connection = redis.Redis.from_url(url)

    def runner(self, path: str) -> int | None:
        from rq import Worker

        for worker in Worker.all(connection=self.connection):
            job = worker.get_current_job()
            if job is not None and job.func_name == path:
                return worker.pid
        return None

    def jobs(self, path: str) -> dict[str, int]:
        from rq import Queue
        from rq.job import Job

        queue = Queue("default", connection=self.connection)
        ids = set(queue.job_ids)
        for registry in (queue.started_job_registry, queue.finished_job_registry,
                         queue.failed_job_registry):  # fmt: skip
            ids.update(registry.get_job_ids())
        jobs = [job for job in Job.fetch_many(list(ids), connection=self.connection) if job]
        return dict(Counter(job.get_status().value for job in jobs if job.func_name == path))


def fault_reindex(args, web_env: dict, run_dir: Path) -> dict:
    """`--reindex-listings` published listings taken out of the index, as after a change
    of model; two workers, whose schedule queues the stale-index job (a batch at a time);
    the one running it SIGKILLed a third of the way; a replacement started at once, as
    systemd would. How long until the index is complete again?"""
    from django.db import connections

    from innobridge.core.models import PeriodicRun
    from innobridge.marketplace.choices import ListingStatus
    from innobridge.marketplace.models import Listing
    from innobridge.search import services
    from innobridge.search.embedders import get_embedder

    name = get_embedder().name
    published = Listing.objects.filter(status=ListingStatus.PUBLISHED)
    target = published.count()
    stale_ids = list(
        published.order_by("-pk").values_list("pk", flat=True)[: args.reindex_listings]
    )
    log(f"fault reindex: {len(stale_ids)} listings out of the index, 2 workers")
    services.remove_listings(stale_ids)

    def indexed() -> int:
        connections.close_all()
        return published.filter(search_entry__model_name=name).count()

    env = {**web_env, "STALE_INDEX_INTERVAL_SECONDS": str(args.stale_interval)}
    workers: dict[int, subprocess.Popen] = {}
    logs: dict[int, Path] = {}
    queue = (
        JobTable(logs) if args.tasks_backend != RQ_BACKEND else RQJobs(web_env["TASKS_REDIS_URL"])
    )

    def start_worker(number: int) -> None:
        logs_path = run_dir / f"worker-{number}.log"
        with open(logs_path, "wb") as handle:
            process = subprocess.Popen(  # noqa: S603 (our own command)
                [str(BIN / "innobridge"), "worker"], cwd=ROOT, env=env, stdout=handle,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        workers[process.pid], logs[process.pid] = process, logs_path

    # As after a change of model: the workers' schedule queues the stale-index job when
    # they start (one of them claims the run); a claim left by an earlier run is removed.
    PeriodicRun.objects.filter(task_path=STALE_JOB).delete()
    started = time.monotonic()
    start_worker(1)
    start_worker(2)
    result: dict = {"listings": len(stale_ids), "target": target, "killed_at": None}
    start_count = indexed()
    try:
        while time.monotonic() - started < args.reindex_timeout:
            count = indexed()
            killed = result["killed_at"]
            if (
                killed is not None
                and "resumed_after" not in result
                and (count - start_count > result["indexed_when_killed"])
            ):
                result["resumed_after"] = time.monotonic() - started - killed
            if count >= target:
                result["complete_after"] = time.monotonic() - started
                break
            if result["killed_at"] is None and count - start_count >= len(stale_ids) / 3:
                victim = workers.get(queue.runner(STALE_JOB))
                if victim is not None and victim.poll() is None:
                    victim.send_signal(signal.SIGKILL)
                    victim.wait()
                    result["killed_at"] = time.monotonic() - started
                    result["indexed_when_killed"] = indexed() - start_count
                    log(f"  killed worker {victim.pid} at {count - start_count} indexed")
                    start_worker(3)
            time.sleep(1)
        else:
            result["complete_after"] = None
        result["indexed"] = indexed() - start_count
        result["jobs"] = queue.jobs(STALE_JOB)
    finally:
        for process in workers.values():
            if process.poll() is None:
                process.terminate()
        for process in workers.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    log(f"  reindex: {result}")
    return result


# --- Main -------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--levels", type=int, nargs="+", default=[4, 16, 64, 128])
    parser.add_argument("--duration", type=int, default=300, help="seconds per level")
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0], metavar=("MIN", "MAX"))
    parser.add_argument("--saturation-users", type=int, default=16)
    parser.add_argument("--saturation-duration", type=int, default=60)
    parser.add_argument("--saturation-warmup", type=int, default=30,
                        help="seconds of each endpoint's load from an empty cache first "
                             "(reported apart; 0: none)")  # fmt: skip
    parser.add_argument("--saturation-endpoints", nargs="+", default=SATURATION,
                        choices=[*SATURATION, "API write"])  # fmt: skip
    parser.add_argument("--phases", nargs="+", default=["levels", "saturation", "faults"],
                        choices=["levels", "saturation", "faults"])  # fmt: skip
    parser.add_argument("--faults", nargs="+", default=FAULTS, choices=FAULTS)
    parser.add_argument("--fault-users", type=int, default=16)
    parser.add_argument("--fault-duration", type=int, default=90)
    parser.add_argument("--reindex-listings", type=int, default=3000)
    parser.add_argument("--reindex-timeout", type=int, default=900)
    parser.add_argument("--stale-interval", type=int, default=600,
                        help="the workers' STALE_INDEX_INTERVAL_SECONDS (app default)")  # fmt: skip
    parser.add_argument("--tasks-backend", default=RQ_BACKEND,
                        choices=[RQ_BACKEND, "django_tasks_db.DatabaseBackend"])  # fmt: skip
    parser.add_argument("--server", choices=["gunicorn", "granian"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1),
                        help="web processes (deploy/gunicorn.conf.py: two per core)")  # fmt: skip
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pg-port", type=int, default=5433)
    parser.add_argument("--redis-port", type=int, default=6380)
    parser.add_argument("--env", nargs="+", default=[], metavar="NAME=VALUE",
                        help="more environment for the web server and the workers")  # fmt: skip
    parser.add_argument("--write", action="store_true", help="write into bench/RESULTS.md")
    return parser.parse_args()


def web_environment(args, pg: Postgres, redis: Redis, app_dir: Path) -> dict:
    """Production's environment (docs/DEPLOY.md), on the benchmark's own services."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "innobridge.settings",
        "DATABASE_URL": pg.url,
        "CACHE_URL": redis.url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "INNOBRIDGE_DATA_DIR": str(app_dir),
        # Every simulated user comes from one address, as one anonymous client, so the
        # limits are raised. Per second: DRF's throttle keeps the client's request times
        # over its window and reads and writes them all on each request, so a minute at
        # 450 requests/s made every API request carry 27,000 of them through Redis, a cost
        # production's limits (120 a minute for a visitor) never reach.
        "API_RATE_ANONYMOUS": "1000000/second",
        "API_RATE_USER": "1000000/second",
        "TASKS_BACKEND": args.tasks_backend,
        "TASKS_REDIS_URL": redis.tasks_url,
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
        **dict(setting.split("=", 1) for setting in args.env),
    }


def locust_config(corpus: dict) -> dict:
    """What every locust run gets (load.Locust adds the mix and the think time)."""
    token, sectors, cooperation = prepare_member()
    return {
        "token": token,
        "listing_ids": corpus["listing_ids"],
        "queries": queries(),
        "sectors": sectors,
        "cooperation_types": cooperation,
        "countries": COUNTRIES,
        "kinds": ["offer", "need", "resource", "talent", "call"],
        "write_kinds": ["offer", "need"],
        "page_languages": PAGE_LANGUAGES,
        # The API's pages hold 50 listings; each kind has a fifth of them.
        "last_kind_page": max(1, corpus["published"] // 5 // 50),
    }


def run_faults(args, server, load, pg, redis, web_env, run_dir) -> dict:
    faults = {}
    for label in args.faults:
        try:
            if label in ("redis-stop", "redis-hang"):
                faults[label] = fault_redis(args, server, load, redis, hang=label == "redis-hang")
            elif label == "postgres":
                faults[label] = fault_postgres(args, server, load, pg)
            else:
                faults[label] = fault_reindex(args, web_env, run_dir)
        except Exception as error:  # the other faults' figures are still worth having
            traceback.print_exc()
            faults[label] = {"error": f"{type(error).__name__}: {error}"}
            restore(pg, redis)
    return faults


def restore(pg: Postgres, redis: Redis) -> str:
    """Both services answering again, whatever a fault left behind."""
    redis.resume()
    redis.start()
    if not pg.answers():
        pg.start()
    return (
        f"PostgreSQL {'answers' if pg.answers() else 'DOES NOT ANSWER'}, Redis "
        f"{'answers' if redis.answers() else 'DOES NOT ANSWER'}"
    )


def main() -> None:
    args = parse_args()
    # Kept between runs (the corpus and its PostgreSQL data), readable by the postgres user.
    folder = Path(os.environ.get("BENCH_DATA_DIR") or "/var/tmp/innobridge-load")  # noqa: S108
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    run_dir = folder / "runs" / time.strftime("%Y%m%d-%H%M%S")
    run_dir.mkdir(parents=True)
    pg, redis = Postgres(folder, args.pg_port), Redis(folder, args.redis_port)
    server = None
    context: dict = {
        "pg": pg,
        "command": " ".join(["bench/load.py", *sys.argv[1:]]),
        "plan": {"mix": MIX, "write_mix": WRITE_MIX, "targets": TARGETS,
                 "query_languages": QUERY_LANGUAGES},
    }  # fmt: skip
    try:
        pg.start()
        redis.start()
        context["redis_version"] = redis.version()
        setup_django(args, pg, redis, folder / "app")
        context["corpus"] = prepare_corpus(args.listings)
        base = locust_config(context["corpus"])
        from django.db import connections

        connections.close_all()
        web_env = web_environment(args, pg, redis, folder / "app")
        server = Server(args.server, args.workers, args.port, web_env, run_dir / "server.log")
        context["server"] = server
        log(f"starting {server.describe()}")
        server.start()
        load = Locust(run_dir, base, server.url)
        if "levels" in args.phases:
            context["levels"] = phase_levels(args, server, load)
        if "saturation" in args.phases:
            context["saturation"] = phase_saturation(args, server, load, redis)
        if "faults" in args.phases:
            context["faults"] = run_faults(args, server, load, pg, redis, web_env, run_dir)
    finally:
        if server is not None:
            server.stop()
        context["restored"] = restore(pg, redis)
        log(context["restored"])
        redis.stop()
        pg.stop()
    markdown = report(args, context)
    print(markdown)
    (run_dir / "report.md").write_text(markdown, encoding="utf-8")
    if args.write:
        write_section(f"load-{args.server}", markdown)
    log(f"files of this run: {run_dir}")


if __name__ == "__main__":
    main()
