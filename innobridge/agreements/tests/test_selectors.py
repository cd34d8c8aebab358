"""Reads of agreements: health and progress from milestones (in Python and in the database,
which must agree), who sees which agreement, outcome totals and the funnel."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements import permissions, selectors
from innobridge.agreements.choices import (
    AgreementStatus,
    Health,
    MilestoneStatus,
    OutcomeIndicator,
    Visibility,
)
from innobridge.agreements.models import Agreement
from innobridge.agreements.selectors import AT_RISK_DAYS, Funnel, OutcomeTotal
from innobridge.agreements.tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    MilestoneFactory,
    OutcomeFactory,
)
from innobridge.marketplace.tests.factories import ExpressionOfInterestFactory, ListingFactory
from innobridge.organizations.choices import MembershipStatus
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

# The day health is judged on, well inside the factories' 2025-2027 term.
ON = date(2026, 3, 10)

PLANNED = MilestoneStatus.PLANNED
IN_PROGRESS = MilestoneStatus.IN_PROGRESS
SLIPPED = MilestoneStatus.SLIPPED
DONE = MilestoneStatus.DONE
CANCELLED = MilestoneStatus.CANCELLED


def add_milestones(agreement: Agreement, milestones: list[tuple[str, int]]) -> None:
    """Milestones of the given status, due the given number of days after ON."""
    for status, days in milestones:
        MilestoneFactory(
            agreement=agreement,
            status=status,
            due_on=ON + timedelta(days=days),
            evidence_note="Trial report filed." if status == DONE else "",
        )


# --- Health ---------------------------------------------------------------------------------

HEALTH_CASES = {
    "due_today_open": ([(PLANNED, 0)], Health.AT_RISK),
    "due_yesterday_open": ([(PLANNED, -1)], Health.OVERDUE),
    "due_yesterday_in_progress": ([(IN_PROGRESS, -1)], Health.OVERDUE),
    "no_milestones": ([], Health.NOT_PLANNED),
    "all_cancelled": ([(CANCELLED, -30), (CANCELLED, 100)], Health.NOT_PLANNED),
    "done_due_yesterday": ([(DONE, -1)], Health.ON_TRACK),
    "slipped_due_far_ahead": ([(SLIPPED, 300)], Health.AT_RISK),
    "open_due_at_risk_days_ahead": ([(PLANNED, AT_RISK_DAYS)], Health.AT_RISK),
    "open_due_after_at_risk_days": ([(PLANNED, AT_RISK_DAYS + 1)], Health.ON_TRACK),
    "cancelled_past_and_open_far_ahead": ([(CANCELLED, -5), (PLANNED, 100)], Health.ON_TRACK),
    "overdue_beats_at_risk": ([(SLIPPED, 300), (PLANNED, -1)], Health.OVERDUE),
    "done_and_cancelled_only": ([(DONE, -10), (CANCELLED, 10)], Health.ON_TRACK),
}


@pytest.mark.parametrize(("milestones", "expected"), HEALTH_CASES.values(), ids=list(HEALTH_CASES))
def test_health_derived_in_python_and_in_the_database_agree(milestones, expected):
    agreement = AgreementFactory()
    add_milestones(agreement, milestones)
    add_milestones(AgreementFactory(), [(PLANNED, -100)])  # another's must not count

    in_python = selectors.derive_health(agreement.milestones.all(), on=ON)
    in_database = selectors.with_health(Agreement.objects.filter(pk=agreement.pk), on=ON).get()

    assert (in_python, in_database.health) == (expected, expected)


def test_derive_health_defaults_to_today():
    today = selectors.today()
    agreement = AgreementFactory(starts_on=today - timedelta(days=30))
    MilestoneFactory(agreement=agreement, due_on=today - timedelta(days=1))

    in_database = selectors.with_health(Agreement.objects.filter(pk=agreement.pk)).get()

    assert (selectors.derive_health(agreement.milestones.all()), in_database.health) == (
        Health.OVERDUE,
        Health.OVERDUE,
    )


def test_with_health_counts_planned_and_done_milestones_per_agreement():
    first = AgreementFactory(title="First")
    add_milestones(first, [(DONE, -20), (DONE, -10), (PLANNED, 30), (CANCELLED, 40)])
    second = AgreementFactory(title="Second")
    add_milestones(second, [(SLIPPED, 50)])
    AgreementFactory(title="Third")

    rows = [
        (
            agreement.title,
            agreement.milestones_planned,
            agreement.milestones_done,
            selectors.progress_percent(agreement.milestones_planned, agreement.milestones_done),
        )
        for agreement in selectors.with_health(Agreement.objects.order_by("title"), on=ON)
    ]

    assert rows == [("First", 3, 2, 67), ("Second", 1, 0, 0), ("Third", 0, 0, None)]


@pytest.mark.parametrize(
    ("planned", "done", "expected"),
    [(0, 0, None), (3, 0, 0), (3, 1, 33), (3, 2, 67), (4, 4, 100)],
)
def test_progress_percent_of_planned_milestones(planned, done, expected):
    assert selectors.progress_percent(planned, done) == expected


def test_agreement_list_annotates_health_of_each_visible_agreement(organization):
    overdue = AgreementFactory(title="Overdue", parties=[organization, OrganizationFactory()])
    add_milestones(overdue, [(PLANNED, -1), (DONE, -5)])
    on_track = AgreementFactory(title="On track")
    add_milestones(on_track, [(PLANNED, 60)])
    AgreementFactory(title="Hidden", parties_only=True)

    rows = [
        (agreement.title, agreement.health, agreement.milestones_planned, agreement.milestones_done)
        for agreement in selectors.agreement_list(user=AnonymousUser(), on=ON).order_by("title")
    ]

    assert rows == [("On track", Health.ON_TRACK, 1, 0), ("Overdue", Health.OVERDUE, 2, 1)]


def test_agreements_matching_a_query_are_the_newest_visible_rows_with_health():
    older = AgreementFactory(title="Solar pilot plant", signed_on=date(2024, 5, 1))
    add_milestones(older, [(PLANNED, 60)])
    AgreementFactory(title="Solar farm", signed_on=date(2025, 5, 1))
    AgreementFactory(title="Solar lab, hidden", parties_only=True, signed_on=date(2026, 1, 1))
    AgreementFactory(title="Rice trials", signed_on=date(2026, 1, 1))

    rows = selectors.agreements_matching(user=AnonymousUser(), query="SOLAR", limit=5)
    newest = selectors.agreements_matching(user=AnonymousUser(), query="solar", limit=1)

    assert [(a.title, a.milestones_planned) for a in rows] == [
        ("Solar farm", 0),
        ("Solar pilot plant", 1),
    ]
    assert [a.title for a in newest] == ["Solar farm"]


def test_agreements_matching_nothing_cost_one_query(django_assert_num_queries):
    AgreementFactory(title="Solar farm")

    with django_assert_num_queries(1):
        rows = selectors.agreements_matching(user=AnonymousUser(), query="hydrogen", limit=5)

    assert rows == []


def test_agreements_of_organization_lists_each_of_its_agreements_once(organization):
    partner = OrganizationFactory()
    first = AgreementFactory(title="First", parties=[organization, partner])
    add_milestones(first, [(DONE, -3), (PLANNED, 100)])
    AgreementFactory(title="Second", parties=[partner, organization, OrganizationFactory()])
    AgreementFactory(title="Not ours", parties=[partner, OrganizationFactory()])
    AgreementFactory(title="Hidden", parties_only=True, parties=[organization, partner])

    rows = [
        (agreement.title, agreement.milestones_planned, agreement.milestones_done)
        for agreement in selectors.agreements_of_organization(
            user=AnonymousUser(), organization_id=organization.pk
        ).order_by("title")
    ]

    assert rows == [("First", 2, 1), ("Second", 0, 0)]


def test_unconfirmed_parties_of_an_agreement(organization, other_organization):
    agreement = AgreementFactory(parties=[organization])
    unconfirmed = AgreementPartyFactory(
        agreement=agreement, organization=other_organization, unconfirmed=True
    )

    assert selectors.unconfirmed_parties(agreement) == [unconfirmed]


# --- Visibility -----------------------------------------------------------------------------

AGREEMENT_KINDS = {
    "public": {"visibility": Visibility.PUBLIC},
    "members": {"visibility": Visibility.MEMBERS},
    "parties": {"visibility": Visibility.PARTIES},
    "public_draft": {"visibility": Visibility.PUBLIC, "status": AgreementStatus.DRAFT},
}
USER_KINDS = ["anonymous", "party_member", "third_member", "applicant_user", "secretariat"]
# Who sees which kind of agreement, in USER_KINDS order.
EXPECTED_VISIBILITY = {
    "public": [True, True, True, True, True],
    "members": [False, True, True, False, True],
    "parties": [False, True, False, False, True],
    "public_draft": [False, True, False, False, True],
}


def make_user(kind: str, party_organization):
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "party_member":
        return UserFactory(organization=party_organization, role=Role.MEMBER_EDITOR)
    if kind == "third_member":
        return UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)
    if kind == "applicant_user":
        applicant = OrganizationFactory(membership_status=MembershipStatus.APPLICANT)
        return UserFactory(organization=applicant, role=Role.MEMBER_EDITOR)
    return UserFactory(role=Role.SECRETARIAT, is_staff=True)


@pytest.mark.parametrize("agreement_kind", list(AGREEMENT_KINDS))
@pytest.mark.parametrize("user_index", range(len(USER_KINDS)), ids=USER_KINDS)
def test_agreements_visible_to_agrees_with_can_view_agreement(
    organization, agreement_kind, user_index
):
    agreement = AgreementFactory(
        parties=[organization, OrganizationFactory()], **AGREEMENT_KINDS[agreement_kind]
    )
    user = make_user(USER_KINDS[user_index], organization)
    expected = EXPECTED_VISIBILITY[agreement_kind][user_index]

    in_query = selectors.agreements_visible_to(user).filter(pk=agreement.pk).exists()

    assert (in_query, permissions.can_view_agreement(user, agreement)) == (expected, expected)


def test_agreements_visible_to_a_member_of_a_third_organization():
    public = AgreementFactory()
    members = AgreementFactory(members_only=True)
    AgreementFactory(parties_only=True)
    AgreementFactory(draft=True)
    AgreementFactory(draft=True, members_only=True)
    user = UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)

    assert set(selectors.agreements_visible_to(user)) == {public, members}


def test_agreements_visible_to_a_party_include_its_drafts_once(organization):
    draft = AgreementFactory(
        draft=True, parties_only=True, parties=[organization, OrganizationFactory()]
    )
    public = AgreementFactory(parties=[organization, OrganizationFactory()])
    other = AgreementFactory()
    AgreementFactory(parties_only=True)
    user = UserFactory(organization=organization, role=Role.MEMBER_EDITOR)

    assert sorted(selectors.agreements_visible_to(user), key=lambda a: a.pk) == [
        draft,
        public,
        other,
    ]


def test_agreement_get_of_an_invisible_agreement_is_not_found():
    agreement = AgreementFactory(parties_only=True)

    with pytest.raises(Http404):
        selectors.agreement_get(user=AnonymousUser(), pk=agreement.pk)


def test_agreement_get_of_a_visible_agreement_has_its_health():
    agreement = AgreementFactory()
    MilestoneFactory(agreement=agreement, due_on=selectors.today() - timedelta(days=1))

    found = selectors.agreement_get(user=AnonymousUser(), pk=agreement.pk)

    assert (found, found.health, found.milestones_planned, found.milestones_done) == (
        agreement,
        Health.OVERDUE,
        1,
        0,
    )


# --- Outcomes -------------------------------------------------------------------------------

PEOPLE = OutcomeIndicator.PEOPLE_TRAINED
INVESTMENT = OutcomeIndicator.INVESTMENT


@pytest.fixture
def outcomes_of_two_agreements():
    """Organizations a, b, c; agreement 1 between a and b, agreement 2 between b and c."""
    a, b, c = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    first = AgreementFactory(parties=[a, b])
    second = AgreementFactory(parties=[b, c])
    for agreement, indicator, value, currency, country, recorded_on in [
        (first, PEOPLE, "40", "", "VN", date(2025, 5, 1)),
        (first, PEOPLE, "10", "", "LA", date(2026, 2, 1)),
        (first, INVESTMENT, "1000.50", "USD", "VN", date(2026, 3, 1)),
        (second, PEOPLE, "5", "", "VN", date(2026, 4, 1)),
        (second, INVESTMENT, "200", "CNY", "CN", date(2026, 5, 1)),
        (second, INVESTMENT, "300", "USD", "VN", date(2025, 7, 1)),
    ]:
        OutcomeFactory(
            agreement=agreement,
            indicator=indicator,
            value=Decimal(value),
            currency=currency,
            country=country,
            recorded_on=recorded_on,
        )
    return {"a": a, "b": b, "c": c, "first": first, "second": second}


def test_outcome_totals_per_agreement(outcomes_of_two_agreements):
    first = outcomes_of_two_agreements["first"].pk
    second = outcomes_of_two_agreements["second"].pk

    assert selectors.outcome_totals(by="agreement") == [
        OutcomeTotal(first, INVESTMENT, "USD", Decimal("1000.50")),
        OutcomeTotal(first, PEOPLE, "", Decimal("50")),
        OutcomeTotal(second, INVESTMENT, "CNY", Decimal("200")),
        OutcomeTotal(second, INVESTMENT, "USD", Decimal("300")),
        OutcomeTotal(second, PEOPLE, "", Decimal("5")),
    ]


def test_outcome_totals_per_organization_count_for_every_party(outcomes_of_two_agreements):
    a, b, c = (outcomes_of_two_agreements[key].pk for key in "abc")

    assert selectors.outcome_totals(by="organization") == [
        OutcomeTotal(a, INVESTMENT, "USD", Decimal("1000.50")),
        OutcomeTotal(a, PEOPLE, "", Decimal("50")),
        OutcomeTotal(b, INVESTMENT, "CNY", Decimal("200")),
        OutcomeTotal(b, INVESTMENT, "USD", Decimal("1300.50")),
        OutcomeTotal(b, PEOPLE, "", Decimal("55")),
        OutcomeTotal(c, INVESTMENT, "CNY", Decimal("200")),
        OutcomeTotal(c, INVESTMENT, "USD", Decimal("300")),
        OutcomeTotal(c, PEOPLE, "", Decimal("5")),
    ]


def test_outcome_totals_per_country(outcomes_of_two_agreements):
    assert selectors.outcome_totals(by="country") == [
        OutcomeTotal("CN", INVESTMENT, "CNY", Decimal("200")),
        OutcomeTotal("LA", PEOPLE, "", Decimal("10")),
        OutcomeTotal("VN", INVESTMENT, "USD", Decimal("1300.50")),
        OutcomeTotal("VN", PEOPLE, "", Decimal("45")),
    ]


def test_outcome_totals_per_year(outcomes_of_two_agreements):
    assert selectors.outcome_totals(by="year") == [
        OutcomeTotal(2025, INVESTMENT, "USD", Decimal("300")),
        OutcomeTotal(2025, PEOPLE, "", Decimal("40")),
        OutcomeTotal(2026, INVESTMENT, "CNY", Decimal("200")),
        OutcomeTotal(2026, INVESTMENT, "USD", Decimal("1000.50")),
        OutcomeTotal(2026, PEOPLE, "", Decimal("15")),
    ]


def test_outcome_totals_of_chosen_agreements(outcomes_of_two_agreements):
    second = Agreement.objects.filter(pk=outcomes_of_two_agreements["second"].pk)

    assert selectors.outcome_totals(by="country", agreements=second) == [
        OutcomeTotal("CN", INVESTMENT, "CNY", Decimal("200")),
        OutcomeTotal("VN", INVESTMENT, "USD", Decimal("300")),
        OutcomeTotal("VN", PEOPLE, "", Decimal("5")),
    ]


def test_outcome_totals_without_outcomes_are_empty():
    AgreementFactory()

    assert selectors.outcome_totals(by="organization") == []


def test_outcome_totals_by_an_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="unknown grouping 'sector'"):
        selectors.outcome_totals(by="sector")


# --- The funnel -----------------------------------------------------------------------------


def test_funnel_counts_from_listing_to_outcome():
    interest = ExpressionOfInterestFactory()
    ExpressionOfInterestFactory(listing=interest.listing)  # a second interest, same listing
    ListingFactory()  # no interest
    from_both = AgreementFactory()
    from_both.origin_listings.set([interest.listing])
    from_both.origin_interests.set([interest])
    from_interest = AgreementFactory()
    from_interest.origin_interests.set([interest])
    with_outcomes = AgreementFactory()
    OutcomeFactory(agreement=with_outcomes)
    OutcomeFactory(agreement=with_outcomes, indicator=OutcomeIndicator.JOBS_CREATED)
    AgreementFactory()

    assert selectors.funnel_counts(agreements=Agreement.objects.all()) == Funnel(
        listings_with_interest=1,
        agreements=4,
        agreements_from_marketplace=2,
        agreements_with_outcomes=1,
        steps_between=selectors.funnel_steps_between(Agreement.objects.all()),
    )
    chosen = Agreement.objects.filter(pk__in=[from_both.pk, with_outcomes.pk])
    assert selectors.funnel_counts(agreements=chosen) == Funnel(
        listings_with_interest=1,
        agreements=2,
        agreements_from_marketplace=1,
        agreements_with_outcomes=1,
        steps_between=selectors.funnel_steps_between(chosen),
    )


def test_funnel_steps_between_come_from_the_apps_settings_name(settings):
    """Agreements know no events: the B2B stages arrive through the setting."""
    labels = [step.label for step in selectors.funnel_steps_between(Agreement.objects.all())]
    assert labels == [
        "B2B meetings requested with a suggested partner",
        "B2B meetings held",
        "Agreements that came from a B2B meeting",
    ]
    settings.AGREEMENT_FUNNEL_STEPS = []
    assert selectors.funnel_steps_between(Agreement.objects.all()) == ()
