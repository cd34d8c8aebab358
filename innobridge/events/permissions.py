"""Who may do what with an event: everyone reads the calendar and programmes; signed-in
users register; the event's organizers (editors of its host, organizer and co-organizer
organizations) and the secretariat manage registrations, check-in and the B2B schedule."""

from __future__ import annotations

from typing import Any

from innobridge.accounts.permissions import is_member_user, is_secretariat, is_signed_in
from innobridge.events.choices import OrganizationRole

MANAGING_ROLES = (OrganizationRole.HOST, OrganizationRole.ORGANIZER, OrganizationRole.CO_ORGANIZER)


def can_create_event(user: Any) -> bool:
    return is_secretariat(user)


def managing_organization_ids(event: Any) -> set[int]:
    return {link.organization_id for link in event.organizers.all() if link.role in MANAGING_ROLES}


def can_manage_event(user: Any, event: Any) -> bool:
    """Registrations, check-in, slots, tables, interpreters and the schedule."""
    if is_secretariat(user):
        return True
    return is_member_user(user) and user.organization_id in managing_organization_ids(event)


def can_register(user: Any) -> bool:
    return is_signed_in(user)


def can_view_registration(user: Any, registration: Any) -> bool:
    """The participant, and whoever manages the event."""
    return is_signed_in(user) and (
        registration.user_id == user.pk or can_manage_event(user, registration.event)
    )


def can_take_part_in_meeting(user: Any, meeting: Any) -> bool:
    """One of the two sides of a meeting."""
    return is_signed_in(user) and user.pk in {meeting.requester.user_id, meeting.recipient.user_id}
