"""The search page (/<language>/search/): hits with facets, and the matching agreements."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.core.models import CooperationType, Sector
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.marketplace.models import Listing
from innobridge.marketplace.selectors import forget_published
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.organizations.tests.factories import OrganizationFactory
from innobridge.search import services, views

pytestmark = pytest.mark.django_db

COUNTRIES = ["VN", "TH", "CN", "LA", "KH", "MY", "ID", "PH"]


def add_rice_listings_and_agreements(count: int) -> None:
    """Indexed listings about rice, each of another owner, country and sector, and an
    agreement about rice per listing (the page shows up to five)."""
    start = Listing.objects.count()
    sectors = list(Sector.objects.order_by("sort_order"))
    cooperation = list(CooperationType.objects.order_by("sort_order")[:2])
    listings = [
        ListingFactory(
            owner=OrganizationFactory(country=COUNTRIES[number]),
            title=f"Salt-tolerant rice varieties for coastal fields {number}",
            summary="Rice seed trials with farmers in coastal provinces.",
            sectors=[sectors[number], sectors[number + 1]],
            cooperation_types=cooperation,
            target_countries=["VN", "TH"],
        )
        for number in range(start, start + count)
    ]
    services.index_listings([listing.pk for listing in listings])
    for _listing in listings:
        AgreementFactory()  # titled "Joint trial of salt-tolerant rice varieties <n>"


@pytest.mark.parametrize("signed_in", [False, True])
def test_search_page_query_count_does_not_grow_with_hits(client, member, signed_in):
    if signed_in:
        client.force_login(member)

    def shown(response) -> tuple[int, int]:
        return (len(response.context["hits"]), len(response.context["agreements"]))

    def fetch():
        forget_published()  # the rows are added by factories: no commit starts a new version
        return client.get("/en/search/", {"q": "rice"})

    result = assert_list_queries_do_not_grow(
        fetch,
        add_rows=add_rice_listings_and_agreements,
        shown=lambda response: sum(shown(response)),
    )

    assert (shown(result.few), shown(result.many)) == ((2, 2), (6, 5))
    assert len(result.many.context["facets"]["country"]) == 6


def test_search_page_ranks_a_question_once_for_every_ui_language(client, member):
    """The ranking is shared across UI languages and users; each page still shows its own
    language, and the agreements the viewer may see."""
    add_rice_listings_and_agreements(2)
    english = client.get("/en/search/", {"q": "rice"})
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        chinese = client.get("/zh-hans/search/", {"q": "rice"})

    titles = [hit.listing.title for hit in english.context["hits"]]
    assert [hit.listing.title for hit in chinese.context["hits"]] == titles
    assert len(titles) == 2
    assert 'lang="zh-hans"' in chinese.content.decode()
    lexical = [
        q["sql"] for q in queries.captured_queries if "bm25" in q["sql"] or "tsquery" in q["sql"]
    ]
    assert lexical == []  # the lexical retrieval (SQLite FTS5 or PostgreSQL) did not run


def test_search_page_shows_its_hits_a_page_at_a_time_with_facets_over_all(client, monkeypatch):
    monkeypatch.setattr(views, "HITS_PER_PAGE", 2)
    add_rice_listings_and_agreements(5)
    api = client.get("/api/v1/search/", {"q": "rice", "limit": 50}).json()
    ranked = [hit["id"] for hit in api["results"]]

    pages = [client.get("/en/search/", {"q": "rice", "page": n}) for n in (1, 2, 3)]

    assert [[hit.listing_id for hit in page.context["hits"]] for page in pages] == [
        ranked[0:2],
        ranked[2:4],
        ranked[4:5],
    ]
    first = pages[0].content.decode()
    assert "5 results" in first
    assert "Page 1 of 3" in first
    assert 'href="?q=rice&amp;page=2"' in first
    assert sum(facet.count for facet in pages[1].context["facets"]["country"]) == 5


def test_search_page_filter_fields_show_each_requests_choice(client):
    add_rice_listings_and_agreements(1)

    need = client.get("/en/search/", {"q": "rice", "kind": "need"}).content.decode()
    offer = client.get("/en/search/", {"q": "seeds", "kind": "offer"}).content.decode()

    assert '<option value="need" selected>' in need
    assert '<option value="offer" selected>' in offer
    assert '<option value="need" selected>' not in offer


def test_search_page_answers_htmx_with_its_results_alone(client):
    add_rice_listings_and_agreements(1)

    html = client.get("/en/search/", {"q": "rice"}, headers={"HX-Request": "true"}).content.decode()

    assert html.lstrip().startswith('<div class="with-facets">')
    assert "Salt-tolerant" in html
    assert "<form" not in html
