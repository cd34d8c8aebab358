"""Where the cooperation network's ties come from: one function per kind of tie, each
returning the ties an audience may see. settings.ANALYTICS_TIE_SOURCES lists them, so a new
kind of tie is one more function there.

Each tie carries its base weight and its year; network_ties applies recency. What
each audience sees follows the pages' rules:
- agreements: the public sees public agreements, members also members-only ones, the
  secretariat every agreement but drafts (a party sees its own parties-only agreements on
  their pages, but an aggregate must not reveal them to anyone else);
- accepted expressions of interest and meetings held are seen only by their two sides and
  the secretariat, so they are ties of the secretariat's network only;
- events are public: organizing an event together is a tie for everyone (not for a
  cancelled event).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string

from innobridge.agreements.choices import AgreementStatus, AgreementType, Visibility
from innobridge.agreements.models import Agreement, AgreementParty
from innobridge.analytics.choices import Audience, TieKind
from innobridge.analytics.graph import Node, Tie
from innobridge.events.choices import EventStatus, OrganizationRole
from innobridge.events.models import EventOrganization, Meeting
from innobridge.marketplace.choices import InterestStatus
from innobridge.marketplace.models import ExpressionOfInterest, Listing
from innobridge.organizations.choices import PUBLIC_STATUSES
from innobridge.organizations.models import Organization

# How much one agreement of each type ties its parties: a joint project or a licence binds
# more than a memorandum. Relative weights; services applies recency on top.
AGREEMENT_WEIGHTS = {
    AgreementType.STRATEGIC_FRAMEWORK: 1.5,
    AgreementType.TECHNOLOGY_TRANSFER: 3.0,
    AgreementType.JOINT_RD: 3.0,
    AgreementType.TRIAL_DEMONSTRATION: 2.5,
    AgreementType.TALENT_EXCHANGE: 1.5,
    AgreementType.RESOURCE_SHARING: 2.0,
    AgreementType.MOU: 1.0,
    AgreementType.OTHER: 1.0,
}
INTEREST_WEIGHT = 1.0
MEETING_WEIGHT = 0.5
CO_ORGANIZED_WEIGHT = 0.5
CO_ORGANIZING_ROLES = (
    OrganizationRole.HOST,
    OrganizationRole.ORGANIZER,
    OrganizationRole.CO_ORGANIZER,
)

# A tie's weight halves every this many years before the network's year: a partnership
# signed last year says more about a member's position now than one from a decade ago.
RECENCY_HALF_LIFE_YEARS = 3.0

AGREEMENT_VISIBILITY = {
    Audience.PUBLIC: (Visibility.PUBLIC,),
    Audience.MEMBERS: (Visibility.PUBLIC, Visibility.MEMBERS),
    Audience.SECRETARIAT: (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PARTIES),
}


def _codes(pairs: Iterable[tuple[int, str]]) -> dict[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for owner, code in pairs:
        grouped[owner].append(code)
    return {owner: tuple(sorted(codes)) for owner, codes in grouped.items()}


def agreement_ties(audience: str) -> Iterator[Tie]:
    """A tie between every two parties of each agreement the audience may see, in the year
    it was signed (recorded, if it has no date of signing)."""
    agreements = Agreement.objects.exclude(status=AgreementStatus.DRAFT).filter(
        visibility__in=AGREEMENT_VISIBILITY[Audience(audience)]
    )
    rows = {
        pk: (kind, (signed_on or created_at).year)
        for pk, kind, signed_on, created_at in agreements.values_list(
            "pk", "agreement_type", "signed_on", "created_at"
        )
    }
    sectors = _codes(
        Agreement.sectors.through.objects.filter(agreement__in=rows).values_list(
            "agreement_id", "sector__code"
        )
    )
    work_areas = _codes(
        Agreement.work_areas.through.objects.filter(agreement__in=rows).values_list(
            "agreement_id", "workarea__code"
        )
    )
    parties: dict[int, set[int]] = defaultdict(set)
    for agreement_id, organization_id in AgreementParty.objects.filter(
        agreement__in=rows
    ).values_list("agreement_id", "organization_id"):
        parties[agreement_id].add(organization_id)
    for agreement_id, members in sorted(parties.items()):
        kind, year = rows[agreement_id]
        for a, b in combinations(sorted(members), 2):
            yield Tie(
                a=a,
                b=b,
                weight=AGREEMENT_WEIGHTS.get(kind, 1.0),
                kind=TieKind.AGREEMENT,
                year=year,
                sectors=sectors.get(agreement_id, ()),
                work_areas=work_areas.get(agreement_id, ()),
            )


def interest_ties(audience: str) -> Iterator[Tie]:
    """An accepted expression of interest ties the interested organization to the listing's
    owner (secretariat's network only), with the listing's sectors."""
    if audience != Audience.SECRETARIAT:
        return
    interests = ExpressionOfInterest.objects.filter(status=InterestStatus.ACCEPTED)
    rows = list(
        interests.values_list(
            "organization_id", "listing__owner_id", "listing_id", "decided_at", "created_at"
        )
    )
    sectors = _codes(
        Listing.sectors.through.objects.filter(listing__in={row[2] for row in rows}).values_list(
            "listing_id", "sector__code"
        )
    )
    for organization_id, owner_id, listing_id, decided_at, created_at in rows:
        yield Tie(
            a=organization_id,
            b=owner_id,
            weight=INTEREST_WEIGHT,
            kind=TieKind.INTEREST,
            year=(decided_at or created_at).year,
            sectors=sectors.get(listing_id, ()),
        )


def meeting_ties(audience: str) -> Iterator[Tie]:
    """A B2B meeting that either side says took place ties their organizations (secretariat's
    network only)."""
    if audience != Audience.SECRETARIAT:
        return
    held = Meeting.objects.filter(Q(held_by_requester=True) | Q(held_by_recipient=True)).filter(
        requester__organization__isnull=False, recipient__organization__isnull=False
    )
    for a, b, starts_at in held.values_list(
        "requester__organization_id", "recipient__organization_id", "event__starts_at"
    ):
        yield Tie(a=a, b=b, weight=MEETING_WEIGHT, kind=TieKind.MEETING, year=starts_at.year)


def co_organized_ties(audience: str) -> Iterator[Tie]:
    """Organizations that host or organize an event together are tied, in the event's year."""
    links = (
        EventOrganization.objects.filter(role__in=CO_ORGANIZING_ROLES)
        .exclude(event__status=EventStatus.CANCELLED)
        .values_list("event_id", "organization_id", "event__starts_at")
    )
    organizers: dict[int, set[int]] = defaultdict(set)
    years: dict[int, int] = {}
    for event_id, organization_id, starts_at in links:
        organizers[event_id].add(organization_id)
        years[event_id] = starts_at.year
    for event_id, members in sorted(organizers.items()):
        for a, b in combinations(sorted(members), 2):
            yield Tie(
                a=a,
                b=b,
                weight=CO_ORGANIZED_WEIGHT,
                kind=TieKind.CO_ORGANIZED,
                year=years[event_id],
            )


def network_nodes(audience: str) -> list[Node]:
    """Organizations the audience may see in the directory (the secretariat sees
    applicants too), with the places the aggregates group them by."""
    organizations = Organization.objects.all()
    if audience != Audience.SECRETARIAT:
        organizations = organizations.filter(membership_status__in=PUBLIC_STATUSES)
    return [
        Node(id=pk, country=country, city=city)
        for pk, country, city in organizations.order_by("pk").values_list("pk", "country", "city")
    ]


def recency(year: int | None, as_of_year: int) -> float:
    if year is None or year >= as_of_year:
        return 1.0
    return 0.5 ** ((as_of_year - year) / RECENCY_HALF_LIFE_YEARS)


def network_ties(audience: str, *, as_of_year: int) -> list[Tie]:
    """Every tie the audience may see up to the end of `as_of_year`, weighted by recency."""
    ties = []
    for path in settings.ANALYTICS_TIE_SOURCES:
        for tie in import_string(path)(audience):
            if tie.year is not None and tie.year > as_of_year:
                continue
            weight = tie.weight * recency(tie.year, as_of_year)
            ties.append(
                Tie(
                    a=tie.a,
                    b=tie.b,
                    weight=weight,
                    kind=tie.kind,
                    year=tie.year,
                    sectors=tie.sectors,
                    work_areas=tie.work_areas,
                )
            )
    return ties
