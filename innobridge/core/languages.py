"""Language codes used for UI and for content, and their names in any UI language.

UI languages come from settings.LANGUAGES. Content (organization names, later listings)
can be in many more languages than the UI, so it has its own, wider list.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils.translation import get_language, to_locale

CONTENT_LANGUAGE_CODES: tuple[str, ...] = (
    "en", "zh-hans", "zh-hant", "vi", "ru", "ar", "th", "id", "ms", "km", "lo", "my",
    "kk", "uz", "ky", "tg", "mn", "tr", "az", "hy", "ka", "fa", "ur", "hi", "bn", "ne",
    "si", "ta", "hu", "pl", "cs", "sk", "sr", "bg", "ro", "el", "uk", "be", "fr", "es",
    "pt", "de", "it", "ja", "ko", "sw", "am", "ha",
)  # fmt: skip


def ui_language_codes() -> list[str]:
    """Codes of the languages the interface is translated into."""
    return [code for code, _name in settings.LANGUAGES]


@lru_cache(maxsize=128)
def babel_locale(language_code: str) -> Locale:
    """Babel's locale for a Django language code ('zh-hant' -> zh_Hant); English if unknown."""
    try:
        return Locale.parse(to_locale(language_code))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def current_language() -> str:
    """The active UI language, or the default one outside a request."""
    return get_language() or settings.LANGUAGE_CODE


@lru_cache(maxsize=4096)
def language_name(code: str, in_language: str) -> str:
    """The name of content language `code`, written in UI language `in_language`."""
    name = babel_locale(in_language).languages.get(to_locale(code).split("_")[0])
    if code in {"zh-hans", "zh-hant"}:
        script = babel_locale(in_language).scripts.get("Hans" if code == "zh-hans" else "Hant")
        base = babel_locale(in_language).languages.get("zh", code)
        return f"{base} ({script})" if script else base
    return name or code


def content_language_choices() -> list[tuple[str, str]]:
    """Choices for a content-language field, named in the current UI language."""
    ui = current_language()
    return sorted(
        ((code, language_name(code, ui)) for code in CONTENT_LANGUAGE_CODES),
        key=lambda pair: pair[1].casefold(),
    )
