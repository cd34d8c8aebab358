"""The REST API of the member directory (/api/v1/organizations/) and of the taxonomies."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from innobridge.accounts.models import ApiToken
from innobridge.accounts.services import hash_key
from innobridge.accounts.tests.factories import PASSWORD, UserFactory
from innobridge.core.models import Sector
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.organizations.choices import MembershipStatus, OrganizationType
from innobridge.organizations.models import Organization
from innobridge.organizations.tests.factories import ContactPersonFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/organizations/"
DUPLICATE_MESSAGE = "An organization with this name is already registered in this country."
UI_LANGUAGES = {"en", "zh-hans", "zh-hant", "vi"}


def detail_url(organization: Organization) -> str:
    return f"{LIST_URL}{organization.pk}/"


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def row(organization: Organization) -> dict:
    """The organization's whole database row and its sectors, to show nothing changed."""
    values = Organization.objects.values().get(pk=organization.pk)
    values["sectors"] = sorted(organization.sectors.values_list("code", flat=True))
    return values


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def valid_payload(**overrides) -> dict:
    payload = {
        "type": OrganizationType.RESEARCH_INSTITUTE,
        "name": "Institute of Tropical Agriculture",
        "name_language": "en",
        "country": "TH",
        "city": "Bangkok",
        "sectors": ["agriculture"],
        "description": "Crop science and rural development.",
    }
    payload.update(overrides)
    return payload


# --- list: pagination, filters, visibility -------------------------------------------------


def test_list_is_paginated_with_count_next_and_results(api_client):
    OrganizationFactory(name="Alpha Park")
    OrganizationFactory(name="Beta Park")
    OrganizationFactory(name="Gamma Park")

    response = api_client.get(LIST_URL, {"page_size": 2})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["next"] == "http://testserver/api/v1/organizations/?page=2&page_size=2"
    assert body["previous"] is None
    assert [row["name"] for row in body["results"]] == ["Alpha Park", "Beta Park"]


def test_list_second_page_holds_the_rest(api_client):
    OrganizationFactory(name="Alpha Park")
    OrganizationFactory(name="Beta Park")
    OrganizationFactory(name="Gamma Park")

    response = api_client.get(LIST_URL, {"page_size": 2, "page": 2})

    assert response.status_code == 200
    assert response.json()["next"] is None
    assert names(response) == ["Gamma Park"]


def test_list_filters_by_country(api_client):
    OrganizationFactory(name="Hoa Lac Hi-Tech Park", country="VN")
    OrganizationFactory(name="Zhongguancun", country="CN")

    response = api_client.get(LIST_URL, {"country": "CN"})

    assert response.status_code == 200
    assert names(response) == ["Zhongguancun"]


def test_list_with_unknown_country_is_rejected(api_client):
    OrganizationFactory(country="VN")

    response = api_client.get(LIST_URL, {"country": "XX"})

    assert response.status_code == 400
    assert list(response.json()) == ["country"]


def test_list_filters_by_type(api_client):
    OrganizationFactory(name="Park", type=OrganizationType.SCIENCE_PARK)
    OrganizationFactory(name="University", type=OrganizationType.UNIVERSITY)

    response = api_client.get(LIST_URL, {"type": "university"})

    assert names(response) == ["University"]


def test_list_filters_by_sector_code(api_client):
    with_ai = OrganizationFactory(name="AI Lab")
    with_ai.sectors.set([Sector.objects.get(code="artificial-intelligence")])
    with_both = OrganizationFactory(name="Mixed Park")
    with_both.sectors.set(Sector.objects.filter(code__in=["artificial-intelligence", "aerospace"]))
    OrganizationFactory(name="Farm Institute").sectors.set([Sector.objects.get(code="agriculture")])

    response = api_client.get(LIST_URL, {"sector": "artificial-intelligence"})

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert names(response) == ["AI Lab", "Mixed Park"]
    assert [row["sectors"] for row in response.json()["results"]] == [
        ["artificial-intelligence"],
        ["artificial-intelligence", "aerospace"],
    ]


def test_list_filters_by_status(api_client):
    OrganizationFactory(name="Full Member", membership_status=MembershipStatus.MEMBER)
    OrganizationFactory(name="Watcher", membership_status=MembershipStatus.OBSERVER)

    response = api_client.get(LIST_URL, {"status": "observer"})

    assert names(response) == ["Watcher"]


def test_list_search_with_traditional_chinese_finds_simplified_name(api_client):
    OrganizationFactory(name="绵阳科技城", name_language="zh-hans", country="CN")
    OrganizationFactory(name="Zhongguancun", country="CN")

    response = api_client.get(LIST_URL, {"q": "綿陽"})

    assert names(response) == ["绵阳科技城"]


def test_list_search_without_accents_finds_translated_vietnamese_name(api_client):
    OrganizationFactory(
        name="Khu Công nghệ cao Hòa Lạc",
        name_language="vi",
        translated_names={"en": "Hoa Lac Hi-Tech Park, Hà Nội"},
    )
    OrganizationFactory(name="Saigon Hi-Tech Park")

    response = api_client.get(LIST_URL, {"q": "ha noi"})

    assert names(response) == ["Khu Công nghệ cao Hòa Lạc"]


def test_list_search_is_case_and_accent_blind_on_the_original_name(api_client):
    OrganizationFactory(name="Khu Công nghệ cao Hòa Lạc", name_language="vi")
    OrganizationFactory(name="Saigon Hi-Tech Park")

    response = api_client.get(LIST_URL, {"q": "HOA LAC"})

    assert names(response) == ["Khu Công nghệ cao Hòa Lạc"]


def test_list_hides_applicants_from_visitors(api_client):
    OrganizationFactory(name="Listed Park")
    OrganizationFactory(name="Hopeful Park", membership_status=MembershipStatus.APPLICANT)

    response = api_client.get(LIST_URL)

    assert names(response) == ["Listed Park"]


def test_list_hides_applicants_from_visitors_even_when_filtered_by_status(api_client):
    OrganizationFactory(name="Hopeful Park", membership_status=MembershipStatus.APPLICANT)

    response = api_client.get(LIST_URL, {"status": "applicant"})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_list_shows_applicants_to_the_secretariat(secretariat):
    OrganizationFactory(name="Listed Park")
    OrganizationFactory(name="Hopeful Park", membership_status=MembershipStatus.APPLICANT)

    response = client_for(secretariat).get(LIST_URL)

    assert names(response) == ["Hopeful Park", "Listed Park"]


def test_list_shows_an_applicant_its_own_organization_only():
    hopeful = OrganizationFactory(name="Hopeful Park", membership_status=MembershipStatus.APPLICANT)
    OrganizationFactory(name="Other Hopeful", membership_status=MembershipStatus.APPLICANT)
    OrganizationFactory(name="Listed Park")
    applicant = UserFactory(organization=hopeful)

    response = client_for(applicant).get(LIST_URL)

    assert names(response) == ["Hopeful Park", "Listed Park"]


def _create_rows(count: int) -> None:
    sectors = list(Sector.objects.order_by("sort_order")[:2])
    for _index in range(count):
        organization = OrganizationFactory()
        organization.sectors.set(sectors)
        ContactPersonFactory(organization=organization)


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_list_query_count_does_not_grow_with_rows(member, who):
    client = client_for(member) if who == "member" else APIClient()

    result = assert_list_queries_do_not_grow(
        lambda: client.get(LIST_URL),
        add_rows=_create_rows,
        shown=lambda response: response.json()["count"],
        few=3,
        many=30,
    )

    assert result.shown == (4, 31)  # the rows and the member's own organization
    contacts = [len(row["contacts"]) for row in result.many.json()["results"]]
    assert sorted(contacts) == ([0] * 31 if who == "visitor" else [0] + [1] * 30)


def test_list_query_count_is_bounded_for_visitors(api_client, django_assert_max_num_queries):
    _create_rows(30)

    with django_assert_max_num_queries(5):
        response = api_client.get(LIST_URL, {"sector": "artificial-intelligence"})

    assert response.json()["count"] == 30


# --- contacts ----------------------------------------------------------------------------


def test_detail_shows_visitors_no_contacts(api_client, organization):
    ContactPersonFactory(organization=organization)

    response = api_client.get(detail_url(organization))

    assert response.status_code == 200
    assert response.json()["contacts"] == []


def test_list_shows_visitors_no_contacts(api_client, organization):
    ContactPersonFactory(organization=organization)

    response = api_client.get(LIST_URL)

    assert [row["contacts"] for row in response.json()["results"]] == [[]]


def test_detail_shows_signed_in_members_the_contacts(member, other_organization):
    ContactPersonFactory(
        organization=other_organization,
        name="Nguyen Van An",
        position="Head of cooperation",
        email="an@hoalac.example",
        phone="+84 24 1234 5678",
        is_primary=True,
    )
    ContactPersonFactory(
        organization=other_organization,
        name="Bui Thi Lan",
        position="",
        email="lan@hoalac.example",
        phone="",
        is_primary=False,
    )

    response = client_for(member).get(detail_url(other_organization))

    assert response.status_code == 200
    assert response.json()["contacts"] == [
        {
            "name": "Nguyen Van An",
            "position": "Head of cooperation",
            "email": "an@hoalac.example",
            "phone": "+84 24 1234 5678",
            "is_primary": True,
        },
        {
            "name": "Bui Thi Lan",
            "position": "",
            "email": "lan@hoalac.example",
            "phone": "",
            "is_primary": False,
        },
    ]


def test_detail_shows_an_applicant_user_no_contacts(other_organization):
    ContactPersonFactory(organization=other_organization)
    hopeful = OrganizationFactory(membership_status=MembershipStatus.APPLICANT, joined_on=None)
    applicant = UserFactory(organization=hopeful)

    response = client_for(applicant).get(detail_url(other_organization))

    assert response.json()["contacts"] == []


def test_detail_of_an_applicant_is_not_found_for_visitors(api_client):
    hopeful = OrganizationFactory(membership_status=MembershipStatus.APPLICANT, joined_on=None)

    response = api_client.get(detail_url(hopeful))

    assert response.status_code == 404


def test_detail_of_an_applicant_is_not_found_for_other_members(member):
    hopeful = OrganizationFactory(membership_status=MembershipStatus.APPLICANT, joined_on=None)

    response = client_for(member).get(detail_url(hopeful))

    assert response.status_code == 404


def test_detail_returns_the_whole_organization(api_client):
    organization = OrganizationFactory(
        name="绵阳科技城",
        name_language="zh-hans",
        translated_names={"en": "Mianyang Science City"},
        country="CN",
        city="Mianyang",
        joined_on="2024-05-01",
    )
    organization.sectors.set(Sector.objects.filter(code__in=["aerospace", "new-materials"]))

    response = api_client.get(detail_url(organization))

    body = response.json()
    del body["created_at"], body["updated_at"]
    assert body == {
        "id": organization.pk,
        "url": f"http://testserver/en/organizations/{organization.pk}/",
        "type": "science_park",
        "name": "绵阳科技城",
        "name_language": "zh-hans",
        "translated_names": {"en": "Mianyang Science City"},
        "display_name": "Mianyang Science City",
        "short_name": "",
        "country": "CN",
        "country_name": "China",
        "region": "",
        "city": "Mianyang",
        "latitude": None,
        "longitude": None,
        "sectors": ["new-materials", "aerospace"],
        "website": "",
        "description": "",
        "logo": None,
        "membership_status": "member",
        "joined_on": "2024-05-01",
        "roles": [],
        "publishes_without_review": False,
        "is_demo": False,
        "contacts": [],
    }


# --- update ------------------------------------------------------------------------------


def test_patch_of_another_organization_by_a_member_editor_is_forbidden(member, other_organization):
    before = row(other_organization)
    history_before = other_organization.history.count()

    response = client_for(member).patch(
        detail_url(other_organization), {"name": "Taken Over", "city": "Elsewhere"}
    )

    assert response.status_code == 403
    assert row(other_organization) == before
    assert other_organization.history.count() == history_before


def test_patch_by_a_visitor_is_refused(api_client, organization):
    before = row(organization)

    response = api_client.patch(detail_url(organization), {"name": "Anonymous Edit"})

    assert response.status_code == 401
    assert row(organization) == before


def test_patch_of_own_organization_by_a_member_editor_saves(member, organization):
    response = client_for(member).patch(
        detail_url(organization),
        {
            "city": "Da Nang",
            "description": "Now with a pilot base.",
            "sectors": ["marine", "green-energy"],
            "translated_names": {"vi": "Khu Công viên Thử nghiệm"},
        },
    )

    assert response.status_code == 200
    organization.refresh_from_db()
    assert (organization.city, organization.description, organization.translated_names) == (
        "Da Nang",
        "Now with a pilot base.",
        {"vi": "Khu Công viên Thử nghiệm"},
    )
    assert sorted(organization.sectors.values_list("code", flat=True)) == [
        "green-energy",
        "marine",
    ]
    assert response.json()["sectors"] == ["green-energy", "marine"]


def test_patch_of_own_organization_is_recorded_in_history(member, organization):
    response = client_for(member).patch(detail_url(organization), {"city": "Da Nang"})

    assert response.status_code == 200
    latest = organization.history.latest()
    assert (latest.history_type, latest.history_user, latest.city) == ("~", member, "Da Nang")


def test_patch_of_own_organization_updates_the_search_text(member, organization, api_client):
    client_for(member).patch(detail_url(organization), {"translated_names": {"vi": "Hà Nội"}})

    response = api_client.get(LIST_URL, {"q": "ha noi"})

    assert names(response) == [organization.name]


def test_patch_of_membership_status_by_a_member_editor_is_ignored(member, organization):
    before = row(organization)

    response = client_for(member).patch(
        detail_url(organization),
        {"membership_status": "suspended", "roles": ["founding_member"], "is_demo": True},
    )

    assert response.status_code == 200
    assert response.json()["membership_status"] == "member"
    assert row(organization) == before


def test_patch_of_membership_status_by_the_secretariat_saves(secretariat, organization):
    response = client_for(secretariat).patch(
        detail_url(organization), {"membership_status": "suspended"}
    )

    assert response.status_code == 200
    organization.refresh_from_db()
    assert organization.membership_status == "suspended"
    latest = organization.history.latest()
    assert (latest.history_user, latest.membership_status) == (secretariat, "suspended")


def test_patch_with_invalid_country_is_rejected_and_nothing_saved(member, organization):
    before = row(organization)

    response = client_for(member).patch(detail_url(organization), {"country": "XX"})

    assert response.status_code == 400
    assert list(response.json()) == ["country"]
    assert row(organization) == before


def test_patch_to_a_name_taken_in_the_country_is_rejected(member, organization):
    OrganizationFactory(name="Hoa Lac Hi-Tech Park", country=organization.country)
    before = row(organization)

    response = client_for(member).patch(detail_url(organization), {"name": "HOA LAC hi-tech park"})

    assert response.status_code == 400
    assert DUPLICATE_MESSAGE in str(response.json())
    assert row(organization) == before


# --- create ------------------------------------------------------------------------------


def test_create_by_a_visitor_is_refused(api_client):
    response = api_client.post(LIST_URL, valid_payload())

    assert response.status_code == 401
    assert Organization.objects.count() == 0


def test_create_by_a_member_editor_is_forbidden(member):
    count_before = Organization.objects.count()

    response = client_for(member).post(LIST_URL, valid_payload())

    assert response.status_code == 403
    assert Organization.objects.count() == count_before


def test_create_by_the_secretariat_saves(secretariat):
    response = client_for(secretariat).post(
        LIST_URL, valid_payload(membership_status="member", joined_on="2025-03-01")
    )

    assert response.status_code == 201
    organization = Organization.objects.get(pk=response.json()["id"])
    assert (
        organization.type,
        organization.name,
        organization.country,
        organization.city,
        organization.membership_status,
        str(organization.joined_on),
        list(organization.sectors.values_list("code", flat=True)),
    ) == (
        "research_institute",
        "Institute of Tropical Agriculture",
        "TH",
        "Bangkok",
        "member",
        "2025-03-01",
        ["agriculture"],
    )
    created = organization.history.get(history_type="+")
    assert created.history_user == secretariat


def test_create_with_invalid_country_is_rejected(secretariat):
    response = client_for(secretariat).post(LIST_URL, valid_payload(country="XX"))

    assert response.status_code == 400
    assert list(response.json()) == ["country"]
    assert Organization.objects.count() == 0


def test_create_with_lower_case_country_is_rejected(secretariat):
    response = client_for(secretariat).post(LIST_URL, valid_payload(country="th"))

    assert response.status_code == 400
    assert list(response.json()) == ["country"]
    assert Organization.objects.count() == 0


def test_create_with_a_name_taken_in_the_country_is_rejected_case_insensitively(secretariat):
    existing = OrganizationFactory(name="Institute of Tropical Agriculture", country="TH")

    response = client_for(secretariat).post(
        LIST_URL, valid_payload(name="INSTITUTE OF TROPICAL agriculture")
    )

    assert response.status_code == 400
    assert DUPLICATE_MESSAGE in str(response.json())
    assert list(Organization.objects.all()) == [existing]


def test_create_with_a_name_taken_in_another_country_saves(secretariat):
    OrganizationFactory(name="Institute of Tropical Agriculture", country="VN")

    response = client_for(secretariat).post(LIST_URL, valid_payload(country="TH"))

    assert response.status_code == 201
    assert Organization.objects.filter(name="Institute of Tropical Agriculture").count() == 2


def test_create_with_a_too_long_name_is_rejected(secretariat):
    response = client_for(secretariat).post(LIST_URL, valid_payload(name="N" * 256))

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert Organization.objects.count() == 0


def test_create_with_a_too_long_description_is_rejected(secretariat):
    response = client_for(secretariat).post(LIST_URL, valid_payload(description="d" * 5001))

    assert response.status_code == 400
    assert list(response.json()) == ["description"]
    assert Organization.objects.count() == 0


def test_create_without_required_fields_is_rejected(secretariat):
    response = client_for(secretariat).post(LIST_URL, {"city": "Bangkok"})

    assert response.status_code == 400
    assert sorted(response.json()) == ["country", "name", "type"]
    assert Organization.objects.count() == 0


def test_create_with_unknown_sector_is_rejected(secretariat):
    response = client_for(secretariat).post(LIST_URL, valid_payload(sectors=["alchemy"]))

    assert response.status_code == 400
    assert list(response.json()) == ["sectors"]
    assert Organization.objects.count() == 0


# --- delete ------------------------------------------------------------------------------


def test_delete_by_a_member_editor_is_forbidden(member, organization):
    before = row(organization)

    response = client_for(member).delete(detail_url(organization))

    assert response.status_code == 403
    assert row(organization) == before


def test_delete_by_a_visitor_is_refused(api_client, organization):
    response = api_client.delete(detail_url(organization))

    assert response.status_code == 401
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_delete_by_the_secretariat_is_recorded_in_history(secretariat, organization):
    pk = organization.pk

    response = client_for(secretariat).delete(detail_url(organization))

    assert response.status_code == 204
    assert not Organization.objects.filter(pk=pk).exists()
    latest = Organization.history.filter(id=pk).latest()
    assert (latest.history_type, latest.history_user) == ("-", secretariat)


# --- token authentication ----------------------------------------------------------------


def test_token_is_issued_for_email_and_password(api_client, member):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": member.email, "password": PASSWORD}
    )

    assert response.status_code == 200
    token = ApiToken.objects.get(user=member)
    assert response.json()["id"] == token.pk
    assert hash_key(response.json()["token"]) == token.key_hash


def test_token_is_issued_for_the_email_as_the_user_typed_it(api_client):
    # The manager stores addresses in lower case (and applications check them
    # case-insensitively), so signing in must not depend on the case either.
    user = get_user_model().objects.create_user(email="Li.Wei@Mianyang.example", password=PASSWORD)

    response = api_client.post(
        "/api/v1/auth/token/", {"username": "Li.Wei@Mianyang.example", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert hash_key(response.json()["token"]) == ApiToken.objects.get(user=user).key_hash


def test_token_is_refused_for_a_wrong_password(api_client, member):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": member.email, "password": "wrong password"}
    )

    assert response.status_code == 400
    assert ApiToken.objects.filter(user=member).exists() is False


def test_token_authenticates_requests(api_client, member, organization, other_organization):
    ContactPersonFactory(organization=other_organization, email="desk@other.example")
    token = api_client.post(
        "/api/v1/auth/token/", {"username": member.email, "password": PASSWORD}
    ).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    read = client.get(detail_url(other_organization))
    write = client.patch(detail_url(organization), {"city": "Can Tho"})

    assert [contact["email"] for contact in read.json()["contacts"]] == ["desk@other.example"]
    assert write.status_code == 200
    organization.refresh_from_db()
    assert organization.city == "Can Tho"
    assert organization.history.latest().history_user == member


def test_an_unknown_token_is_refused(organization):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = client.get(LIST_URL)

    assert response.status_code == 401


# --- taxonomies and schema ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "count"),
    [("/api/v1/sectors/", 11), ("/api/v1/work-areas/", 7), ("/api/v1/focus-areas/", 3)],
)
def test_taxonomy_lists_every_entry_with_names_in_each_ui_language(api_client, url, count):
    response = api_client.get(url)

    assert response.status_code == 200
    results = response.json()["results"]
    assert (response.json()["count"], len(results)) == (count, count)
    assert [entry["code"] for entry in results if not entry["names"].keys() >= UI_LANGUAGES] == []
    assert [entry["name"] for entry in results] == [entry["names"]["en"] for entry in results]


@pytest.mark.parametrize(
    ("accept_language", "name"),
    [
        ("en", "Artificial intelligence"),
        ("zh-hans", "人工智能"),
        ("zh-hant", "人工智慧"),
        ("vi", "Trí tuệ nhân tạo"),
    ],
)
def test_taxonomy_name_follows_accept_language(api_client, accept_language, name):
    response = api_client.get(
        "/api/v1/sectors/artificial-intelligence/", HTTP_ACCEPT_LANGUAGE=accept_language
    )

    assert response.status_code == 200
    assert response.json()["name"] == name


def test_taxonomy_list_query_count_is_bounded(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = api_client.get("/api/v1/sectors/")

    assert response.status_code == 200


def test_schema_describes_the_organizations_endpoint(api_client):
    response = api_client.get("/api/v1/schema/")

    assert response.status_code == 200
    assert "/api/v1/organizations/" in response.content.decode()


# --- text no database can store, and bodies no parser should recurse into (issue 12) -------


def patch_json(user, organization: Organization, body: str):
    """A PATCH with the JSON body exactly as given: json.dumps writes a lone surrogate as
    the escape a client would send."""
    return client_for(user).patch(
        detail_url(organization), data=body, content_type="application/json"
    )


def test_patch_with_a_lone_surrogate_in_a_translated_name_is_rejected_and_nothing_saved(
    secretariat, organization
):
    before = row(organization)

    response = patch_json(
        secretariat, organization, json.dumps({"translated_names": {"en": "x\ud800"}})
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "“translated_names.en” in the JSON body holds a lone surrogate "
            "(half of a UTF-16 pair), which is not text."
        },
    )
    assert row(organization) == before


def test_patch_with_a_nul_in_a_translated_name_is_rejected_and_nothing_saved(
    secretariat, organization
):
    before = row(organization)

    response = patch_json(
        secretariat, organization, json.dumps({"translated_names": {"en": "x\u0000"}})
    )

    assert (response.status_code, response.json()) == (
        400,
        {"translated_names": ["The name in “en” holds a NUL character or a lone surrogate."]},
    )
    assert row(organization) == before


def test_patch_with_a_lone_surrogate_as_a_choice_is_rejected_and_nothing_saved(
    secretariat, organization
):
    """The choice field's message repeats the value, which no JSON renderer can encode."""
    before = row(organization)

    response = patch_json(secretariat, organization, json.dumps({"type": "\udfff"}))

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "“type” in the JSON body holds a lone surrogate "
            "(half of a UTF-16 pair), which is not text."
        },
    )
    assert row(organization) == before


def test_patch_with_an_emoji_escaped_as_a_surrogate_pair_saves(secretariat, organization):
    response = patch_json(
        secretariat, organization, json.dumps({"translated_names": {"en": "Park \U0001f331"}})
    )

    assert response.status_code == 200
    organization.refresh_from_db()
    assert organization.translated_names == {"en": "Park \U0001f331"}


@pytest.mark.parametrize("depth", [33, 100_000])  # 32 is the most allowed
def test_create_with_json_nested_too_deeply_is_rejected_and_nothing_saved(secretariat, depth):
    """100,000 levels raised RecursionError in the JSON decoder, a 500."""
    before = Organization.objects.count()

    response = client_for(secretariat).post(
        LIST_URL, data="[" * depth + "]" * depth, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "The JSON body is nested too deeply."},
    )
    assert Organization.objects.count() == before


def test_create_with_json_nested_32_levels_reaches_validation(secretariat):
    response = client_for(secretariat).post(
        LIST_URL, data="[" * 32 + "]" * 32, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]},
    )


def test_sector_code_with_a_nul_is_a_400_on_every_database(api_client, secretariat):
    """PostgreSQL refuses NUL in a query: the look-up of such a code was a 500 there
    (schemathesis, CI on PostgreSQL)."""
    api_client.force_authenticate(secretariat)
    before = Organization.objects.count()

    response = api_client.post(
        "/api/v1/organizations/",
        {"type": "science_park", "name": "Nul Park", "country": "VN", "sectors": ["ai\x00x"]},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["sectors"]
    assert Organization.objects.count() == before
