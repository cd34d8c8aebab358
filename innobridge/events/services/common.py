"""What the events services share: saving with the change log, the checks every
organizer action makes, and re-planning the schedule after a change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from innobridge.core.tasks import queue_after_commit
from innobridge.events import permissions
from innobridge.events.choices import (
    EventStatus,
)
from innobridge.events.models import (
    Event,
    ScheduleRun,
)

RUN_SCHEDULE = "innobridge.events.tasks.run_schedule"


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def save_validated(instance: Any, *, actor: Any, reason: str = "") -> None:
    instance.full_clean()
    instance._history_user = user_or_none(actor)
    instance._change_reason = reason
    instance.save()


def person_name(user: Any) -> str:
    return user.get_full_name() or user.email


def require_manager(actor: Any, event: Event) -> None:
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("Only the event's organizers and the secretariat can do this."))


def require_not_over(event: Event) -> None:
    if event.status == EventStatus.HELD:
        raise ValidationError(_("The event has been held: its schedule no longer changes."))
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event was cancelled."))


def agenda_url(event: Event) -> str:
    from django.urls import reverse

    return reverse("events:meetings", args=[event.pk])


def replan_if_scheduled(event: Event) -> None:
    """After a change that touches the schedule, re-plan it (if there is one already)."""
    if event.meetings.filter(slot__isnull=False).exists():
        run = ScheduleRun.objects.create(event=event, requested_by=None)
        queue_after_commit(RUN_SCHEDULE, run.pk)
