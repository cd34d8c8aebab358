"""Liveness and readiness of a process, for the proxy, the load balancer and systemd.

/healthz answers while the process runs (it touches nothing). /readyz checks what a
request needs: the database, the cache, the task queue (the jobs table for the database
backend, Redis for RQ) and, where web processes warm search up (SEARCH_WARM_UP), the search
models and index loaded; 503 names the part that is not ready.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from innobridge.core import workers


class NotReady(Exception):
    """A part a request needs does not answer."""


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    found = cache.get(key)
    cache.delete(key)
    if found != "1":
        raise NotReady("the cache did not keep a value")
    return "ok"


def check_tasks() -> str:
    """The queue the workers read: the jobs table, or Redis with the RQ backend."""
    return workers.check_broker()


def check_search() -> str:
    if not settings.SEARCH_WARM_UP:
        return "loads on first search"
    from innobridge.search.ranking import is_warm

    if not is_warm():
        raise NotReady("loading the search models and index")
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "tasks": check_tasks,
    "search_index": check_search,
}


def readiness() -> tuple[bool, dict[str, str]]:
    """Each check's answer, and whether all passed. A check that raises is not ready; its
    error is the answer (no traceback leaves the process)."""
    answers, ready = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            answers[name] = check()
        except Exception as error:  # any failure of a part means "not ready"
            ready = False
            answers[name] = f"not ready: {type(error).__name__}: {error}"[:300]
        answers[f"{name}_ms"] = f"{(time.perf_counter() - started) * 1000:.1f}"
    return ready, answers
