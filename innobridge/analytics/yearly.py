"""The year in figures: what the dashboard shows for a year and the annual report prints,
from one function, so the two cannot disagree.

Every count is of what the audience may see: the public edition counts public agreements
and their outcomes only, the secretariat's every agreement but drafts (sources.py says which
ties each audience's network holds).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from innobridge.agreements.choices import AgreementStatus, MilestoneStatus
from innobridge.agreements.models import Agreement, AgreementParty, Outcome
from innobridge.analytics import graph, sources
from innobridge.analytics.models import NetworkSnapshot
from innobridge.events.choices import EventStatus, RegistrationStatus
from innobridge.events.models import Event, Registration
from innobridge.organizations.choices import ACTIVE_STATUSES
from innobridge.organizations.models import Organization

TOP_MEMBERS = 10
TOP_STORIES = 5


@dataclass(frozen=True)
class RankedMember:
    organization: Organization
    rank: int
    partners: int
    pagerank: float
    countries: int


@dataclass
class YearFigures:
    """One year of the alliance, as one audience may see it."""

    year: int
    audience: str
    members: int = 0
    new_members: int = 0
    countries: int = 0
    agreements: int = 0
    agreements_by_type: list[tuple[str, int]] = field(default_factory=list)
    agreements_by_work_area: list[tuple[str, int]] = field(default_factory=list)
    agreements_by_country: list[tuple[str, int]] = field(default_factory=list)
    events: int = 0
    participants: int = 0
    outcomes: list[tuple[str, str, Decimal]] = field(default_factory=list)  # indicator, currency
    members_by_country: list[tuple[str, int]] = field(default_factory=list)
    ties: int = 0
    cooperating_members: int = 0
    communities: int = 0
    top_members: list[RankedMember] = field(default_factory=list)
    country_ties: list[graph.AggregateEdge] = field(default_factory=list)
    stories: list[Agreement] = field(default_factory=list)
    network: graph.Network | None = None


def _agreements(year: int, audience: str):
    return Agreement.objects.exclude(status=AgreementStatus.DRAFT).filter(
        visibility__in=sources.AGREEMENT_VISIBILITY[audience], signed_on__year=year
    )


def _ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def year_in_figures(*, year: int, audience: str) -> YearFigures:
    """Members at the end of the year, the agreements signed in it, the events held, the
    outcomes reported, and the network as it stood at the year's end."""
    figures = YearFigures(year=year, audience=audience)
    end = date(year, 12, 31)
    members = Organization.objects.filter(membership_status__in=ACTIVE_STATUSES).filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=end)
    )
    figures.members = members.count()
    figures.new_members = members.filter(joined_on__year=year).count()
    by_country = Counter(members.values_list("country", flat=True))
    figures.countries = len(by_country)
    figures.members_by_country = _ranked(by_country)

    agreements = _agreements(year, audience)
    figures.agreements = agreements.count()
    figures.agreements_by_type = _ranked(
        Counter(agreements.values_list("agreement_type", flat=True))
    )
    figures.agreements_by_work_area = _ranked(
        Counter(agreements.values_list("work_areas__code", flat=True).exclude(work_areas=None))
    )
    countries_of = defaultdict(set)
    for agreement_id, country in AgreementParty.objects.filter(
        agreement__in=agreements
    ).values_list("agreement_id", "organization__country"):
        countries_of[agreement_id].add(country)
    figures.agreements_by_country = _ranked(
        Counter(country for countries in countries_of.values() for country in countries)
    )

    held = Event.objects.filter(status=EventStatus.HELD, starts_at__year=year)
    figures.events = held.count()
    figures.participants = Registration.objects.filter(
        event__in=held, status=RegistrationStatus.CONFIRMED
    ).count()
    figures.outcomes = _outcomes(year, audience)
    _network(figures)
    figures.stories = _stories(agreements)
    return figures


def _outcomes(year: int, audience: str) -> list[tuple[str, str, Decimal]]:
    """Outcomes reported in the year on agreements the audience may see, summed per
    indicator (and per currency, for investment)."""
    visible = Agreement.objects.exclude(status=AgreementStatus.DRAFT).filter(
        visibility__in=sources.AGREEMENT_VISIBILITY[audience]
    )
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for indicator, currency, value in Outcome.objects.filter(
        agreement__in=visible, recorded_on__year=year
    ).values_list("indicator", "currency", "value"):
        totals[(indicator, currency)] += value
    return [(indicator, currency, total) for (indicator, currency), total in sorted(totals.items())]


def _network(figures: YearFigures) -> None:
    """The network as it stood at the end of the year, computed here (a report may ask for
    any year; the stored snapshots are of this year and the last)."""
    nodes = sources.network_nodes(figures.audience)
    ties = sources.network_ties(figures.audience, as_of_year=figures.year)
    network = graph.compute(nodes, ties)
    figures.network = network
    figures.ties = len(network.edges)
    cooperating = [pk for pk, position in network.positions.items() if position.degree]
    figures.cooperating_members = len(cooperating)
    figures.communities = len({network.positions[pk].community for pk in cooperating})
    top = sorted(cooperating, key=lambda pk: (network.positions[pk].rank_pagerank, pk))[
        :TOP_MEMBERS
    ]
    organizations = Organization.objects.in_bulk(top)
    figures.top_members = [
        RankedMember(
            organization=organizations[pk],
            rank=network.positions[pk].rank_pagerank,
            partners=network.positions[pk].degree,
            pagerank=network.positions[pk].pagerank,
            countries=len(network.positions[pk].countries),
        )
        for pk in top
    ]
    places = [node for node in nodes]
    figures.country_ties = sorted(
        (
            edge
            for edge in graph.aggregate(places, network.edges, key=lambda node: node.country)
            if edge.a != edge.b
        ),
        key=lambda edge: (-edge.ties, edge.a, edge.b),
    )[:TOP_MEMBERS]


def _stories(agreements) -> list[Agreement]:
    """The year's agreements with the most to tell: outcomes reported, milestones done,
    parties; named as the report prints them."""
    return list(
        agreements.annotate(
            outcome_count=Count("outcomes", distinct=True),
            done=Count(
                "milestones", filter=Q(milestones__status=MilestoneStatus.DONE), distinct=True
            ),
            party_count=Count("parties", distinct=True),
        )
        .order_by("-outcome_count", "-done", "-party_count", "signed_on", "pk")
        .prefetch_related("parties__organization")[:TOP_STORIES]
    )


def key_figures(figures: YearFigures) -> list[tuple[str, int]]:
    """The year's headline numbers, in the order both the report and the dashboard show them."""
    return [
        (_("Members at the end of the year"), figures.members),
        (_("New members"), figures.new_members),
        (_("Countries"), figures.countries),
        (_("Agreements signed"), figures.agreements),
        (_("Events held"), figures.events),
        (_("Participants at events held"), figures.participants),
        (_("Members with partners"), figures.cooperating_members),
        (_("Cooperating pairs"), figures.ties),
        (_("Communities"), figures.communities),
    ]


# How long the dashboard keeps a year's figures (seconds): computing them builds the year's
# network; the key changes with the stored network, so a new tie shows at once.
FIGURES_CACHE_SECONDS = 300


def cached_key_figures(*, year: int, audience: str) -> list[tuple[str, int]]:
    """key_figures for the dashboard, from the cache while the audience's stored network
    is unchanged (its fingerprint is part of the key)."""
    stamp = (
        NetworkSnapshot.objects.filter(audience=audience, is_current=True)
        .values_list("fingerprint", flat=True)
        .first()
    )
    key = f"analytics:year-figures:{audience}:{year}:{stamp or 'none'}"
    values = cache.get(key)
    if values is None:
        values = [
            value for _label, value in key_figures(year_in_figures(year=year, audience=audience))
        ]
        cache.set(key, values, FIGURES_CACHE_SECONDS)
    labels = [label for label, _value in key_figures(YearFigures(year=year, audience=audience))]
    return list(zip(labels, values, strict=True))
