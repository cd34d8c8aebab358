"""The agreements pages: visibility, recording, confirmation, milestones, outcomes, export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements import services
from innobridge.agreements.choices import AgreementStatus, MilestoneStatus, Visibility
from innobridge.agreements.models import Agreement, AgreementParty, Milestone, Outcome
from innobridge.agreements.tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    MilestoneFactory,
    OutcomeFactory,
)
from innobridge.core.models import Sector
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/en/agreements/"


def detail_url(agreement) -> str:
    return f"/en/agreements/{agreement.pk}/"


@pytest.fixture
def third_member(db):
    """A member editor of an organization that is party to nothing."""
    return UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)


@pytest.fixture
def parties_only(organization, other_organization):
    return services.agreement_create(
        actor=UserFactory(role=Role.SECRETARIAT),
        data={
            "title": "Confidential licence of the membrane process",
            "agreement_type": "technology_transfer",
            "visibility": Visibility.PARTIES,
            "signed_on": date(2025, 6, 12),
            "starts_on": date(2025, 1, 1),
            "ends_on": date(2027, 12, 31),
        },
        parties=[
            services.PartyInput(organization, "lead"),
            services.PartyInput(other_organization, "partner"),
        ],
        confirm_all=True,
    )


def titles(response) -> list[str]:
    return [agreement.title for agreement in response.context["page"].object_list]


# --- Parties-only agreements are invisible to everyone else on the web ------------------------


def test_parties_only_agreement_is_missing_from_the_list_for_others(
    client, parties_only, third_member
):
    public = AgreementFactory(title="Public pilot of the membrane process")

    response = client.get(LIST_URL)
    assert (response.status_code, titles(response)) == (200, [public.title])
    client.force_login(third_member)
    response = client.get(LIST_URL)
    assert (response.status_code, titles(response)) == (200, [public.title])
    response = client.get(LIST_URL, {"q": "membrane"})
    assert (response.status_code, titles(response)) == (200, [public.title])


def test_parties_only_agreement_page_is_404_for_others(client, parties_only, third_member):
    assert client.get(detail_url(parties_only)).status_code == 404
    client.force_login(third_member)
    assert client.get(detail_url(parties_only)).status_code == 404


def test_parties_only_agreement_is_shown_to_a_party_and_the_secretariat(
    client, parties_only, member, secretariat
):
    client.force_login(member)
    assert client.get(detail_url(parties_only)).status_code == 200
    assert parties_only.title in titles(client.get(LIST_URL))
    client.force_login(secretariat)
    assert client.get(detail_url(parties_only)).status_code == 200


def test_parties_only_agreement_is_missing_from_search_for_others(
    client, parties_only, third_member, member
):
    public = AgreementFactory(title="Public pilot of the membrane process")
    client.force_login(third_member)
    response = client.get("/en/search/", {"q": "membrane"})
    assert response.status_code == 200
    assert public.title in response.content.decode()
    assert parties_only.title not in response.content.decode()
    client.force_login(member)
    response = client.get("/en/search/", {"q": "membrane"})
    assert parties_only.title in response.content.decode()


def test_parties_only_agreement_is_missing_from_others_export(client, parties_only, third_member):
    public = AgreementFactory(title="Public pilot of the membrane process")
    client.force_login(third_member)
    response = client.get("/en/agreements/export.csv")
    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert [row["title"] for row in csv.DictReader(io.StringIO(content))] == [public.title]
    assert parties_only.title not in content


def test_parties_only_agreement_is_missing_from_an_organization_page_for_others(
    client, parties_only, organization, third_member
):
    public = AgreementFactory(parties=[organization, OrganizationFactory()])
    client.force_login(third_member)
    response = client.get(f"/en/organizations/{organization.pk}/")
    assert response.status_code == 200
    assert public.title in response.content.decode()
    assert parties_only.title not in response.content.decode()


def test_organization_page_lists_its_public_agreements(client, organization):
    agreement = AgreementFactory(parties=[organization, OrganizationFactory()])
    response = client.get(f"/en/organizations/{organization.pk}/")
    assert agreement.title in response.content.decode()


# --- The list ---------------------------------------------------------------------------------


def test_list_filters_by_status_type_and_year(client):
    kept = AgreementFactory(status=AgreementStatus.COMPLETED, agreement_type="mou")
    AgreementFactory(status=AgreementStatus.SIGNED, agreement_type="mou")
    AgreementFactory(status=AgreementStatus.COMPLETED, agreement_type="joint_rd")
    AgreementFactory(
        status=AgreementStatus.COMPLETED, agreement_type="mou", signed_on=date(2021, 3, 1)
    )
    response = client.get(LIST_URL, {"status": "completed", "type": "mou", "year": "2025"})
    assert titles(response) == [kept.title]


def test_list_filters_by_health(client):
    overdue = AgreementFactory()
    MilestoneFactory(
        agreement=overdue,
        responsible=overdue.parties.first().organization,
        due_on=date.today() - timedelta(days=1),
    )
    AgreementFactory()
    assert titles(client.get(LIST_URL, {"health": "overdue"})) == [overdue.title]
    assert len(titles(client.get(LIST_URL, {"health": "not_planned"}))) == 1


def test_list_filters_by_country_of_a_party(client):
    vietnamese = AgreementFactory(parties=[OrganizationFactory(country="VN"),
                                           OrganizationFactory(country="CN")])  # fmt: skip
    AgreementFactory(parties=[OrganizationFactory(country="TH"),
                              OrganizationFactory(country="CN")])  # fmt: skip
    assert titles(client.get(LIST_URL, {"country": "VN"})) == [vietnamese.title]


def test_list_with_an_invalid_filter_shows_the_error_and_no_rows(client):
    AgreementFactory()
    response = client.get(LIST_URL, {"health": "splendid"})
    assert response.status_code == 400  # the page, with the form's message
    assert titles(response) == []
    assert response.context["filterset"].errors["health"]


def add_agreements(count: int) -> None:
    """Agreements with what a row shows: three parties, sectors and milestones."""
    sectors = list(Sector.objects.order_by("sort_order")[:2])
    for _index in range(count):
        agreement = AgreementFactory(
            parties=[OrganizationFactory(), OrganizationFactory(), OrganizationFactory()],
            sectors=sectors,
        )
        MilestoneFactory(agreement=agreement, done=True)
        MilestoneFactory(agreement=agreement, due_on=date(2025, 3, 31))


def test_list_query_count_does_not_grow_with_rows(client, member):
    client.force_login(member)

    result = assert_list_queries_do_not_grow(
        lambda: client.get(LIST_URL),
        add_rows=add_agreements,
        shown=lambda response: len(titles(response)),
        few=3,
        many=33,
    )

    assert result.shown == (3, 25)


def test_export_csv_has_the_visible_filtered_rows(client):
    AgreementFactory(title="Kept", status=AgreementStatus.COMPLETED)
    AgreementFactory(title="Other", status=AgreementStatus.SIGNED)
    response = client.get("/en/agreements/export.csv", {"status": "completed"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Kept"]
    assert rows[0]["health"] == "not_planned"


def test_export_xlsx_is_a_workbook(client):
    AgreementFactory(title="Kept")
    response = client.get("/en/agreements/export.xlsx")
    assert response.content[:2] == b"PK"


def test_export_query_count_does_not_grow_with_rows(client):
    def csv_rows(response) -> int:
        return len(list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))))

    result = assert_list_queries_do_not_grow(
        lambda: client.get("/en/agreements/export.csv"),
        add_rows=add_agreements,
        shown=csv_rows,
    )

    assert result.shown == (2, 6)


def test_export_of_an_unknown_format_is_404(client):
    assert client.get("/en/agreements/export.pdf").status_code == 404


# --- Recording and confirming -----------------------------------------------------------------


def _record_form(own, partner, **extra) -> dict:
    return {
        "title": "Joint trial of rice varieties",
        "language": "en",
        "agreement_type": "trial_demonstration",
        "status": "signed",
        "visibility": "public",
        "signed_on": "2025-06-12",
        "starts_on": "2025-06-12",
        "ends_on": "2027-06-30",
        "party_0": own.pk,
        "role_0": "lead",
        "party_1": partner.pk if partner else "",
        "role_1": "partner",
        **{f"role_{i}": "partner" for i in range(2, 6)},
        **extra,
    }


def test_member_records_an_agreement_confirmed_for_their_side_only(
    client, member, organization, other_organization
):
    client.force_login(member)
    response = client.post("/en/agreements/new/", _record_form(organization, other_organization))
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(agreement)
    confirmed = dict(agreement.parties.values_list("organization_id", "confirmed_at"))
    assert confirmed[organization.pk] is not None
    assert confirmed[other_organization.pk] is None
    page = client.get(detail_url(agreement)).content.decode()
    assert 'id="unconfirmed"' in page


def test_recording_with_one_party_shows_the_error_and_saves_nothing(client, member, organization):
    client.force_login(member)
    response = client.post("/en/agreements/new/", _record_form(organization, None))
    assert response.status_code == 200
    assert "An agreement needs at least two parties." in response.content.decode()
    assert Agreement.objects.count() == 0


def test_recording_with_the_end_before_the_start_saves_nothing(
    client, member, organization, other_organization
):
    client.force_login(member)
    form = _record_form(organization, other_organization, ends_on="2024-01-01")
    response = client.post("/en/agreements/new/", form)
    assert response.status_code == 200
    assert "The term ends before it starts." in response.content.decode()
    assert Agreement.objects.count() == 0
    assert AgreementParty.objects.count() == 0


def test_visitor_cannot_open_the_record_form(client):
    response = client.get("/en/agreements/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_partner_confirms_on_the_page(client, member, organization, other_organization):
    agreement = services.agreement_create(
        actor=member,
        data={"title": "T", "agreement_type": "mou", "signed_on": date(2025, 6, 12)},
        parties=[
            services.PartyInput(organization, "lead"),
            services.PartyInput(other_organization, "partner"),
        ],
    )
    partner = UserFactory(organization=other_organization, role=Role.MEMBER_EDITOR)
    client.force_login(partner)
    response = client.post(f"/en/agreements/{agreement.pk}/confirm/")
    assert response.status_code == 302
    assert agreement.parties.get(organization=other_organization).confirmed_by == partner


def test_third_organization_cannot_confirm(client, parties_only, third_member):
    client.force_login(third_member)
    response = client.post(f"/en/agreements/{parties_only.pk}/confirm/")
    assert response.status_code == 404


def test_secretariat_confirms_on_behalf_only_with_a_reason(
    client, secretariat, member, organization, other_organization
):
    agreement = services.agreement_create(
        actor=member,
        data={"title": "T", "agreement_type": "mou", "signed_on": date(2025, 6, 12)},
        parties=[
            services.PartyInput(organization, "lead"),
            services.PartyInput(other_organization, "partner"),
        ],
    )
    party = agreement.parties.get(organization=other_organization)
    client.force_login(secretariat)
    url = f"/en/agreements/{agreement.pk}/confirm-on-behalf/"
    client.post(url, {"party": party.pk, "reason": ""})
    party.refresh_from_db()
    assert party.confirmed_at is None
    client.post(url, {"party": party.pk, "reason": "Signed copy received by post"})
    party.refresh_from_db()
    assert party.confirmed_on_behalf_reason == "Signed copy received by post"
    assert party.confirmed_by == secretariat


# --- Milestones and outcomes --------------------------------------------------------------------


@pytest.fixture
def own_agreement(organization, other_organization):
    return AgreementFactory(parties=[organization, other_organization])


def test_party_adds_a_milestone(client, member, own_agreement, organization):
    client.force_login(member)
    response = client.post(
        f"/en/agreements/{own_agreement.pk}/milestones/",
        {"title": "First field trial", "due_on": "2026-03-31", "responsible": organization.pk},
    )
    assert response.status_code == 302
    assert list(own_agreement.milestones.values_list("title", "due_on")) == [
        ("First field trial", date(2026, 3, 31))
    ]


def test_milestone_due_outside_the_term_is_refused(client, member, own_agreement, organization):
    client.force_login(member)
    response = client.post(
        f"/en/agreements/{own_agreement.pk}/milestones/",
        {"title": "Too late", "due_on": "2030-01-01", "responsible": organization.pk},
    )
    assert response.status_code == 200
    assert "The due date must fall within the term" in response.content.decode()
    assert Milestone.objects.count() == 0


def test_non_party_cannot_add_a_milestone(client, third_member, own_agreement, organization):
    client.force_login(third_member)
    response = client.post(
        f"/en/agreements/{own_agreement.pk}/milestones/",
        {"title": "Sneaky", "due_on": "2026-01-01", "responsible": organization.pk},
    )
    assert response.status_code == 403
    assert Milestone.objects.count() == 0


def test_marking_done_without_evidence_is_refused(client, member, own_agreement, organization):
    milestone = MilestoneFactory(agreement=own_agreement, responsible=organization)
    client.force_login(member)
    response = client.post(f"/en/agreements/{own_agreement.pk}/milestones/{milestone.pk}/done/", {})
    assert response.status_code == 200
    assert "Give evidence to mark it done" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PLANNED


def test_marking_done_with_a_note(client, member, own_agreement, organization):
    milestone = MilestoneFactory(agreement=own_agreement, responsible=organization)
    client.force_login(member)
    client.post(
        f"/en/agreements/{own_agreement.pk}/milestones/{milestone.pk}/done/",
        {"evidence_note": "Trial report filed", "completed_on": "2026-01-15"},
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.evidence_note, milestone.completed_on) == (
        MilestoneStatus.DONE, "Trial report filed", date(2026, 1, 15)
    )  # fmt: skip


def test_party_records_an_outcome(client, member, own_agreement):
    client.force_login(member)
    response = client.post(
        f"/en/agreements/{own_agreement.pk}/outcomes/",
        {"indicator": "people_trained", "value": "40", "recorded_on": "2026-05-01",
         "country": "VN"},
    )  # fmt: skip
    assert response.status_code == 302
    assert list(Outcome.objects.values_list("indicator", "value", "country")) == [
        ("people_trained", 40, "VN")
    ]


def test_investment_outcome_without_currency_is_refused(client, member, own_agreement):
    client.force_login(member)
    response = client.post(
        f"/en/agreements/{own_agreement.pk}/outcomes/",
        {"indicator": "investment", "value": "1000000", "recorded_on": "2026-05-01",
         "country": "CN"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "An investment needs its currency." in response.content.decode()
    assert Outcome.objects.count() == 0


def test_completing_with_open_milestones_is_refused_then_allowed(
    client, member, own_agreement, organization
):
    milestone = MilestoneFactory(agreement=own_agreement, responsible=organization)
    client.force_login(member)
    url = f"/en/agreements/{own_agreement.pk}/status/"
    client.post(url, {"status": "completed"})
    own_agreement.refresh_from_db()
    assert own_agreement.status == AgreementStatus.SIGNED
    services.milestone_complete(actor=member, milestone=milestone, note="done")
    client.post(url, {"status": "completed"})
    own_agreement.refresh_from_db()
    assert own_agreement.status == AgreementStatus.COMPLETED


def test_detail_shows_timeline_and_health(client, own_agreement, organization):
    MilestoneFactory(
        agreement=own_agreement, responsible=organization, title="Late step",
        due_on=date.today() - timedelta(days=3),
    )  # fmt: skip
    page = client.get(detail_url(own_agreement)).content.decode()
    assert 'class="timeline-bar milestone-planned is-overdue"' in page
    assert 'class="health health-overdue"' in page


def test_detail_query_count_does_not_grow_with_parties_milestones_and_outcomes(
    client, member, own_agreement
):
    """A party's view: every party, the milestones with their forms and timeline, the
    outcomes, the listings it came from and the change log."""
    client.force_login(member)

    def add_rows(count: int) -> None:
        for number in range(count):
            party = AgreementPartyFactory(agreement=own_agreement, unconfirmed=True)
            MilestoneFactory(agreement=own_agreement, responsible=party.organization, done=True)
            OutcomeFactory(agreement=own_agreement)
            own_agreement.origin_listings.add(ListingFactory())
            services.agreement_update(
                agreement=own_agreement, actor=member, data={"summary": f"Step {number}"}
            )

    def shown(response) -> tuple[int, ...]:
        agreement = response.context["agreement"]
        return (
            len(agreement.parties.all()),
            len(agreement.milestones.all()),
            len(agreement.outcomes.all()),
            len(agreement.origin_listings.all()),
            len(response.context["timeline"].bars),
            len(response.context["history"].object_list),
        )

    result = assert_list_queries_do_not_grow(
        lambda: client.get(detail_url(own_agreement)),
        add_rows=add_rows,
        shown=lambda response: sum(shown(response)),
    )

    # The change log holds the creation and one change a row.
    assert (shown(result.few), shown(result.many)) == ((4, 2, 2, 2, 2, 3), (8, 6, 6, 6, 6, 7))


def test_detail_hides_edit_forms_from_visitors(client, own_agreement):
    response = client.get(detail_url(own_agreement))
    assert response.status_code == 200
    page = response.content.decode()
    assert own_agreement.title in page
    assert 'id="milestone-form"' not in page
    assert reverse("agreements:edit", args=[own_agreement.pk]) not in page


def test_edit_page_is_forbidden_to_non_parties(client, third_member, own_agreement):
    client.force_login(third_member)
    assert client.get(f"/en/agreements/{own_agreement.pk}/edit/").status_code == 403


def test_party_edits_the_summary(client, member, own_agreement):
    client.force_login(member)
    form = {
        "title": own_agreement.title, "language": "en", "agreement_type": "joint_rd",
        "visibility": "public", "signed_on": "2025-06-12", "starts_on": "2025-01-01",
        "ends_on": "2027-12-31", "summary": "Now with a new summary.",
    }  # fmt: skip
    response = client.post(f"/en/agreements/{own_agreement.pk}/edit/", form)
    assert response.status_code == 302
    own_agreement.refresh_from_db()
    assert own_agreement.summary == "Now with a new summary."


# --- Results and the admin ----------------------------------------------------------------------


def test_results_page_sums_visible_outcomes_only(client, parties_only, organization):
    visible = AgreementFactory()
    for agreement, value in ((visible, "40"), (parties_only, "1000")):
        Outcome.objects.create(
            agreement=agreement, indicator="people_trained", value=value,
            recorded_on=date(2026, 5, 1), country="VN",
        )  # fmt: skip
    response = client.get("/en/agreements/results/")
    assert [(row.key, row.indicator, row.total) for row in response.context["by_year"]] == [
        (2026, "people_trained", 40)
    ]
    assert [(row.key, row.total) for row in response.context["by_country"]] == [("VN", 40)]
    assert "40 people" in response.content.decode()


def test_results_page_query_count_does_not_grow_with_outcomes(client):
    countries = ["VN", "TH", "CN", "LA", "KH", "MY", "ID", "PH"]

    def add_outcomes(count: int) -> None:
        start = Outcome.objects.count()
        for number in range(start, start + count):
            OutcomeFactory(recorded_on=date(2020 + number, 3, 1), country=countries[number])

    def table_rows(response) -> tuple[int, int]:
        return (len(response.context["by_year"]), len(response.context["by_country"]))

    result = assert_list_queries_do_not_grow(
        lambda: client.get("/en/agreements/results/"),
        add_rows=add_outcomes,
        shown=lambda response: sum(table_rows(response)),
    )

    assert (table_rows(result.few), table_rows(result.many)) == ((2, 2), (6, 6))
    assert result.many.context["funnel"].agreements == 6


def test_secretariat_opens_the_agreement_admin(client, secretariat, own_agreement):
    client.force_login(secretariat)
    assert client.get("/en/admin/agreements/agreement/").status_code == 200
    change = client.get(f"/en/admin/agreements/agreement/{own_agreement.pk}/change/")
    assert change.status_code == 200


def test_member_cannot_open_the_agreement_admin(client, member, own_agreement):
    client.force_login(member)
    response = client.get("/en/admin/agreements/agreement/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_translated_titles_are_saved_and_shown_in_the_page_language(client, member, own_agreement):
    client.force_login(member)
    form = {
        "title": own_agreement.title, "language": "en", "agreement_type": "joint_rd",
        "visibility": "public", "signed_on": "2025-06-12", "starts_on": "2025-01-01",
        "ends_on": "2027-12-31", "title_zh-hans": "水稻品种联合试验",
    }  # fmt: skip
    response = client.post(f"/en/agreements/{own_agreement.pk}/edit/", form)
    assert response.status_code == 302
    own_agreement.refresh_from_db()
    assert own_agreement.translated_titles == {"zh-hans": "水稻品种联合试验"}
    page = client.get(f"/zh-hans/agreements/{own_agreement.pk}/").content.decode()
    assert '<h1 lang="zh-hans" dir="ltr">水稻品种联合试验</h1>' in page


def test_signed_document_must_be_a_pdf(client, member, own_agreement):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(member)
    form = {
        "title": own_agreement.title, "language": "en", "agreement_type": "joint_rd",
        "visibility": "public", "signed_on": "2025-06-12", "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
    }  # fmt: skip
    fake = SimpleUploadedFile("agreement.pdf", b"\x89PNG\r\n\x1a\n not a pdf")
    response = client.post(f"/en/agreements/{own_agreement.pk}/edit/", {**form, "document": fake})
    assert response.status_code == 200
    assert "The file is not a PDF document." in response.content.decode()
    own_agreement.refresh_from_db()
    assert not own_agreement.document
    pdf = SimpleUploadedFile("agreement.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n")
    response = client.post(f"/en/agreements/{own_agreement.pk}/edit/", {**form, "document": pdf})
    assert response.status_code == 302
    own_agreement.refresh_from_db()
    assert own_agreement.document.name.endswith(".pdf")


def test_removing_the_signing_date_of_a_signed_agreement_is_refused(client, member, own_agreement):
    client.force_login(member)
    form = {
        "title": own_agreement.title, "language": "en", "agreement_type": "joint_rd",
        "visibility": "public", "signed_on": "", "starts_on": "2025-01-01",
        "ends_on": "2027-12-31",
    }  # fmt: skip
    response = client.post(f"/en/agreements/{own_agreement.pk}/edit/", form)
    assert response.status_code == 200
    assert "Give the date of signing." in response.content.decode()
    own_agreement.refresh_from_db()
    assert own_agreement.signed_on == date(2025, 6, 12)
