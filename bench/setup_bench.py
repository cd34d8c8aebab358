"""A throwaway Innobridge database for benchmarks: a temporary data folder, SQLite unless
BENCH_DATABASE_URL names another (scratch) database, migrated. BENCH_DATA_DIR names a
folder to keep between runs instead (a large corpus is then built once)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ensure_postgres_database(url: str) -> None:
    """Create the scratch database a PostgreSQL benchmark names, if it does not exist."""
    from urllib.parse import urlsplit

    import psycopg

    name = urlsplit(url).path.lstrip("/")
    server = url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> Path:
    sys.path.insert(0, str(ROOT))
    if os.environ.get("BENCH_DATA_DIR"):
        data_dir = Path(os.environ["BENCH_DATA_DIR"])
        data_dir.mkdir(parents=True, exist_ok=True)
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="innobridge-bench-"))
    os.environ["INNOBRIDGE_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        ensure_postgres_database(os.environ["BENCH_DATABASE_URL"])
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobridge.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.LISTING_CHANGE_TASKS = []  # benchmarks index explicitly
    call_command("migrate", verbosity=0)
    return data_dir
