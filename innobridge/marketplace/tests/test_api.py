"""The marketplace's REST API: /api/v1/listings/ with its workflow actions and
/api/v1/interests/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.core.models import CooperationType, Sector, WorkArea
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.marketplace import services
from innobridge.marketplace.choices import InterestStatus, ListingKind, ListingStatus
from innobridge.marketplace.models import ExpressionOfInterest, Listing, ListingTransition
from innobridge.marketplace.selectors import forget_published
from innobridge.marketplace.tests.factories import ExpressionOfInterestFactory, ListingFactory
from innobridge.organizations.choices import MembershipStatus
from innobridge.organizations.tests.factories import ContactPersonFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

LISTINGS_URL = "/api/v1/listings/"
INTERESTS_URL = "/api/v1/interests/"


def listing_url(listing: Listing, action: str = "") -> str:
    return f"{LISTINGS_URL}{listing.pk}/{action + '/' if action else ''}"


def interest_url(interest: ExpressionOfInterest, action: str = "") -> str:
    return f"{INTERESTS_URL}{interest.pk}/{action + '/' if action else ''}"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


def row(listing: Listing) -> dict:
    """The listing's whole database row and its relations, to show nothing changed."""
    values = Listing.objects.values().get(pk=listing.pk)
    values["sectors"] = sorted(listing.sectors.values_list("code", flat=True))
    values["target_countries"] = sorted(listing.target_countries.values_list("country", flat=True))
    values["transitions"] = ListingTransition.objects.filter(listing=listing).count()
    return values


def interest_row(interest: ExpressionOfInterest) -> dict:
    return ExpressionOfInterest.objects.values().get(pk=interest.pk)


def offer_payload(**overrides) -> dict:
    payload = {
        "kind": ListingKind.OFFER,
        "title": "Solid-state battery test bench",
        "summary": "Our laboratory tests solid-state cells for safety and cycle life.",
        "description": "<p>Accredited to ISO 17025.</p>",
        "keywords": ["battery", "solid-state"],
        "sectors": ["green-energy"],
        "cooperation_types": ["licensing"],
        "target_countries": ["VN", "TH"],
        "trl": 6,
        "valid_until": (timezone.localdate() + timedelta(days=200)).isoformat(),
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def other_member(other_organization):
    return UserFactory(organization=other_organization, role=Role.MEMBER_EDITOR)


@pytest.fixture
def applicant_user(db):
    applicant = OrganizationFactory(membership_status=MembershipStatus.APPLICANT, joined_on=None)
    return UserFactory(organization=applicant, role=Role.MEMBER_EDITOR)


# --- list and detail -------------------------------------------------------------------------


def test_list_shows_visitors_published_listings_only(api_client, organization):
    ListingFactory(owner=organization, title="Published offer")
    for status in [
        ListingStatus.DRAFT,
        ListingStatus.SUBMITTED,
        ListingStatus.RETURNED,
        ListingStatus.CLOSED,
        ListingStatus.EXPIRED,
    ]:
        ListingFactory(owner=organization, status=status, title=f"Hidden {status}")

    response = api_client.get(LISTINGS_URL)

    assert response.status_code == 200
    assert titles(response) == ["Published offer"]


def test_list_shows_owners_their_drafts_too(organization, member, other_organization):
    ListingFactory(owner=organization, title="Published offer")
    ListingFactory(owner=organization, draft=True, title="Own draft")
    ListingFactory(owner=other_organization, draft=True, title="Someone else's draft")

    response = client_for(member).get(LISTINGS_URL)

    assert sorted(titles(response)) == ["Own draft", "Published offer"]


def test_list_shows_the_secretariat_everything(organization, secretariat):
    ListingFactory(owner=organization, title="Published offer")
    ListingFactory(owner=organization, draft=True, title="A draft")

    response = client_for(secretariat).get(LISTINGS_URL)

    assert sorted(titles(response)) == ["A draft", "Published offer"]


def test_list_filters_by_kind_and_sector(api_client):
    energy = Sector.objects.get(code="green-energy")
    ListingFactory(title="Energy offer", sectors=[energy])
    ListingFactory(title="Energy need", kind=ListingKind.NEED, sectors=[energy])
    ListingFactory(title="Plain offer")

    response = api_client.get(LISTINGS_URL, {"kind": "offer", "sector": "green-energy"})

    assert titles(response) == ["Energy offer"]


def test_detail_of_a_draft_is_not_found_for_visitors_and_other_members(
    api_client, organization, other_member
):
    listing = ListingFactory(owner=organization, draft=True)

    assert api_client.get(listing_url(listing)).status_code == 404
    assert client_for(other_member).get(listing_url(listing)).status_code == 404


def test_detail_represents_the_whole_listing(api_client, organization):
    listing = ListingFactory(
        owner=organization,
        title="Battery bench",
        target_countries=["VN", "LA"],
        sectors=[Sector.objects.get(code="green-energy")],
        work_area=WorkArea.objects.get(code="technology-transfer"),
        trl=6,
    )

    data = api_client.get(listing_url(listing)).json()

    assert {
        "id",
        "kind",
        "language",
        "title",
        "summary",
        "owner",
        "status",
        "published_at",
        "created_at",
        "updated_at",
        "target_countries",
    } <= set(data)
    assert {
        key: data[key]
        for key in [
            "id",
            "kind",
            "language",
            "title",
            "owner",
            "status",
            "target_countries",
            "sectors",
            "work_area",
            "trl",
            "history",
        ]
    } == {
        "id": listing.pk,
        "kind": "offer",
        "language": "en",
        "title": "Battery bench",
        "owner": organization.pk,
        "status": "published",
        "target_countries": ["LA", "VN"],
        "sectors": ["green-energy"],
        "work_area": "technology-transfer",
        "trl": 6,
        "history": [],
    }
    assert data["published_at"] is not None


def test_detail_shows_the_owner_the_history(organization, member, secretariat):
    listing = ListingFactory(owner=organization, draft=True)
    services.listing_submit(listing=listing, actor=member)
    services.listing_approve(listing=listing, actor=secretariat, note="Fine")

    history = client_for(member).get(listing_url(listing)).json()["history"]

    assert [(step["from_status"], step["to_status"], step["reason"]) for step in history] == [
        ("draft", "submitted", ""),
        ("submitted", "published", "Fine"),
    ]


def _create_rows(count: int) -> None:
    sectors = list(Sector.objects.order_by("sort_order")[:2])
    cooperation = list(CooperationType.objects.order_by("sort_order")[:2])
    work_areas = list(WorkArea.objects.order_by("sort_order"))
    for index in range(count):
        ListingFactory(
            sectors=sectors,
            cooperation_types=cooperation,
            target_countries=["VN", "TH"],
            work_area=work_areas[index % len(work_areas)],
            contact_person=None,
        )


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_list_query_count_does_not_grow_with_rows(member, who):
    client = client_for(member) if who == "member" else APIClient()

    def fetch():
        forget_published()  # the rows are added by factories, not by the services
        return client.get(LISTINGS_URL)

    result = assert_list_queries_do_not_grow(
        fetch,
        add_rows=_create_rows,
        shown=lambda response: len(response.json()["results"]),
        few=3,
        many=30,
    )

    assert (result.shown, result.many.json()["count"]) == ((3, 30), 30)


def test_visitors_list_is_serialized_once_until_a_published_listing_changes(
    member, secretariat, django_capture_on_commit_callbacks
):
    """Visitors share the cached page; a member, who also sees their drafts, never gets it;
    a listing published through the services shows at once."""
    _create_rows(3)
    visitor = APIClient()
    first = visitor.get(LISTINGS_URL, {"page_size": 2})
    with CaptureQueriesContext(connection) as cached:
        second = visitor.get(LISTINGS_URL, {"page_size": 2})
    draft = services.listing_create(
        actor=member, owner=member.organization,
        data={"kind": ListingKind.OFFER, "title": "Member's draft", "summary": "Not yet."},
    )  # fmt: skip
    members_titles = [
        row["title"] for row in client_for(member).get(LISTINGS_URL).json()["results"]
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_submit(listing=draft, actor=member)
        services.listing_approve(listing=draft, actor=secretariat)
    after_publishing = visitor.get(LISTINGS_URL, {"page_size": 2}).json()

    assert second.json() == first.json()
    assert first.json()["count"] == 3
    assert first.json()["next"].startswith("http://testserver/api/v1/listings/?page=2")
    assert not any("marketplace_listing" in query["sql"] for query in cached.captured_queries)
    assert "Member's draft" in members_titles
    assert after_publishing["count"] == 4
    assert after_publishing["results"][0]["title"] == "Member's draft"


def test_visitors_json_page_is_kept_as_the_bytes_sent(monkeypatch):
    """The second visitor's request sends the kept bytes: nothing is encoded again. The
    browsable API and another indent are pages of their own."""
    from rest_framework.renderers import JSONRenderer

    _create_rows(3)
    encoded = []
    render = JSONRenderer.render

    def counting_render(self, data, *args, **kwargs):
        encoded.append(data)
        return render(self, data, *args, **kwargs)

    monkeypatch.setattr(JSONRenderer, "render", counting_render)
    visitor = APIClient()
    first = visitor.get(LISTINGS_URL)
    second = visitor.get(LISTINGS_URL)
    indented = visitor.get(LISTINGS_URL, HTTP_ACCEPT="application/json; indent=2")
    encodings = len(encoded)
    browsable = visitor.get(LISTINGS_URL, HTTP_ACCEPT="text/html")

    assert second.content == first.content and first.json()["count"] == 3
    assert second["Content-Type"] == "application/json"
    assert encodings == 2  # the first page, then its indented form
    assert indented.content.startswith(b'{\n  "count": 3') and indented.json() == first.json()
    assert browsable.status_code == 200 and browsable["Content-Type"].startswith("text/html")


def test_list_query_count_is_bounded_for_visitors(api_client, django_assert_max_num_queries):
    _create_rows(30)

    with django_assert_max_num_queries(6):
        response = api_client.get(LISTINGS_URL)

    assert response.json()["count"] == 30


# --- create and update -----------------------------------------------------------------------


def test_create_by_a_member_saves_a_draft_of_their_organization(organization, member):
    response = client_for(member).post(LISTINGS_URL, offer_payload(), format="json")

    assert response.status_code == 201
    listing = Listing.objects.get()
    data = response.json()
    assert (data["id"], data["owner"], data["status"], data["language"]) == (
        listing.pk,
        organization.pk,
        "draft",
        "en",
    )
    assert data["target_countries"] == ["TH", "VN"]
    assert (listing.owner_id, listing.status, listing.created_by_id) == (
        organization.pk,
        ListingStatus.DRAFT,
        member.pk,
    )
    assert row(listing)["sectors"] == ["green-energy"]


def test_create_by_a_visitor_is_refused(api_client):
    response = api_client.post(LISTINGS_URL, offer_payload(), format="json")

    assert response.status_code == 401
    assert Listing.objects.count() == 0


def test_create_for_another_organization_by_a_member_is_forbidden(member, other_organization):
    response = client_for(member).post(
        LISTINGS_URL, offer_payload(owner=other_organization.pk), format="json"
    )

    assert response.status_code == 403
    assert Listing.objects.count() == 0


def test_create_by_an_applicant_organizations_user_is_forbidden(applicant_user):
    response = client_for(applicant_user).post(LISTINGS_URL, offer_payload(), format="json")

    assert response.status_code == 403
    assert Listing.objects.count() == 0


def test_create_by_the_secretariat_for_an_organization_saves(secretariat, organization):
    response = client_for(secretariat).post(
        LISTINGS_URL, offer_payload(owner=organization.pk), format="json"
    )

    assert response.status_code == 201
    assert Listing.objects.get().owner_id == organization.pk


def test_create_with_missing_fields_is_refused_with_their_keys(member):
    response = client_for(member).post(LISTINGS_URL, {}, format="json")

    assert response.status_code == 400
    assert sorted(response.json()) == ["kind", "summary", "title"]
    assert Listing.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"trl": 10}, "trl"),
        ({"target_countries": ["VN", "XX"]}, "target_countries"),
        ({"sectors": ["no-such-sector"]}, "sectors"),
        ({"kind": "gadget"}, "kind"),
        ({"kind": ListingKind.RESOURCE}, "resource_type"),
        ({"kind": ListingKind.NEED, "budget_min": "1000"}, "budget_currency"),
        ({"keywords": ["x" * 61]}, "keywords"),
    ],
)
def test_create_with_bad_input_is_refused_with_the_field_key(member, overrides, field):
    response = client_for(member).post(LISTINGS_URL, offer_payload(**overrides), format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Listing.objects.count() == 0


def test_patch_by_another_member_is_forbidden_and_changes_nothing(organization, other_member):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = client_for(other_member).patch(
        listing_url(listing), {"title": "Taken over"}, format="json"
    )

    assert response.status_code == 403
    assert row(listing) == before


def test_patch_by_a_visitor_is_refused_and_changes_nothing(api_client, organization):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = api_client.patch(listing_url(listing), {"title": "Taken over"}, format="json")

    assert response.status_code == 401
    assert row(listing) == before


def test_patch_by_the_owner_saves(organization, member):
    listing = ListingFactory(owner=organization, draft=True)

    response = client_for(member).patch(
        listing_url(listing), {"title": "Renamed", "target_countries": ["KH"]}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["target_countries"]) == ("Renamed", ["KH"])
    assert row(listing)["target_countries"] == ["KH"]


def test_patch_of_a_published_listing_by_the_owner_sends_it_to_moderation(organization, member):
    listing = ListingFactory(owner=organization)

    response = client_for(member).patch(listing_url(listing), {"title": "Renamed"}, format="json")

    assert response.status_code == 200
    listing.refresh_from_db()
    assert (listing.title, listing.status) == ("Renamed", ListingStatus.SUBMITTED)


def test_patch_cannot_change_the_kind(organization, member):
    listing = ListingFactory(owner=organization, draft=True)
    before = row(listing)

    response = client_for(member).patch(listing_url(listing), {"kind": "need"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["kind"]
    assert row(listing) == before


def test_delete_by_another_member_is_forbidden_and_changes_nothing(organization, other_member):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = client_for(other_member).delete(listing_url(listing))

    assert response.status_code == 403
    assert row(listing) == before


def test_delete_of_a_draft_by_the_owner_deletes_it(organization, member):
    listing = ListingFactory(owner=organization, draft=True)

    response = client_for(member).delete(listing_url(listing))

    assert response.status_code == 204
    assert not Listing.objects.filter(pk=listing.pk).exists()


# --- workflow actions ------------------------------------------------------------------------


def test_submit_by_the_owner_sends_the_draft_to_moderation(organization, member):
    listing = ListingFactory(owner=organization, draft=True)

    response = client_for(member).post(listing_url(listing, "submit"))

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    listing.refresh_from_db()
    assert listing.status == ListingStatus.SUBMITTED


@pytest.mark.parametrize("action", ["submit", "close"])
def test_action_by_another_member_is_forbidden_and_changes_nothing(
    organization, other_member, action
):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = client_for(other_member).post(listing_url(listing, action))

    assert response.status_code == 403
    assert row(listing) == before


@pytest.mark.parametrize("action", ["submit", "close", "approve", "return"])
def test_action_by_a_visitor_is_refused_and_changes_nothing(api_client, organization, action):
    listing = ListingFactory(owner=organization, submitted=True)
    before = row(listing)

    response = api_client.post(listing_url(listing, action), {"reason": "x"}, format="json")

    assert response.status_code == 401
    assert row(listing) == before


def test_submit_of_another_organizations_draft_is_not_found(organization, other_member):
    listing = ListingFactory(owner=organization, draft=True)
    before = row(listing)

    response = client_for(other_member).post(listing_url(listing, "submit"))

    assert response.status_code == 404
    assert row(listing) == before


def test_submit_of_a_published_listing_is_refused_and_changes_nothing(organization, member):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = client_for(member).post(listing_url(listing, "submit"))

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Only drafts and returned listings can be submitted."]
    }
    assert row(listing) == before


@pytest.mark.parametrize("action", ["approve", "return"])
def test_moderation_action_by_the_owner_is_forbidden_and_changes_nothing(
    organization, member, action
):
    listing = ListingFactory(owner=organization, submitted=True)
    before = row(listing)

    response = client_for(member).post(
        listing_url(listing, action), {"reason": "Looks good to me"}, format="json"
    )

    assert response.status_code == 403
    assert row(listing) == before


def test_approve_by_the_secretariat_publishes(organization, secretariat):
    listing = ListingFactory(owner=organization, submitted=True)

    response = client_for(secretariat).post(listing_url(listing, "approve"), {}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["published_at"] is not None
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED


def test_approve_of_a_draft_by_the_secretariat_is_refused_and_changes_nothing(
    organization, secretariat
):
    listing = ListingFactory(owner=organization, draft=True)
    before = row(listing)

    response = client_for(secretariat).post(listing_url(listing, "approve"), {}, format="json")

    assert response.status_code == 400
    assert row(listing) == before


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_return_without_a_reason_is_refused_and_changes_nothing(organization, secretariat, body):
    listing = ListingFactory(owner=organization, submitted=True)
    before = row(listing)

    response = client_for(secretariat).post(listing_url(listing, "return"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert row(listing) == before


def test_return_with_a_reason_returns_the_listing(organization, secretariat):
    listing = ListingFactory(owner=organization, submitted=True)

    response = client_for(secretariat).post(
        listing_url(listing, "return"), {"reason": "Add a price."}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert list(listing.transitions.values_list("to_status", "reason")) == [
        (ListingStatus.RETURNED, "Add a price.")
    ]


def test_close_by_the_owner_closes(organization, member):
    listing = ListingFactory(owner=organization)

    response = client_for(member).post(listing_url(listing, "close"))

    assert response.status_code == 200
    assert response.json()["status"] == "closed"


def test_close_of_a_draft_is_refused_and_changes_nothing(organization, member):
    listing = ListingFactory(owner=organization, draft=True)
    before = row(listing)

    response = client_for(member).post(listing_url(listing, "close"))

    assert response.status_code == 400
    assert row(listing) == before


# --- expressions of interest -----------------------------------------------------------------


def test_interest_post_by_another_member_creates_it(organization, other_member):
    listing = ListingFactory(owner=organization)

    response = client_for(other_member).post(
        listing_url(listing, "interests"), {"message": "We need this."}, format="json"
    )

    assert response.status_code == 201
    interest = ExpressionOfInterest.objects.get()
    data = response.json()
    assert {key: data[key] for key in ["id", "listing", "organization", "message", "status"]} == {
        "id": interest.pk,
        "listing": listing.pk,
        "organization": other_member.organization_id,
        "message": "We need this.",
        "status": "pending",
    }
    assert data["contacts"] == []


def test_interest_post_twice_is_refused_and_keeps_one(organization, other_member):
    listing = ListingFactory(owner=organization)
    client = client_for(other_member)
    client.post(listing_url(listing, "interests"), {"message": "First"}, format="json")

    response = client.post(listing_url(listing, "interests"), {"message": "Second"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Your organization has already expressed interest in this listing."]
    }
    assert list(ExpressionOfInterest.objects.values_list("message", flat=True)) == ["First"]


def test_interest_post_on_own_listing_is_refused(organization, member):
    listing = ListingFactory(owner=organization)

    response = client_for(member).post(
        listing_url(listing, "interests"), {"message": "Us"}, format="json"
    )

    assert response.status_code == 400
    assert ExpressionOfInterest.objects.count() == 0


def test_interest_post_without_a_message_is_refused(organization, other_member):
    listing = ListingFactory(owner=organization)

    response = client_for(other_member).post(listing_url(listing, "interests"), {}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["message"]
    assert ExpressionOfInterest.objects.count() == 0


def test_interest_post_by_an_applicant_organizations_user_is_forbidden(
    organization, applicant_user
):
    listing = ListingFactory(owner=organization)

    response = client_for(applicant_user).post(
        listing_url(listing, "interests"), {"message": "Hello"}, format="json"
    )

    assert response.status_code == 403
    assert ExpressionOfInterest.objects.count() == 0


def test_interest_post_by_a_visitor_is_refused(api_client, organization):
    listing = ListingFactory(owner=organization)

    response = api_client.post(
        listing_url(listing, "interests"), {"message": "Hello"}, format="json"
    )

    assert response.status_code == 401
    assert ExpressionOfInterest.objects.count() == 0


def test_interests_list_shows_only_the_organizations_sent_and_received(
    organization, member, other_organization
):
    received = ExpressionOfInterestFactory(listing=ListingFactory(owner=organization))
    sent = ExpressionOfInterestFactory(organization=organization, created_by=member)
    ExpressionOfInterestFactory(listing=ListingFactory(owner=other_organization))

    response = client_for(member).get(INTERESTS_URL)

    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()["results"]) == sorted([received.pk, sent.pk])


def test_interests_list_is_refused_to_visitors(api_client):
    ExpressionOfInterestFactory()

    assert api_client.get(INTERESTS_URL).status_code == 401


@pytest.fixture
def interest(organization, other_organization, other_member):
    ContactPersonFactory(organization=organization, name="Owner Contact", email="owner@example.org")
    ContactPersonFactory(
        organization=other_organization, name="Interested Contact", email="them@example.org"
    )
    return ExpressionOfInterestFactory(
        listing=ListingFactory(owner=organization),
        organization=other_organization,
        created_by=other_member,
    )


def contact_names(data: dict) -> list[str]:
    return [person["name"] for person in data["contacts"]]


def test_interest_shows_no_contacts_before_acceptance(interest, member, other_member):
    assert client_for(member).get(interest_url(interest)).json()["contacts"] == []
    assert client_for(other_member).get(interest_url(interest)).json()["contacts"] == []


def test_answer_accept_by_the_owner_shows_contacts_to_both_sides(interest, member, other_member):
    response = client_for(member).post(
        interest_url(interest, "answer"), {"accept": True}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert response.json()["contacts"] == [
        {
            "name": "Interested Contact",
            "position": "Director of cooperation",
            "email": "them@example.org",
            "phone": "+84 24 0000 0000",
        },
        {"name": "", "position": "", "email": other_member.email, "phone": ""},
    ]
    interested_view = client_for(other_member).get(interest_url(interest)).json()
    assert interested_view["contacts"] == [
        {
            "name": "Owner Contact",
            "position": "Director of cooperation",
            "email": "owner@example.org",
            "phone": "+84 24 0000 0000",
        }
    ]


def test_answer_decline_by_the_owner_shares_nothing(interest, member, other_member):
    response = client_for(member).post(
        interest_url(interest, "answer"), {"accept": False}, format="json"
    )

    assert (response.json()["status"], response.json()["contacts"]) == ("declined", [])
    assert interest_row(interest)["status"] == InterestStatus.DECLINED
    assert client_for(other_member).get(interest_url(interest)).json()["contacts"] == []


def test_answer_twice_is_refused_and_changes_nothing(interest, member):
    client = client_for(member)
    client.post(interest_url(interest, "answer"), {"accept": True}, format="json")
    before = interest_row(interest)

    response = client.post(interest_url(interest, "answer"), {"accept": False}, format="json")

    assert response.status_code == 400
    assert interest_row(interest) == before


def test_answer_without_a_decision_is_refused_and_changes_nothing(interest, member):
    before = interest_row(interest)

    response = client_for(member).post(interest_url(interest, "answer"), {}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["accept"]
    assert interest_row(interest) == before


def test_answer_by_the_interested_side_is_forbidden_and_changes_nothing(interest, other_member):
    before = interest_row(interest)

    response = client_for(other_member).post(
        interest_url(interest, "answer"), {"accept": True}, format="json"
    )

    assert response.status_code == 403
    assert interest_row(interest) == before


def test_answer_by_a_third_organization_is_not_found_and_changes_nothing(interest):
    third = UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)
    before = interest_row(interest)

    response = client_for(third).post(
        interest_url(interest, "answer"), {"accept": True}, format="json"
    )

    assert response.status_code == 404
    assert interest_row(interest) == before
    assert client_for(third).get(interest_url(interest)).status_code == 404


def _create_interests(organization, member, count: int) -> None:
    for _index in range(count):
        received = ExpressionOfInterestFactory(
            listing=ListingFactory(owner=organization), status=InterestStatus.ACCEPTED
        )
        ContactPersonFactory(organization=received.organization)
        sent = ExpressionOfInterestFactory(
            organization=organization, created_by=member, status=InterestStatus.ACCEPTED
        )
        ContactPersonFactory(organization=sent.listing.owner)


def test_interests_list_query_count_does_not_grow_with_rows(organization, member):
    client = client_for(member)

    result = assert_list_queries_do_not_grow(
        lambda: client.get(INTERESTS_URL),
        add_rows=lambda count: _create_interests(organization, member, count),
        shown=lambda response: len(response.json()["results"]),
        few=2,
        many=12,
    )

    assert result.shown == (4, 24)  # one received and one sent per row
    assert all(row["contacts"] for row in result.many.json()["results"])


def test_patch_with_a_nul_in_a_keyword_is_rejected_and_changes_nothing(organization, member):
    """Keywords are stored as JSON, which PostgreSQL refuses with a NUL in it (a 500)."""
    listing = ListingFactory(owner=organization, draft=True)
    before = row(listing)

    response = client_for(member).patch(
        listing_url(listing), {"keywords": ["membrane", "x\x00"]}, format="json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"keywords": ["Keywords cannot hold NUL characters or lone surrogates."]},
    )
    assert row(listing) == before
