"""Search through the page, the API and the command line: the same answer everywhere."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.organizations.tests.factories import OrganizationFactory
from innobridge.search import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    china, vietnam = OrganizationFactory(country="CN"), OrganizationFactory(country="VN")
    offer = ListingFactory(
        owner=china,
        language="zh-hans",
        title="绵阳优质水稻新品种越南试验示范",
        summary="提供优质水稻和蔬菜新品种，联合研究栽培技术。",
        ref="MAAS-2025-01",
    )
    need = ListingFactory(
        owner=vietnam,
        kind="need",
        language="vi",
        title="Cần giống lúa chất lượng cao",
        summary="Khảo nghiệm giống lúa và rau tại Việt Nam.",
        target_countries=["CN"],
    )
    other = ListingFactory(title="Hydrogen refuelling station", summary="Bus depot, 700 bar.")
    draft = ListingFactory(title="水稻 draft", summary="水稻", status="draft")
    services.index_listings([offer.pk, need.pk, other.pk, draft.pk])
    return {"offer": offer, "need": need, "other": other, "draft": draft}


def test_api_search_returns_documented_hits(client, corpus):
    response = client.get("/api/v1/search/", {"q": "水稻 品种", "limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["results"][0]["id"] == corpus["offer"].pk
    assert set(body["results"][0]) == {"id", "ref", "kind", "title", "language", "score"}
    assert corpus["draft"].pk not in [hit["id"] for hit in body["results"]]


def test_api_search_bad_input_is_explained(client, corpus):
    # Messages by parameter, as lists, like every other 400 of the API.
    assert client.get("/api/v1/search/").json() == {"q": ["Give a query."]}
    response = client.get("/api/v1/search/", {"q": "rice", "limit": "many"})
    assert (response.status_code, response.json()) == (400, {"limit": ["A whole number, please."]})
    response = client.get("/api/v1/search/", {"q": "rice", "kind": "unicorn"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_same_answer_through_api_and_command_line(client, corpus, capsys):
    api = client.get("/api/v1/search/", {"q": "giống lúa", "limit": 3}).json()
    call_command("search", "giống lúa", "--limit", "3", "--json")
    cli = json.loads(capsys.readouterr().out)
    assert cli == api


def test_matches_endpoint_and_command_agree(client, corpus, capsys):
    need = corpus["need"]
    api = client.get(f"/api/v1/listings/{need.pk}/matches/", {"limit": 5}).json()
    assert [hit["id"] for hit in api["results"]] == [corpus["offer"].pk]
    call_command("match", str(need.pk), "--limit", "5", "--json")
    assert json.loads(capsys.readouterr().out) == api


def test_matches_of_a_draft_are_hidden_from_visitors(client, corpus):
    response = client.get(f"/api/v1/listings/{corpus['draft'].pk}/matches/")
    assert response.status_code == 404


def test_listings_filterable_by_ref(client, corpus):
    body = client.get("/api/v1/listings/", {"ref": "MAAS-2025-01"}).json()
    assert [row["id"] for row in body["results"]] == [corpus["offer"].pk]
    assert body["results"][0]["ref"] == "MAAS-2025-01"


def test_search_page_shows_hits_facets_and_why(client, corpus):
    response = client.get("/en/search/", {"q": "水稻"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>水稻</mark>" in html
    assert response.context["facets"]["kind"][0].value == "offer"
    assert "Why this matches:" in html


def test_search_page_traditional_query_highlights_simplified_text(client, corpus):
    html = client.get("/zh-hant/search/", {"q": "綿陽 水稻"}).content.decode()
    assert "<mark>绵阳</mark>" in html


def test_search_page_without_query_renders_the_form(client, db):
    response = client.get("/vi/search/")
    assert response.status_code == 200
    assert response.context["hits"] == []


def test_query_longer_than_the_limit_is_refused_the_same_way_everywhere(client):
    long_query = "rice " * 101  # 505 characters

    api = client.get("/api/v1/search/", {"q": long_query})
    page = client.get("/en/search/", {"q": long_query})
    with pytest.raises(CommandError) as command:
        call_command("search", long_query)

    message = "A query has at most 500 characters; this one has 504."
    assert (api.status_code, api.json()) == (400, {"q": [message]})
    assert page.context["error"] == message
    assert str(command.value) == message


def test_the_schema_says_how_long_a_query_may_be(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    q = next(p for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"] if p["name"] == "q")
    assert q["schema"]["maxLength"] == 500


def test_same_hits_through_page_api_and_command_line(client, corpus, capsys):
    api = client.get("/api/v1/search/", {"q": "水稻 品种", "limit": 50}).json()
    page = client.get("/en/search/", {"q": "水稻 品种"})
    call_command("search", "水稻 品种", "--limit", "50", "--json")
    cli = json.loads(capsys.readouterr().out)

    page_ids = [hit.listing_id for hit in page.context["hits"]]
    assert (
        page_ids == [hit["id"] for hit in api["results"]] == [hit["id"] for hit in cli["results"]]
    )
    assert page_ids  # the query finds something
