"""A web process whose PostgreSQL connections die (a server restart, a failover, an
administrator's pg_terminate_backend) answers the next request on a new connection
instead of failing on the dead one (CONN_HEALTH_CHECKS with persistent connections)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.marketplace.tests.test_worker import database_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_next_request_after_postgresql_drops_the_connections_succeeds(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the persistent connections and their health checks are PostgreSQL's")
    ListingFactory(title="Membrane bioreactor for textile wastewater")
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "innobridge.settings",
        "DATABASE_URL": database_url(),
        "INNOBRIDGE_DATA_DIR": str(tmp_path),
        "CACHE_URL": "",
        "SEARCH_WARM_UP": "0",
    }
    server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
        [gunicorn, "innobridge.wsgi", f"--bind=127.0.0.1:{port}", "--workers=1"],
        env=env,
        cwd=tmp_path,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/api/v1/listings/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                first = status_of(url)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
                time.sleep(0.2)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            (terminated,) = cursor.fetchone()
        after = [status_of(url) for _ in range(3)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    assert first == 200, log.read_text()
    assert terminated >= 1  # the web process's connection was open, and is gone
    assert after == [200, 200, 200], log.read_text()
