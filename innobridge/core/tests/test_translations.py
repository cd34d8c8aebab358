"""The catalogues must be complete: no empty or fuzzy entry in any UI language."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant", "vi"])
def test_catalogue_complete(locale):
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalog = read_po(po, locale=locale)
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
    assert incomplete == []
    assert [problem for problem in catalog.check()] == []
