"""Validators for JSON fields shared by several apps, and the text they may hold."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KEYWORD_MAX_COUNT = 20
KEYWORD_MAX_LENGTH = 60
# A JSON body may escape half of a surrogate pair ("\ud800") on its own: Python keeps it as
# a lone surrogate, which no UTF-8 text holds (folding it for search raised
# UnicodeEncodeError, a 500). PostgreSQL refuses NUL in text and in JSON alike.
UNSTORABLE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def is_storable_text(value: str) -> bool:
    """True if every character of `value` can be encoded and stored: no NUL, no lone
    surrogate (a pair decoded from JSON is one character already)."""
    return UNSTORABLE_CHARACTERS.search(value) is None


def has_lone_surrogate(value: str) -> bool:
    return LONE_SURROGATE.search(value) is not None


def validate_keywords(value: object) -> None:
    """A list of at most 20 short, non-empty strings."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Keywords must be a list of words or phrases."), code="invalid")
    if len(value) > KEYWORD_MAX_COUNT:
        raise ValidationError(
            _("Give at most %(max)d keywords."), code="too_many", params={"max": KEYWORD_MAX_COUNT}
        )
    if not all(is_storable_text(keyword) for keyword in value):
        raise ValidationError(
            _("Keywords cannot hold NUL characters or lone surrogates."), code="unstorable"
        )
    for keyword in value:
        if not keyword.strip() or len(keyword) > KEYWORD_MAX_LENGTH:
            raise ValidationError(
                _("Each keyword needs 1 to %(max)d characters."),
                code="invalid_keyword",
                params={"max": KEYWORD_MAX_LENGTH},
            )
