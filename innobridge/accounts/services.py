"""Writes to accounts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobridge.accounts.choices import Role
from innobridge.accounts.models import ApiToken
from innobridge.accounts.permissions import is_secretariat


@transaction.atomic
def secretariat_user_create(*, email: str, password: str, organization_id: int | None = None):
    """A secretariat account: admin access and every secretariat right."""
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    validate_email(email)
    if User.objects.filter(email=email).exists():
        raise ValidationError(f"An account with the e-mail address {email} already exists.")
    user = User(email=email, role=Role.SECRETARIAT, is_staff=True, organization_id=organization_id)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


# --- API tokens -------------------------------------------------------------------------
# A key is `<prefix>.<secret>`: the prefix names it in lists (never enough to use it), and
# only the SHA-256 of the whole key is stored, so a copy of the database holds no key.


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`, expiring after API_TOKEN_DAYS, and its key (shown once)."""
    prefix = secrets.token_hex(4)
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=prefix,
        key_hash=hash_key(key),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    return token, key


def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token at once: its owner may, and the secretariat may revoke any."""
    if token.user_id != actor.pk and not is_secretariat(actor):
        raise PermissionDenied(_("You can only revoke your own API tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


# --- Erasing an account -----------------------------------------------------------------


@transaction.atomic
def account_erase(*, user, password: str) -> None:
    """Erase a user's personal data at their request: the account is kept, so that their
    organization's records, agreements and the change log still point at a user, but its
    name, address and password are gone (from the change log's copies too), it can no longer
    sign in, and its API tokens stop working."""
    if not user.check_password(password):
        raise ValidationError({"password": _("The password is wrong; nothing was erased.")})
    erased = {"email": f"erased-{user.pk}@erased.invalid", "first_name": "", "last_name": ""}
    for field, value in erased.items():
        setattr(user, field, value)
    user.preferred_language = ""
    user.is_active = False
    user.set_unusable_password()
    user._change_reason = "account erased at its owner's request"
    user.save()
    user.history.update(**erased)  # the change log keeps no password
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user
    )
