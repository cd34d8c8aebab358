"""Pages of the marketplace: browse, detail, the listing form and workflow buttons,
moderation, interests, the dashboard and the import/export page."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.core.models import CooperationType, Sector
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.marketplace import exchange, services
from innobridge.marketplace.choices import (
    InnovationStage,
    InterestStatus,
    ListingKind,
    ListingStatus,
)
from innobridge.marketplace.models import (
    Attachment,
    ExpressionOfInterest,
    Listing,
    ListingTransition,
)
from innobridge.marketplace.selectors import FacetValue, forget_published
from innobridge.marketplace.tests.factories import ExpressionOfInterestFactory, ListingFactory
from innobridge.organizations import exchange as organization_exchange
from innobridge.organizations.choices import MembershipStatus
from innobridge.organizations.tests.factories import ContactPersonFactory, OrganizationFactory
from innobridge.search.tests.factories import MatchSuggestionFactory

pytestmark = pytest.mark.django_db

BROWSE_URL = "/en/marketplace/"
MODERATION_URL = "/en/marketplace/moderation/"
DASHBOARD_URL = "/en/marketplace/mine/"
EXCHANGE_URL = "/en/exchange/"


def detail_url(listing: Listing) -> str:
    return f"/en/marketplace/{listing.pk}/"


def action_url(listing: Listing, action: str) -> str:
    return f"/en/marketplace/{listing.pk}/{action}/"


def create_url(kind: str) -> str:
    return f"/en/marketplace/new/{kind}/"


def answer_url(interest: ExpressionOfInterest) -> str:
    return f"/en/marketplace/interests/{interest.pk}/answer/"


def login_redirect(url: str) -> str:
    return f"/en/accounts/login/?next={url}"


def row(listing: Listing) -> dict:
    """The listing's whole database row and its relations, to show nothing changed."""
    values = Listing.objects.values().get(pk=listing.pk)
    values["sectors"] = sorted(listing.sectors.values_list("code", flat=True))
    values["target_countries"] = sorted(listing.target_countries.values_list("country", flat=True))
    values["transitions"] = ListingTransition.objects.filter(listing=listing).count()
    values["attachments"] = Attachment.objects.filter(listing=listing).count()
    return values


def results_of(response) -> str:
    """The browse page's results, without the page around them (its nonce, its token)."""
    return response.content.decode().split('<div id="results"', 1)[1].split("</main>", 1)[0]


def titles(response) -> list[str]:
    return [listing.title for listing in response.context["page"].object_list]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def other_member(other_organization):
    return UserFactory(organization=other_organization, role=Role.MEMBER_EDITOR)


@pytest.fixture
def applicant_user(db):
    applicant = OrganizationFactory(membership_status=MembershipStatus.APPLICANT, joined_on=None)
    return UserFactory(organization=applicant, role=Role.MEMBER_EDITOR)


# --- browse ----------------------------------------------------------------------------------


def test_browse_shows_visitors_published_listings_only(client, organization):
    ListingFactory(owner=organization, title="Published offer")
    for status in [
        ListingStatus.DRAFT,
        ListingStatus.SUBMITTED,
        ListingStatus.RETURNED,
        ListingStatus.CLOSED,
        ListingStatus.EXPIRED,
    ]:
        ListingFactory(owner=organization, status=status, title=f"Hidden {status}")

    response = client.get(BROWSE_URL)

    assert response.status_code == 200
    assert titles(response) == ["Published offer"]
    assert "Hidden" not in response.content.decode()


def test_browse_shows_owners_no_drafts_either(client, organization, member):
    ListingFactory(owner=organization, draft=True, title="Own draft")

    response = logged_in(client, member).get(BROWSE_URL)

    assert titles(response) == []


@pytest.fixture
def catalogue(db):
    """Three published listings with different facets, and a draft that must never count."""
    vietnam = OrganizationFactory(country="VN")
    thailand = OrganizationFactory(country="TH")
    energy = Sector.objects.get(code="green-energy")
    farming = Sector.objects.get(code="agriculture")
    licensing = CooperationType.objects.get(code="licensing")
    joint = CooperationType.objects.get(code="joint_rnd")
    listings = {
        "A": ListingFactory(
            owner=vietnam,
            title="Xử lý nước thải bằng màng lọc",
            kind=ListingKind.OFFER,
            stage=InnovationStage.PILOT_TRANSFORMATION,
            trl=6,
            sectors=[energy],
            cooperation_types=[licensing],
        ),
        "B": ListingFactory(
            owner=thailand,
            title="Rice drying with solar heat",
            kind=ListingKind.NEED,
            stage=InnovationStage.BASIC_RESEARCH,
            trl=3,
            sectors=[energy, farming],
            cooperation_types=[joint],
        ),
        "C": ListingFactory(
            owner=vietnam,
            title="Drone crop monitoring",
            kind=ListingKind.OFFER,
            trl=8,
            sectors=[farming],
            cooperation_types=[licensing, joint],
        ),
    }
    ListingFactory(
        owner=thailand,
        draft=True,
        title="Draft drying",
        trl=3,
        sectors=[energy],
        cooperation_types=[licensing],
    )
    return listings


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["C", "B", "A"]),
        ({"kind": "offer"}, ["C", "A"]),
        ({"sector": "green-energy"}, ["B", "A"]),
        ({"country": "TH"}, ["B"]),
        ({"stage": "basic_research"}, ["B"]),
        ({"trl_min": "4"}, ["C", "A"]),
        ({"trl_max": "6"}, ["B", "A"]),
        ({"trl_min": "4", "trl_max": "7"}, ["A"]),
        ({"cooperation_type": "joint_rnd"}, ["C", "B"]),
        ({"q": "drying"}, ["B"]),
        ({"q": "xu ly nuoc"}, ["A"]),
        ({"kind": "offer", "sector": "agriculture"}, ["C"]),
    ],
)
def test_browse_filters(client, catalogue, query, expected):
    response = client.get(BROWSE_URL, query)

    assert titles(response) == [catalogue[key].title for key in expected]


def test_browse_with_an_invalid_filter_shows_nothing(client, catalogue):
    response = client.get(BROWSE_URL, {"trl_min": "12"})

    assert response.status_code == 400  # the page, with the form's message
    assert titles(response) == []
    assert response.context["facets"] == {}


def facet_counts(response) -> dict[str, list[tuple[str, int]]]:
    return {
        name: sorted((value.value, value.count) for value in values)
        for name, values in response.context["facets"].items()
    }


def facet_links(response) -> str:
    """The facets as the page shows them."""
    return re.search(r'<aside class="facets".*?</aside>', response.content.decode(), re.S)[0]


def test_browse_facet_counts_match_the_unfiltered_set(client, catalogue):
    response = client.get(BROWSE_URL)

    assert facet_counts(response) == {
        "kind": [("need", 1), ("offer", 2)],
        "sector": [("agriculture", 2), ("green-energy", 2)],
        "country": [("TH", 1), ("VN", 2)],
        "stage": [("basic_research", 1), ("pilot_transformation", 1)],
        "trl": [("3", 1), ("6", 1), ("8", 1)],
        "cooperation_type": [("joint_rnd", 2), ("licensing", 2)],
    }


def test_facet_counts_are_shared_from_the_cache_until_a_listing_changes(
    client, catalogue, secretariat, django_capture_on_commit_callbacks
):
    """The six counts are computed once per filter and language, and a listing changed
    through the services shows at once."""
    with CaptureQueriesContext(connection) as counted:
        first = client.get(BROWSE_URL, {"page": "1"})
    computed = len(counted)  # read now: the next request empties the connection's log
    with CaptureQueriesContext(connection) as cached:
        second = client.get(BROWSE_URL)  # the same filters: the page number is not one
    from_cache = len(cached)
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_close(listing=catalogue["B"], actor=secretariat)
    third = client.get(BROWSE_URL)

    assert facet_links(second) == facet_links(first)  # rendered once, for both pages
    assert from_cache <= computed - 6
    assert facet_counts(third)["kind"] == [("offer", 2)]
    assert facet_counts(client.get(BROWSE_URL, {"kind": "offer"}))["country"] == [("VN", 2)]


def test_another_page_of_the_same_query_renders_its_cards_alone(client, catalogue):
    """The filters, facets and count are kept for all the pages of a query: the next
    page reads its listings and nothing else."""
    ListingFactory.create_batch(21, status=ListingStatus.PUBLISHED, kind=ListingKind.OFFER)
    forget_published()
    first = client.get(BROWSE_URL, {"kind": "offer"})
    with CaptureQueriesContext(connection) as counted:
        second = client.get(BROWSE_URL, {"kind": "offer", "page": "2"})

    sql = " ".join(query["sql"] for query in counted.captured_queries)
    assert "COUNT(" not in sql and "GROUP BY" not in sql
    assert facet_links(second) == facet_links(first)
    assert "23 listings" in first.content.decode() and "23 listings" in second.content.decode()
    assert len(titles(second)) == 3


def test_a_saved_draft_leaves_the_cached_facets_be_and_a_deleted_listing_does_not(
    client, catalogue, secretariat, django_capture_on_commit_callbacks
):
    """Drafts never count, so the API's most frequent write must not make every browse page
    count its facets again; a published listing deleted by the secretariat must."""
    from django.core.cache import cache

    from innobridge.marketplace.selectors import PUBLISHED_VERSION_KEY

    client.get(BROWSE_URL)
    version = cache.get(PUBLISHED_VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_create(
            actor=secretariat, owner=catalogue["A"].owner,
            data={"kind": ListingKind.OFFER, "title": "A draft", "summary": "Not yet."},
        )  # fmt: skip
    assert cache.get(PUBLISHED_VERSION_KEY) == version

    with django_capture_on_commit_callbacks(execute=True):
        services.listing_delete(listing=catalogue["C"], actor=secretariat)
    assert cache.get(PUBLISHED_VERSION_KEY) != version
    assert facet_counts(client.get(BROWSE_URL))["kind"] == [("need", 1), ("offer", 1)]


def test_browse_results_are_rendered_once_and_shown_again_until_a_published_listing_changes(
    client, catalogue, member, secretariat, django_capture_on_commit_callbacks
):
    """The results are the same for everyone: a second visitor (signed in or not) gets the
    rendered cards without a query for them; a draft saved changes nothing they show; a
    change to a published listing shows at once, in every UI language."""
    first = client.get(BROWSE_URL)
    client.force_login(member)
    with CaptureQueriesContext(connection) as cached:
        second = client.get(BROWSE_URL)
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_create(
            actor=secretariat, owner=catalogue["A"].owner,
            data={"kind": ListingKind.OFFER, "title": "A draft", "summary": "Not yet."},
        )  # fmt: skip
    after_draft = client.get(BROWSE_URL)
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_close(listing=catalogue["B"], actor=secretariat)
    after_close = client.get(BROWSE_URL).content.decode()
    in_chinese = client.get("/zh-hans/marketplace/").content.decode()

    cards = first.content.decode().count('<li class="card listing">')
    assert cards == 3
    assert second.content.decode().count('<li class="card listing">') == cards  # not escaped
    assert not any("marketplace_listing" in query["sql"] for query in cached.captured_queries)
    assert results_of(after_draft) == results_of(second)
    assert catalogue["B"].title in second.content.decode()
    assert catalogue["B"].title not in after_close
    assert catalogue["B"].title not in in_chinese
    assert (
        after_close.count('<li class="card listing">')
        == in_chinese.count('<li class="card listing">')
        == cards - 1
    )


def test_without_a_shared_cache_the_results_are_rendered_every_time(client, catalogue, settings):
    """Each process's own memory cannot be told that a listing closed in another process:
    without a shared cache nothing of the published listings is kept."""
    settings.CACHE_PUBLISHED = False
    client.get(BROWSE_URL)
    with CaptureQueriesContext(connection) as second:
        client.get(BROWSE_URL)

    assert any("marketplace_listing" in query["sql"] for query in second.captured_queries)


def test_browse_facet_counts_match_the_filtered_set(client, catalogue):
    response = client.get(BROWSE_URL, {"sector": "agriculture"})

    assert facet_counts(response) == {
        "kind": [("need", 1), ("offer", 1)],
        "sector": [("agriculture", 2), ("green-energy", 1)],
        "country": [("TH", 1), ("VN", 1)],
        "stage": [("basic_research", 1)],
        "trl": [("3", 1), ("8", 1)],
        "cooperation_type": [("joint_rnd", 2), ("licensing", 1)],
    }
    assert sorted(response.context["facets"]["kind"], key=lambda facet: facet.value) == [
        FacetValue("need", "Technology need", 1),
        FacetValue("offer", "Technology offer", 1),
    ]
    assert response.context["facets"]["sector"] == [
        FacetValue("agriculture", Sector.objects.get(code="agriculture").label(), 2),
        FacetValue("green-energy", Sector.objects.get(code="green-energy").label(), 1),
    ]


def test_browse_htmx_request_returns_the_results_fragment(client, catalogue):
    response = client.get(BROWSE_URL, {"kind": "need"}, headers={"HX-Request": "true"})

    names = [template.name for template in response.templates]
    assert response.status_code == 200
    assert "marketplace/_results.html" in names
    assert "marketplace/browse.html" not in names
    assert "base.html" not in names
    assert titles(response) == [catalogue["B"].title]


def test_browse_full_page_without_htmx(client, catalogue):
    response = client.get(BROWSE_URL)

    names = [template.name for template in response.templates]
    assert "marketplace/browse.html" in names
    assert "base.html" in names


def test_browse_paginates_twenty_per_page(client, organization):
    created = [ListingFactory(owner=organization, title=f"Offer {n:02}") for n in range(25)]
    newest_first = [listing.title for listing in reversed(created)]

    first = client.get(BROWSE_URL)
    second = client.get(BROWSE_URL, {"page": 2})

    assert titles(first) == newest_first[:20]
    assert titles(second) == newest_first[20:]
    assert first.context["page"].paginator.count == 25


def _create_rows(count: int) -> None:
    sectors = list(Sector.objects.order_by("sort_order")[:2])
    cooperation = list(CooperationType.objects.order_by("sort_order")[:2])
    for _index in range(count):
        ListingFactory(
            sectors=sectors,
            cooperation_types=cooperation,
            target_countries=["VN", "TH"],
            trl=5,
            stage=InnovationStage.INDUSTRIALIZATION,
        )


@pytest.mark.parametrize("signed_in", [False, True])
def test_browse_query_count_does_not_grow_with_rows(client, member, signed_in):
    if signed_in:
        client.force_login(member)

    def fetch():
        forget_published()  # the rows are added by factories, not by the services
        return client.get(BROWSE_URL, {"sector": "artificial-intelligence"})

    result = assert_list_queries_do_not_grow(
        fetch,
        add_rows=_create_rows,
        shown=lambda response: len(titles(response)),
        few=3,
        many=30,
    )

    assert result.shown == (3, 20)


# --- detail ----------------------------------------------------------------------------------


def test_detail_of_a_published_listing_is_shown_to_visitors(client, organization):
    listing = ListingFactory(owner=organization, title="Public offer")

    response = client.get(detail_url(listing))

    assert response.status_code == 200
    assert response.context["listing"] == listing
    assert "Public offer" in response.content.decode()


@pytest.mark.parametrize("status", [ListingStatus.DRAFT, ListingStatus.SUBMITTED])
def test_detail_of_an_unpublished_listing_is_shown_to_its_owner(
    client, organization, member, status
):
    listing = ListingFactory(owner=organization, status=status)

    response = logged_in(client, member).get(detail_url(listing))

    assert response.status_code == 200


def test_detail_of_a_draft_is_shown_to_the_secretariat(client, organization, secretariat):
    listing = ListingFactory(owner=organization, draft=True)

    response = logged_in(client, secretariat).get(detail_url(listing))

    assert response.status_code == 200


def test_detail_of_a_draft_is_not_found_for_visitors(client, organization):
    listing = ListingFactory(owner=organization, draft=True)

    assert client.get(detail_url(listing)).status_code == 404


def test_detail_of_a_draft_is_not_found_for_other_members(client, organization, other_member):
    listing = ListingFactory(owner=organization, draft=True)

    assert logged_in(client, other_member).get(detail_url(listing)).status_code == 404


def test_detail_of_an_unknown_listing_is_not_found(client):
    assert client.get("/en/marketplace/999999/").status_code == 404


def test_detail_query_count_does_not_grow_with_interests_and_suggestions(
    client, organization, member
):
    """The owner's view of a listing: accepted interests with the contacts they share, and
    partner suggestions."""
    listing = ListingFactory(owner=organization)
    client.force_login(member)

    def add_rows(count: int) -> None:
        for _index in range(count):
            interest = ExpressionOfInterestFactory(listing=listing, status=InterestStatus.ACCEPTED)
            ContactPersonFactory(organization=interest.organization)
            MatchSuggestionFactory(listing=listing)

    def shown(response) -> tuple[int, int, int]:
        contacts = response.context["shared_contacts"].values()
        return (
            len(response.context["interests"]),
            sum(len(shared.people) for shared in contacts),
            len(response.context["suggestions"]),
        )

    result = assert_list_queries_do_not_grow(
        lambda: client.get(detail_url(listing)),
        add_rows=add_rows,
        shown=lambda response: sum(shown(response)),
    )

    assert (shown(result.few), shown(result.many)) == ((2, 2, 2), (6, 6, 6))


@pytest.fixture
def moderated_listing(organization, member, secretariat):
    listing = ListingFactory(owner=organization, draft=True)
    services.listing_submit(listing=listing, actor=member)
    services.listing_approve(listing=listing, actor=secretariat, note="Approved with care")
    return listing


def test_detail_shows_the_history_to_the_owner(client, moderated_listing, member):
    response = logged_in(client, member).get(detail_url(moderated_listing))

    assert [(step.from_status, step.to_status) for step in response.context["transitions"]] == [
        (ListingStatus.DRAFT, ListingStatus.SUBMITTED),
        (ListingStatus.SUBMITTED, ListingStatus.PUBLISHED),
    ]
    assert "Approved with care" in response.content.decode()


@pytest.mark.parametrize("who", ["visitor", "other member"])
def test_detail_hides_the_history_from_others(client, moderated_listing, other_member, who):
    if who == "other member":
        client.force_login(other_member)

    response = client.get(detail_url(moderated_listing))

    assert response.status_code == 200
    assert (response.context["show_history"], list(response.context["transitions"])) == (
        False,
        [],
    )
    assert moderated_listing.title in response.content.decode()
    assert "Approved with care" not in response.content.decode()


# --- create ----------------------------------------------------------------------------------


def offer_form(**overrides) -> dict:
    data = {
        "title": "Solid-state battery test bench",
        "summary": "Our laboratory tests solid-state cells for safety and cycle life.",
        "description": "<p>Accredited to ISO 17025.</p>",
        "keywords": "battery, solid-state",
        "language": "",
        "sectors": [Sector.objects.get(code="green-energy").pk],
        "cooperation_types": [CooperationType.objects.get(code="licensing").pk],
        "target_countries": ["VN", "TH"],
        "stage": InnovationStage.PILOT_TRANSFORMATION,
        "trl": "6",
        "valid_until": (timezone.localdate() + timedelta(days=200)).isoformat(),
    }
    data.update(overrides)
    return data


def test_create_by_a_visitor_redirects_to_the_login(client):
    response = client.post(create_url("offer"), offer_form())

    assert response.status_code == 302
    assert response.url == login_redirect(create_url("offer"))
    assert Listing.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_create_by_an_applicant_organizations_user_is_forbidden(client, applicant_user, method):
    response = getattr(logged_in(client, applicant_user), method)(
        create_url("offer"), offer_form() if method == "post" else None
    )

    assert response.status_code == 403
    assert Listing.objects.count() == 0


def test_create_form_is_shown_to_a_member(client, member):
    response = logged_in(client, member).get(create_url("need"))

    assert response.status_code == 200
    assert "budget_min" in response.context["form"].fields
    assert "resource_type" not in response.context["form"].fields


def test_create_of_an_unknown_kind_is_not_found(client, member):
    assert logged_in(client, member).get(create_url("gadget")).status_code == 404


def test_create_by_a_member_saves_a_draft_and_redirects_to_it(client, organization, member):
    response = logged_in(client, member).post(create_url("offer"), offer_form())

    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(listing)
    assert (
        listing.kind,
        listing.status,
        listing.owner_id,
        listing.created_by_id,
        listing.language,
        listing.keywords,
        listing.trl,
    ) == (
        ListingKind.OFFER,
        ListingStatus.DRAFT,
        organization.pk,
        member.pk,
        "en",
        ["battery", "solid-state"],
        6,
    )
    assert row(listing)["sectors"] == ["green-energy"]
    assert row(listing)["target_countries"] == ["TH", "VN"]


def test_create_by_the_secretariat_for_a_chosen_organization_saves(
    client, secretariat, organization
):
    url = f"{create_url('offer')}?owner={organization.pk}"

    response = logged_in(client, secretariat).post(url, offer_form())

    listing = Listing.objects.get()
    assert (response.status_code, listing.owner_id, listing.created_by_id) == (
        302,
        organization.pk,
        secretariat.pk,
    )


def test_create_with_bad_input_shows_field_errors_and_saves_nothing(client, member):
    response = logged_in(client, member).post(
        create_url("offer"), offer_form(title="", trl="12", target_countries=["XX"])
    )

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["target_countries", "title", "trl"]
    assert Listing.objects.count() == 0


def test_create_breaking_a_kind_rule_shows_the_error_on_the_field(client, member):
    response = logged_in(client, member).post(create_url("resource"), offer_form(resource_type=""))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "resource_type": ["Say what kind of resource this is."]
    }
    assert Listing.objects.count() == 0


def test_create_with_a_contact_person_of_another_organization_is_refused(client, member):
    stranger = ContactPersonFactory()

    response = logged_in(client, member).post(
        create_url("offer"), offer_form(contact_person=stranger.pk)
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["contact_person"]
    assert Listing.objects.count() == 0


# --- edit ------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_edit_by_another_member_is_forbidden_and_changes_nothing(
    client, organization, other_member, method
):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = getattr(logged_in(client, other_member), method)(
        action_url(listing, "edit"), offer_form(title="Taken over") if method == "post" else None
    )

    assert response.status_code == 403
    assert row(listing) == before


def test_edit_by_a_visitor_redirects_to_the_login(client, organization):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = client.post(action_url(listing, "edit"), offer_form(title="Taken over"))

    assert response.status_code == 302
    assert response.url == login_redirect(action_url(listing, "edit"))
    assert row(listing) == before


def test_edit_of_a_draft_by_its_owner_saves(client, organization, member):
    listing = ListingFactory(owner=organization, draft=True)

    response = logged_in(client, member).post(
        action_url(listing, "edit"), offer_form(title="Renamed bench", target_countries=["LA"])
    )

    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.title, listing.status) == ("Renamed bench", ListingStatus.DRAFT)
    assert row(listing)["target_countries"] == ["LA"]


def test_edit_of_a_published_listing_by_its_owner_sends_it_to_moderation(
    client, organization, member, secretariat
):
    listing = ListingFactory(owner=organization)

    response = logged_in(client, member).post(
        action_url(listing, "edit"), offer_form(title="Renamed bench")
    )

    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.title, listing.status) == ("Renamed bench", ListingStatus.SUBMITTED)


def test_edit_with_bad_input_shows_errors_and_changes_nothing(client, organization, member):
    listing = ListingFactory(owner=organization, draft=True)
    before = row(listing)

    response = logged_in(client, member).post(action_url(listing, "edit"), offer_form(title=""))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["title"]
    assert row(listing) == before


# --- submit, close, delete -------------------------------------------------------------------


@pytest.mark.parametrize("action", ["submit", "close", "delete"])
def test_workflow_button_by_another_member_is_forbidden_and_changes_nothing(
    client, organization, other_member, action
):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = logged_in(client, other_member).post(action_url(listing, action))

    assert response.status_code == 403
    assert row(listing) == before


@pytest.mark.parametrize("action", ["submit", "close", "delete"])
def test_workflow_button_on_another_organizations_draft_is_not_found(
    client, organization, other_member, action
):
    listing = ListingFactory(owner=organization, draft=True)
    before = row(listing)

    response = logged_in(client, other_member).post(action_url(listing, action))

    assert response.status_code == 404
    assert row(listing) == before


@pytest.mark.parametrize("action", ["submit", "close", "delete"])
def test_workflow_button_by_a_visitor_redirects_to_the_login(client, organization, action):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = client.post(action_url(listing, action))

    assert response.status_code == 302
    assert response.url == login_redirect(action_url(listing, action))
    assert row(listing) == before


@pytest.mark.parametrize("action", ["submit", "close", "delete"])
def test_workflow_button_refuses_get(client, organization, member, action):
    listing = ListingFactory(owner=organization, draft=True)

    assert logged_in(client, member).get(action_url(listing, action)).status_code == 405


def test_submit_by_the_owner_sends_the_draft_to_moderation(
    client, organization, member, secretariat
):
    listing = ListingFactory(owner=organization, draft=True)

    response = logged_in(client, member).post(action_url(listing, "submit"), follow=True)

    listing.refresh_from_db()
    assert listing.status == ListingStatus.SUBMITTED
    assert response.redirect_chain == [(detail_url(listing), 302)]
    assert messages_of(response) == ["The listing was sent to the secretariat."]


def test_submit_of_a_published_listing_shows_an_error_and_changes_nothing(
    client, organization, member
):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = logged_in(client, member).post(action_url(listing, "submit"), follow=True)

    assert messages_of(response) == ["Only drafts and returned listings can be submitted."]
    assert row(listing) == before


def test_close_by_the_owner_closes_the_listing(client, organization, member):
    listing = ListingFactory(owner=organization)

    response = logged_in(client, member).post(action_url(listing, "close"))

    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.CLOSED


def test_delete_of_a_draft_by_the_owner_deletes_it(client, organization, member):
    listing = ListingFactory(owner=organization, draft=True)

    response = logged_in(client, member).post(action_url(listing, "delete"))

    assert (response.status_code, response.url) == (302, DASHBOARD_URL)
    assert not Listing.objects.filter(pk=listing.pk).exists()


def test_delete_of_a_published_listing_by_the_owner_is_forbidden(client, organization, member):
    listing = ListingFactory(owner=organization)
    before = row(listing)

    response = logged_in(client, member).post(action_url(listing, "delete"))

    assert response.status_code == 403
    assert row(listing) == before


# --- attachments -----------------------------------------------------------------------------


def pdf_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("spec.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_attachment_upload_by_the_owner_attaches_the_file(client, organization, member):
    listing = ListingFactory(owner=organization, draft=True)

    response = logged_in(client, member).post(
        action_url(listing, "attachments"), {"file": pdf_upload()}
    )

    assert response.status_code == 302
    assert list(listing.attachments.values_list("original_name", "kind")) == [("spec.pdf", "pdf")]


def test_attachment_upload_by_another_member_is_forbidden(client, organization, other_member):
    listing = ListingFactory(owner=organization)

    response = logged_in(client, other_member).post(
        action_url(listing, "attachments"), {"file": pdf_upload()}
    )

    assert response.status_code == 403
    assert Attachment.objects.count() == 0


def test_attachment_delete_by_another_member_is_forbidden(
    client, organization, member, other_member
):
    listing = ListingFactory(owner=organization)
    attachment = services.attachment_add(listing=listing, actor=member, file=pdf_upload())

    response = logged_in(client, other_member).post(
        f"/en/marketplace/{listing.pk}/attachments/{attachment.pk}/delete/"
    )

    assert response.status_code == 403
    assert list(Attachment.objects.values_list("pk", flat=True)) == [attachment.pk]


def test_attachment_delete_by_the_owner_removes_the_row_and_then_the_file(
    client, organization, member, django_capture_on_commit_callbacks
):
    listing = ListingFactory(owner=organization)
    attachment = services.attachment_add(listing=listing, actor=member, file=pdf_upload())
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(client, member).post(
            f"/en/marketplace/{listing.pk}/attachments/{attachment.pk}/delete/"
        )

    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(name)


def test_attachment_removal_rolled_back_keeps_the_file(organization, member):
    listing = ListingFactory(owner=organization)
    attachment = services.attachment_add(listing=listing, actor=member, file=pdf_upload())
    pk, storage, name = attachment.pk, attachment.file.storage, attachment.file.name

    with pytest.raises(RuntimeError), transaction.atomic():
        services.attachment_remove(attachment=attachment, actor=member)
        raise RuntimeError("a later step of the same transaction failed")

    assert Attachment.objects.filter(pk=pk).exists()
    with storage.open(name) as stored:
        assert stored.read() == b"%PDF-1.4\n%%EOF\n"


# --- moderation ------------------------------------------------------------------------------


def test_moderation_queue_is_forbidden_to_members(client, member):
    assert logged_in(client, member).get(MODERATION_URL).status_code == 403


def test_moderation_queue_lists_submitted_listings_oldest_first(client, secretariat):
    first = ListingFactory(submitted=True, title="First in")
    second = ListingFactory(submitted=True, title="Second in")
    ListingFactory(title="Already published")
    ListingFactory(draft=True, title="Still a draft")
    Listing.objects.filter(pk=first.pk).update(status_changed_at=timezone.now() - timedelta(days=2))
    Listing.objects.filter(pk=second.pk).update(
        status_changed_at=timezone.now() - timedelta(days=1)
    )

    response = logged_in(client, secretariat).get(MODERATION_URL)

    assert response.status_code == 200
    assert titles(response) == ["First in", "Second in"]


def test_moderation_queue_query_count_does_not_grow_with_rows(client, secretariat):
    client.force_login(secretariat)

    def add_submitted(count: int) -> None:
        for _index in range(count):
            ListingFactory(
                submitted=True,
                sectors=Sector.objects.order_by("sort_order")[:2],
                target_countries=["VN", "TH"],
                moderation_flags=[{"field": "title", "start": 0, "end": 8, "kind": "spam"}],
            )

    result = assert_list_queries_do_not_grow(
        lambda: client.get(MODERATION_URL),
        add_rows=add_submitted,
        shown=lambda response: len(titles(response)),
        few=3,
        many=23,
    )

    assert result.shown == (3, 20)


def test_moderate_by_a_member_is_forbidden_and_changes_nothing(client, member):
    listing = ListingFactory(submitted=True)
    before = row(listing)

    response = logged_in(client, member).post(
        action_url(listing, "moderate"), {"decision": "approve"}
    )

    assert response.status_code == 403
    assert row(listing) == before


def test_moderate_approve_by_the_secretariat_publishes(client, secretariat):
    listing = ListingFactory(submitted=True)

    response = logged_in(client, secretariat).post(
        action_url(listing, "moderate"), {"decision": "approve", "reason": ""}
    )

    assert (response.status_code, response.url) == (302, MODERATION_URL)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.published_at is not None


def test_moderate_return_by_the_secretariat_returns_with_the_reason(client, secretariat):
    listing = ListingFactory(submitted=True)

    logged_in(client, secretariat).post(
        action_url(listing, "moderate"), {"decision": "return", "reason": "Add a price."}
    )

    listing.refresh_from_db()
    assert listing.status == ListingStatus.RETURNED
    assert list(listing.transitions.values_list("to_status", "reason")) == [
        (ListingStatus.RETURNED, "Add a price.")
    ]


def test_moderate_return_without_a_reason_shows_an_error_and_changes_nothing(client, secretariat):
    listing = ListingFactory(submitted=True)
    before = row(listing)

    response = logged_in(client, secretariat).post(
        action_url(listing, "moderate"), {"decision": "return", "reason": " "}, follow=True
    )

    assert messages_of(response) == ["Tell the author what to change."]
    assert row(listing) == before


def test_moderate_does_not_redirect_to_another_site(client, secretariat):
    listing = ListingFactory(submitted=True)

    response = logged_in(client, secretariat).post(
        action_url(listing, "moderate"),
        {"decision": "approve", "next": "https://evil.example/phish"},
    )

    assert response.status_code == 302
    assert response.url == MODERATION_URL


def test_moderate_approve_of_a_draft_shows_an_error_and_changes_nothing(client, secretariat):
    listing = ListingFactory(draft=True)
    before = row(listing)

    logged_in(client, secretariat).post(action_url(listing, "moderate"), {"decision": "approve"})

    assert row(listing) == before


# --- expressions of interest -----------------------------------------------------------------


def test_express_interest_by_another_member_sends_it(client, organization, other_member):
    listing = ListingFactory(owner=organization)

    response = logged_in(client, other_member).post(
        action_url(listing, "interest"), {"message": "We need this."}, follow=True
    )

    assert response.redirect_chain == [(detail_url(listing), 302)]
    assert messages_of(response) == ["Your interest was sent to the owner."]
    assert list(
        ExpressionOfInterest.objects.values_list("listing_id", "organization_id", "message")
    ) == [(listing.pk, other_member.organization_id, "We need this.")]


def test_express_interest_twice_keeps_one_and_shows_an_error(client, organization, other_member):
    listing = ListingFactory(owner=organization)
    client.force_login(other_member)
    client.post(action_url(listing, "interest"), {"message": "First"}, follow=True)

    response = client.post(action_url(listing, "interest"), {"message": "Second"}, follow=True)

    assert messages_of(response) == [
        "Your organization has already expressed interest in this listing."
    ]
    assert list(ExpressionOfInterest.objects.values_list("message", flat=True)) == ["First"]


def test_express_interest_in_own_listing_shows_an_error_and_saves_nothing(
    client, organization, member
):
    listing = ListingFactory(owner=organization)

    response = logged_in(client, member).post(
        action_url(listing, "interest"), {"message": "Us"}, follow=True
    )

    assert messages_of(response) == [
        "You cannot express interest in your own organization's listing."
    ]
    assert ExpressionOfInterest.objects.count() == 0


def test_express_interest_by_an_applicant_organizations_user_is_forbidden(
    client, organization, applicant_user
):
    listing = ListingFactory(owner=organization)

    response = logged_in(client, applicant_user).post(
        action_url(listing, "interest"), {"message": "Hello"}
    )

    assert response.status_code == 403
    assert ExpressionOfInterest.objects.count() == 0


def test_express_interest_in_a_draft_is_not_found(client, organization, other_member):
    listing = ListingFactory(owner=organization, draft=True)

    response = logged_in(client, other_member).post(
        action_url(listing, "interest"), {"message": "Hello"}
    )

    assert response.status_code == 404
    assert ExpressionOfInterest.objects.count() == 0


def test_express_interest_by_a_visitor_redirects_to_the_login(client, organization):
    listing = ListingFactory(owner=organization)

    response = client.post(action_url(listing, "interest"), {"message": "Hello"})

    assert response.url == login_redirect(action_url(listing, "interest"))
    assert ExpressionOfInterest.objects.count() == 0


@pytest.fixture
def interest(organization, other_organization, other_member):
    ContactPersonFactory(organization=organization, name="Owner Contact")
    ContactPersonFactory(organization=other_organization, name="Interested Contact")
    return ExpressionOfInterestFactory(
        listing=ListingFactory(owner=organization),
        organization=other_organization,
        created_by=other_member,
    )


def interest_row(interest: ExpressionOfInterest) -> dict:
    return ExpressionOfInterest.objects.values().get(pk=interest.pk)


def test_answer_accept_by_the_owner_shows_each_side_the_others_contacts(
    client, interest, member, other_member
):
    response = logged_in(client, member).post(answer_url(interest), {"decision": "accept"})

    assert (response.status_code, response.url) == (302, detail_url(interest.listing))
    assert interest_row(interest)["status"] == InterestStatus.ACCEPTED
    owner_page = client.get(detail_url(interest.listing)).content.decode()
    assert "Interested Contact" in owner_page
    assert other_member.email in owner_page
    client.force_login(other_member)
    interested_page = client.get(detail_url(interest.listing)).content.decode()
    assert "Owner Contact" in interested_page


def test_detail_shows_no_contacts_before_acceptance(client, interest, member, other_member):
    owner_response = logged_in(client, member).get(detail_url(interest.listing))
    client.force_login(other_member)
    interested_response = client.get(detail_url(interest.listing))

    assert (owner_response.status_code, interested_response.status_code) == (200, 200)
    owner_page = owner_response.content.decode()
    interested_page = interested_response.content.decode()
    # Both sides see the interest itself, only not the contacts.
    assert interest.message in owner_page
    assert interest.message in interested_page
    assert "Interested Contact" not in owner_page
    assert "Owner Contact" not in interested_page


def test_detail_shows_a_third_organization_no_contacts_after_acceptance(client, interest, member):
    services.interest_answer(interest=interest, actor=member, accept=True)
    third = UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)

    response = logged_in(client, third).get(detail_url(interest.listing))

    assert response.status_code == 200
    page = response.content.decode()
    assert interest.listing.title in page
    assert "Owner Contact" not in page
    assert "Interested Contact" not in page


@pytest.mark.parametrize("data", [{}, {"decision": "maybe"}])
def test_answer_without_a_valid_decision_changes_nothing(client, interest, member, data):
    before = interest_row(interest)

    logged_in(client, member).post(answer_url(interest), data)

    assert interest_row(interest) == before


def test_answer_decline_by_the_owner_declines(client, interest, member):
    logged_in(client, member).post(answer_url(interest), {"decision": "decline"})

    assert interest_row(interest)["status"] == InterestStatus.DECLINED


def test_answer_twice_shows_an_error_and_changes_nothing(client, interest, member):
    client.force_login(member)
    client.post(answer_url(interest), {"decision": "accept"}, follow=True)
    before = interest_row(interest)

    response = client.post(answer_url(interest), {"decision": "decline"}, follow=True)

    assert messages_of(response) == ["This expression of interest has already been answered."]
    assert interest_row(interest) == before


def test_answer_by_the_interested_side_is_forbidden_and_changes_nothing(
    client, interest, other_member
):
    before = interest_row(interest)

    response = logged_in(client, other_member).post(answer_url(interest), {"decision": "accept"})

    assert response.status_code == 403
    assert interest_row(interest) == before


def test_answer_by_a_third_organization_is_not_found_and_changes_nothing(client, interest):
    third = UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)
    before = interest_row(interest)

    response = logged_in(client, third).post(answer_url(interest), {"decision": "accept"})

    assert response.status_code == 404
    assert interest_row(interest) == before


# --- dashboard -------------------------------------------------------------------------------


def test_dashboard_lists_the_organizations_listings_by_status(client, organization, member):
    draft = ListingFactory(owner=organization, draft=True)
    published = ListingFactory(owner=organization)
    submitted = ListingFactory(owner=organization, submitted=True)
    ListingFactory(title="Someone else's")

    response = logged_in(client, member).get(DASHBOARD_URL)

    assert response.status_code == 200
    assert response.context["dashboard"].listings_by_status == {
        ListingStatus.DRAFT: [draft],
        ListingStatus.SUBMITTED: [submitted],
        ListingStatus.PUBLISHED: [published],
    }


def test_dashboard_lists_interests_received_and_sent(client, organization, member):
    received = ExpressionOfInterestFactory(listing=ListingFactory(owner=organization))
    sent = ExpressionOfInterestFactory(organization=organization, created_by=member)
    ExpressionOfInterestFactory()

    response = logged_in(client, member).get(DASHBOARD_URL)

    assert response.context["dashboard"].interests_received == [received]
    assert response.context["dashboard"].interests_sent == [sent]


@pytest.mark.parametrize("role", [Role.MEMBER_EDITOR, Role.SECRETARIAT])
def test_dashboard_of_a_user_without_organization_is_forbidden(client, role):
    user = UserFactory(organization=None, role=role)

    assert logged_in(client, user).get(DASHBOARD_URL).status_code == 403


def test_dashboard_by_a_visitor_redirects_to_the_login(client):
    assert client.get(DASHBOARD_URL).url == login_redirect(DASHBOARD_URL)


def test_dashboard_query_count_does_not_grow_with_rows(client, organization, member):
    client.force_login(member)

    def add_rows(count):
        for _index in range(count):
            ListingFactory(owner=organization, draft=True)
            ExpressionOfInterestFactory(listing=ListingFactory(owner=organization))
            ExpressionOfInterestFactory(organization=organization, created_by=member)
            MatchSuggestionFactory(listing=ListingFactory(owner=organization))

    def shown(response) -> tuple[int, ...]:
        dashboard = response.context["dashboard"]
        return (
            *(len(dashboard.listings_by_status[status]) for status in ("draft", "published")),
            len(dashboard.interests_received),
            len(dashboard.interests_sent),
            len(response.context["suggestions"]),
        )

    result = assert_list_queries_do_not_grow(
        lambda: client.get(DASHBOARD_URL),
        add_rows=add_rows,
        shown=lambda response: sum(shown(response)),
        few=2,
        many=12,
    )

    assert (shown(result.few), shown(result.many)) == ((2, 4, 2, 2, 2), (12, 24, 12, 12, 12))


# --- import and export -----------------------------------------------------------------------


def test_exchange_page_is_forbidden_to_members(client, member):
    assert logged_in(client, member).get(EXCHANGE_URL).status_code == 403


def test_exchange_upload_by_a_member_is_forbidden_and_imports_nothing(client, member):
    data = b"kind,owner,title,summary\noffer,1,Bench,Tests cells\n"

    response = logged_in(client, member).post(
        EXCHANGE_URL,
        {"dataset": "listings", "file": SimpleUploadedFile("listings.csv", data)},
    )

    assert response.status_code == 403
    assert Listing.objects.count() == 0


def test_exchange_page_is_shown_to_the_secretariat(client, secretariat):
    response = logged_in(client, secretariat).get(EXCHANGE_URL)

    assert response.status_code == 200
    assert response.context["report"] is None


@pytest.mark.parametrize("dataset", ["listings", "organizations"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_is_forbidden_to_members(client, member, dataset, fmt):
    response = logged_in(client, member).get(f"{EXCHANGE_URL}{dataset}.{fmt}")

    assert response.status_code == 403


def test_export_by_a_visitor_redirects_to_the_login(client):
    url = f"{EXCHANGE_URL}listings.csv"

    assert client.get(url).url == login_redirect(url)


EXPORT_COLUMNS = {
    "listings": exchange.COLUMNS,
    "organizations": organization_exchange.COLUMNS,
}


@pytest.mark.parametrize("dataset", ["listings", "organizations"])
def test_export_csv_by_the_secretariat_has_a_header_row(client, secretariat, dataset):
    ListingFactory(title="Exported bench")

    response = logged_in(client, secretariat).get(f"{EXCHANGE_URL}{dataset}.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="innobridge-{dataset}-'
    )
    records = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert records[0] == EXPORT_COLUMNS[dataset]
    assert len(records) == 2


def test_export_csv_of_listings_holds_every_listing(client, secretariat):
    listing = ListingFactory(title="Exported bench", target_countries=["VN", "TH"])

    response = logged_in(client, secretariat).get(f"{EXCHANGE_URL}listings.csv")

    records = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["id"], r["title"], r["target_countries"]) for r in records] == [
        (str(listing.pk), "Exported bench", "TH; VN")
    ]


@pytest.mark.parametrize("dataset", ["listings", "organizations"])
def test_export_xlsx_by_the_secretariat_has_a_header_row(client, secretariat, dataset):
    ListingFactory(title="Exported bench")

    response = logged_in(client, secretariat).get(f"{EXCHANGE_URL}{dataset}.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_COLUMNS[dataset]
    assert len(rows) == 2


def test_export_of_an_unknown_dataset_is_not_found(client, secretariat):
    assert logged_in(client, secretariat).get(f"{EXCHANGE_URL}users.csv").status_code == 404
