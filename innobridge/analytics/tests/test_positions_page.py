"""The secretariat's page of members' positions (views.positions) and its export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache

from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.analytics import services
from innobridge.analytics.tests.scenario import build_alliance
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/network/positions/"


def _names(response) -> list[str]:
    return [row.organization.name for row in response.context["page"].object_list]


def test_only_the_secretariat_sees_the_positions(client, member):
    build_alliance()
    services.network_refresh(year=2026)

    anonymous = client.get(PAGE)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(member)
    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE + "export.csv").status_code == 403


def test_the_secretariat_sees_every_member_of_the_full_network(client, secretariat):
    alliance = build_alliance()
    services.network_refresh(year=2026)
    client.force_login(secretariat)

    response = client.get(PAGE)

    assert response.status_code == 200
    # The full network: the parties-only tie a–d and the applicant e count here.
    assert sorted(_names(response)) == sorted(
        org.name for org in (alliance.a, alliance.b, alliance.c, alliance.d, alliance.e)
    )
    assert _names(response)[0] == alliance.a.name  # a has the most ties: first by PageRank
    page = response.content.decode()
    assert "Largest communities" in page and "Ties between countries" in page
    ties = response.context["country_ties"]
    assert {frozenset(row[:2]) for row in ties} >= {
        frozenset(pair)
        for pair in [("China", "Vietnam"), ("Vietnam",), ("China", "Russia"), ("Russia", "Vietnam")]
    }
    weights = [row[3] for row in ties]
    assert weights == sorted(weights, reverse=True)


def test_filters_and_order(client, secretariat):
    alliance = build_alliance()
    services.network_refresh(year=2026)
    client.force_login(secretariat)

    in_vietnam = client.get(PAGE, {"country": "VN", "order": "degree"})
    institutes = client.get(PAGE, {"kind": "research_institute"})
    by_reach = client.get(PAGE, {"order": "cross_border"})

    assert sorted(_names(in_vietnam)) == sorted([alliance.b.name, alliance.c.name])
    degrees = [row.degree for row in in_vietnam.context["page"].object_list]
    assert degrees == sorted(degrees, reverse=True)
    assert _names(institutes) == [alliance.c.name]
    shares = [row.cross_border_share for row in by_reach.context["page"].object_list]
    known = [share for share in shares if share is not None]
    assert known == sorted(known, reverse=True) and shares[: len(known)] == known


def test_a_bad_filter_is_400_with_the_reason_and_no_rows(client, secretariat):
    build_alliance()
    services.network_refresh(year=2026)
    client.force_login(secretariat)

    response = client.get(PAGE, {"order": "alphabet", "community": "-1"})
    export = client.get(PAGE + "export.csv", {"community": "x"})

    assert response.status_code == 400
    assert list(response.context["page"].object_list) == []
    assert "Select a valid choice" in response.content.decode()
    assert export.status_code == 400 and "Enter a whole number." in export.content.decode()


def test_the_export_holds_every_filtered_row_and_no_formula(client, secretariat):
    alliance = build_alliance()
    alliance.b.name = '=HYPERLINK("http://example.com")'
    alliance.b.save()
    services.network_refresh(year=2026)
    client.force_login(secretariat)

    response = client.get(PAGE + "export.csv", {"country": "VN"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="innobridge-network-positions-'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row["organization_id"] for row in rows) == sorted(
        [str(alliance.b.pk), str(alliance.c.pk)]
    )
    b = next(row for row in rows if row["organization_id"] == str(alliance.b.pk))
    assert b["organization"] == '\'=HYPERLINK("http://example.com")'
    assert (b["type"], b["country"], b["city"]) == ("science_park", "VN", "Hanoi")
    assert int(b["partners"]) == 3  # a (public R&D), c (memorandum), d (meeting)
    xlsx = client.get(PAGE + "export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_before_the_first_computation_the_page_says_so(client, secretariat):
    client.force_login(secretariat)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert "The cooperation network has not been computed yet." in response.content.decode()


def test_positions_queries_do_not_grow_with_members(client, secretariat):
    hub = OrganizationFactory()
    client.force_login(secretariat)

    def add_partners(count: int) -> None:
        for _ in range(count):
            AgreementFactory(parties=[hub, OrganizationFactory(country="TH")])
        services.network_refresh(year=2026)

    def fetch():
        cache.clear()  # count the communities and country ties computed, not cached
        return client.get(PAGE)

    result = assert_list_queries_do_not_grow(
        fetch,
        add_rows=add_partners,
        shown=lambda response: len(response.context["page"].object_list),
    )

    assert result.shown == (3, 7)


def test_communities_and_country_ties_are_computed_once_per_network(
    client, secretariat, django_assert_max_num_queries
):
    alliance = build_alliance()
    services.network_refresh(year=2026)
    client.force_login(secretariat)
    first = client.get(PAGE)

    with django_assert_max_num_queries(8):  # session, user, snapshot, rows: nothing per table
        again = client.get(PAGE)

    assert again.context["country_ties"] == first.context["country_ties"]
    AgreementFactory(parties=[alliance.b, OrganizationFactory(country="TH")])
    services.network_refresh(year=2026)
    after = client.get(PAGE)
    assert "Thailand" in {name for row in after.context["country_ties"] for name in row[:2]}


def test_the_refresh_prepares_the_pages_per_snapshot_reads(
    client, secretariat, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    build_alliance()
    with django_capture_on_commit_callbacks(execute=True):
        services.network_refresh(year=2026)
    client.force_login(secretariat)

    # The first visitor finds the communities and country ties computed: as few queries
    # as a page read from the cache (session, user, snapshot, rows).
    with django_assert_max_num_queries(8):
        response = client.get(PAGE)

    assert response.status_code == 200
    assert response.context["communities"] and response.context["country_ties"]
