"""Reads of the computed network, for the organization page, the dashboards and the API.

Every read starts from the audience the viewer belongs to, so a visitor's figures never
count a members-only or parties-only tie (sources.py says which ties each audience holds).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Min, Q, QuerySet

from innobridge.accounts.permissions import is_member_user, is_secretariat
from innobridge.agreements.choices import AgreementStatus
from innobridge.agreements.selectors import agreements_visible_to
from innobridge.analytics import graph
from innobridge.analytics.choices import Audience
from innobridge.analytics.models import NetworkEdge, NetworkSnapshot, NodePosition
from innobridge.core.countries import country_name
from innobridge.events.choices import EventStatus, RegistrationStatus
from innobridge.events.models import Event, Registration
from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.organizations.choices import PUBLIC_STATUSES, OrganizationType
from innobridge.organizations.models import Organization

PARTNERS_SHOWN = 12
# How long a filtered network stays in the cache (seconds); its key holds the network's
# fingerprint, so a recomputed network is never served from an older entry.
GRAPH_CACHE_SECONDS = 300
SNAPSHOT_CACHE_SECONDS = 3600
GRAPH_NODES_DEFAULT = 300
GRAPH_NODES_MAX = 5_000


def audience_for(user: Any) -> str:
    """The network edition a viewer reads."""
    if is_secretariat(user):
        return Audience.SECRETARIAT
    if is_member_user(user):
        return Audience.MEMBERS
    return Audience.PUBLIC


def snapshot_for(audience: str, *, current: bool = True) -> NetworkSnapshot | None:
    return NetworkSnapshot.objects.filter(audience=audience, is_current=current).first()


@dataclass
class Partner:
    """A partner in an ego network, placed on a circle around the organization."""

    organization: Organization
    weight: float
    ties: int
    kinds: list[str]
    x: float
    y: float


@dataclass
class PositionCard:
    """An organization's network position as its page shows it."""

    snapshot: NetworkSnapshot
    position: NodePosition
    previous: NodePosition | None
    previous_year: int | None
    community_size: int
    partners: list[Partner] = field(default_factory=list)
    partner_links: list[tuple[Partner, Partner]] = field(default_factory=list)
    countries: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rank_change(self) -> int | None:
        """Places gained by PageRank since the end of last year (negative: lost); None when
        the organization had no ties then."""
        if self.previous is None:
            return None
        return self.previous.rank_pagerank - self.position.rank_pagerank

    @property
    def rank_gained(self) -> int:
        return max(self.rank_change or 0, 0)

    @property
    def rank_lost(self) -> int:
        return max(-(self.rank_change or 0), 0)

    @property
    def partner_change(self) -> int | None:
        if self.previous is None:
            return None
        return self.position.degree - self.previous.degree

    @property
    def cross_border_percent(self) -> int | None:
        share = self.position.cross_border_share
        return None if share is None else round(share * 100)


def organization_position(*, user: Any, organization: Organization) -> PositionCard | None:
    """The organization's position in the viewer's edition of the network, with its
    strongest partners around it; None before the network was first computed or when the
    organization is not in this edition (an applicant, seen by the secretariat only)."""
    audience = audience_for(user)
    snapshot = snapshot_for(audience)
    if snapshot is None:
        return None
    position = NodePosition.objects.filter(snapshot=snapshot, organization=organization).first()
    if position is None:
        return None
    previous_snapshot = snapshot_for(audience, current=False)
    previous = (
        NodePosition.objects.filter(snapshot=previous_snapshot, organization=organization).first()
        if previous_snapshot is not None
        else None
    )
    community_size = (
        NodePosition.objects.filter(snapshot=snapshot, community=position.community).count()
        if position.community is not None
        else 1
    )
    partners = _partners(snapshot, organization)
    return PositionCard(
        snapshot=snapshot,
        position=position,
        previous=previous if previous is not None and previous.degree > 0 else None,
        previous_year=previous_snapshot.as_of_year if previous_snapshot else None,
        community_size=community_size,
        partners=partners,
        partner_links=_partner_links(snapshot, partners),
        countries=sorted(
            ((code, country_name(code)) for code in position.countries), key=lambda p: p[1]
        ),
    )


def _partners(snapshot: NetworkSnapshot, organization: Organization) -> list[Partner]:
    """The strongest partners, placed evenly on a unit circle (the ego network's layout)."""
    edges = list(
        NetworkEdge.objects.filter(snapshot=snapshot)
        .filter(Q(source=organization) | Q(target=organization))
        .select_related("source", "target")
        .order_by("-weight", "pk")[:PARTNERS_SHOWN]
    )
    partners = []
    for number, edge in enumerate(edges):
        angle = 2 * math.pi * number / max(len(edges), 1) - math.pi / 2
        other = edge.target if edge.source_id == organization.pk else edge.source
        partners.append(
            Partner(
                organization=other,
                weight=edge.weight,
                ties=edge.ties,
                kinds=list(edge.kinds),
                x=round(math.cos(angle), 4),
                y=round(math.sin(angle), 4),
            )
        )
    return partners


def _partner_links(
    snapshot: NetworkSnapshot, partners: list[Partner]
) -> list[tuple[Partner, Partner]]:
    """Ties between the partners themselves: the ego network's triangles."""
    by_id = {partner.organization.pk: partner for partner in partners}
    links = NetworkEdge.objects.filter(
        snapshot=snapshot, source__in=by_id, target__in=by_id
    ).values_list("source_id", "target_id")
    return [(by_id[a], by_id[b]) for a, b in links]


@dataclass
class NetworkGraph:
    """Nodes and edges of the viewer's network, filtered, for the graph view and the API."""

    snapshot: NetworkSnapshot | None
    nodes: list[NodePosition]
    edges: list[NetworkEdge]
    total_nodes: int


def network_graph(
    *,
    user: Any,
    year_from: int | None = None,
    year_to: int | None = None,
    country: str = "",
    sector: str = "",
    work_area: str = "",
    limit: int = GRAPH_NODES_DEFAULT,
) -> NetworkGraph:
    """The `limit` members with the highest PageRank among the ends of the edges that pass
    the filters (a tie in the year range, the sector and the work area, touching the
    country), and the edges between them."""
    snapshot = snapshot_for(audience_for(user))
    if snapshot is None:
        return NetworkGraph(snapshot=None, nodes=[], edges=[], total_nodes=0)
    limit = max(1, min(limit, GRAPH_NODES_MAX))
    filters = (year_from, year_to, country, sector, work_area)
    if not any(filters):
        return _top_of_network(snapshot, limit)
    described = "|".join("" if value is None else str(value) for value in filters)
    key = (
        "analytics:graph:"
        + hashlib.sha256(
            f"{snapshot.pk}:{snapshot.fingerprint}:{described}:{limit}".encode()
        ).hexdigest()
    )
    found = cache.get(key)
    if found is None:
        found = _filtered_network(snapshot, *filters, limit=limit)
        cache.set(key, found, GRAPH_CACHE_SECONDS)
    shown, pairs, total = found
    nodes = list(
        NodePosition.objects.filter(snapshot=snapshot, organization_id__in=shown)
        .select_related("organization")
        .order_by("rank_pagerank", "organization_id")
    )
    edges = [
        edge
        for edge in _edges_between(snapshot, shown)
        if (edge.source_id, edge.target_id) in pairs
    ]
    return NetworkGraph(snapshot=snapshot, nodes=nodes, edges=edges, total_nodes=total)


def _edges_between(snapshot: NetworkSnapshot, members: list[int]) -> list[NetworkEdge]:
    return list(
        NetworkEdge.objects.filter(
            snapshot=snapshot, source_id__in=members, target_id__in=members
        ).order_by("source_id", "target_id")
    )


def _top_of_network(snapshot: NetworkSnapshot, limit: int) -> NetworkGraph:
    """Unfiltered: the top members with a tie, and their edges, in three queries (the
    dashboard's default view)."""
    cooperating = NodePosition.objects.filter(snapshot=snapshot, degree__gt=0)
    nodes = list(
        cooperating.select_related("organization").order_by("rank_pagerank", "organization_id")[
            :limit
        ]
    )
    edges = _edges_between(snapshot, [node.organization_id for node in nodes])
    return NetworkGraph(
        snapshot=snapshot, nodes=nodes, edges=edges, total_nodes=cooperating.count()
    )


def _filtered_network(
    snapshot: NetworkSnapshot,
    year_from: int | None,
    year_to: int | None,
    country: str,
    sector: str,
    work_area: str,
    *,
    limit: int,
) -> tuple[list[int], set[tuple[int, int]], int]:
    """The members shown, the edges kept and how many members the kept edges touch. The
    edges' years, sectors and work areas are JSON lists, filtered here rather than in SQL
    (SQLite has no JSON containment); the result is cached per network and filters."""
    edges = NetworkEdge.objects.filter(snapshot=snapshot)
    if country:
        edges = edges.filter(Q(source__country=country) | Q(target__country=country))
    kept = {
        (edge.source_id, edge.target_id)
        for edge in edges.only("source_id", "target_id", "years", "sectors", "work_areas")
        if _edge_matches(edge, year_from, year_to, sector, work_area)
    }
    ends = {a for a, _b in kept} | {b for _a, b in kept}
    shown = list(
        NodePosition.objects.filter(snapshot=snapshot, organization_id__in=ends)
        .order_by("rank_pagerank", "organization_id")
        .values_list("organization_id", flat=True)[:limit]
    )
    return shown, kept, len(ends)


def _edge_matches(
    edge: NetworkEdge, year_from: int | None, year_to: int | None, sector: str, work_area: str
) -> bool:
    if year_from is not None or year_to is not None:
        low, high = year_from or 0, year_to or 9999
        if not any(low <= year <= high for year in edge.years):
            return False
    if sector and sector not in edge.sectors:
        return False
    return not (work_area and work_area not in edge.work_areas)


@dataclass(frozen=True)
class CountryNode:
    country: str
    name: str
    members: int
    partners_abroad: int


@dataclass
class CountryNetwork:
    """The network aggregated by country: members per country and ties between countries
    (a country with itself: ties inside it)."""

    snapshot: NetworkSnapshot | None
    countries: list[CountryNode]
    edges: list[graph.AggregateEdge]


def _per_snapshot(name: str, snapshot: NetworkSnapshot, compute):
    """What `compute()` derives from one snapshot alone, cached under the snapshot's id and
    fingerprint: a recomputed network never reads an older entry, so no invalidation."""
    key = f"analytics:{name}:{snapshot.pk}:{snapshot.fingerprint}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, SNAPSHOT_CACHE_SECONDS)
    return found


def country_network(*, user: Any) -> CountryNetwork:
    """The network by country. At 50,000 members it reads every position and tie of the
    snapshot (seconds), so it is computed once per snapshot and then read from the cache."""
    snapshot = snapshot_for(audience_for(user))
    if snapshot is None:
        return CountryNetwork(snapshot=None, countries=[], edges=[])
    return _per_snapshot("country-network", snapshot, lambda: _country_network(snapshot))


def _country_network(snapshot: NetworkSnapshot) -> CountryNetwork:
    rows = NodePosition.objects.filter(snapshot=snapshot).values_list(
        "organization_id", "organization__country", "organization__city", "countries"
    )
    nodes, members, abroad = [], {}, {}
    for organization_id, code, city, reached in rows:
        nodes.append(graph.Node(id=organization_id, country=code, city=city))
        members[code] = members.get(code, 0) + 1
        abroad[code] = abroad.get(code, 0) + len(reached)
    edges = [
        graph.Edge(a=a, b=b, weight=weight, ties=ties)
        for a, b, weight, ties in NetworkEdge.objects.filter(snapshot=snapshot).values_list(
            "source_id", "target_id", "weight", "ties"
        )
    ]
    countries = sorted(
        (
            CountryNode(
                country=code, name=country_name(code), members=count, partners_abroad=abroad[code]
            )
            for code, count in members.items()
        ),
        key=lambda node: (-node.members, node.name),
    )
    return CountryNetwork(
        snapshot=snapshot,
        countries=countries,
        edges=graph.aggregate(nodes, edges, key=lambda node: node.country),
    )


@dataclass(frozen=True)
class KeyFigures:
    """The alliance in numbers, as the viewer may see them."""

    members: int
    countries: int
    listings: int
    agreements: int
    events: int
    participants: int
    ties: int
    communities: int


def key_figures(*, user: Any) -> KeyFigures:
    """Counts for the dashboard's first row: members and countries of the directory,
    published listings, the agreements and the network the viewer may see, events held or
    planned and their confirmed participants."""

    directory = Organization.objects.filter(membership_status__in=PUBLIC_STATUSES)
    snapshot = snapshot_for(audience_for(user))
    return KeyFigures(
        members=directory.count(),
        countries=directory.order_by().values("country").distinct().count(),
        listings=Listing.objects.filter(status=ListingStatus.PUBLISHED).count(),
        agreements=agreements_visible_to(user).exclude(status=AgreementStatus.DRAFT).count(),
        events=Event.objects.exclude(status=EventStatus.CANCELLED).count(),
        participants=Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED, event__status=EventStatus.HELD
        ).count(),
        ties=snapshot.edges if snapshot else 0,
        communities=snapshot.communities if snapshot else 0,
    )


@dataclass(frozen=True)
class CountryMembers:
    country: str
    name: str
    members: int
    types: dict[str, int] = field(default_factory=dict)  # OrganizationType code -> members


def members_by_country() -> list[CountryMembers]:
    """Directory members per country and type, most first: the world map and its table."""

    rows = (
        Organization.objects.filter(membership_status__in=PUBLIC_STATUSES)
        .order_by()
        .values_list("country", "type")
        .annotate(members=Count("pk"))
    )
    types: dict[str, dict[str, int]] = {}
    for country, kind, members in rows:
        types.setdefault(country, {})[kind] = members
    return sorted(
        (
            CountryMembers(
                country=country,
                name=country_name(country),
                members=sum(counts.values()),
                types=counts,
            )
            for country, counts in types.items()
        ),
        key=lambda row: (-row.members, row.name),
    )


def members_by_type() -> list[tuple[str, str, int]]:
    """Directory members per organization type, as (code, label, members), most first."""

    labels = dict(OrganizationType.choices)
    rows = (
        Organization.objects.filter(membership_status__in=PUBLIC_STATUSES)
        .order_by()
        .values_list("type")
        .annotate(members=Count("pk"))
    )
    return sorted(
        ((kind, str(labels.get(kind, kind)), members) for kind, members in rows),
        key=lambda row: (-row[2], row[1]),
    )


POSITION_ORDERS = {
    "pagerank": ("rank_pagerank", "organization_id"),
    "degree": ("rank_degree", "organization_id"),
    "betweenness": ("rank_betweenness", "organization_id"),
    "strength": ("-weighted_degree", "organization_id"),
    "coreness": ("-coreness", "rank_pagerank"),
    "cross_border": (F("cross_border_share").desc(nulls_last=True), "rank_pagerank"),
}


def member_positions(
    *, user: Any, country: str = "", kind: str = "", community: int | None = None,
    order: str = "pagerank",
) -> tuple[NetworkSnapshot | None, QuerySet[NodePosition]]:  # fmt: skip
    """Every member's place in the network the viewer may see, filtered and sorted: the
    secretariat's table of positions and its export."""

    snapshot = snapshot_for(audience_for(user))
    if snapshot is None:
        return None, NodePosition.objects.none()
    positions = NodePosition.objects.filter(snapshot=snapshot).select_related("organization")
    if country:
        positions = positions.filter(organization__country=country)
    if kind:
        positions = positions.filter(organization__type=kind)
    if community is not None:
        positions = positions.filter(community=community)
    return snapshot, positions.order_by(*POSITION_ORDERS[order])


@dataclass(frozen=True)
class Community:
    """One community of the network: its size, its countries and its most central member."""

    number: int
    members: int
    countries: list[str]
    leader: Organization


COMMUNITIES_SHOWN = 20


def prepare_snapshot_reads(snapshot: NetworkSnapshot) -> None:
    """Compute and cache what the secretariat's positions page reads once per snapshot (the
    country network and the largest communities: seconds at 50,000 members), so that the
    worker, which just stored the snapshot, pays for it instead of the first visitor. With
    a shared cache (Redis) every web process then finds it."""
    _per_snapshot("country-network", snapshot, lambda: _country_network(snapshot))
    _per_snapshot(
        f"communities:{COMMUNITIES_SHOWN}",
        snapshot,
        lambda: _communities(snapshot, COMMUNITIES_SHOWN),
    )


def communities(*, user: Any, limit: int = COMMUNITIES_SHOWN) -> list[Community]:
    """The largest communities of the network the viewer may see, biggest first (once per
    snapshot, as the country network)."""

    snapshot = snapshot_for(audience_for(user))
    if snapshot is None:
        return []
    return _per_snapshot(f"communities:{limit}", snapshot, lambda: _communities(snapshot, limit))


def _communities(snapshot: NetworkSnapshot, limit: int) -> list[Community]:
    sizes = (
        NodePosition.objects.filter(snapshot=snapshot, community__isnull=False)
        .order_by()
        .values_list("community")
        .annotate(members=Count("pk"))
        .order_by("-members", "community")[:limit]
    )
    sizes = dict(sizes)
    inside = NodePosition.objects.filter(snapshot=snapshot, community__in=sizes)
    countries: dict[int, set[str]] = {number: set() for number in sizes}
    for number, code in inside.order_by().values_list("community", "organization__country"):
        if code:
            countries[number].add(code)
    best = inside.order_by().values("community").annotate(best=Min("rank_pagerank"))
    # Each community's best rank may be shared (ties), or be another community's rank too:
    # read the candidates worst first, so the best one of each community is written last.
    candidates = inside.filter(rank_pagerank__in=[row["best"] for row in best])
    leaders = {
        position.community: position.organization
        for position in candidates.select_related("organization").order_by(
            "-rank_pagerank", "-organization_id"
        )
    }
    return [
        Community(
            number=number,
            members=members,
            countries=sorted(country_name(code) for code in countries[number]),
            leader=leaders[number],
        )
        for number, members in sizes.items()
    ]
