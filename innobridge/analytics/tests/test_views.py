"""The network dashboard page and the map file (views.py)."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.analytics import services
from innobridge.analytics.tests.scenario import build_alliance
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/en/network/"


def _chart_data(response) -> dict:
    page = response.content.decode()
    start = page.index('<script id="chart-data" type="application/json">') + len(
        '<script id="chart-data" type="application/json">'
    )
    return json.loads(page[start : page.index("</script>", start)])


def test_dashboard_before_the_first_computation_says_so(client, organization):
    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert "The cooperation network has not been computed yet." in response.content.decode()
    assert _chart_data(response) == {
        "countries": [{"code": "VN", "name": "Vietnam", "value": 1, "types": {"science_park": 1}}],
        "nodes": [],
        "edges": [],
        "bars": {"members-type": [{"name": "Science park / high-tech zone", "value": 1}]},
    }


def test_a_visitor_sees_public_figures_and_ties_only(client):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    response = client.get(DASHBOARD)

    figures = response.context["figures"]
    assert (figures.members, figures.countries, figures.agreements, figures.ties) == (4, 3, 2, 2)
    data = _chart_data(response)
    assert sorted((edge["source"], edge["target"]) for edge in data["edges"]) == sorted(
        [tuple(map(str, alliance.pair("a", "b"))), tuple(map(str, alliance.pair("a", "c")))]
    )
    assert "Skolkovo Innovation Centre" not in response.content.decode()


def test_the_secretariat_sees_every_agreement_and_tie(client, secretariat):
    build_alliance()
    services.network_refresh(year=2026)
    client.force_login(secretariat)

    figures = client.get(DASHBOARD).context["figures"]

    # Drafts are never counted; the applicant is not a directory member.
    assert (figures.members, figures.agreements, figures.ties) == (4, 4, 7)


def test_filters_narrow_the_network(client, secretariat):
    alliance = build_alliance()
    services.network_refresh(year=2026)
    client.force_login(secretariat)

    data = _chart_data(client.get(DASHBOARD, {"year_from": 2026, "country": "RU"}))

    assert sorted((edge["source"], edge["target"]) for edge in data["edges"]) == sorted(
        [tuple(map(str, alliance.pair("a", "d"))), tuple(map(str, alliance.pair("c", "d")))]
    )


def test_bad_filters_are_400_with_the_reason_and_the_unfiltered_network(client):
    build_alliance()
    services.network_refresh(year=2026)

    response = client.get(DASHBOARD, {"year_from": 2026, "year_to": 2020})

    assert response.status_code == 400
    assert "The last year cannot come before the first." in response.content.decode()
    assert len(_chart_data(response)["edges"]) == 2


def test_the_world_map_is_the_configured_file(client, settings, tmp_path):
    custom = tmp_path / "approved.geojson"
    custom.write_text('{"type": "FeatureCollection", "features": []}')
    settings.ANALYTICS_MAP_FILE = str(custom)

    response = client.get(reverse("analytics:world-map"))

    assert (response.status_code, response["Content-Type"]) == (200, "application/geo+json")
    assert b"".join(response.streaming_content) == custom.read_bytes()


def test_the_shipped_map_has_every_demo_country(client):
    response = client.get(reverse("analytics:world-map"))
    features = json.loads(b"".join(response.streaming_content))["features"]

    codes = {feature["properties"]["name"] for feature in features}
    assert {"CN", "VN", "SG", "RU", "AE", "KZ", "FR", "NO"} <= codes


def test_dashboard_queries_do_not_grow_with_members(client, secretariat):
    hub = OrganizationFactory()
    client.force_login(secretariat)

    def add_partners(count: int) -> None:
        for _ in range(count):
            AgreementFactory(parties=[hub, OrganizationFactory(country="TH")])
        services.network_refresh(year=2026)

    def fetch():
        cache.clear()  # count the year's figures computed, not read from the cache
        return client.get(DASHBOARD, {"year": 2025})

    result = assert_list_queries_do_not_grow(
        fetch,
        add_rows=add_partners,
        shown=lambda response: len(response.context["network"].nodes),
    )

    assert result.shown == (3, 7)


def test_bar_charts_count_what_the_viewer_may_see(client, secretariat):
    from datetime import date

    from innobridge.agreements.choices import Visibility

    build_alliance()
    AgreementFactory(visibility=Visibility.PARTIES, signed_on=date(2023, 5, 1))

    public = _chart_data(client.get(DASHBOARD))["bars"]
    client.force_login(secretariat)
    full = _chart_data(client.get(DASHBOARD))["bars"]

    # public: the joint R&D and the MoU of 2025; the secretariat also 2026's parties-only
    # licence, the members-only memorandum of 2024 and the parties-only one of 2023
    assert public["agreements-year"] == [{"name": "2025", "value": 2}]
    assert full["agreements-year"] == [
        {"name": "2023", "value": 1},
        {"name": "2024", "value": 1},
        {"name": "2025", "value": 2},
        {"name": "2026", "value": 1},
    ]
    assert public["listings-kind"] == [{"name": "Technology offer", "value": 2}]
    assert {row["name"] for row in public["agreements-country"]} == {
        "China",
        "Vietnam",
        "Kazakhstan",
    }
    page = client.get(DASHBOARD).content.decode()
    assert '<table id="agreements-year-table" class="data-table">' in page
