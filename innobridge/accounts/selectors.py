"""Reads of accounts: who holds which role, for notifications and commands."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.utils import timezone

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


# Never exported, even to their owner: secrets and what stands for them.
SECRET_FIELDS = frozenset({"password", "key_hash"})


def _as_json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _fields(instance: Model) -> dict[str, Any]:
    row = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        row[field.attname] = _as_json(getattr(instance, field.attname))
    return row


def personal_data(user: Any) -> dict[str, Any]:
    """Everything the platform holds about a user, for them to download: their account and
    every record of any app that refers to them (found through the user's relations, so a
    new app's records are included without this function knowing the app)."""
    related: dict[str, list[dict[str, Any]]] = {}
    for relation in get_user_model()._meta.get_fields():
        if not (relation.auto_created and not relation.concrete) or relation.hidden:
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        rows = model._default_manager.filter(**{relation.field.name: user}).order_by("pk")
        label = f"{model._meta.app_label}.{model._meta.model_name} ({relation.field.name})"
        if rows.exists():
            related[label] = [_fields(row) for row in rows]
    return {
        "exported_at": timezone.now().isoformat(),
        "account": _fields(user),
        "records": related,
    }
