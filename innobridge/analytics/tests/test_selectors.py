"""Reads of the computed network (selectors.py): each viewer reads their audience's edition."""

from __future__ import annotations

import pytest

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.analytics import selectors, services
from innobridge.analytics.choices import Audience
from innobridge.analytics.tests.scenario import build_alliance
from innobridge.organizations.choices import MembershipStatus
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_audience_follows_the_viewer(member, secretariat):
    from django.contrib.auth.models import AnonymousUser

    applicant = UserFactory(
        organization=OrganizationFactory(membership_status=MembershipStatus.APPLICANT),
        role=Role.MEMBER_EDITOR,
    )

    assert [
        selectors.audience_for(user) for user in (AnonymousUser(), applicant, member, secretariat)
    ] == [Audience.PUBLIC, Audience.PUBLIC, Audience.MEMBERS, Audience.SECRETARIAT]


def test_position_is_none_before_the_first_computation(organization, secretariat):
    assert selectors.organization_position(user=secretariat, organization=organization) is None


def test_a_visitor_sees_the_public_position_and_the_secretariat_every_tie(secretariat):
    from django.contrib.auth.models import AnonymousUser

    alliance = build_alliance()
    services.network_refresh(year=2026)

    public = selectors.organization_position(user=AnonymousUser(), organization=alliance.a)
    full = selectors.organization_position(user=secretariat, organization=alliance.a)

    assert sorted(p.organization.name for p in public.partners) == [
        "Hoa Lac Hi-Tech Park",
        "Vietnam Academy of Science",
    ]
    assert sorted(p.organization.name for p in full.partners) == [
        "Applicant Park",
        "Hoa Lac Hi-Tech Park",
        "Skolkovo Innovation Centre",
        "Vietnam Academy of Science",
    ]
    assert (public.position.degree, public.countries) == (2, [("VN", "Vietnam")])
    assert (full.position.degree, [code for code, _ in full.countries]) == (4, ["KZ", "RU", "VN"])


def test_partner_links_are_the_ties_between_partners(member):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    card = selectors.organization_position(user=member, organization=alliance.a)

    # Members see b–c (their memorandum) beside a's ties to b and c.
    assert sorted(
        tuple(sorted((x.organization.name, y.organization.name))) for x, y in card.partner_links
    ) == [("Hoa Lac Hi-Tech Park", "Vietnam Academy of Science")]
    assert card.community_size >= 1
    for partner in card.partners:
        assert partner.x**2 + partner.y**2 == pytest.approx(1.0)


def test_change_since_last_year_counts_partners_and_places(secretariat):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    card = selectors.organization_position(user=secretariat, organization=alliance.d)

    # d had one partner at the end of 2025 (b, by a meeting) and has three now (a, b, c).
    assert (card.previous_year, card.previous.degree, card.position.degree) == (2025, 1, 3)
    assert card.partner_change == 2
    assert card.rank_change == card.previous.rank_pagerank - card.position.rank_pagerank


def test_an_organization_without_ties_last_year_has_no_change(secretariat):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    # c's interest from d is a 2026 tie; c had ties in 2025 too, but e.g. d–c did not exist.
    card = selectors.organization_position(user=secretariat, organization=alliance.a)
    assert card.previous is not None
    nobody = OrganizationFactory()
    services.network_refresh(year=2026)
    lonely = selectors.organization_position(user=secretariat, organization=nobody)
    assert (lonely.position.degree, lonely.previous, lonely.rank_change) == (0, None, None)


def test_network_graph_filters_by_years_country_and_limit(secretariat):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    def pairs(**filters):
        graph = selectors.network_graph(user=secretariat, **filters)
        return sorted((edge.source_id, edge.target_id) for edge in graph.edges)

    assert pairs(year_from=2026) == sorted([alliance.pair("a", "d"), alliance.pair("c", "d")])
    assert pairs(year_to=2024) == [alliance.pair("b", "c")]
    assert pairs(country="RU") == sorted(
        [alliance.pair("a", "d"), alliance.pair("b", "d"), alliance.pair("c", "d")]
    )
    top = selectors.network_graph(user=secretariat, limit=2)
    assert (len(top.nodes), top.total_nodes) == (2, 5)
    assert [node.rank_pagerank for node in top.nodes] == sorted(
        node.rank_pagerank for node in top.nodes
    )


def test_network_graph_filters_by_sector(secretariat, taxonomies):
    from innobridge.agreements.tests.factories import AgreementFactory
    from innobridge.core.models import Sector

    sector = Sector.objects.order_by("code").first()
    tagged = AgreementFactory(sectors=[sector])
    AgreementFactory()
    services.network_refresh(year=2026)

    graph = selectors.network_graph(user=secretariat, sector=sector.code)

    parties = sorted(tagged.parties.values_list("organization_id", flat=True))
    assert [(edge.source_id, edge.target_id) for edge in graph.edges] == [tuple(parties)]


def test_country_network_sums_members_and_ties_between_countries():
    from django.contrib.auth.models import AnonymousUser

    build_alliance()
    services.network_refresh(year=2026)

    network = selectors.country_network(user=AnonymousUser())

    assert [(node.country, node.members) for node in network.countries] == [
        ("VN", 2),
        ("CN", 1),
        ("RU", 1),
    ]
    assert [(edge.a, edge.b, edge.ties) for edge in network.edges] == [("CN", "VN", 2)]


def test_a_filtered_network_is_cached_until_the_network_is_recomputed(secretariat):
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from innobridge.agreements.tests.factories import AgreementFactory

    alliance = build_alliance()
    services.network_refresh(year=2026)
    selectors.network_graph(user=secretariat, year_from=2026)

    with CaptureQueriesContext(connection) as cached:
        again = selectors.network_graph(user=secretariat, year_from=2026)
    AgreementFactory(parties=[alliance.b, alliance.c], signed_on=date(2026, 3, 1))
    services.network_refresh(year=2026)
    fresh = selectors.network_graph(user=secretariat, year_from=2026)

    # from the cache: the edges are read only between the members shown, never scanned
    edge_queries = [
        q["sql"] for q in cached.captured_queries if "analytics_networkedge" in q["sql"]
    ]
    assert len(edge_queries) == 1
    assert '"source_id" IN' in edge_queries[0]
    assert len(again.edges) == 2
    assert sorted((e.source_id, e.target_id) for e in fresh.edges) == sorted(
        [alliance.pair("a", "d"), alliance.pair("c", "d"), alliance.pair("b", "c")]
    )


def test_members_by_country_and_type_count_directory_members_only():
    build_alliance()  # e, the applicant in Kazakhstan, is not in the directory

    countries = selectors.members_by_country()
    types = selectors.members_by_type()

    assert [(row.country, row.members, row.types) for row in countries] == [
        ("VN", 2, {"science_park": 1, "research_institute": 1}),
        ("CN", 1, {"science_park": 1}),
        ("RU", 1, {"innovation_platform": 1}),
    ]
    assert [(code, count) for code, _label, count in types] == [
        ("science_park", 2),
        ("innovation_platform", 1),
        ("research_institute", 1),
    ]  # most first, then by label


def test_communities_name_their_most_central_member_and_countries(secretariat):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    found = selectors.communities(user=secretariat)

    assert sum(community.members for community in found) == 5
    assert [c.members for c in found] == sorted((c.members for c in found), reverse=True)
    leaders = {community.leader for community in found}
    positions = {p.organization_id: p for p in selectors.member_positions(user=secretariat)[1]}
    for community in found:
        inside = [p for p in positions.values() if p.community == community.number]
        assert positions[community.leader.pk].rank_pagerank == min(p.rank_pagerank for p in inside)
    assert alliance.a in leaders
