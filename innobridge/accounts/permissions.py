"""Who may do what. Every view, API endpoint and admin page asks these functions.

Kept free of other apps' models so any app can import it: an organization is compared
by primary key only.
"""

from __future__ import annotations

from typing import Any


def is_signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_secretariat(user: Any) -> bool:
    """Secretariat or site administrator."""
    return is_signed_in(user) and user.is_secretariat


def can_edit_organization(user: Any, organization: Any) -> bool:
    """The secretariat edits every organization; a member editor only their own."""
    if is_secretariat(user):
        return True
    return (
        is_signed_in(user)
        and organization.pk is not None
        and user.organization_id == organization.pk
    )


def is_member_user(user: Any) -> bool:
    """Signed in and belonging to a member or observer organization (not an applicant)."""
    organization = getattr(user, "organization", None) if is_signed_in(user) else None
    return organization is not None and organization.is_active_member


def can_view_contacts(user: Any) -> bool:
    """Contact people are shown to signed-in members and the secretariat, never to visitors."""
    return is_secretariat(user) or is_member_user(user)


def can_view_change_log(user: Any) -> bool:
    return is_secretariat(user)


def can_decide_applications(user: Any) -> bool:
    return is_secretariat(user)
