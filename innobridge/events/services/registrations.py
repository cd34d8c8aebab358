"""Registrations: places, approval and the waiting list, changes and cancellation,
e-mails in each participant's language, and check-in with the registration's code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from innobridge.events import permissions
from innobridge.events.choices import (
    EventStatus,
    MeetingStatus,
    RegistrationStatus,
)
from innobridge.events.models import (
    Event,
    Meeting,
    MeetingSlot,
    Registration,
    Session,
)
from innobridge.events.qr import qr_attachment
from innobridge.events.services.common import (
    replan_if_scheduled,
    require_manager,
    require_not_over,
    save_validated,
)
from innobridge.marketplace.choices import ListingStatus
from innobridge.notifications.services import notify_each


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _place_status(event: Event) -> str:
    """Confirmed, awaiting approval, or on the waiting list when the event is full."""
    if event.capacity is not None and _confirmed_count(event) >= event.capacity:
        return RegistrationStatus.WAITLISTED
    if event.requires_approval:
        return RegistrationStatus.PENDING
    return RegistrationStatus.CONFIRMED


def _check_listings(user: Any, listings: Iterable[Any]) -> None:
    for listing in listings:
        if listing.owner_id != user.organization_id or listing.status != ListingStatus.PUBLISHED:
            raise ValidationError(
                _("“{title}” is not a published listing of your organization.").format(
                    title=listing.title
                )
            )


def registration_create(
    *,
    actor: Any,
    event: Event,
    languages: list[str],
    role: str = "",
    offers: Iterable[Any] = (),
    seeks: Iterable[Any] = (),
    sessions: Iterable[Session] | None = None,
) -> Registration:
    """Register the actor: confirmed, awaiting approval, or on the waiting list when full;
    told by e-mail in their language."""
    if not permissions.can_register(actor):
        raise PermissionDenied(_("Sign in to register."))
    offers, seeks = list(offers), list(seeks)
    _check_listings(actor, [*offers, *seeks])
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)  # one place at a time
        _check_registration_open(event)
        existing = Registration.objects.filter(event=event, user=actor).first()
        if existing is not None and existing.is_active:
            raise ValidationError(_("You are already registered for this event."))
        registration = existing or Registration(event=event, user=actor)
        registration.organization_id = actor.organization_id
        registration.role = role
        registration.languages = languages
        registration.status = _place_status(event)
        registration.checked_in_at = None
        save_validated(registration, actor=actor, reason="registration")
        registration.offers.set(offers)
        registration.seeks.set(seeks)
        registration.sessions.set(sessions if sessions is not None else event.sessions.all())
        _tell_registration(registration)
    return registration


def _check_registration_open(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event was cancelled."))
    if event.status != EventStatus.REGISTRATION_OPEN:
        raise ValidationError(_("Registration for this event is not open."))
    if event.registration_deadline and timezone.now() > event.registration_deadline:
        raise ValidationError(
            _("Registration closed on {date}.").format(
                date=date_format(
                    event.registration_deadline.astimezone(event.zone), "DATETIME_FORMAT"
                )
            )
        )


def registration_update(
    *,
    actor: Any,
    registration: Registration,
    languages: list[str] | None = None,
    role: str | None = None,
    offers: Iterable[Any] | None = None,
    seeks: Iterable[Any] | None = None,
    sessions: Iterable[Session] | None = None,
    unavailable_slots: Iterable[MeetingSlot] | None = None,
) -> Registration:
    """The participant changes what they speak, offer and seek, their sessions, and the
    slots when they cannot meet."""
    if registration.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the participant changes their registration."))
    event = registration.event
    if unavailable_slots is not None:
        require_not_over(event)
        slots = list(unavailable_slots)
        if any(slot.event_id != event.pk for slot in slots):
            raise ValidationError(_("These slots are not this event's."))
    if languages is not None:
        registration.languages = languages
    if role is not None:
        registration.role = role
    with transaction.atomic():
        save_validated(registration, actor=actor, reason="registration changed")
        if offers is not None or seeks is not None:
            _check_listings(actor, [*(offers or []), *(seeks or [])])
        if offers is not None:
            registration.offers.set(offers)
        if seeks is not None:
            registration.seeks.set(seeks)
        if sessions is not None:
            registration.sessions.set(sessions)
        if unavailable_slots is not None:
            registration.unavailable_slots.set(slots)
            replan_if_scheduled(event)
    return registration


def registration_cancel(*, actor: Any, registration: Registration) -> Registration:
    """Cancel a registration (the participant or an organizer): their meetings are
    cancelled, and the first on the waiting list moves up and is told."""
    if not permissions.can_view_registration(actor, registration):
        raise PermissionDenied(_("Only the participant or the organizers can cancel it."))
    if not registration.is_active:
        raise ValidationError(_("This registration is not active."))
    event = registration.event
    with transaction.atomic():
        held_place = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        save_validated(registration, actor=actor, reason="cancelled")
        meetings = Meeting.objects.filter(
            Q(requester=registration) | Q(recipient=registration),
            status__in=[MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED],
        )
        had_placed = meetings.filter(slot__isnull=False).exists()
        meetings.update(status=MeetingStatus.CANCELLED, slot=None, table=None, interpreter=None)
        if held_place:
            _move_up_from_waiting_list(event)
        if had_placed:
            replan_if_scheduled(event)
    return registration


def _move_up_from_waiting_list(event: Event) -> Registration | None:
    """The longest-waiting person gets the place (or, with approval, a pending one)."""
    waiting = (
        event.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    if event.capacity is not None and _confirmed_count(event) >= event.capacity:
        return None
    waiting.status = (
        RegistrationStatus.PENDING if event.requires_approval else RegistrationStatus.CONFIRMED
    )
    waiting.save(update_fields=["status", "updated_at"])
    _tell_registration(waiting, moved_up=True)
    return waiting


def registration_decide(*, actor: Any, registration: Registration, approve: bool) -> Registration:
    """The organizer approves (a place, or the waiting list when full) or declines."""
    require_manager(actor, registration.event)
    if registration.status != RegistrationStatus.PENDING:
        raise ValidationError(_("Only registrations awaiting approval can be decided."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        if approve:
            full = event.capacity is not None and _confirmed_count(event) >= event.capacity
            registration.status = (
                RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED
            )
        else:
            registration.status = RegistrationStatus.DECLINED
        save_validated(registration, actor=actor, reason="approved" if approve else "declined")
        _tell_registration(registration)
    return registration


def _tell_registration(registration: Registration, *, moved_up: bool = False) -> None:
    """The participant's e-mail and notification, in their language."""
    event = registration.event
    status = registration.status

    def message() -> tuple[str, str]:
        name = event.display_name
        if status == RegistrationStatus.CONFIRMED:
            lead = (
                _("A place became free and is yours: you are registered for “{event}”.")
                if moved_up
                else _("You are registered for “{event}”.")
            )
            body = "\n\n".join(
                [
                    lead.format(event=name),
                    _("Your check-in code: {code}. Show its QR code at the entrance.").format(
                        code=registration.code
                    ),
                ]
            )
            return _("Registered: {event}").format(event=name), body
        if status == RegistrationStatus.PENDING:
            return (
                _("Registration received: {event}").format(event=name),
                _("The organizers will confirm your registration for “{event}”.").format(
                    event=name
                ),
            )
        if status == RegistrationStatus.WAITLISTED:
            return (
                _("On the waiting list: {event}").format(event=name),
                _(
                    "“{event}” is full. You are on the waiting list and will be told if a "
                    "place becomes free."
                ).format(event=name),
            )
        return (
            _("Registration declined: {event}").format(event=name),
            _("The organizers could not accept your registration for “{event}”.").format(
                event=name
            ),
        )

    notify_each(
        recipients=[registration.user],
        message=message,
        url=lambda: registration_url(registration),
        attachments=[qr_attachment(registration.code)]
        if status == RegistrationStatus.CONFIRMED
        else [],
    )


def registration_url(registration: Registration) -> str:
    from django.urls import reverse

    return reverse("events:registration", args=[registration.event_id])


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    arrivals: int


def check_in(*, actor: Any, event: Event, code: str) -> CheckIn:
    """Admit the holder of a code once; a wrong, foreign or used code says so."""
    require_manager(actor, event)
    code = (code or "").strip().upper()
    if not code:
        raise ValidationError(_("Scan or type a check-in code."))
    with transaction.atomic():
        registration = (
            # Lock the registration alone: its organization is a nullable join.
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "user", "organization")
            .filter(code=code)
            .first()
        )
        if registration is None:
            raise ValidationError(_("No registration has the code {code}.").format(code=code))
        if registration.event_id != event.pk:
            raise ValidationError(
                _("The code {code} is for another event: {event}.").format(
                    code=code, event=registration.event.display_name
                )
            )
        if registration.status != RegistrationStatus.CONFIRMED:
            raise ValidationError(
                _("The registration {code} is “{status}”: not admitted.").format(
                    code=code, status=registration.get_status_display()
                )
            )
        if registration.checked_in_at is not None:
            raise ValidationError(
                _("The code {code} was already used, at {time}.").format(
                    code=code,
                    time=date_format(
                        registration.checked_in_at.astimezone(event.zone), "TIME_FORMAT"
                    ),
                )
            )
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
    arrivals = event.registrations.filter(checked_in_at__isnull=False).count()
    return CheckIn(registration=registration, arrivals=arrivals)
