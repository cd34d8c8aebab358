"""The agreements' writes: recording and confirmation by the parties, milestones with
evidence, status changes, outcomes, and the reminder of overdue milestones."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements import selectors, services
from innobridge.agreements.choices import (
    AgreementStatus,
    AgreementType,
    MilestoneStatus,
    OutcomeIndicator,
    PartyRole,
)
from innobridge.agreements.models import Agreement, AgreementParty, Milestone, Outcome
from innobridge.agreements.services import PartyInput
from innobridge.agreements.tests.factories import (
    AgreementFactory,
    MilestoneFactory,
)
from innobridge.notifications.models import Notification
from innobridge.organizations.choices import MembershipStatus
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def agreement_data(**overrides) -> dict:
    data = {
        "title": "Joint trial of salt-tolerant rice",
        "agreement_type": AgreementType.JOINT_RD,
        "signed_on": date(2025, 6, 12),
        "starts_on": date(2025, 7, 1),
        "ends_on": date(2027, 6, 30),
        "summary": "Two parks trial rice varieties in coastal fields.",
    }
    data.update(overrides)
    return data


def counts() -> tuple[int, int, int, int]:
    return (
        Agreement.objects.count(),
        AgreementParty.objects.count(),
        Milestone.objects.count(),
        Outcome.objects.count(),
    )


def row(instance) -> dict:
    """The instance's whole database row, to show nothing changed."""
    return type(instance).objects.values().get(pk=instance.pk)


def notifications() -> list[tuple]:
    return sorted(Notification.objects.values_list("recipient_id", "subject", "body", "url"))


def parties(agreement: Agreement) -> list[tuple]:
    return [
        (party.organization_id, party.role, party.is_confirmed, party.confirmed_by_id)
        for party in agreement.parties.order_by("pk")
    ]


@pytest.fixture
def other_editor(other_organization):
    return UserFactory(organization=other_organization, role=Role.MEMBER_EDITOR)


@pytest.fixture
def third_member():
    """A member editor of an organization that is party to nothing."""
    return UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)


@pytest.fixture
def recorded(member, organization, other_organization, other_editor):
    """An agreement `member` recorded with `other_organization`, which has not confirmed."""
    agreement = services.agreement_create(
        actor=member,
        data=agreement_data(),
        parties=[
            PartyInput(organization, PartyRole.LEAD),
            PartyInput(other_organization, PartyRole.PARTNER),
        ],
    )
    Notification.objects.all().delete()
    return agreement


# --- Recording ------------------------------------------------------------------------------


def test_agreement_create_by_a_member_confirms_their_own_party_and_asks_the_other(
    member, organization, other_organization, other_editor
):
    UserFactory(organization=other_organization, role=Role.MEMBER_EDITOR, is_active=False)
    UserFactory(organization=organization, role=Role.MEMBER_EDITOR)  # a colleague: not asked
    UserFactory(role=Role.SECRETARIAT)

    agreement = services.agreement_create(
        actor=member,
        data=agreement_data(),
        parties=[
            PartyInput(organization, PartyRole.LEAD),
            PartyInput(other_organization, PartyRole.PARTNER),
        ],
    )

    other_party = agreement.parties.get(organization=other_organization)
    assert parties(agreement) == [
        (organization.pk, PartyRole.LEAD, True, member.pk),
        (other_organization.pk, PartyRole.PARTNER, False, None),
    ]
    assert selectors.unconfirmed_parties(agreement) == [other_party]
    assert (agreement.status, agreement.recorded_by, agreement.recorded_by_organization) == (
        AgreementStatus.SIGNED,
        member,
        organization,
    )
    assert notifications() == [
        (
            other_editor.pk,
            "Please confirm the agreement: Joint trial of salt-tolerant rice",
            "An agreement naming your organization as a party was recorded. It shows as "
            "unconfirmed until an editor of every party confirms it.",
            agreement.get_absolute_url(),
        )
    ]


def test_agreement_create_keeps_its_search_text_folded(member, organization, other_organization):
    agreement = services.agreement_create(
        actor=member,
        data=agreement_data(),
        parties=[PartyInput(organization), PartyInput(other_organization)],
    )

    assert organization.name.casefold() in Agreement.objects.get(pk=agreement.pk).search_text


def test_agreement_create_by_the_secretariat_asks_every_party(
    secretariat, member, organization, other_organization, other_editor
):
    agreement = services.agreement_create(
        actor=secretariat,
        data=agreement_data(),
        parties=[PartyInput(organization, PartyRole.LEAD), PartyInput(other_organization)],
    )

    assert parties(agreement) == [
        (organization.pk, PartyRole.LEAD, False, None),
        (other_organization.pk, PartyRole.PARTNER, False, None),
    ]
    assert agreement.recorded_by_organization is None
    assert [recipient for recipient, *_ in notifications()] == sorted([member.pk, other_editor.pk])


def test_agreement_create_by_the_secretariat_confirming_all_asks_nobody(
    secretariat, member, organization, other_organization, other_editor
):
    agreement = services.agreement_create(
        actor=secretariat,
        data=agreement_data(),
        parties=[PartyInput(organization, PartyRole.LEAD), PartyInput(other_organization)],
        confirm_all=True,
    )

    assert parties(agreement) == [
        (organization.pk, PartyRole.LEAD, True, None),
        (other_organization.pk, PartyRole.PARTNER, True, None),
    ]
    assert notifications() == []


def test_agreement_create_records_each_party_in_the_change_log(
    member, organization, other_organization
):
    agreement = services.agreement_create(
        actor=member,
        data=agreement_data(),
        parties=[PartyInput(organization), PartyInput(other_organization)],
    )

    assert sorted(
        AgreementParty.history.filter(agreement_id=agreement.pk).values_list(
            "organization_id", "history_type", "history_user_id"
        )
    ) == sorted([(organization.pk, "+", member.pk), (other_organization.pk, "+", member.pk)])


def test_agreement_create_by_a_member_not_party_to_it_is_refused(member, other_organization):
    before = counts()

    with pytest.raises(ValidationError) as raised:
        services.agreement_create(
            actor=member,
            data=agreement_data(),
            parties=[PartyInput(other_organization), PartyInput(OrganizationFactory())],
        )

    assert raised.value.message_dict == {
        "parties": ["You can record only agreements your own organization is party to."]
    }
    assert (counts(), notifications()) == (before, [])


def test_agreement_create_by_a_member_confirming_all_is_refused(
    member, organization, other_organization
):
    with pytest.raises(PermissionDenied):
        services.agreement_create(
            actor=member,
            data=agreement_data(),
            parties=[PartyInput(organization), PartyInput(other_organization)],
            confirm_all=True,
        )

    assert (counts(), notifications()) == ((0, 0, 0, 0), [])


@pytest.mark.parametrize("who", ["visitor", "applicant"])
def test_agreement_create_by_a_non_member_is_refused(organization, other_organization, who):
    if who == "visitor":
        actor = AnonymousUser()
    else:
        applicant = OrganizationFactory(membership_status=MembershipStatus.APPLICANT)
        actor = UserFactory(organization=applicant, role=Role.MEMBER_EDITOR)

    with pytest.raises(PermissionDenied):
        services.agreement_create(
            actor=actor,
            data=agreement_data(),
            parties=[PartyInput(organization), PartyInput(other_organization)],
        )

    assert counts() == (0, 0, 0, 0)


def test_agreement_create_with_one_party_is_refused(member, organization):
    with pytest.raises(ValidationError) as raised:
        services.agreement_create(
            actor=member, data=agreement_data(), parties=[PartyInput(organization)]
        )

    assert raised.value.message_dict == {"parties": ["An agreement needs at least two parties."]}
    assert (counts(), notifications()) == ((0, 0, 0, 0), [])


def test_agreement_create_with_the_same_organization_twice_is_refused(member, organization):
    with pytest.raises(ValidationError) as raised:
        services.agreement_create(
            actor=member,
            data=agreement_data(),
            parties=[PartyInput(organization, PartyRole.LEAD), PartyInput(organization)],
        )

    assert raised.value.message_dict == {
        "parties": ["Each organization can be a party to an agreement only once."]
    }
    assert (counts(), notifications()) == ((0, 0, 0, 0), [])


def test_agreement_create_with_an_unknown_party_role_is_refused(
    member, organization, other_organization
):
    with pytest.raises(ValidationError) as raised:
        services.agreement_create(
            actor=member,
            data=agreement_data(),
            parties=[PartyInput(organization), PartyInput(other_organization, "boss")],
        )

    assert raised.value.message_dict == {"parties": ["Unknown party role: boss."]}
    assert counts() == (0, 0, 0, 0)


def test_agreement_create_with_a_term_ending_before_it_starts_is_refused(
    member, organization, other_organization
):
    with pytest.raises(ValidationError) as raised:
        services.agreement_create(
            actor=member,
            data=agreement_data(starts_on=date(2026, 1, 1), ends_on=date(2025, 12, 31)),
            parties=[PartyInput(organization), PartyInput(other_organization)],
        )

    assert raised.value.messages == ["The term ends before it starts."]
    assert (counts(), notifications()) == ((0, 0, 0, 0), [])


# --- Confirmation ---------------------------------------------------------------------------


def test_agreement_confirm_by_the_other_partys_editor(recorded, other_organization, other_editor):
    party = services.agreement_confirm(actor=other_editor, agreement=recorded)

    assert (party.organization, party.confirmed_by, party.confirmed_on_behalf_reason) == (
        other_organization,
        other_editor,
        "",
    )
    assert parties(recorded)[1] == (other_organization.pk, PartyRole.PARTNER, True, other_editor.pk)
    assert selectors.unconfirmed_parties(recorded) == []
    assert party.history.first().history_user == other_editor


def test_agreement_confirm_twice_is_refused(recorded, member, organization):
    party = recorded.parties.get(organization=organization)
    before = row(party)

    with pytest.raises(ValidationError) as raised:
        services.agreement_confirm(actor=member, agreement=recorded)

    assert raised.value.messages == ["This party has already confirmed the agreement."]
    assert row(party) == before


def test_agreement_confirm_by_a_third_organization_is_refused(recorded, third_member):
    before = [row(party) for party in recorded.parties.all()]

    with pytest.raises(PermissionDenied):
        services.agreement_confirm(actor=third_member, agreement=recorded)

    assert [row(party) for party in recorded.parties.all()] == before


def test_agreement_confirm_by_the_secretariat_for_itself_is_refused(recorded, secretariat):
    before = [row(party) for party in recorded.parties.all()]

    with pytest.raises(PermissionDenied):
        services.agreement_confirm(actor=secretariat, agreement=recorded)

    assert [row(party) for party in recorded.parties.all()] == before


def test_agreement_confirm_on_behalf_by_the_secretariat_keeps_the_reason(
    recorded, secretariat, other_organization
):
    party = recorded.parties.get(organization=other_organization)

    services.agreement_confirm_on_behalf(
        actor=secretariat, party=party, reason="  Signed paper copy received in Nanning.  "
    )

    party.refresh_from_db()
    assert (party.is_confirmed, party.confirmed_by, party.confirmed_on_behalf_reason) == (
        True,
        secretariat,
        "Signed paper copy received in Nanning.",
    )
    assert (party.history.first().history_user, party.history.first().history_change_reason) == (
        secretariat,
        "Signed paper copy received in Nanning.",
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_agreement_confirm_on_behalf_without_a_reason_is_refused(
    recorded, secretariat, other_organization, reason
):
    party = recorded.parties.get(organization=other_organization)
    before = row(party)

    with pytest.raises(ValidationError) as raised:
        services.agreement_confirm_on_behalf(actor=secretariat, party=party, reason=reason)

    assert raised.value.message_dict == {"reason": ["Say why you confirm on the party's behalf."]}
    assert row(party) == before


def test_agreement_confirm_on_behalf_by_a_member_is_refused(
    recorded, member, other_editor, other_organization
):
    party = recorded.parties.get(organization=other_organization)
    before = row(party)

    for actor in (member, other_editor):
        with pytest.raises(PermissionDenied):
            services.agreement_confirm_on_behalf(actor=actor, party=party, reason="I was there.")

    assert row(party) == before


def test_agreement_confirm_on_behalf_of_a_confirmed_party_is_refused(
    recorded, secretariat, organization
):
    party = recorded.parties.get(organization=organization)
    before = row(party)

    with pytest.raises(ValidationError) as raised:
        services.agreement_confirm_on_behalf(actor=secretariat, party=party, reason="Paper copy.")

    assert raised.value.messages == ["This party has already confirmed the agreement."]
    assert row(party) == before


# --- Changing an agreement and its status ---------------------------------------------------


def test_agreement_update_by_a_party_editor_changes_its_details(member, organization):
    agreement = AgreementFactory(parties=[organization, OrganizationFactory()])

    services.agreement_update(
        actor=member,
        agreement=agreement,
        data={"title": "Joint trial, second phase", "ends_on": date(2028, 6, 30)},
    )

    agreement.refresh_from_db()
    assert (agreement.title, agreement.ends_on) == ("Joint trial, second phase", date(2028, 6, 30))


def test_agreement_update_by_a_third_organization_is_refused(third_member):
    agreement = AgreementFactory()
    before = row(agreement)

    with pytest.raises(PermissionDenied):
        services.agreement_update(actor=third_member, agreement=agreement, data={"title": "Mine"})

    assert row(agreement) == before


def test_agreement_update_leaving_milestones_outside_the_term_is_refused(secretariat):
    agreement = AgreementFactory()
    MilestoneFactory(agreement=agreement, title="Final report", due_on=date(2027, 9, 1))
    MilestoneFactory(agreement=agreement, title="Mid-term review", due_on=date(2026, 3, 1))
    before = row(agreement)

    with pytest.raises(ValidationError) as raised:
        services.agreement_update(
            actor=secretariat, agreement=agreement, data={"ends_on": date(2026, 12, 31)}
        )

    assert raised.value.messages == [
        "These milestones would fall outside the new term: Final report."
    ]
    assert row(agreement) == before


def test_agreement_update_with_a_term_ending_before_it_starts_is_refused(secretariat):
    agreement = AgreementFactory()
    before = row(agreement)

    with pytest.raises(ValidationError) as raised:
        services.agreement_update(
            actor=secretariat, agreement=agreement, data={"ends_on": date(2024, 12, 31)}
        )

    assert raised.value.messages == ["The term ends before it starts."]
    assert row(agreement) == before


def test_agreement_set_status_complete_with_open_milestones_names_them(secretariat):
    agreement = AgreementFactory(status=AgreementStatus.IN_IMPLEMENTATION)
    MilestoneFactory(agreement=agreement, title="Field trial", due_on=date(2026, 4, 1))
    MilestoneFactory(
        agreement=agreement,
        title="Training",
        due_on=date(2026, 5, 1),
        status=MilestoneStatus.SLIPPED,
    )
    MilestoneFactory(agreement=agreement, title="Kick-off", due_on=date(2025, 8, 1), done=True)
    before = row(agreement)

    with pytest.raises(ValidationError) as raised:
        services.agreement_set_status(
            actor=secretariat, agreement=agreement, status=AgreementStatus.COMPLETED
        )

    assert raised.value.messages == [
        "Milestones are still open: Field trial; Training. Mark them done or cancelled first."
    ]
    assert row(agreement) == before


def test_agreement_set_status_complete_with_every_milestone_done_or_cancelled(member, organization):
    agreement = AgreementFactory(
        parties=[organization, OrganizationFactory()], status=AgreementStatus.IN_IMPLEMENTATION
    )
    MilestoneFactory(agreement=agreement, done=True)
    MilestoneFactory(agreement=agreement, status=MilestoneStatus.CANCELLED)

    services.agreement_set_status(
        actor=member, agreement=agreement, status=AgreementStatus.COMPLETED, reason="Delivered."
    )

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.COMPLETED
    assert (
        agreement.history.first().history_user,
        agreement.history.first().history_change_reason,
    ) == (
        member,
        "Delivered.",
    )


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        (
            AgreementStatus.COMPLETED,
            AgreementStatus.SIGNED,
            "An agreement that is “Completed” cannot become “Signed”.",
        ),
        (
            AgreementStatus.TERMINATED,
            AgreementStatus.IN_IMPLEMENTATION,
            "An agreement that is “Terminated” cannot become “In implementation”.",
        ),
        (
            AgreementStatus.DRAFT,
            AgreementStatus.COMPLETED,
            "An agreement that is “Draft” cannot become “Completed”.",
        ),
        (
            AgreementStatus.SUSPENDED,
            AgreementStatus.COMPLETED,
            "An agreement that is “Suspended” cannot become “Completed”.",
        ),
    ],
)
def test_agreement_set_status_not_allowed_is_refused(secretariat, current, target, message):
    agreement = AgreementFactory(status=current)
    before = row(agreement)

    with pytest.raises(ValidationError) as raised:
        services.agreement_set_status(actor=secretariat, agreement=agreement, status=target)

    assert raised.value.messages == [message]
    assert row(agreement) == before


def test_agreement_set_status_signed_without_a_date_of_signing_is_refused(secretariat):
    agreement = AgreementFactory(draft=True, signed_on=None)
    before = row(agreement)

    with pytest.raises(ValidationError) as raised:
        services.agreement_set_status(
            actor=secretariat, agreement=agreement, status=AgreementStatus.SIGNED
        )

    assert raised.value.message_dict == {"signed_on": ["Give the date of signing."]}
    assert row(agreement) == before


def test_agreement_set_status_unknown_is_refused(secretariat):
    agreement = AgreementFactory()
    before = row(agreement)

    with pytest.raises(ValidationError):
        services.agreement_set_status(actor=secretariat, agreement=agreement, status="archived")

    assert row(agreement) == before


def test_agreement_set_status_by_a_third_organization_is_refused(third_member):
    agreement = AgreementFactory()
    before = row(agreement)

    with pytest.raises(PermissionDenied):
        services.agreement_set_status(
            actor=third_member, agreement=agreement, status=AgreementStatus.SUSPENDED
        )

    assert row(agreement) == before


def test_agreement_update_with_a_status_moves_it(secretariat):
    agreement = AgreementFactory()

    services.agreement_update(
        actor=secretariat,
        agreement=agreement,
        data={"summary": "Suspended for the monsoon.", "status": AgreementStatus.SUSPENDED},
    )

    agreement.refresh_from_db()
    assert (agreement.summary, agreement.status) == (
        "Suspended for the monsoon.",
        AgreementStatus.SUSPENDED,
    )


def test_agreement_update_with_a_status_not_allowed_changes_nothing(secretariat):
    agreement = AgreementFactory(status=AgreementStatus.COMPLETED)
    before = row(agreement)

    with pytest.raises(ValidationError):
        services.agreement_update(
            actor=secretariat,
            agreement=agreement,
            data={"summary": "Reopened.", "status": AgreementStatus.SIGNED},
        )

    assert row(agreement) == before


# --- Milestones -----------------------------------------------------------------------------


def test_milestone_add_to_a_signed_agreement_starts_its_implementation(
    member, organization, other_organization
):
    agreement = AgreementFactory(parties=[organization, other_organization])

    milestone = services.milestone_add(
        actor=member,
        agreement=agreement,
        title="  Field trial report ",
        due_on=date(2026, 6, 30),
        responsible=other_organization,
    )

    agreement.refresh_from_db()
    assert Milestone.objects.filter(agreement=agreement).values_list(
        "pk", "title", "due_on", "responsible_id", "status"
    ).get() == (
        milestone.pk,
        "Field trial report",
        date(2026, 6, 30),
        other_organization.pk,
        MilestoneStatus.PLANNED,
    )
    assert agreement.status == AgreementStatus.IN_IMPLEMENTATION


def test_milestone_add_to_a_suspended_agreement_keeps_its_status(secretariat):
    agreement = AgreementFactory(status=AgreementStatus.SUSPENDED)

    services.milestone_add(
        actor=secretariat,
        agreement=agreement,
        title="Restart",
        due_on=date(2026, 6, 30),
        responsible=agreement.parties.first().organization,
    )

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SUSPENDED


@pytest.mark.parametrize("due_on", [date(2024, 12, 31), date(2028, 1, 1)])
def test_milestone_add_due_outside_the_term_is_refused(secretariat, due_on):
    agreement = AgreementFactory()
    before = (counts(), row(agreement))

    with pytest.raises(ValidationError) as raised:
        services.milestone_add(
            actor=secretariat,
            agreement=agreement,
            title="Report",
            due_on=due_on,
            responsible=agreement.parties.first().organization,
        )

    assert raised.value.message_dict == {
        "due_on": ["The due date must fall within the term, 2025-01-01 to 2027-12-31."]
    }
    assert (counts(), row(agreement)) == before


def test_milestone_add_on_the_last_day_of_the_term_is_accepted(secretariat):
    agreement = AgreementFactory()

    milestone = services.milestone_add(
        actor=secretariat,
        agreement=agreement,
        title="Final report",
        due_on=date(2027, 12, 31),
        responsible=agreement.parties.first().organization,
    )

    assert Milestone.objects.get().due_on == milestone.due_on == date(2027, 12, 31)


def test_milestone_add_with_a_responsible_that_is_not_a_party_is_refused(secretariat):
    agreement = AgreementFactory()
    before = (counts(), row(agreement))

    with pytest.raises(ValidationError) as raised:
        services.milestone_add(
            actor=secretariat,
            agreement=agreement,
            title="Report",
            due_on=date(2026, 6, 30),
            responsible=OrganizationFactory(),
        )

    assert raised.value.message_dict == {
        "responsible": ["The responsible organization must be a party."]
    }
    assert (counts(), row(agreement)) == before


def test_milestone_add_by_a_third_organization_is_refused(third_member):
    agreement = AgreementFactory()
    before = (counts(), row(agreement))

    with pytest.raises(PermissionDenied):
        services.milestone_add(
            actor=third_member,
            agreement=agreement,
            title="Report",
            due_on=date(2026, 6, 30),
            responsible=agreement.parties.first().organization,
        )

    assert (counts(), row(agreement)) == before


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (
            {"note": "Report filed with the secretariat."},
            ("Report filed with the secretariat.", ""),
        ),
        ({"url": "https://example.org/trial-report"}, ("", "https://example.org/trial-report")),
    ],
)
def test_milestone_complete_with_evidence(member, organization, evidence, expected):
    milestone = MilestoneFactory(
        agreement=AgreementFactory(parties=[organization, OrganizationFactory()])
    )

    services.milestone_complete(
        actor=member, milestone=milestone, completed_on=date(2026, 6, 28), **evidence
    )

    milestone.refresh_from_db()
    assert (
        milestone.status,
        milestone.completed_on,
        milestone.evidence_note,
        milestone.evidence_url,
    ) == (MilestoneStatus.DONE, date(2026, 6, 28), *expected)


@pytest.mark.parametrize("evidence", [{}, {"note": "  ", "url": " ", "file": None}])
def test_milestone_complete_without_evidence_is_refused(secretariat, evidence):
    milestone = MilestoneFactory()
    before = row(milestone)

    with pytest.raises(ValidationError) as raised:
        services.milestone_complete(actor=secretariat, milestone=milestone, **evidence)

    assert raised.value.message_dict == {
        "evidence": ["Give evidence to mark it done: a note, a file or a link."]
    }
    assert row(milestone) == before


def test_milestone_complete_of_a_cancelled_milestone_is_refused(secretariat):
    milestone = MilestoneFactory(status=MilestoneStatus.CANCELLED)
    before = row(milestone)

    with pytest.raises(ValidationError) as raised:
        services.milestone_complete(actor=secretariat, milestone=milestone, note="Done anyway.")

    assert raised.value.messages == ["A cancelled milestone cannot be marked done."]
    assert row(milestone) == before


def test_milestone_complete_by_a_third_organization_is_refused(third_member):
    milestone = MilestoneFactory()
    before = row(milestone)

    with pytest.raises(PermissionDenied):
        services.milestone_complete(actor=third_member, milestone=milestone, note="Done.")

    assert row(milestone) == before


def test_milestone_update_to_done_is_refused(secretariat):
    milestone = MilestoneFactory()
    before = row(milestone)

    with pytest.raises(ValidationError) as raised:
        services.milestone_update(
            actor=secretariat, milestone=milestone, status=MilestoneStatus.DONE
        )

    assert raised.value.message_dict == {"status": ["Mark a milestone done with its evidence."]}
    assert row(milestone) == before


def test_milestone_update_due_outside_the_term_is_refused(secretariat):
    milestone = MilestoneFactory()
    before = row(milestone)

    with pytest.raises(ValidationError) as raised:
        services.milestone_update(actor=secretariat, milestone=milestone, due_on=date(2028, 3, 1))

    assert list(raised.value.message_dict) == ["due_on"]
    assert row(milestone) == before


def test_milestone_update_replans_and_changes_status(secretariat):
    milestone = MilestoneFactory(due_on=date(2026, 3, 1))

    services.milestone_update(
        actor=secretariat,
        milestone=milestone,
        status=MilestoneStatus.SLIPPED,
        due_on=date(2026, 9, 1),
        title=" Field trial, delayed ",
    )

    assert Milestone.objects.values_list("title", "status", "due_on").get(pk=milestone.pk) == (
        "Field trial, delayed",
        MilestoneStatus.SLIPPED,
        date(2026, 9, 1),
    )


# --- Outcomes -------------------------------------------------------------------------------


def test_outcome_add_of_an_investment_upper_cases_its_currency(member, organization):
    agreement = AgreementFactory(parties=[organization, OrganizationFactory()])

    outcome = services.outcome_add(
        actor=member,
        agreement=agreement,
        indicator=OutcomeIndicator.INVESTMENT,
        value=Decimal("250000.50"),
        currency=" usd ",
        recorded_on=date(2026, 5, 1),
        country="vn",
        note=" First tranche. ",
    )

    assert Outcome.objects.values_list(
        "pk", "indicator", "value", "currency", "country", "note", "recorded_by_id"
    ).get() == (
        outcome.pk,
        OutcomeIndicator.INVESTMENT,
        Decimal("250000.50"),
        "USD",
        "VN",
        "First tranche.",
        member.pk,
    )
    assert str(outcome) == "Investment: 250000.50 USD"


def test_outcome_add_of_fractional_hectares_is_accepted(secretariat):
    agreement = AgreementFactory()

    services.outcome_add(
        actor=secretariat,
        agreement=agreement,
        indicator=OutcomeIndicator.HECTARES_DEMONSTRATED,
        value=Decimal("12.5"),
        recorded_on=date(2026, 5, 1),
        country="LA",
    )

    assert Outcome.objects.values_list("value", flat=True).get() == Decimal("12.5")


@pytest.mark.parametrize(
    ("indicator", "value", "currency", "expected"),
    [
        (
            OutcomeIndicator.PEOPLE_TRAINED,
            "12.5",
            "",
            {"value": ["This indicator counts whole things; give a whole number."]},
        ),
        (
            OutcomeIndicator.INVESTMENT,
            "1000",
            "",
            {"currency": ["An investment needs its currency."]},
        ),
        (
            OutcomeIndicator.INVESTMENT,
            "1000",
            "XYZ",
            {"currency": ["“XYZ” is not an ISO 4217 currency code."]},
        ),
        (
            OutcomeIndicator.JOBS_CREATED,
            "12",
            "USD",
            {"currency": ["Only an investment has a currency."]},
        ),
        (
            OutcomeIndicator.JOBS_CREATED,
            "-3",
            "",
            {"value": ["Ensure this value is greater than or equal to 0."]},
        ),
    ],
    ids=[
        "fractional_count",
        "investment_without_currency",
        "bad_currency",
        "currency_not_investment",
        "negative",
    ],
)
def test_outcome_add_with_bad_input_is_refused(secretariat, indicator, value, currency, expected):
    agreement = AgreementFactory()

    with pytest.raises(ValidationError) as raised:
        services.outcome_add(
            actor=secretariat,
            agreement=agreement,
            indicator=indicator,
            value=Decimal(value),
            currency=currency,
            recorded_on=date(2026, 5, 1),
            country="VN",
        )

    assert raised.value.message_dict == expected
    assert counts() == (1, 2, 0, 0)


def test_outcome_add_by_a_third_organization_is_refused(third_member):
    agreement = AgreementFactory()

    with pytest.raises(PermissionDenied):
        services.outcome_add(
            actor=third_member,
            agreement=agreement,
            indicator=OutcomeIndicator.JOBS_CREATED,
            value=Decimal("3"),
            recorded_on=date(2026, 5, 1),
            country="VN",
        )

    assert counts() == (1, 2, 0, 0)


# --- Overdue milestones ---------------------------------------------------------------------

ON = date(2026, 6, 10)


@pytest.fixture
def overdue_setting(organization, other_organization, member, other_editor, secretariat):
    """An agreement in implementation whose milestone, carried by `other_organization`, fell
    due the day before ON."""
    agreement = AgreementFactory(
        title="Rice trial",
        status=AgreementStatus.IN_IMPLEMENTATION,
        parties=[organization, other_organization],
    )
    milestone = MilestoneFactory(
        agreement=agreement,
        title="Field report",
        due_on=ON - timedelta(days=1),
        responsible=other_organization,
    )
    return agreement, milestone


def overdue_notification(user, milestone: Milestone, organization) -> tuple:
    return (
        user.pk,
        f"Milestone overdue: {milestone.title}",
        f"The milestone “{milestone.title}” of the agreement “{milestone.agreement.title}” was "
        f"due on {milestone.due_on.isoformat()}; {organization.name} is responsible. Mark it "
        "done with evidence, or re-plan it.",
        milestone.agreement.get_absolute_url(),
    )


def test_milestones_notify_overdue_tells_the_responsible_party_and_the_secretariat_once(
    overdue_setting, other_editor, secretariat, other_organization
):
    _, milestone = overdue_setting

    first = services.milestones_notify_overdue(on=ON)
    second = services.milestones_notify_overdue(on=ON + timedelta(days=1))

    assert (first, second) == (1, 0)
    assert notifications() == sorted(
        [
            overdue_notification(other_editor, milestone, other_organization),
            overdue_notification(secretariat, milestone, other_organization),
        ]
    )


def test_milestones_notify_overdue_skips_milestones_due_today_done_or_cancelled(
    overdue_setting, other_organization
):
    agreement, milestone = overdue_setting
    milestone.delete()
    for status in (MilestoneStatus.DONE, MilestoneStatus.CANCELLED):
        MilestoneFactory(
            agreement=agreement,
            status=status,
            due_on=ON - timedelta(days=5),
            evidence_note="Filed.",
            responsible=other_organization,
        )
    MilestoneFactory(agreement=agreement, due_on=ON, responsible=other_organization)

    assert services.milestones_notify_overdue(on=ON) == 0
    assert notifications() == []


@pytest.mark.parametrize(
    "status",
    [
        AgreementStatus.DRAFT,
        AgreementStatus.SUSPENDED,
        AgreementStatus.COMPLETED,
        AgreementStatus.TERMINATED,
        AgreementStatus.EXPIRED,
    ],
)
def test_milestones_notify_overdue_skips_agreements_not_active(overdue_setting, status):
    agreement, _ = overdue_setting
    Agreement.objects.filter(pk=agreement.pk).update(status=status)

    assert services.milestones_notify_overdue(on=ON) == 0
    assert notifications() == []


def test_milestones_notify_overdue_of_a_signed_agreement(overdue_setting):
    agreement, _ = overdue_setting
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.SIGNED)

    assert services.milestones_notify_overdue(on=ON) == 1


def test_milestones_notify_overdue_again_after_replanning(
    overdue_setting, secretariat, other_editor, other_organization
):
    _, milestone = overdue_setting
    services.milestones_notify_overdue(on=ON)
    first_round = notifications()
    Notification.objects.all().delete()

    services.milestone_update(
        actor=secretariat, milestone=milestone, due_on=ON + timedelta(days=10)
    )
    before_new_date = services.milestones_notify_overdue(on=ON + timedelta(days=10))
    after_new_date = services.milestones_notify_overdue(on=ON + timedelta(days=11))

    milestone.refresh_from_db()
    assert len(first_round) == 2
    assert (before_new_date, after_new_date) == (0, 1)
    assert notifications() == sorted(
        [
            overdue_notification(other_editor, milestone, other_organization),
            overdue_notification(secretariat, milestone, other_organization),
        ]
    )


def test_milestones_notify_overdue_not_again_after_a_status_change(overdue_setting, secretariat):
    _, milestone = overdue_setting
    services.milestones_notify_overdue(on=ON)
    milestone.refresh_from_db()

    services.milestone_update(
        actor=secretariat, milestone=milestone, status=MilestoneStatus.SLIPPED
    )

    assert services.milestones_notify_overdue(on=ON + timedelta(days=1)) == 0
    assert Notification.objects.count() == 2
