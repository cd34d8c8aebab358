"""Language codes used for UI and for content, and their names in any UI language.

UI languages come from settings.LANGUAGES. Content (organization names, later listings)
can be in many more languages than the UI, so it has its own, wider list.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
from django.conf import settings
from django.utils.translation import get_language, to_locale

CONTENT_LANGUAGE_CODES: tuple[str, ...] = (
    "en", "zh-hans", "zh-hant", "vi", "ru", "ar", "th", "id", "ms", "km", "lo", "my",
    "kk", "uz", "ky", "tg", "mn", "tr", "az", "hy", "ka", "fa", "ur", "hi", "bn", "ne",
    "si", "ta", "hu", "pl", "cs", "sk", "sr", "bg", "ro", "el", "uk", "be", "fr", "es",
    "pt", "de", "it", "ja", "ko", "sw", "am", "ha",
)  # fmt: skip
_CONTENT_CODES = frozenset(CONTENT_LANGUAGE_CODES)

# Languages written right to left (in their usual script): Arabic, Persian, Urdu, Hebrew...
RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "ps", "sd", "ug", "yi", "dv", "ckb"})


@lru_cache(maxsize=4096)
def canonical_language(tag: str | None) -> str | None:
    """The content-language code a BCP 47 tag stands for, or None when it is not one we keep.

    Tags arrive as people and programs write them: in any case, with `_` or `-`, with a
    region or a script (`zh-TW`, `zh_Hant_HK`, `ZH-HANS`, `vi-VN`, `pt-BR`), with extensions
    (`en-US-u-ca-gregory`) and as deprecated codes (`iw`, `in`). We store one form, the code
    of CONTENT_LANGUAGE_CODES, so filters and the lexical language family compare equal
    strings. Chinese is told apart by its script, taken from the region when the tag names
    none (CLDR's likely subtags: TW, HK, MO → Traditional; CN, SG → Simplified).
    """
    text = (tag or "").strip().replace("_", "-")
    if not text:
        return None
    if text.lower() in _CONTENT_CODES:
        return text.lower()
    subtags = text.split("-")
    for index, subtag in enumerate(subtags):  # a singleton starts extensions or private use
        if len(subtag) == 1:
            subtags = subtags[:index]
            break
    try:
        language, territory, script, *_rest = parse_locale("-".join(subtags[:3]), sep="-")
    except ValueError:
        return None
    language = _language_alias(language)
    if language == "zh":
        script = script or _likely_script(language, territory)
        return "zh-hant" if script == "Hant" else "zh-hans"
    return language if language in _CONTENT_CODES else None


def canonical_language_keys(mapping: object) -> object:
    """A {language tag: text} mapping with its tags canonical; unknown tags are left for the
    validator to name, and anything that is not a mapping is returned as it came."""
    if not isinstance(mapping, dict):
        return mapping
    return {canonical_language(str(tag)) or tag: text for tag, text in mapping.items()}


def text_direction(language_code: str | None) -> str:
    """'rtl' for a language written right to left, else 'ltr' (for HTML's `dir`)."""
    base = canonical_language(language_code) or (language_code or "").split("-")[0].lower()
    return "rtl" if base in RIGHT_TO_LEFT_LANGUAGES else "ltr"


def _language_alias(language: str) -> str:
    """CLDR's replacement for a deprecated language code: iw → he, in → id, ji → yi."""
    alias = get_global("language_aliases").get(language)
    return alias if alias and "_" not in alias else language


def _likely_script(language: str, territory: str | None) -> str | None:
    likely = get_global("likely_subtags").get(f"{language}_{territory}" if territory else language)
    if not likely:
        return None
    return next((part for part in likely.split("_") if len(part) == 4 and part.isalpha()), None)


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
