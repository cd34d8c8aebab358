"""The real background worker, in its own process, on the test database: it expires
listings past their date and sends the e-mails waiting in the queue."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import ListingTransition
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.notifications.tasks import send_email
from innobridge.organizations.tests.factories import OrganizationFactory

EXPIRE_TASK = "innobridge.marketplace.tasks.expire_listings"
EMAIL_TASK = "innobridge.notifications.tasks.send_email"


def database_url() -> str:
    """The test database as a DATABASE_URL the worker process can open."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(database["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail(
                "The SQLite test database is in memory, so a worker process cannot see it. "
                'Set DATABASES["default"]["TEST"]["NAME"] to a file.'
            )
        return f"sqlite:///{name}"
    if connection.vendor == "postgresql":
        credentials = quote(database["USER"] or "", safe="")
        if database.get("PASSWORD"):
            credentials += ":" + quote(database["PASSWORD"], safe="")
        host = database["HOST"] or "localhost"
        port = database["PORT"] or 5432
        return f"postgres://{credentials}@{host}:{port}/{database['NAME']}"
    pytest.fail(f"No DATABASE_URL recipe for the {connection.vendor} backend.")


def sent_subjects(folder: Path) -> list[str]:
    """Subjects of the e-mails the file backend wrote (one file per connection)."""
    subjects = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                message = message_from_bytes(chunk.strip())
                subjects.append(str(make_header(decode_header(message["Subject"]))))
    return sorted(subjects)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_expires_listings_and_sends_queued_email(settings, tmp_path):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    owner = OrganizationFactory()
    editor = UserFactory(organization=owner, role=Role.MEMBER_EDITOR)
    listing = ListingFactory(
        owner=owner,
        title="Old battery bench",
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    current = ListingFactory(owner=owner)
    send_email.enqueue(["someone@example.org"], "Worker test subject", "Worker test body")
    mail_folder = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "INNOBRIDGE_DATA_DIR": str(tmp_path / "data"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_folder),
        "DJANGO_SETTINGS_MODULE": "innobridge.settings",
    }

    result = subprocess.run(
        [sys.executable, "-m", "innobridge.cli", "worker", "--batch"],
        env=env,
        cwd=settings.BASE_DIR.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, f"worker failed:\n{result.stdout}\n{result.stderr}"
    listing.refresh_from_db()
    current.refresh_from_db()
    assert (listing.status, current.status) == (ListingStatus.EXPIRED, ListingStatus.PUBLISHED)
    assert list(
        ListingTransition.objects.values_list(
            "listing_id", "from_status", "to_status", "actor_id", "reason"
        )
    ) == [(listing.pk, ListingStatus.PUBLISHED, ListingStatus.EXPIRED, None, "Validity ended")]
    # Other jobs (search indexing, ...) may run too; they are tested by their own apps.
    results = sorted(
        DBTaskResult.objects.filter(task_path__in=[EXPIRE_TASK, EMAIL_TASK]).values_list(
            "task_path", "status", "return_value", "args_kwargs"
        ),
        key=lambda values: (values[0], str(values[3])),
    )
    assert [(path, status, value) for path, status, value, _args in results] == [
        (EXPIRE_TASK, "SUCCESSFUL", 1),
        (EMAIL_TASK, "SUCCESSFUL", 1),
        (EMAIL_TASK, "SUCCESSFUL", 1),
    ]
    recipients = sorted(args["args"][0] for path, _s, _v, args in results if path == EMAIL_TASK)
    assert recipients == sorted([["someone@example.org"], [editor.email]])
    assert sent_subjects(mail_folder) == ["Expired: Old battery bench", "Worker test subject"]
