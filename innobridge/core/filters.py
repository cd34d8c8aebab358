"""Filters shared by the FilterSets of every app (pages and API alike)."""

from __future__ import annotations

import django_filters
from django import forms
from django_filters.fields import ChoiceField

from innobridge.core.languages import canonical_language, content_language_choices

# The largest id a database integer column holds: bigger numbers in a query string made
# SQLite raise OverflowError (a 500) instead of answering that nothing matches.
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """An object's id: a whole number from 1 to MAX_ID, anything else a 400 saying so."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class TaxonomyChoiceFilter(django_filters.ModelChoiceFilter):
    """Filter by a taxonomy's code, labelled in the UI language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, to_field_name="code", **kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = lambda obj: obj.label()
        return field


class ContentLanguageChoiceField(ChoiceField):
    """A content-language choice that takes any BCP 47 tag for it (`zh-TW`, `ZH-HANS`)."""

    def to_python(self, value):
        value = super().to_python(value)
        return canonical_language(value) or value


class ContentLanguageFilter(django_filters.ChoiceFilter):
    """Filter by content language; `?language=zh-Hans` filters as `zh-hans` does."""

    field_class = ContentLanguageChoiceField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("choices", content_language_choices)
        super().__init__(*args, **kwargs)
