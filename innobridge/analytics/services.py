"""Computing the cooperation network and storing it for the pages and the API.

The worker runs network_refresh every ANALYTICS_REFRESH_SECONDS (tasks.refresh_network). It
gathers the ties of each audience and skips an edition whose ties and members hash to the
fingerprint already stored, so a quiet day costs a few queries and a busy one is computed
once per interval rather than once per write (the debounce). A write shows in the network
after at most one interval.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from innobridge.analytics import graph
from innobridge.analytics.choices import Audience
from innobridge.analytics.models import NetworkEdge, NetworkSnapshot, NodePosition
from innobridge.organizations.choices import PUBLIC_STATUSES
from innobridge.organizations.models import Organization

# A tie's weight halves every this many years before the network's year: a partnership
# signed last year says more about a member's position now than one from a decade ago.
RECENCY_HALF_LIFE_YEARS = 3.0
BULK_BATCH = 2_000


def network_nodes(audience: str) -> list[graph.Node]:
    """Organizations the audience may see in the directory (the secretariat sees
    applicants too), with the places the aggregates group them by."""
    organizations = Organization.objects.all()
    if audience != Audience.SECRETARIAT:
        organizations = organizations.filter(membership_status__in=PUBLIC_STATUSES)
    return [
        graph.Node(id=pk, country=country, city=city)
        for pk, country, city in organizations.order_by("pk").values_list("pk", "country", "city")
    ]


def recency(year: int | None, as_of_year: int) -> float:
    if year is None or year >= as_of_year:
        return 1.0
    return 0.5 ** ((as_of_year - year) / RECENCY_HALF_LIFE_YEARS)


def network_ties(audience: str, *, as_of_year: int) -> list[graph.Tie]:
    """Every tie the audience may see up to the end of `as_of_year`, weighted by recency."""
    ties = []
    for path in settings.ANALYTICS_TIE_SOURCES:
        for tie in import_string(path)(audience):
            if tie.year is not None and tie.year > as_of_year:
                continue
            weight = tie.weight * recency(tie.year, as_of_year)
            ties.append(
                graph.Tie(
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


def fingerprint(nodes: list[graph.Node], ties: list[graph.Tie], *, as_of_year: int) -> str:
    """A hash of everything a network is computed from: same hash, same network."""
    digest = hashlib.sha256(f"{as_of_year}\n".encode())
    for node in nodes:
        digest.update(f"n{node.id}|{node.country}|{node.city}\n".encode())
    for tie in sorted(ties, key=lambda t: (t.a, t.b, t.kind, t.year or 0, t.weight)):
        digest.update(
            f"t{tie.a}|{tie.b}|{tie.kind}|{tie.year}|{tie.weight:.9f}|"
            f"{','.join(tie.sectors)}|{','.join(tie.work_areas)}\n".encode()
        )
    return digest.hexdigest()


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh did: the editions computed and those left as they were."""

    computed: list[str]
    unchanged: list[str]


def network_refresh(*, force: bool = False, year: int | None = None) -> RefreshResult:
    """Compute each audience's network now and as of the end of last year, where its ties
    or members changed since the stored one (or always, with force)."""
    this_year = year or timezone.localdate().year
    computed, unchanged = [], []
    for audience in Audience.values:
        for is_current, as_of_year in ((True, this_year), (False, this_year - 1)):
            label = f"{audience}/{as_of_year}"
            if _refresh_edition(
                audience, is_current=is_current, as_of_year=as_of_year, force=force
            ):
                computed.append(label)
            else:
                unchanged.append(label)
    return RefreshResult(computed=computed, unchanged=unchanged)


def _refresh_edition(audience: str, *, is_current: bool, as_of_year: int, force: bool) -> bool:
    nodes = network_nodes(audience)
    ties = network_ties(audience, as_of_year=as_of_year)
    stamp = fingerprint(nodes, ties, as_of_year=as_of_year)
    stored = NetworkSnapshot.objects.filter(audience=audience, is_current=is_current).first()
    if stored is not None and stored.fingerprint == stamp and not force:
        return False
    started = time.perf_counter()
    network = graph.compute(nodes, ties)
    seconds = time.perf_counter() - started
    _store(
        audience=audience,
        is_current=is_current,
        as_of_year=as_of_year,
        stamp=stamp,
        network=network,
        seconds=seconds,
    )
    return True


@transaction.atomic
def _store(
    *,
    audience: str,
    is_current: bool,
    as_of_year: int,
    stamp: str,
    network: graph.Network,
    seconds: float,
) -> NetworkSnapshot:
    """Replace the stored edition in one transaction: readers see the old network or the
    new one, never half of it."""
    NetworkSnapshot.objects.filter(audience=audience, is_current=is_current).delete()
    snapshot = NetworkSnapshot.objects.create(
        audience=audience,
        is_current=is_current,
        as_of_year=as_of_year,
        fingerprint=stamp,
        nodes=len(network.positions),
        edges=len(network.edges),
        communities=network.communities,
        betweenness_sources=network.betweenness_sources,
        seconds=seconds,
    )
    NodePosition.objects.bulk_create(
        (
            NodePosition(
                snapshot=snapshot,
                organization_id=organization_id,
                degree=position.degree,
                weighted_degree=position.weighted_degree,
                betweenness=position.betweenness,
                pagerank=position.pagerank,
                coreness=position.coreness,
                community=position.community,
                cross_border_share=position.cross_border_share,
                countries=list(position.countries),
                rank_degree=position.rank_degree,
                rank_pagerank=position.rank_pagerank,
                rank_betweenness=position.rank_betweenness,
            )
            for organization_id, position in network.positions.items()
        ),
        batch_size=BULK_BATCH,
    )
    NetworkEdge.objects.bulk_create(
        (
            NetworkEdge(
                snapshot=snapshot,
                source_id=edge.a,
                target_id=edge.b,
                weight=edge.weight,
                ties=edge.ties,
                years=sorted(edge.years),
                kinds=sorted(edge.kinds),
                sectors=sorted(edge.sectors),
                work_areas=sorted(edge.work_areas),
            )
            for edge in network.edges
        ),
        batch_size=BULK_BATCH,
    )
    return snapshot
