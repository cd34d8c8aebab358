"""The agreements API: the same visibility and rules as the pages, and the schema."""

from __future__ import annotations

from datetime import date

import pytest

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements import services
from innobridge.agreements.choices import MilestoneStatus, Visibility
from innobridge.agreements.models import Agreement, Milestone
from innobridge.agreements.tests.factories import AgreementFactory, MilestoneFactory
from innobridge.core.models import Sector
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/agreements/"


@pytest.fixture
def third_member(db):
    return UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)


@pytest.fixture
def parties_only(organization, other_organization):
    return AgreementFactory(
        parties=[organization, other_organization], visibility=Visibility.PARTIES
    )


@pytest.fixture
def members_only(db):
    return AgreementFactory(visibility=Visibility.MEMBERS)


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_parties_only_agreement_is_invisible_to_others_through_the_api(
    api_client, parties_only, third_member
):
    public = AgreementFactory()

    response = api_client.get(URL)
    assert (response.status_code, ids(response)) == (200, [public.pk])
    assert api_client.get(f"{URL}{parties_only.pk}/").status_code == 404
    api_client.force_authenticate(third_member)
    response = api_client.get(URL)
    assert (response.status_code, ids(response)) == (200, [public.pk])
    assert api_client.get(f"{URL}{parties_only.pk}/").status_code == 404


def test_parties_only_agreement_is_visible_to_a_party_through_the_api(
    api_client, parties_only, member
):
    api_client.force_authenticate(member)
    assert ids(api_client.get(URL)) == [parties_only.pk]
    assert api_client.get(f"{URL}{parties_only.pk}/").status_code == 200


def test_members_only_agreement_needs_a_member(api_client, members_only, third_member):
    public = AgreementFactory()

    response = api_client.get(URL)
    assert (response.status_code, ids(response)) == (200, [public.pk])
    api_client.force_authenticate(third_member)
    assert ids(api_client.get(URL)) == [public.pk, members_only.pk]


def test_detail_carries_parties_health_and_milestones(api_client, organization):
    agreement = AgreementFactory(parties=[organization, OrganizationFactory()])
    MilestoneFactory(agreement=agreement, responsible=organization, due_on=date(2027, 6, 1),
                     status=MilestoneStatus.IN_PROGRESS)  # fmt: skip
    body = api_client.get(f"{URL}{agreement.pk}/").json()
    assert body["health"] == "on_track"
    assert body["progress_percent"] == 0
    assert body["confirmed"] is True
    assert body["parties"][0]["organization"] == organization.pk
    assert [m["status"] for m in body["milestones"]] == ["in_progress"]


def test_member_records_an_agreement_through_the_api(
    api_client, member, organization, other_organization
):
    api_client.force_authenticate(member)
    response = api_client.post(
        URL,
        {
            "title": "Joint lab for remote sensing",
            "type": "joint_rd",
            "signed_on": "2025-06-12",
            "starts_on": "2025-07-01",
            "ends_on": "2028-06-30",
            "parties": [
                {"organization": organization.pk, "role": "lead"},
                {"organization": other_organization.pk, "role": "partner"},
            ],
            "sectors": ["aerospace"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["confirmed"] is False
    assert [p["confirmed"] for p in body["parties"]] == [True, False]
    assert body["sectors"] == ["aerospace"]


def test_recording_with_one_party_through_the_api_is_a_400_and_saves_nothing(
    api_client, member, organization
):
    api_client.force_authenticate(member)
    response = api_client.post(
        URL,
        {"title": "Alone", "type": "mou",
         "parties": [{"organization": organization.pk, "role": "lead"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"parties": ["An agreement needs at least two parties."]}
    assert Agreement.objects.count() == 0


def test_visitor_cannot_record_through_the_api(api_client, organization, other_organization):
    response = api_client.post(URL, {"title": "X", "type": "mou", "parties": []}, format="json")
    assert response.status_code in {401, 403}
    assert Agreement.objects.count() == 0


def test_partner_confirms_through_the_api(api_client, member, organization, other_organization):
    agreement = services.agreement_create(
        actor=member,
        data={"title": "T", "agreement_type": "mou", "signed_on": date(2025, 6, 12)},
        parties=[
            services.PartyInput(organization, "lead"),
            services.PartyInput(other_organization, "partner"),
        ],
    )
    partner = UserFactory(organization=other_organization, role=Role.MEMBER_EDITOR)
    api_client.force_authenticate(partner)
    response = api_client.post(f"{URL}{agreement.pk}/confirm/")
    assert response.status_code == 200
    assert response.json()["confirmed"] is True


def test_milestone_done_without_evidence_is_a_400(api_client, member, organization):
    agreement = AgreementFactory(parties=[organization, OrganizationFactory()])
    milestone = MilestoneFactory(agreement=agreement, responsible=organization)
    api_client.force_authenticate(member)
    response = api_client.post(f"{URL}{agreement.pk}/milestones/{milestone.pk}/done/", {})
    assert response.status_code == 400
    assert response.json() == {
        "evidence": ["Give evidence to mark it done: a note, a file or a link."]
    }
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PLANNED


def test_milestone_add_and_done_through_the_api(api_client, member, organization):
    agreement = AgreementFactory(parties=[organization, OrganizationFactory()])
    api_client.force_authenticate(member)
    response = api_client.post(
        f"{URL}{agreement.pk}/milestones/",
        {"title": "Pilot line", "due_on": "2026-09-30", "responsible": organization.pk},
        format="json",
    )
    assert response.status_code == 201
    milestone_id = response.json()["id"]
    response = api_client.post(
        f"{URL}{agreement.pk}/milestones/{milestone_id}/done/",
        {"evidence_url": "https://example.org/report.pdf"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"


def test_non_party_cannot_add_a_milestone_through_the_api(api_client, third_member, organization):
    agreement = AgreementFactory(parties=[organization, OrganizationFactory()])
    api_client.force_authenticate(third_member)
    response = api_client.post(
        f"{URL}{agreement.pk}/milestones/",
        {"title": "X", "due_on": "2026-09-30", "responsible": organization.pk},
        format="json",
    )
    assert response.status_code == 403
    assert Milestone.objects.count() == 0


def test_outcome_through_the_api(api_client, member, organization):
    agreement = AgreementFactory(parties=[organization, OrganizationFactory()])
    api_client.force_authenticate(member)
    response = api_client.post(
        f"{URL}{agreement.pk}/outcomes/",
        {"indicator": "investment", "value": "2500000", "currency": "cny",
         "recorded_on": "2026-03-01", "country": "CN"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["unit"] == "CNY"


def test_list_filters_through_the_api(api_client):
    kept = AgreementFactory(agreement_type="mou")
    AgreementFactory(agreement_type="joint_rd")
    assert ids(api_client.get(URL, {"type": "mou"})) == [kept.pk]


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_list_query_count_does_not_grow_with_rows(api_client, member, who):
    if who == "member":
        api_client.force_authenticate(member)
    sectors = list(Sector.objects.order_by("sort_order")[:2])

    def add_agreements(count: int) -> None:
        for _index in range(count):
            agreement = AgreementFactory(
                parties=[OrganizationFactory(), OrganizationFactory(), OrganizationFactory()],
                sectors=sectors,
            )
            MilestoneFactory(agreement=agreement, done=True)
            MilestoneFactory(agreement=agreement)

    result = assert_list_queries_do_not_grow(
        lambda: api_client.get(URL),
        add_rows=add_agreements,
        shown=lambda response: len(ids(response)),
        few=3,
        many=23,
    )

    assert result.shown == (3, 23)
    assert {len(row["parties"]) for row in result.many.json()["results"]} == {3}


def test_agreements_are_in_the_openapi_schema(api_client):
    schema = api_client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/agreements/" in schema["paths"]
    assert "/api/v1/agreements/{id}/confirm/" in schema["paths"]
    assert "/api/v1/agreements/{id}/milestones/{milestone_pk}/done/" in schema["paths"]


# --- Bad input answers 400 or 409, never 500, and changes nothing (issue 12) ---------------

BEYOND_ANY_ID = "99999999999999999999"  # over 2**63: SQLite raised OverflowError


@pytest.mark.parametrize(
    "url",
    [
        f"{URL}?organization={BEYOND_ANY_ID}",
        f"/en/agreements/?organization={BEYOND_ANY_ID}",
        f"/en/agreements/export.csv?organization={BEYOND_ANY_ID}",
        f"/api/v1/listings/?owner={BEYOND_ANY_ID}",
        f"{URL}?organization=-1",
    ],
)
def test_id_filters_beyond_any_id_are_a_400_that_says_why(client, url):
    AgreementFactory()

    response = client.get(url)

    assert response.status_code == 400
    assert "less than or equal to 9223372036854775807" in response.content.decode() or (
        "greater than or equal to 1" in response.content.decode()
    )


def test_confirm_on_behalf_of_an_impossible_organization_is_a_400(api_client, secretariat):
    agreement = AgreementFactory()
    api_client.force_authenticate(secretariat)

    response = api_client.post(
        f"{URL}{agreement.pk}/confirm-on-behalf/",
        {"organization": -99999999999999999999, "reason": "Signed on paper"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"organization": ["Ensure this value is greater than or equal to 1."]}


def test_deleting_an_organization_that_is_a_party_is_a_409_that_says_why(
    api_client, secretariat, organization, other_organization
):
    AgreementFactory(parties=[organization, other_organization])
    api_client.force_authenticate(secretariat)

    response = api_client.delete(f"/api/v1/organizations/{organization.pk}/")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "It cannot be deleted: it is still referred to by 1 party (Agreements)."
    }
    assert Agreement.objects.count() == 1
    organization.refresh_from_db()  # still there


def test_json_nested_beyond_reason_is_a_400(api_client, secretariat):
    api_client.force_authenticate(secretariat)

    response = api_client.post(
        URL, data="[" * 100_000 + "]" * 100_000, content_type="application/json"
    )

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
    assert Agreement.objects.count() == 0
