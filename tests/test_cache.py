"""The production cache (core/cache.py): Redis shared by every process, and pages that keep
answering when Redis stops (issue 16). The tests marked for Redis need REDIS_URL (.ci/run
sets it and fails when Redis does not answer); the rest need no Redis at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

from innobridge.accounts.tests.factories import PASSWORD
from innobridge.core.cache import TolerantRedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (.ci/run sets it)")
# Nothing listens on port 1: a Redis that is down.
DOWN = {
    "default": {
        "BACKEND": "innobridge.core.cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def _redis_cache(url: str, prefix: str) -> TolerantRedisCache:
    return TolerantRedisCache(
        url, {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
    )


def test_an_unreachable_redis_reads_as_a_miss_and_keeps_nothing():
    cache = TolerantRedisCache(DOWN["default"]["LOCATION"], DOWN["default"])

    started = time.perf_counter()
    cache.set("figures", 42)
    found = cache.get("figures", "computed again")
    many = cache.get_many(["a", "b"])
    added = cache.add("a", 1)
    elapsed = time.perf_counter() - started

    assert (found, many, added) == ("computed again", {}, False)
    assert elapsed < 5  # each call gives up after the socket timeout


@pytest.mark.django_db
def test_pages_sign_in_and_the_api_answer_while_redis_is_down(client, api_client, member):
    with override_settings(
        CACHES=DOWN, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        # Django's test signals drop the cache connections when CACHES changes.
        home = client.get("/en/")
        signed_in = client.post(
            "/en/accounts/login/", {"username": member.email, "password": PASSWORD}
        )
        after = client.get("/en/network/")
        api = api_client.get("/api/v1/sectors/")
        assert isinstance(caches["default"], TolerantRedisCache)

    assert home.status_code == 200
    assert signed_in.status_code == 302
    assert after.status_code == 200 and after.context["user"] == member
    assert api.status_code == 200


@needs_redis
def test_two_processes_share_one_redis_cache(tmp_path):
    prefix = f"test-{uuid.uuid4().hex}"
    here = _redis_cache(REDIS_URL, prefix)
    here.set("written-here", "seen there", 60)
    command = shutil.which("innobridge", path=str(Path(sys.executable).parent))
    script = (
        "from django.core.cache import cache; "
        "print(cache.get('written-here')); cache.set('written-there', 'seen here', 60)"
    )

    result = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [command, "shell", "-c", script],
        env={
            "PATH": os.environ.get("PATH", ""),
            "INNOBRIDGE_DATA_DIR": str(tmp_path),
            "CACHE_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": prefix,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "seen there"
    assert here.get("written-there") == "seen here"
    here.delete_many(["written-here", "written-there"])


@needs_redis
@pytest.mark.django_db
def test_sessions_survive_a_redis_that_lost_everything(client, member):
    url = REDIS_URL.rsplit("/", 1)[0] + "/14"
    config = {
        "default": {
            "BACKEND": "innobridge.core.cache.TolerantRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    with override_settings(
        CACHES=config, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        try:
            client.post("/en/accounts/login/", {"username": member.email, "password": PASSWORD})
            caches["default"].clear()  # Redis restarted: it keeps nothing on disk here
            after = client.get("/en/")
        finally:
            caches["default"].clear()

    assert after.context["user"] == member
