"""Validators for list-shaped JSON fields shared by several apps."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KEYWORD_MAX_COUNT = 20
KEYWORD_MAX_LENGTH = 60


def validate_keywords(value: object) -> None:
    """A list of at most 20 short, non-empty strings."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Keywords must be a list of words or phrases."), code="invalid")
    if len(value) > KEYWORD_MAX_COUNT:
        raise ValidationError(
            _("Give at most %(max)d keywords."), code="too_many", params={"max": KEYWORD_MAX_COUNT}
        )
    for keyword in value:
        if not keyword.strip() or len(keyword) > KEYWORD_MAX_LENGTH:
            raise ValidationError(
                _("Each keyword needs 1 to %(max)d characters."),
                code="invalid_keyword",
                params={"max": KEYWORD_MAX_LENGTH},
            )
