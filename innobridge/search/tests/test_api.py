"""Search and matchmaking in the API: /api/v1/search/ and /api/v1/listings/{id}/matches/."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from innobridge.core.models import Sector
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.marketplace.choices import ListingKind
from innobridge.marketplace.models import Listing
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.organizations.tests.factories import OrganizationFactory
from innobridge.search import services

pytestmark = pytest.mark.django_db

COUNTRIES = ["VN", "TH", "CN", "LA", "KH", "MY", "ID", "PH"]


def add_rice_offers(count: int) -> None:
    """Indexed offers about rice, each of another owner, country and sector."""
    start = Listing.objects.count()
    sectors = list(Sector.objects.order_by("sort_order"))
    offers = [
        ListingFactory(
            owner=OrganizationFactory(country=COUNTRIES[number]),
            title=f"Salt-tolerant rice varieties for coastal fields {number}",
            summary="Rice seed trials with farmers in coastal provinces.",
            sectors=[sectors[number], sectors[number + 1]],
            target_countries=["VN", "TH"],
        )
        for number in range(start, start + count)
    ]
    services.index_listings([offer.pk for offer in offers])


def hits(response) -> int:
    return len(response.json()["results"])


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_search_query_count_does_not_grow_with_hits(member, who):
    client = APIClient()
    if who == "member":
        client.force_authenticate(member)

    result = assert_list_queries_do_not_grow(
        lambda: client.get("/api/v1/search/", {"q": "rice"}),
        add_rows=add_rice_offers,
        shown=hits,
    )

    assert result.shown == (2, 6)


def test_matches_query_count_does_not_grow_with_hits(api_client, organization):
    need = ListingFactory(
        owner=organization,
        kind=ListingKind.NEED,
        title="We need rice varieties that tolerate salt",
        summary="Coastal fields lose their harvest to salt water.",
    )
    services.index_listings([need.pk])

    result = assert_list_queries_do_not_grow(
        lambda: api_client.get(f"/api/v1/listings/{need.pk}/matches/"),
        add_rows=add_rice_offers,
        shown=hits,
    )

    assert result.shown == (2, 6)
