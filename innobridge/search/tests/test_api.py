"""Search and matchmaking in the API: /api/v1/search/ and /api/v1/listings/{id}/matches/."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from innobridge.core.models import Sector
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.marketplace.choices import ListingKind
from innobridge.marketplace.models import Listing
from innobridge.marketplace.selectors import forget_published
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

    def fetch():
        forget_published()  # the rows are added by factories: no commit starts a new version
        return client.get("/api/v1/search/", {"q": "rice"})

    result = assert_list_queries_do_not_grow(
        fetch,
        add_rows=add_rice_offers,
        shown=hits,
    )

    assert result.shown == (2, 6)


def test_search_answers_are_shared_until_a_listing_is_indexed(
    member, django_capture_on_commit_callbacks
):
    """Search reads published listings only, so one answer serves visitors and members
    alike; indexing a listing (the worker, after its commit) starts a new version."""
    add_rice_offers(2)
    visitor, signed_in = APIClient(), APIClient()
    signed_in.force_authenticate(member)
    first = visitor.get("/api/v1/search/", {"q": "rice"})
    with CaptureQueriesContext(connection) as cached:
        second = signed_in.get("/api/v1/search/", {"q": "rice"})
    with django_capture_on_commit_callbacks(execute=True):
        add_rice_offers(1)
    after = visitor.get("/api/v1/search/", {"q": "rice"})

    assert second.json() == first.json()
    assert hits(first) == 2
    lexical = [
        q["sql"] for q in cached.captured_queries if "bm25" in q["sql"] or "tsquery" in q["sql"]
    ]
    assert lexical == []  # the lexical retrieval (SQLite FTS5 or PostgreSQL) did not run
    assert not any("marketplace_listing" in query["sql"] for query in cached.captured_queries)
    assert hits(after) == 3


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
