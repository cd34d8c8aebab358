"""The B2B schedule: the worker runs the scheduler (events.scheduling) on an event's
accepted meetings and stores what it placed, telling the people whose meetings changed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobridge.core.tasks import queue_after_commit
from innobridge.events.choices import (
    MeetingStatus,
    RegistrationStatus,
    RunStatus,
)
from innobridge.events.models import (
    Event,
    Meeting,
    Registration,
    ScheduleRun,
)
from innobridge.events.services.common import (
    RUN_SCHEDULE,
    agenda_url,
    require_manager,
    require_not_over,
    user_or_none,
)
from innobridge.notifications.services import notify_each


def schedule_request(*, actor: Any, event: Event) -> ScheduleRun:
    """Queue a run of the scheduler for the worker; the page shows its progress."""
    require_manager(actor, event)
    require_not_over(event)
    if not event.slots.exists() or not event.tables.exists():
        raise ValidationError(_("Add meeting slots and tables before scheduling."))
    run = ScheduleRun.objects.create(event=event, requested_by=user_or_none(actor))
    queue_after_commit(RUN_SCHEDULE, run.pk)
    return run


def _languages_of(registration: Registration) -> list[str]:
    """What a participant speaks; their interface language when they said nothing."""
    return registration.languages or [registration.user.preferred_language or "en"]


def scheduling_input(event: Event) -> tuple[Any, dict[int, Any]]:
    """The scheduler's view of an event: accepted meetings between confirmed participants,
    slots, tables, interpreters and who is unavailable when; and the current placement."""
    from innobridge.events import scheduling

    meetings = list(
        event.meetings.filter(
            status=MeetingStatus.ACCEPTED,
            requester__status=RegistrationStatus.CONFIRMED,
            recipient__status=RegistrationStatus.CONFIRMED,
        ).select_related("requester__user", "recipient__user")
    )
    registrations = {m.requester_id: m.requester for m in meetings}
    registrations.update({m.recipient_id: m.recipient for m in meetings})
    unavailable: dict[int, set[int]] = {pk: set() for pk in registrations}
    for registration_id, slot_id in Registration.unavailable_slots.through.objects.filter(
        registration_id__in=list(registrations)
    ).values_list("registration_id", "meetingslot_id"):
        unavailable[registration_id].add(slot_id)
    interpreters = list(event.interpreters.prefetch_related("unavailable_slots"))
    problem = scheduling.Event(
        participants=tuple(
            scheduling.Participant(
                id=pk, languages=frozenset(_languages_of(r)), unavailable_slots=unavailable[pk]
            )
            for pk, r in registrations.items()
        ),
        slots=tuple(
            scheduling.Slot(id=slot.pk, order=order)
            for order, slot in enumerate(event.slots.order_by("starts_at", "pk"))
        ),
        tables=tuple(scheduling.Table(id=table.pk) for table in event.tables.all()),
        interpreters=tuple(
            scheduling.Interpreter(
                id=interpreter.pk,
                language_pairs=frozenset(frozenset(pair) for pair in interpreter.language_pairs),
                unavailable_slots=frozenset(s.pk for s in interpreter.unavailable_slots.all()),
            )
            for interpreter in interpreters
        ),
        requests=tuple(
            scheduling.MeetingRequest(
                id=m.pk,
                participant_a=m.requester_id,
                participant_b=m.recipient_id,
                score=max(m.score, MINIMUM_SCORE),
                priority_a=m.requester_priority,
                priority_b=m.recipient_priority,
            )
            for m in meetings
        ),
        max_meetings_per_participant=event.max_meetings_per_participant,
    )
    current = {
        m.pk: scheduling.Placement(slot=m.slot_id, table=m.table_id, interpreter=m.interpreter_id)
        for m in meetings
        if m.slot_id is not None and m.table_id is not None
    }
    return problem, current


# A meeting both sides accepted is worth something even when the engine saw no match.
MINIMUM_SCORE = 0.01


def schedule_execute(
    run: ScheduleRun, *, time_limit: float | None = None, past: bool = False
) -> ScheduleRun:
    """Run the scheduler for the run's event and store its placements: meetings that can
    stay where they are stay; the people whose meetings were added, moved or dropped are
    told. Called by the worker (tasks.run_schedule). A run whose event was held or
    cancelled while it waited fails and changes nothing; `past=True` lets the demo write
    the schedule a held event had."""
    from django.conf import settings

    from innobridge.events import scheduling

    event = run.event
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    limit = time_limit if time_limit is not None else settings.EVENTS_SCHEDULE_SECONDS
    try:
        if not past:
            require_not_over(event)  # queued before the event was held or cancelled
        problem, current = scheduling_input(event)
        result = scheduling.schedule_meetings(event=problem, current=current, time_limit=limit)
    except Exception as error:
        # The organizer sees the run failed (and why) instead of a run "running" forever;
        # the worker records the traceback in the task result.
        run.status = RunStatus.FAILED
        run.message = " ".join(getattr(error, "messages", [str(error)]))[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    changed = set(result.changes.added) | set(result.changes.moved) | set(result.changes.removed)
    with transaction.atomic():
        for meeting in event.meetings.filter(status=MeetingStatus.ACCEPTED):
            placement = result.placements.get(meeting.pk)
            meeting.slot_id = placement.slot if placement else None
            meeting.table_id = placement.table if placement else None
            meeting.interpreter_id = placement.interpreter if placement else None
            meeting.save(update_fields=["slot", "table", "interpreter", "updated_at"])
        run.status = RunStatus.DONE
        run.solver_status = result.status.value
        run.placed = len(result.placements)
        run.unplaced = len(result.unplaced)
        run.moved = len(result.changes.moved)
        run.objective = result.objective
        run.bound = result.bound if result.bound is not None else result.objective
        run.gap = result.gap or 0.0
        run.seconds = result.seconds
        run.finished_at = timezone.now()
        run.save()
        _tell_schedule_changes(event, changed)
    return run


def _tell_schedule_changes(event: Event, meeting_ids: set[int]) -> None:
    if not meeting_ids:
        return
    people = {}
    for meeting in Meeting.objects.filter(pk__in=meeting_ids).select_related(
        "requester__user", "recipient__user"
    ):
        people[meeting.requester.user_id] = meeting.requester.user
        people[meeting.recipient.user_id] = meeting.recipient.user
    notify_each(
        recipients=people.values(),
        message=lambda: (
            _("Your meetings at {event} changed").format(event=event.display_name),
            _("Your B2B meeting schedule at “{event}” changed: see your agenda.").format(
                event=event.display_name
            ),
        ),
        url=lambda: agenda_url(event),
    )
