"""One FilterSet for the calendar page and the events API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobridge.core.countries import country_choices
from innobridge.core.filters import TaxonomyChoiceFilter
from innobridge.core.models import WorkArea
from innobridge.core.text import fold_for_search
from innobridge.events.choices import EventType
from innobridge.events.models import Event

QUERY_MAX_LENGTH = 200


def _event_country_choices() -> list[tuple[str, str]]:
    codes = Event.objects.exclude(country="").order_by().values_list("country", flat=True)
    return country_choices(sorted(set(codes)))


class EventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Words"), method="filter_words", max_length=QUERY_MAX_LENGTH
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        method="filter_when",
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        empty_label=_("Any time"),
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="event_type", choices=EventType.choices
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=_event_country_choices)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="starts_at__year", min_value=1990, max_value=2100
    )
    work_area = TaxonomyChoiceFilter(
        label=_("Work area"), field_name="work_areas", queryset=WorkArea.objects.all()
    )

    class Meta:
        model = Event
        fields = ["q", "when", "type", "country", "year", "work_area"]

    def filter_words(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        for word in fold_for_search(value).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_when(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")
        return queryset.filter(Q(ends_at__lt=now)).order_by("-starts_at", "-pk")

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if getattr(self.form, "cleaned_data", {}).get("work_area"):
            queryset = queryset.distinct()
        return queryset
