"""One FilterSet for the agreements list page, its export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from innobridge.agreements.choices import AgreementStatus, AgreementType, Health
from innobridge.agreements.models import Agreement, AgreementParty
from innobridge.core.filters import IdFilter, TaxonomyChoiceFilter
from innobridge.core.models import WorkArea
from innobridge.core.text import fold_for_search
from innobridge.organizations.selectors import directory_country_choices


def containing_words(queryset: QuerySet, text: str) -> QuerySet:
    """Agreements where every word of `text` appears in a title, the summary or a party's
    name, in any script."""
    for word in fold_for_search(text).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class AgreementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=500)
    type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="agreement_type", choices=AgreementType.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AgreementStatus.choices)
    health = django_filters.ChoiceFilter(label=_("Health"), choices=Health.choices)
    country = django_filters.ChoiceFilter(
        label=_("Country"), method="filter_country", choices=directory_country_choices
    )
    work_area = TaxonomyChoiceFilter(
        label=_("Work area"), field_name="work_areas", queryset=WorkArea.objects.all()
    )
    year = django_filters.NumberFilter(
        label=_("Year signed"),
        field_name="signed_on__year",
        min_value=1990,
        max_value=2100,
    )
    organization = IdFilter(label=_("Organization"), method="filter_organization")

    class Meta:
        model = Agreement
        fields = ["q", "type", "status", "health", "country", "work_area", "year", "organization"]

    def filter_text(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        return containing_words(queryset, value)

    def filter_country(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        """Agreements with a party from the country."""
        return queryset.filter(
            Exists(
                AgreementParty.objects.filter(agreement=OuterRef("pk"), organization__country=value)
            )
        )

    def filter_organization(self, queryset: QuerySet, _name: str, value: int) -> QuerySet:
        return queryset.filter(
            Exists(AgreementParty.objects.filter(agreement=OuterRef("pk"), organization_id=value))
        )

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if getattr(self.form, "cleaned_data", {}).get("work_area"):
            queryset = queryset.distinct()
        return queryset
