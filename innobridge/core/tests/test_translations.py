"""The catalogues must be complete: no empty or fuzzy entry in any shipped UI language.

A string added to the code without its translations fails here, and the failure names each
missing string per language.
"""

import io
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
SHIPPED = [to_locale(code) for code, _name in settings.LANGUAGES if code != "en"]
# Plural forms each language needs (CLDR): Russian one/few/many, Arabic zero/one/two/few/many/other.
PLURAL_FORMS = {"zh_Hans": 1, "zh_Hant": 1, "vi": 1, "ru": 3, "ar": 6}


def _catalog(locale: str):
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "django.po").open("rb") as po:
        return read_po(po, locale=locale)


def test_every_ui_language_has_a_catalogue():
    assert SHIPPED, "settings.LANGUAGES lists no language besides English"
    missing = [locale for locale in SHIPPED if not (LOCALE_DIR / locale / "LC_MESSAGES").is_dir()]
    assert missing == []


@pytest.mark.parametrize("locale", SHIPPED)
def test_catalogue_complete(locale):
    catalog = _catalog(locale)
    incomplete = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert incomplete == [], f"{locale}: {len(incomplete)} strings without a translation"
    assert [problem for problem in catalog.check()] == []


@pytest.mark.parametrize("locale", SHIPPED)
def test_catalogue_has_the_plural_forms_of_its_language(locale):
    catalog = _catalog(locale)
    assert catalog.num_plurals == PLURAL_FORMS[locale]
    for message in catalog:
        if message.id and message.pluralizable:
            assert len(message.string) == catalog.num_plurals, message.id


GETTEXT_KEYWORDS = {
    "_": "", "gettext": "", "gettext_lazy": "", "gettext_noop": "", "ngettext": "n",
    "ngettext_lazy": "n", "pgettext": "p", "pgettext_lazy": "p", "npgettext": "np",
    "npgettext_lazy": "np",
}  # fmt: skip


def _python_source(path: Path) -> bytes:
    """A module as it is, or a template as the Python-like text makemessages gives xgettext
    (Django's templatize), its lines unindented so Python's tokenizer reads it."""
    if path.suffix == ".py":
        return path.read_bytes()
    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    return "\n".join(line.lstrip() for line in text.splitlines()).encode()


@cache
def strings_in_the_code() -> frozenset[tuple[str | None, str]]:
    """(context, msgid) of every translatable string in the code and templates, found the
    way makemessages finds them but without GNU gettext (Babel's extractor)."""
    found = set()
    root = Path(settings.BASE_DIR)
    for path in sorted(root.rglob("*")):
        if {"tests", "migrations"} & set(path.parts) or path.suffix not in {".py", ".html", ".txt"}:
            continue
        messages = extract_python(io.BytesIO(_python_source(path)), GETTEXT_KEYWORDS, [], {})
        for _line, function, message, _comments in messages:
            kind = GETTEXT_KEYWORDS[function]
            parts = message if isinstance(message, tuple) else (message,)
            context, msgid = (parts[0], parts[1]) if kind.endswith("p") else (None, parts[0])
            if msgid:
                found.add((context, msgid))
    return frozenset(found)


def test_the_extractor_finds_strings_in_code_and_templates():
    found = strings_in_the_code()
    assert (None, "Member directory") in found  # {% translate %} in base.html
    assert (None, "Page %(number)s of %(total)s") in found  # {% blocktranslate %}
    assert ("event status", "Planned") in found  # pgettext_lazy in events/choices.py


@pytest.mark.parametrize("locale", SHIPPED)
def test_catalogue_holds_every_string_of_the_code(locale):
    """A string added to the code without running `make messages` (and translating) fails."""
    catalogued = set()
    for message in _catalog(locale):
        if message.id:
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            catalogued.add((message.context, msgid))
    missing = sorted(strings_in_the_code() - catalogued, key=str)
    assert missing == [], f"{locale}: not in the catalogue (run make messages): {missing}"


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        ("ru", {1: "страна", 3: "страны", 5: "стран", 11: "стран", 21: "страна", 22: "страны"}),
        ("ar", {0: "البلدان", 1: "البلد", 2: "البلدان", 3: "البلدان", 11: "البلدان"}),
    ],
)
def test_plural_forms_follow_the_language(language, forms):
    """The compiled catalogues choose Russian's three and Arabic's six forms by number."""
    from django.utils.translation import ngettext, override

    with override(language):
        assert {n: ngettext("country", "countries", n) for n in forms} == forms


def test_arabic_chooses_the_dual():
    from django.utils.translation import ngettext, override

    with override("ar"):
        assert ngettext("sector", "sectors", 2) == "القطاعان"
        assert ngettext("sector", "sectors", 1) == "القطاع"
