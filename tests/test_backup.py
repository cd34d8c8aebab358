"""`innobridge backup` and `innobridge restore` (issue 16), on the suite's database engine:
a restore into an empty database and data folder gives equal tables (the command compares
every table with the backup's manifest) and a search that works without a rebuild; a
restore onto a target that is not empty refuses unless --force."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from innobridge.core import backup
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.search import services as search_services

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COMMAND = shutil.which("innobridge", path=str(Path(sys.executable).parent))


def _innobridge(*arguments: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [COMMAND, *arguments],
        env={"PATH": os.environ.get("PATH", ""), "SEARCH_WARM_UP": "0", **environment},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the suite's engine and an empty data folder, as environment."""
    data = tmp_path / "restored-data"
    if connection.vendor == "sqlite":
        yield {"INNOBRIDGE_DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data}/db.sqlite3"}
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{name}"
    )
    try:
        yield {"INNOBRIDGE_DATA_DIR": str(data), "DATABASE_URL": url}
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_an_empty_target_with_equal_tables_and_working_search(
    tmp_path, empty_target
):
    listing = ListingFactory(
        title="Solar-powered rice dryer for cooperatives",
        summary="A dryer that runs on solar panels and keeps rice from spoiling.",
    )
    search_services.index_listings([listing.pk])
    logo = Path(settings.MEDIA_ROOT) / "logos" / "backup-test.png"
    logo.parent.mkdir(parents=True, exist_ok=True)
    logo.write_bytes(b"\x89PNG backup test")

    call_command("backup", str(tmp_path / "backups"))

    [folder] = list((tmp_path / "backups").iterdir())
    manifest = backup.read_manifest(folder)
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["marketplace_listing"]["rows"] >= 1
    assert (folder / "media" / "logos" / "backup-test.png").read_bytes() == logo.read_bytes()

    restored = _innobridge("restore", str(folder), environment=empty_target)

    assert restored.returncode == 0, restored.stderr
    assert "every table equals the backup" in restored.stdout
    data = Path(empty_target["INNOBRIDGE_DATA_DIR"])
    assert (data / "media" / "logos" / "backup-test.png").read_bytes() == logo.read_bytes()
    found = _innobridge("search", "rice dryer", "--json", environment=empty_target)
    assert found.returncode == 0, found.stderr
    assert listing.pk in [hit["id"] for hit in json.loads(found.stdout)["results"]]


def test_a_restore_onto_a_target_that_is_not_empty_refuses_unless_forced(tmp_path, empty_target):
    ListingFactory()
    call_command("backup", str(tmp_path / "backups"))
    [folder] = list((tmp_path / "backups").iterdir())
    assert _innobridge("restore", str(folder), environment=empty_target).returncode == 0

    again = _innobridge("restore", str(folder), environment=empty_target)
    forced = _innobridge("restore", "--force", str(folder), environment=empty_target)

    assert again.returncode != 0
    assert "The target is not empty" in again.stderr and "--force" in again.stderr
    assert forced.returncode == 0, forced.stderr


def test_a_folder_that_is_not_a_backup_is_refused_clearly(tmp_path, empty_target):
    refused = _innobridge("restore", str(tmp_path), environment=empty_target)

    assert refused.returncode != 0
    assert "is not an Innobridge backup: it has no manifest.json" in refused.stderr


def test_a_changed_row_is_named(tmp_path):
    expected = {
        "marketplace_listing": {"rows": 2, "sha256": "a"},
        "gone": {"rows": 1, "sha256": "b"},
    }
    found = {"marketplace_listing": {"rows": 2, "sha256": "c"}, "extra": {"rows": 0, "sha256": "d"}}

    assert backup.differences(expected, found) == [
        "extra: not in the backup",
        "gone: missing",
        "marketplace_listing: 2 rows, the backup has 2 (same count, other content)",
    ]
