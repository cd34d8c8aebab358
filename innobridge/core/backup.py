"""Backup and restore of a whole installation: the database, the uploaded files and the
search index (`innobridge backup DIR`, `innobridge restore DIR`).

A backup is a folder: `database.sqlite3` (SQLite's online backup, safe while the app runs)
or `database.dump` (pg_dump's custom format), `media/`, `search/` and `manifest.json`,
which holds every table's row count and content digest as they were backed up. A restore
puts the three back and compares every table of the restored database with the manifest,
so a restore that lost or changed a row fails loudly. The search index comes back with its
database, so search works at once, without a rebuild.

PostgreSQL: the digests are read in the same snapshot that pg_dump dumps (an exported
snapshot of a repeatable-read transaction), so they describe exactly what was dumped even
while the app writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump and pg_restore with fixed arguments
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"


class BackupError(Exception):
    """What stopped a backup or a restore, said so that the operator can act on it."""


def file_folders() -> dict[str, Path]:
    """The folders of the data directory a backup holds, by their name in the backup."""
    return {"media": Path(settings.MEDIA_ROOT), "search": Path(settings.SEARCH_INDEX_DIR)}


# --- Table digests ----------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


def _postgres_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    return [row[0] for row in cursor.fetchall()]


def table_digests(cursor: Any, vendor: str) -> dict[str, dict[str, Any]]:
    """Every table's row count and a SHA-256 of its rows in a fixed order (all columns)."""
    tables = _sqlite_tables(cursor) if vendor == "sqlite" else _postgres_tables(cursor)
    digests = {}
    for table in tables:
        cursor.execute(f"SELECT * FROM {_quote(table)} LIMIT 0")  # noqa: S608  # nosec B608
        columns = len(cursor.description)
        order = ", ".join(str(number) for number in range(1, columns + 1))
        cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608  # nosec B608
        digest, rows = hashlib.sha256(), 0
        for row in cursor.fetchall():
            digest.update(repr(tuple(row)).encode())
            rows += 1
        digests[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return digests


def _raw_connection():
    """A connection of the database's own driver, outside Django: its values are read the
    same way at backup and at restore (Django's connection converts some of them)."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return sqlite3.connect(settings_dict["NAME"])
    import psycopg

    return psycopg.connect(
        dbname=settings_dict["NAME"],
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        options="-c timezone=UTC",
    )


def current_digests() -> dict[str, dict[str, Any]]:
    raw = _raw_connection()
    try:
        return table_digests(raw.cursor(), connection.vendor)
    finally:
        raw.close()


def differences(expected: dict, found: dict) -> list[str]:
    """Tables whose rows differ, are missing or are extra, as sentences."""
    problems = []
    for table in sorted(set(expected) | set(found)):
        if table not in found:
            problems.append(f"{table}: missing")
        elif table not in expected:
            problems.append(f"{table}: not in the backup")
        elif expected[table] != found[table]:
            problems.append(
                f"{table}: {found[table]['rows']} rows, the backup has {expected[table]['rows']}"
                + (
                    " (same count, other content)"
                    if found[table]["rows"] == expected[table]["rows"]
                    else ""
                )
            )
    return problems


# --- PostgreSQL command-line tools ------------------------------------------------------


def _postgres_environment() -> dict[str, str]:
    """libpq's variables for pg_dump and pg_restore: no password on a command line."""
    settings_dict = connection.settings_dict
    environment = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def _run(command: list[str]) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client tools "
            "(Debian: postgresql-client) in the version of the server."
        )
    result = subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments, no shell
        [executable, *command[1:]],
        env=_postgres_environment(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


# --- Backup -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    tables: int
    rows: int


def backup(destination: Path) -> BackupResult:
    """Write a backup folder inside `destination` and return it."""
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    folder = Path(destination) / f"innobridge-backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    tables = _backup_sqlite(folder) if vendor == "sqlite" else _backup_postgres(folder)
    for name, source in file_folders().items():
        if source.exists():
            shutil.copytree(source, folder / name)
    manifest = {
        "format": FORMAT,
        "engine": vendor,
        "created_at": timezone.now().isoformat(),
        "tables": tables,
        "folders": [name for name in file_folders() if (folder / name).exists()],
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return BackupResult(
        folder=folder, tables=len(tables), rows=sum(table["rows"] for table in tables.values())
    )


def _backup_sqlite(folder: Path) -> dict:
    connection.ensure_connection()
    target = sqlite3.connect(folder / SQLITE_FILE)
    try:
        connection.connection.backup(target)  # SQLite's online backup: a consistent copy
        return table_digests(target.cursor(), "sqlite")
    finally:
        target.close()


def _backup_postgres(folder: Path) -> dict:
    with _raw_connection() as snapshot_connection:
        snapshot_connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = snapshot_connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = table_digests(snapshot_connection.cursor(), "postgresql")
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}",
              f"--file={folder / POSTGRES_FILE}"])  # fmt: skip
        snapshot_connection.rollback()
    return tables


# --- Restore ------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not an Innobridge backup: it has no {MANIFEST}.")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup has format {manifest.get('format')}; expected {FORMAT}.")
    return manifest


def _filled_tables() -> list[str]:
    with connection.cursor() as cursor:
        vendor = connection.vendor
        tables = _sqlite_tables(cursor) if vendor == "sqlite" else _postgres_tables(cursor)
        filled = []
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608  # nosec B608
            if cursor.fetchone() is not None:
                filled.append(table)
        return filled


def _files_present(folders: Iterable[Path]) -> list[str]:
    return [str(path) for path in folders if path.exists() and any(path.iterdir())]


def restore(folder: Path, *, force: bool = False) -> BackupResult:
    """Put a backup back. Onto a database with any row, or data folders with any file, only
    with `force`, which replaces them."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = connection.vendor
    if manifest["engine"] != vendor:
        raise BackupError(
            f"This is a {manifest['engine']} backup; the configured database is {vendor}."
        )
    if not force:
        filled = _filled_tables()
        files = _files_present(file_folders().values())
        if filled or files:
            raise BackupError(
                "The target is not empty ("
                + "; ".join(
                    part
                    for part in (
                        f"{len(filled)} tables hold rows, e.g. {', '.join(filled[:3])}"
                        if filled
                        else "",
                        f"files in {', '.join(files)}" if files else "",
                    )
                    if part
                )
                + "). Restore onto an empty database and data folder, or add --force to "
                "replace what is there."
            )
    if vendor == "sqlite":
        _restore_sqlite(folder)
    else:
        _restore_postgres(folder, clean=force)
    for name, target in file_folders().items():
        if target.exists():
            shutil.rmtree(target)
        if (folder / name).exists():
            shutil.copytree(folder / name, target)
    problems = differences(manifest["tables"], current_digests())
    if problems:
        raise BackupError("The restored database differs from the backup: " + "; ".join(problems))
    tables = manifest["tables"]
    return BackupResult(
        folder=folder, tables=len(tables), rows=sum(table["rows"] for table in tables.values())
    )


def _restore_sqlite(folder: Path) -> None:
    connection.close()
    source = sqlite3.connect(folder / SQLITE_FILE)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)  # replaces the whole database, WAL included
    finally:
        source.close()


def _restore_postgres(folder: Path, *, clean: bool) -> None:
    connection.close()
    options = ["--clean", "--if-exists"] if clean else []
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *options,
          f"--dbname={connection.settings_dict['NAME']}", str(folder / POSTGRES_FILE)])  # fmt: skip
