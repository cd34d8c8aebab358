"""Reads of the member directory. Every query a page or endpoint needs starts here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from innobridge.accounts.permissions import can_view_contacts, is_secretariat
from innobridge.core.countries import country_choices
from innobridge.core.models import Sector
from innobridge.organizations.choices import (
    ACTIVE_STATUSES,
    PUBLIC_STATUSES,
    ApplicationStatus,
)
from innobridge.organizations.models import ContactPerson, MembershipApplication, Organization


def organizations_visible_to(user: Any) -> QuerySet[Organization]:
    """Applicants are seen by the secretariat and by their own users; others by everyone."""
    queryset = Organization.objects.all()
    if is_secretariat(user):
        return queryset
    visible = Q(membership_status__in=PUBLIC_STATUSES)
    if user.is_authenticated and user.organization_id:
        visible |= Q(pk=user.organization_id)
    return queryset.filter(visible)


def directory_queryset(*, user: Any) -> QuerySet[Organization]:
    """Organizations for list pages, with sectors prefetched so rows cost no extra query."""
    return organizations_visible_to(user).prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("sort_order"))
    )


def organization_get(*, user: Any, pk: int) -> Organization:
    """One organization the user may see, or 404 (never 403, so hidden ones stay hidden)."""
    queryset = directory_queryset(user=user)
    if can_view_contacts(user):
        queryset = queryset.prefetch_related("contacts")
    try:
        return queryset.get(pk=pk)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc


def contacts_visible_to(*, user: Any, organization: Organization) -> list[ContactPerson]:
    """Contact people, or nothing at all for visitors."""
    if not can_view_contacts(user):
        return []
    return list(organization.contacts.all())


def directory_country_codes() -> list[str]:
    """Countries that have at least one publicly listed organization, for the filter."""
    return list(
        Organization.objects.filter(membership_status__in=PUBLIC_STATUSES)
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )


def directory_country_choices() -> list[tuple[str, str]]:
    """Those countries as filter choices, named in the UI language."""
    return country_choices(directory_country_codes())


@dataclass(frozen=True)
class AllianceCounts:
    members: int
    countries: int
    sectors: int


def alliance_counts() -> AllianceCounts:
    """The headline figures on the home page."""
    active = Organization.objects.filter(membership_status__in=ACTIVE_STATUSES)
    return AllianceCounts(
        members=active.count(),
        countries=active.order_by().values("country").distinct().count(),
        sectors=Sector.objects.filter(organizations__in=active).distinct().count(),
    )


def newest_members(*, limit: int = 6) -> list[Organization]:
    return list(
        Organization.objects.filter(membership_status__in=ACTIVE_STATUSES, joined_on__isnull=False)
        .prefetch_related("sectors")
        .order_by("-joined_on", "-pk")[:limit]
    )


def applications_pending() -> QuerySet[MembershipApplication]:
    """The secretariat's queue, oldest first: applications whose applicant confirmed their
    e-mail address (an unconfirmed one may come from someone else's address)."""
    return (
        MembershipApplication.objects.filter(
            status=ApplicationStatus.PENDING, email_confirmed_at__isnull=False
        )
        .select_related("organization", "applicant")
        .order_by("created_at")
    )


def application_latest_for(organization: Organization) -> MembershipApplication | None:
    return organization.applications.order_by("-created_at").first()


def sector_counts() -> QuerySet[Sector]:
    return Sector.objects.annotate(
        organization_count=Count("organizations", distinct=True)
    ).order_by("sort_order")


@dataclass
class OrganizationLookup:
    """Every organization by id and by each of its names, loaded once for a whole import
    file, so that a cell naming an organization costs no query."""

    by_id: dict[int, Organization] = field(default_factory=dict)
    by_name: dict[str, list[Organization]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> OrganizationLookup:
        lookup = cls()
        for organization in Organization.objects.only("id", "name", "translated_names", "country"):
            lookup.by_id[organization.pk] = organization
            for name in {organization.name, *organization.translated_names.values()}:
                lookup.by_name.setdefault(name.casefold(), []).append(organization)
        return lookup

    def find(self, value: str) -> Organization:
        """The organization a cell names, by id or by any of its names (case-insensitive);
        ValidationError when none or several match."""
        if value.isdigit() and int(value) in self.by_id:
            return self.by_id[int(value)]
        matches = self.by_name.get(value.casefold(), [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ValidationError(
                _("“{value}” names several organizations; give the organization's id.").format(
                    value=value
                )
            )
        raise ValidationError(_("No organization “{value}” in the directory.").format(value=value))
