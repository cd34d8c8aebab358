"""/api/v1/analytics/...: every viewer reads their audience's network; bad filters are 400s."""

from __future__ import annotations

import pytest

from innobridge.analytics import services
from innobridge.analytics.tests.scenario import build_alliance
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NETWORK = "/api/v1/analytics/network/"
COUNTRIES = "/api/v1/analytics/countries/"


def position_url(pk: int) -> str:
    return f"/api/v1/analytics/organizations/{pk}/"


def test_network_before_the_first_computation_is_empty(api_client):
    response = api_client.get(NETWORK)

    assert (response.status_code, response.json()) == (
        200,
        {"network": None, "total_nodes": 0, "nodes": [], "edges": []},
    )


def test_a_visitor_gets_the_public_network_and_never_a_private_tie(api_client):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    body = api_client.get(NETWORK).json()

    assert body["network"]["audience"] == "public"
    assert sorted((edge["source"], edge["target"]) for edge in body["edges"]) == sorted(
        [alliance.pair("a", "b"), alliance.pair("a", "c")]
    )
    assert {node["name"] for node in body["nodes"]} == {
        "Chengdu Hi-Tech Zone",
        "Hoa Lac Hi-Tech Park",
        "Vietnam Academy of Science",
    }
    assert {kind for edge in body["edges"] for kind in edge["kinds"]} == {
        "agreement",
        "co_organized",
    }


def test_the_secretariat_gets_every_tie(api_client, secretariat):
    build_alliance()
    services.network_refresh(year=2026)
    api_client.force_authenticate(secretariat)

    body = api_client.get(NETWORK).json()

    assert (body["network"]["audience"], len(body["edges"]), body["total_nodes"]) == (
        "secretariat",
        7,
        5,
    )
    assert body["network"]["betweenness_sources"] is None  # exact on a small network


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year_from=twenty", "year_from"),
        ("year_to=99999999999999999999", "year_to"),
        ("year_from=2026&year_to=2020", "year_to"),
        ("country=Vietnam", "country"),
        ("limit=0", "limit"),
        ("limit=5001", "limit"),
        ("sector=solar%20energy", "sector"),
    ],
)
def test_bad_filters_are_400_naming_the_field(api_client, query, field):
    response = api_client.get(f"{NETWORK}?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_position_shows_partners_and_last_year(api_client, secretariat):
    alliance = build_alliance()
    services.network_refresh(year=2026)
    api_client.force_authenticate(secretariat)

    body = api_client.get(position_url(alliance.d.pk)).json()

    assert (body["position"]["degree"], body["previous"]["degree"], body["previous_year"]) == (
        3,
        1,
        2025,
    )
    assert sorted(partner["name"] for partner in body["partners"]) == [
        "Chengdu Hi-Tech Zone",
        "Hoa Lac Hi-Tech Park",
        "Vietnam Academy of Science",
    ]


def test_a_visitor_does_not_learn_private_partners_from_a_position(api_client):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    body = api_client.get(position_url(alliance.d.pk)).json()

    assert (body["position"]["degree"], body["partners"], body["previous"]) == (0, [], None)


def test_a_position_of_an_applicant_is_404_to_a_visitor(api_client):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    assert api_client.get(position_url(alliance.e.pk)).status_code == 404


def test_a_position_before_the_first_computation_is_404_with_a_reason(api_client, organization):
    response = api_client.get(position_url(organization.pk))

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "This organization has no position in the network yet."},
    )


def test_countries_aggregate_the_viewers_network(api_client, secretariat):
    build_alliance()
    services.network_refresh(year=2026)
    api_client.force_authenticate(secretariat)

    body = api_client.get(COUNTRIES).json()

    assert [(edge["a"], edge["b"], edge["ties"]) for edge in body["edges"]] == [
        ("CN", "KZ", 1),
        ("CN", "RU", 1),
        ("CN", "VN", 2),
        ("RU", "VN", 2),
        ("VN", "VN", 1),
    ]
    assert body["countries"][0] == {
        "country": "VN",
        "name": "Vietnam",
        "members": 2,
        "partners_abroad": 4,
    }


def test_network_queries_do_not_grow_with_members(api_client, secretariat):
    from innobridge.agreements.tests.factories import AgreementFactory

    hub = OrganizationFactory()
    api_client.force_authenticate(secretariat)

    def add_partners(count: int) -> None:
        for _ in range(count):
            AgreementFactory(parties=[hub, OrganizationFactory()])
        services.network_refresh(year=2026)

    result = assert_list_queries_do_not_grow(
        lambda: api_client.get(NETWORK),
        add_rows=add_partners,
        shown=lambda response: len(response.json()["edges"]),
    )

    assert result.shown == (2, 6)


FIGURES = "/api/v1/analytics/figures/"


def test_year_figures_count_what_the_viewer_may_see(api_client, secretariat):
    from datetime import date

    from innobridge.agreements.choices import Visibility
    from innobridge.agreements.tests.factories import AgreementFactory

    build_alliance()
    AgreementFactory(visibility=Visibility.PARTIES, signed_on=date(2025, 8, 1))

    public = api_client.get(FIGURES, {"year": 2025}).json()
    api_client.force_authenticate(secretariat)
    full = api_client.get(FIGURES, {"year": 2025}).json()

    # 2025: the public joint R&D a–b and MoU a–e; the secretariat also the parties-only one
    assert (public["year"], public["audience"], public["agreements"]) == (2025, "public", 2)
    assert (full["audience"], full["agreements"]) == ("secretariat", 3)
    assert public["agreements_by_type"] == [
        {"code": "joint_rd", "count": 1},
        {"code": "mou", "count": 1},
    ]
    assert public["members"] == full["members"]  # the directory is public


@pytest.mark.parametrize("year", ["last", "1800", "99999999999999999999"])
def test_a_bad_year_is_400(api_client, year):
    response = api_client.get(FIGURES, {"year": year})

    assert (response.status_code, list(response.json())) == (400, ["year"])
