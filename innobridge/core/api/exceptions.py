"""Turn Django's ValidationError from a service into the API's 400 with per-field errors."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings


def as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        messages = error.message_dict
        if NON_FIELD_ERRORS in messages:  # Django's "__all__" is DRF's "non_field_errors"
            messages[api_settings.NON_FIELD_ERRORS_KEY] = messages.pop(NON_FIELD_ERRORS)
        return serializers.ValidationError(messages)
    return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})
