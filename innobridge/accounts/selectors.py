"""Reads of accounts: who holds which role, for notifications and commands."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from innobridge.accounts.choices import Role
from innobridge.accounts.models import ApiToken
from innobridge.accounts.permissions import is_secretariat

# The roles that run the alliance's platform (accounts.permissions.is_secretariat).
SECRETARIAT_ROLES = (Role.SECRETARIAT, Role.SITE_ADMIN)


def secretariat_users() -> QuerySet:
    """Active users of the secretariat, site administrators included, oldest first."""
    return (
        get_user_model().objects.filter(is_active=True, role__in=SECRETARIAT_ROLES).order_by("pk")
    )


def organization_editors(organization_ids: Iterable[int]) -> QuerySet:
    """Active member editors of these organizations."""
    return get_user_model().objects.filter(
        organization_id__in=list(organization_ids), is_active=True, role=Role.MEMBER_EDITOR
    )


def secretariat_actor(email: str | None = None):
    """Whom a command acts as: the secretariat user with this e-mail address, or, with
    none given, the first one; None if there is no such user."""
    users = secretariat_users()
    return users.filter(email__iexact=email).first() if email else users.first()


def tokens_visible_to(user) -> QuerySet:
    """API tokens a user may list and revoke: the secretariat every one, others their own."""
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    return tokens if is_secretariat(user) else tokens.filter(user=user)
