"""B2B meetings from request to answer to outcome, and follow-up in the marketplace."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from innobridge.agreements import permissions as agreement_permissions
from innobridge.events import permissions
from innobridge.events.choices import (
    EventStatus,
    MeetingStatus,
    RegistrationStatus,
)
from innobridge.events.models import (
    Event,
    Meeting,
    Registration,
)
from innobridge.events.services.common import (
    agenda_url,
    person_name,
    replan_if_scheduled,
    require_not_over,
    save_validated,
)
from innobridge.notifications.services import notify_each


def _active_registration(event: Event, user: Any) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None  # a visitor has no registration (and no id to filter by)
    return event.registrations.filter(user=user, status=RegistrationStatus.CONFIRMED).first()


def meeting_request(
    *,
    actor: Any,
    event: Event,
    recipient: Registration,
    message: str = "",
    priority: int = 2,
) -> Meeting:
    """Ask another participant for a meeting (not oneself, not one's own organization, not
    twice), before the requests close; scored by the matchmaking engine."""
    from innobridge.events.selectors import partner_score

    require_not_over(event)
    requester = _active_registration(event, actor)
    if requester is None:
        raise ValidationError(_("Register for the event before asking for meetings."))
    if recipient.event_id != event.pk or recipient.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("This person is not registered for the event."))
    if recipient.user_id == actor.pk:
        raise ValidationError(_("You cannot ask yourself for a meeting."))
    if requester.organization_id and recipient.organization_id == requester.organization_id:
        raise ValidationError(_("This person is from your own organization."))
    if event.meeting_request_deadline and timezone.now() > event.meeting_request_deadline:
        raise ValidationError(_("Meeting requests for this event have closed."))
    between = Meeting.objects.filter(
        Q(requester=requester, recipient=recipient) | Q(requester=recipient, recipient=requester)
    ).exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.DECLINED])
    if between.filter(requester=requester).exists():
        raise ValidationError(_("You have already asked for this meeting."))
    if between.exists():
        raise ValidationError(_("They have already asked you: answer their request instead."))
    meeting = Meeting.objects.filter(requester=requester, recipient=recipient).first() or Meeting(
        event=event, requester=requester, recipient=recipient
    )
    meeting.message = message
    meeting.status = MeetingStatus.REQUESTED
    meeting.requester_priority = priority
    meeting.score = partner_score(requester, recipient).score
    meeting.answered_at = None
    with transaction.atomic():
        save_validated(meeting, actor=actor, reason="requested")
        notify_each(
            recipients=[recipient.user],
            message=lambda: (
                _("Meeting request at {event}").format(event=event.display_name),
                _("{name} asks for a meeting: {message}").format(
                    name=person_name(requester.user),
                    message=message or "—",
                ),
            ),
            url=lambda: agenda_url(event),
        )
    return meeting


def meeting_answer(*, actor: Any, meeting: Meeting, accept: bool, priority: int = 2) -> Meeting:
    """The one asked accepts or declines; the one who asked is told. An acceptance is
    placed by the next schedule run (at once if the event has a schedule already)."""
    if meeting.recipient.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the person asked can answer."))
    require_not_over(meeting.event)
    if meeting.status != MeetingStatus.REQUESTED:
        raise ValidationError(_("This request was already answered."))
    meeting.status = MeetingStatus.ACCEPTED if accept else MeetingStatus.DECLINED
    meeting.recipient_priority = priority
    meeting.answered_at = timezone.now()
    with transaction.atomic():
        save_validated(meeting, actor=actor, reason="accepted" if accept else "declined")
        event = meeting.event
        notify_each(
            recipients=[meeting.requester.user],
            message=lambda: (
                (
                    _("Meeting accepted at {event}") if accept else _("Meeting declined at {event}")
                ).format(event=event.display_name),
                (
                    _("{name} accepted your meeting request.")
                    if accept
                    else _("{name} declined your meeting request.")
                ).format(name=person_name(meeting.recipient.user)),
            ),
            url=lambda: agenda_url(event),
        )
        if accept:
            replan_if_scheduled(event)
    return meeting


def meeting_cancel(*, actor: Any, meeting: Meeting) -> Meeting:
    """Either side calls a meeting off; the other side is told, the schedule re-planned."""
    if not permissions.can_take_part_in_meeting(actor, meeting):
        raise PermissionDenied(_("Only the two sides can cancel a meeting."))
    require_not_over(meeting.event)
    if meeting.status not in (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED):
        raise ValidationError(_("This meeting is not on."))
    was_placed = meeting.is_placed
    meeting.status = MeetingStatus.CANCELLED
    meeting.slot = meeting.table = meeting.interpreter = None
    other = meeting.recipient if meeting.requester.user_id == actor.pk else meeting.requester
    with transaction.atomic():
        save_validated(meeting, actor=actor, reason="cancelled")
        event = meeting.event
        notify_each(
            recipients=[other.user],
            message=lambda: (
                _("Meeting cancelled at {event}").format(event=event.display_name),
                _("{name} cancelled your meeting.").format(name=person_name(actor)),
            ),
            url=lambda: agenda_url(event),
        )
        if was_placed:
            replan_if_scheduled(event)
    return meeting


def meeting_record_outcome(
    *, actor: Any, meeting: Meeting, held: bool, follow_up: bool = False
) -> Meeting:
    """After the meeting, each side says whether it took place and whether they follow up."""
    if not permissions.can_take_part_in_meeting(actor, meeting):
        raise PermissionDenied(_("Only the two sides record a meeting's outcome."))
    if meeting.status != MeetingStatus.ACCEPTED or meeting.slot is None:
        raise ValidationError(_("Only scheduled meetings have an outcome."))
    if meeting.slot.starts_at > timezone.now() and meeting.event.status != EventStatus.HELD:
        raise ValidationError(_("The meeting has not taken place yet."))
    if meeting.requester.user_id == actor.pk:
        meeting.held_by_requester, meeting.follow_up_by_requester = held, follow_up and held
    else:
        meeting.held_by_recipient, meeting.follow_up_by_recipient = held, follow_up and held
    save_validated(meeting, actor=actor, reason="outcome")
    return meeting


def meeting_follow_up_as_interest(*, actor: Any, meeting: Meeting, message: str) -> Any:
    """Turn a held meeting into an expression of interest in the other side's best-matching
    listing (the marketplace's usual workflow follows), keeping the link."""
    from innobridge.events.selectors import partner_score
    from innobridge.marketplace.services import interest_express

    if not permissions.can_take_part_in_meeting(actor, meeting):
        raise PermissionDenied(_("Only the two sides follow up a meeting."))
    if not meeting.held:
        raise ValidationError(_("Only a meeting that took place can be followed up."))
    mine = meeting.requester if meeting.requester.user_id == actor.pk else meeting.recipient
    theirs = meeting.recipient if mine is meeting.requester else meeting.requester
    match = partner_score(mine, theirs)
    if match.their_listing is None:
        raise ValidationError(_("The other side has no listing to express interest in."))
    with transaction.atomic():
        interest = interest_express(listing=match.their_listing, actor=actor, message=message)
        meeting.interest = interest
        meeting.save(update_fields=["interest", "updated_at"])
    return interest


def meeting_follow_up_as_agreement(*, actor: Any, meeting: Meeting, agreement: Any) -> Meeting:
    """Record that a held meeting led to an agreement (one the actor may edit, so a party's
    editor or the secretariat), keeping the link for the funnel and the event's report."""
    if not permissions.can_take_part_in_meeting(actor, meeting):
        raise PermissionDenied(_("Only the two sides follow up a meeting."))
    if not meeting.held:
        raise ValidationError(_("Only a meeting that took place can be followed up."))
    if not agreement_permissions.can_edit_agreement(actor, agreement):
        raise ValidationError(_("Link an agreement your organization is a party to."))
    meeting.agreement = agreement
    save_validated(meeting, actor=actor, reason="led to an agreement")
    return meeting


def meeting_requests_expire(*, now: Any = None) -> int:
    """Requests nobody answered by the event's deadline for requests expire, and the one
    who asked is told; returns how many expired."""
    now = now or timezone.now()
    expiring = list(
        Meeting.objects.filter(
            status=MeetingStatus.REQUESTED,
            event__meeting_request_deadline__lt=now,
        ).select_related("event", "requester__user", "recipient__user")
    )
    for meeting in expiring:
        meeting.status = MeetingStatus.EXPIRED
        with transaction.atomic():
            save_validated(meeting, actor=None, reason="expired at the deadline")
            event, recipient = meeting.event, meeting.recipient
            notify_each(
                recipients=[meeting.requester.user],
                message=lambda event=event, recipient=recipient: (
                    _("Meeting request expired at {event}").format(event=event.display_name),
                    _("{name} did not answer your request before the deadline.").format(
                        name=person_name(recipient.user)
                    ),
                ),
                url=lambda event=event: agenda_url(event),
            )
    return len(expiring)
