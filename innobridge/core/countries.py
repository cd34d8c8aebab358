"""Countries: ISO 3166-1 alpha-2 validation (pycountry) and names in the UI language (babel)."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from innobridge.core.languages import babel_locale, current_language


@lru_cache(maxsize=512)
def is_country_code(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-2 code such as 'VN' (upper case only)."""
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def validate_country_code(value: str) -> None:
    """Model and serializer validator: reject anything but an assigned alpha-2 code."""
    if not is_country_code(value or ""):
        raise ValidationError(
            _("“%(value)s” is not an ISO 3166-1 alpha-2 country code (for example VN or CN)."),
            code="invalid_country",
            params={"value": value},
        )


@lru_cache(maxsize=4096)
def _country_name(code: str, language: str) -> str:
    name = babel_locale(language).territories.get(code)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in `language` (default: the active UI language)."""
    return _country_name(code, language or current_language())


def country_choices(codes: list[str] | None = None) -> list[tuple[str, str]]:
    """(code, localized name) pairs sorted by name; all ISO countries unless `codes` given."""
    if codes is None:
        codes = [country.alpha_2 for country in pycountry.countries]
    return sorted(((code, country_name(code)) for code in codes), key=lambda p: p[1])
