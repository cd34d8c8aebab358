"""API authentication: `Authorization: Token <key>` with a key of ApiToken (services.py
issues them). Unknown, revoked and expired keys are refused with a message saying which."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from innobridge.accounts.models import ApiToken
from innobridge.accounts.services import hash_key

# How often (seconds) a token's last use is written: not on every call.
LAST_USED_PRECISION = 60


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` with a key of ApiToken: unknown, revoked and expired
    keys are refused with a message that says which."""

    def authenticate_credentials(self, key: str):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        now = timezone.now()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("This token expired; ask for a new one at /api/v1/auth/token/.")
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > (
            LAST_USED_PRECISION
        ):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
