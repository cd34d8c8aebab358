"""Events and their programme: recording, dates, organizers, status, sessions, meeting
slots, tables and interpreters; agreements signed at an event link to it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from innobridge.agreements.models import Agreement
from innobridge.core.text import fold_for_search
from innobridge.events import permissions
from innobridge.events.choices import (
    ALLOWED_STATUS_CHANGES,
    EventStatus,
    OrganizationRole,
    RegistrationStatus,
)
from innobridge.events.models import (
    Event,
    EventOrganization,
    Interpreter,
    MeetingSlot,
    MeetingTable,
    Session,
    SessionPerson,
)
from innobridge.events.services.common import (
    require_manager,
    require_not_over,
    save_validated,
)
from innobridge.notifications.services import notify_each


@dataclass(frozen=True)
class OrganizerInput:
    organization: Any
    role: str


def event_create(
    *,
    actor: Any,
    data: dict[str, Any],
    organizers: Sequence[OrganizerInput] = (),
    work_areas: Iterable[Any] = (),
    documents: Iterable[Any] = (),
) -> Event:
    """Record an event (the secretariat); agreements whose text names it link to it."""
    if not permissions.can_create_event(actor):
        raise PermissionDenied(_("Only the secretariat adds events to the calendar."))
    event = Event(**data)
    with transaction.atomic():
        save_validated(event, actor=actor)
        _set_organizers(event, organizers)
        event.work_areas.set(work_areas)
        event.documents.set(documents)
        link_signed_agreements(event)
    return event


def _set_organizers(event: Event, organizers: Sequence[OrganizerInput]) -> None:
    bad = [o.role for o in organizers if o.role not in OrganizationRole.values]
    if bad:
        raise ValidationError({"organizers": _("Unknown role: {role}.").format(role=bad[0])})
    EventOrganization.objects.filter(event=event).delete()
    seen: set[tuple[int, str]] = set()
    for organizer in organizers:
        key = (organizer.organization.pk, organizer.role)
        if key not in seen:
            seen.add(key)
            EventOrganization.objects.create(
                event=event, organization=organizer.organization, role=organizer.role
            )


def event_update(
    *,
    actor: Any,
    event: Event,
    data: dict[str, Any],
    organizers: Sequence[OrganizerInput] | None = None,
    work_areas: Iterable[Any] | None = None,
    documents: Iterable[Any] | None = None,
) -> Event:
    require_manager(actor, event)
    for name, value in data.items():
        setattr(event, name, value)
    with transaction.atomic():
        _check_programme_fits(event)
        save_validated(event, actor=actor)
        if organizers is not None:
            _set_organizers(event, organizers)
        if work_areas is not None:
            event.work_areas.set(work_areas)
        if documents is not None:
            event.documents.set(documents)
        link_signed_agreements(event)
    return event


def _check_programme_fits(event: Event) -> None:
    """New dates must keep the programme and the meeting slots inside the event."""
    if event.pk is None:
        return
    first, last = _event_day_bounds(event)
    outside = event.sessions.filter(Q(starts_at__lt=first) | Q(ends_at__gt=last)).count()
    outside += event.slots.filter(Q(starts_at__lt=first) | Q(ends_at__gt=last)).count()
    if outside:
        raise ValidationError(
            _("{count} sessions or meeting slots would fall outside the new dates.").format(
                count=outside
            )
        )


def event_set_status(*, actor: Any, event: Event, status: str) -> Event:
    """Move an event along its statuses; cancelling tells every registered participant."""
    require_manager(actor, event)
    if status not in ALLOWED_STATUS_CHANGES.get(event.status, set()):
        raise ValidationError(
            _("An event that is “{current}” cannot become “{target}”.").format(
                current=event.get_status_display(), target=EventStatus(status).label
            )
        )
    event.status = status
    with transaction.atomic():
        save_validated(event, actor=actor, reason=f"status: {status}")
        if status == EventStatus.CANCELLED:
            active = event.registrations.exclude(
                status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED]
            ).select_related("user")
            notify_each(
                recipients=[r.user for r in active],
                message=lambda: (
                    _("Cancelled: {event}").format(event=event.display_name),
                    _("The event “{event}” was cancelled.").format(event=event.display_name),
                ),
                url=event.get_absolute_url,
            )
    return event


def link_signed_agreements(event: Event) -> int:
    """Agreements whose “signed at” text names this event (in any of its names, any
    Chinese script, any case) now refer to it, and the text goes. Returns how many."""
    names = {fold_for_search(name) for name in [event.name, *event.translated_names.values()]}
    names.discard("")
    linked = 0
    for agreement in Agreement.objects.filter(signed_at__isnull=True).exclude(signed_at_event=""):
        if fold_for_search(agreement.signed_at_event) in names:
            Agreement.objects.filter(pk=agreement.pk).update(signed_at=event, signed_at_event="")
            linked += 1
    return linked


def _event_day_bounds(event: Event) -> tuple[datetime, datetime]:
    """From the first day's midnight to the last day's end, in the venue's time zone."""
    zone = event.zone
    first = datetime.combine(event.starts_at.astimezone(zone).date(), time.min, tzinfo=zone)
    last = datetime.combine(event.ends_at.astimezone(zone).date(), time.max, tzinfo=zone)
    return first, last


def _check_within_event(event: Event, starts_at: datetime, ends_at: datetime, what: str) -> None:
    first, last = _event_day_bounds(event)
    if starts_at < first or ends_at > last:
        raise ValidationError(
            _("The {what} must fall within the event's dates, {start} to {end}.").format(
                what=what,
                start=date_format(first.date(), "DATE_FORMAT"),
                end=date_format(last.date(), "DATE_FORMAT"),
            )
        )


def session_save(
    *,
    actor: Any,
    event: Event,
    data: dict[str, Any],
    people: Sequence[dict[str, Any]] = (),
    session: Session | None = None,
) -> Session:
    """Add or change a session: inside the event's dates, not overlapping another session
    in the same room."""
    require_manager(actor, event)
    session = session or Session(event=event)
    for name, value in data.items():
        setattr(session, name, value)
    session.full_clean()
    _check_within_event(event, session.starts_at, session.ends_at, _("session"))
    if session.room:
        clash = (
            event.sessions.filter(
                room=session.room, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at
            )
            .exclude(pk=session.pk)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("“{room}” is already taken by “{title}” at that time.").format(
                    room=session.room, title=clash.title
                )
            )
    with transaction.atomic():
        save_validated(session, actor=actor)
        if people:
            session.people.all().delete()
            for order, person in enumerate(people):
                SessionPerson.objects.create(session=session, sort_order=order, **person)
    return session


def slot_add(*, actor: Any, event: Event, starts_at: datetime, ends_at: datetime) -> MeetingSlot:
    """A meeting slot inside the event, not overlapping another slot."""
    require_manager(actor, event)
    require_not_over(event)
    slot = MeetingSlot(event=event, starts_at=starts_at, ends_at=ends_at)
    slot.full_clean()
    _check_within_event(event, starts_at, ends_at, _("meeting slot"))
    if event.slots.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
        raise ValidationError(_("This slot overlaps another meeting slot."))
    slot.save()
    return slot


def table_add(*, actor: Any, event: Event, name: str, online_url: str = "") -> MeetingTable:
    require_manager(actor, event)
    require_not_over(event)
    table = MeetingTable(event=event, name=name, online_url=online_url)
    table.full_clean()
    table.save()
    return table


def interpreter_save(
    *,
    actor: Any,
    event: Event,
    name: str,
    language_pairs: list[list[str]],
    unavailable_slots: Iterable[MeetingSlot] = (),
    interpreter: Interpreter | None = None,
) -> Interpreter:
    """Register (or change) an interpreter with the language pairs they cover."""
    require_manager(actor, event)
    require_not_over(event)
    slots = list(unavailable_slots)
    if any(slot.event_id != event.pk for slot in slots):
        raise ValidationError(_("These slots are not this event's."))
    interpreter = interpreter or Interpreter(event=event)
    interpreter.name = name
    interpreter.language_pairs = [list(pair) for pair in language_pairs]
    interpreter.full_clean()
    with transaction.atomic():
        interpreter.save()
        interpreter.unavailable_slots.set(slots)
    return interpreter
