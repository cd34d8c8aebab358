"""How the API answers errors: one DRF exception handler for every endpoint.

Services raise Django's ValidationError (a 400 with per-field messages, as_api_error);
deleting something still referred to raises ProtectedError or RestrictedError (a 409 that
says what refers to it). Views call services directly and let these reach the handler.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.db.models.options import Options
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        messages = error.message_dict
        if NON_FIELD_ERRORS in messages:  # Django's "__all__" is DRF's "non_field_errors"
            messages[api_settings.NON_FIELD_ERRORS_KEY] = messages.pop(NON_FIELD_ERRORS)
        return serializers.ValidationError(messages)
    return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})


def still_referred_message(error: ProtectedError | RestrictedError) -> str:
    """What the database would not delete, counted by kind and app: "It cannot be deleted:
    it is still referred to by 2 parties (Agreements)."."""
    objects = (
        error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    )
    counts: Counter[Options] = Counter(obj._meta for obj in objects)
    things = ", ".join(
        f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
        f" ({meta.app_config.verbose_name})"
        for meta, count in counts.items()
    )
    return _("It cannot be deleted: it is still referred to by {things}.").format(things=things)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_api_error(exc)
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": still_referred_message(exc)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
