"""One FilterSet serves the directory page and the API, so both filter the same way."""

from __future__ import annotations

import django_filters
from django.db.models import F, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from innobridge.core.models import Sector
from innobridge.core.text import fold_for_search
from innobridge.organizations.choices import DirectorySort, MembershipStatus, OrganizationType
from innobridge.organizations.models import Organization
from innobridge.organizations.selectors import directory_country_choices

QUERY_MAX_LENGTH = 200


class OrganizationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"), method="filter_name", max_length=QUERY_MAX_LENGTH
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=directory_country_choices)
    type = django_filters.ChoiceFilter(label=_("Type"), choices=OrganizationType.choices)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        to_field_name="code",
        queryset=Sector.objects.all(),
    )
    status = django_filters.ChoiceFilter(
        label=_("Membership status"),
        field_name="membership_status",
        choices=MembershipStatus.choices,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=DirectorySort.choices, method="sort_by", empty_label=None
    )

    class Meta:
        model = Organization
        fields = ["q", "country", "type", "sector", "status", "sort"]

    def filter_name(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        """Any name the organization has, in any script: 綿陽 finds 绵阳, 'ha noi' finds Hà Nội."""
        folded = fold_for_search(value)
        if not folded:
            return queryset
        return queryset.filter(search_text__contains=folded)

    def sort_by(self, queryset: QuerySet, _name: str, value: str) -> QuerySet:
        if value == DirectorySort.NEWEST:
            # Undated members last on both databases (PostgreSQL sorts NULL first otherwise).
            return queryset.order_by(F("joined_on").desc(nulls_last=True), "-pk")
        if value == DirectorySort.COUNTRY:
            return queryset.order_by("country", Lower("name"), "pk")
        return queryset.order_by(Lower("name"), "pk")

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        cleaned = getattr(self.form, "cleaned_data", {})
        if not cleaned.get("sort"):
            queryset = queryset.order_by(Lower("name"), "pk")
        # A sector filter joins through the M2M table; distinct keeps rows unique.
        return queryset.distinct() if cleaned.get("sector") else queryset
