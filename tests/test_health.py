"""/healthz and /readyz, and the secretariat's status page (issue 16)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innobridge import health
from innobridge.search import ranking

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_each_part(client, settings):
    settings.SEARCH_WARM_UP = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert body == {
        "ready": True,
        "database": "ok",
        "cache": "ok",
        "tasks": "ok",
        "search_index": "ok",
    }
    details = dict(health.readiness()[1])
    assert details["tasks"] == "ok (0 waiting)"
    assert details["search_index"] == "loads on first search"


def test_readyz_is_503_until_search_has_warmed_up(client, settings, monkeypatch):
    settings.SEARCH_WARM_UP = True
    monkeypatch.setattr(ranking, "_warm", type(ranking._warm)())  # a process not yet warm

    cold = client.get("/readyz")
    ranking.warm_up()
    warm = client.get("/readyz")

    assert cold.status_code == 503
    assert cold.json()["search_index"] == "not ready"
    assert warm.status_code == 200 and warm.json()["search_index"] == "ok"


def test_an_unknown_task_backend_is_reported_as_not_checked(client, settings):
    settings.SEARCH_WARM_UP = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    answer = health.readiness()[1]["tasks"]

    assert answer == "not checked (django_tasks.backends.immediate.ImmediateBackend)"
    assert client.get("/readyz").json()["tasks"] == "ok"  # not a failure either


def test_readyz_names_a_cache_that_keeps_nothing(client, settings, monkeypatch):
    settings.SEARCH_WARM_UP = False
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["cache"] == "not ready"  # the public answer names no detail
    assert response.json()["database"] == "ok"
    assert health.readiness()[1]["cache"] == "not ready: NotReady: the cache did not keep a value"


def test_probes_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SEARCH_WARM_UP = False

    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/en/").status_code == 301


def test_the_secretariat_sees_the_queue(client, member, secretariat, settings):
    settings.SEARCH_WARM_UP = False
    DBTaskResult.objects.create(
        task_path="innobridge.marketplace.tasks.expire_listings",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now() - timezone.timedelta(minutes=1),
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timezone.timedelta(minutes=5))

    client.force_login(member)
    assert client.get("/en/status/").status_code == 403
    client.force_login(secretariat)
    response = client.get("/en/status/")

    assert response.status_code == 200
    queue = response.context["queue"]
    assert queue.ready == 1
    assert 290 < queue.oldest_waiting_seconds < 400


def test_readyz_asks_redis_for_the_rq_queue(client, settings):
    """With the RQ backend the queue is Redis: a Redis that does not answer is not ready
    (a closed port here; tests/test_worker_fleet.py runs the real fleet)."""
    settings.SEARCH_WARM_UP = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["tasks"] == "not ready"
    assert "ConnectionError" in health.readiness()[1]["tasks"]
