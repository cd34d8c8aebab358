"""The worker's job of the agreements: reminding of overdue milestones, as of today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements.choices import AgreementStatus, MilestoneStatus
from innobridge.agreements.tasks import notify_overdue_milestones
from innobridge.agreements.tests.factories import AgreementFactory, MilestoneFactory
from innobridge.notifications.models import Notification

pytestmark = pytest.mark.django_db

TASK = "innobridge.agreements.tasks.notify_overdue_milestones"


def test_notify_overdue_milestones_is_run_on_a_schedule():
    assert (import_string(TASK), TASK in settings.PERIODIC_TASKS) == (
        notify_overdue_milestones,
        True,
    )


def test_notify_overdue_milestones_tells_each_concerned_user_once(
    organization, other_organization, secretariat
):
    today = timezone.localdate()
    responsible_editor = UserFactory(organization=other_organization, role=Role.MEMBER_EDITOR)
    UserFactory(organization=organization, role=Role.MEMBER_EDITOR)  # not responsible
    agreement = AgreementFactory(
        status=AgreementStatus.IN_IMPLEMENTATION,
        parties=[organization, other_organization],
        starts_on=today - timedelta(days=400),
        ends_on=today + timedelta(days=400),
    )
    overdue = MilestoneFactory(
        agreement=agreement, due_on=today - timedelta(days=1), responsible=other_organization
    )
    MilestoneFactory(agreement=agreement, due_on=today, responsible=other_organization)
    MilestoneFactory(
        agreement=agreement,
        due_on=today - timedelta(days=3),
        responsible=other_organization,
        status=MilestoneStatus.CANCELLED,
    )

    first = notify_overdue_milestones.enqueue()
    second = notify_overdue_milestones.enqueue()

    assert [(result.status, result.return_value) for result in (first, second)] == [
        (TaskResultStatus.SUCCESSFUL, 1),
        (TaskResultStatus.SUCCESSFUL, 0),
    ]
    assert sorted(Notification.objects.values_list("recipient_id", "subject", "url")) == sorted(
        [
            (
                responsible_editor.pk,
                f"Milestone overdue: {overdue.title}",
                agreement.get_absolute_url(),
            ),
            (secretariat.pk, f"Milestone overdue: {overdue.title}", agreement.get_absolute_url()),
        ]
    )
