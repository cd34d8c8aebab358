"""Time zones of publish times: an IANA name (Asia/Shanghai) or a fixed offset (+07:00)."""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_OFFSET_RE = re.compile(r"([+-])(\d{2}):(\d{2})")


def zone_info(name: str) -> tzinfo:
    """The tzinfo of a stored time zone; settings.TIME_ZONE when the name is unknown."""
    match = _OFFSET_RE.fullmatch(name or "")
    if match:
        minutes = int(match.group(2)) * 60 + int(match.group(3))
        return timezone(timedelta(minutes=minutes if match.group(1) == "+" else -minutes))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def validate_time_zone(value: str) -> None:
    if _OFFSET_RE.fullmatch(value or ""):
        return
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("“%(value)s” is not a time zone."), code="invalid_time_zone", params={"value": value}
        ) from exc
