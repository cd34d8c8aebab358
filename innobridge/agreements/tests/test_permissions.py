"""Who may see, record, change and confirm an agreement."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements import permissions
from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.organizations.choices import MembershipStatus
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

USERS = [
    "anonymous",
    "party_member",
    "inactive_party_member",
    "suspended_party_user",
    "third_member",
    "applicant_user",
    "secretariat",
]
# What each permission answers for each user, in USERS order, about a public agreement
# between `organization` and a suspended organization.
EXPECTED = {
    "can_view_agreement": [True, True, True, True, True, True, True],
    "can_view_private_details": [False, True, False, True, False, False, True],
    "can_record_agreement": [False, True, False, False, True, False, True],
    "can_edit_agreement": [False, True, False, False, False, False, True],
    "can_confirm_for": [False, True, False, False, False, False, False],
    "can_confirm_on_behalf": [False, False, False, False, False, False, True],
    "is_party_user": [False, True, False, True, False, False, False],
}


def make_user(kind: str, organization, suspended):
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "party_member":
        return UserFactory(organization=organization, role=Role.MEMBER_EDITOR)
    if kind == "inactive_party_member":
        return UserFactory(organization=organization, role=Role.MEMBER_EDITOR, is_active=False)
    if kind == "suspended_party_user":
        return UserFactory(organization=suspended, role=Role.MEMBER_EDITOR)
    if kind == "third_member":
        return UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)
    if kind == "applicant_user":
        applicant = OrganizationFactory(membership_status=MembershipStatus.APPLICANT)
        return UserFactory(organization=applicant, role=Role.MEMBER_EDITOR)
    return UserFactory(role=Role.SECRETARIAT, is_staff=True)


@pytest.mark.parametrize("user_index", range(len(USERS)), ids=USERS)
def test_permissions_of_each_kind_of_user(organization, user_index):
    suspended = OrganizationFactory(membership_status=MembershipStatus.SUSPENDED)
    agreement = AgreementFactory(parties=[organization, suspended])
    party = agreement.parties.get(organization=organization)
    user = make_user(USERS[user_index], organization, suspended)

    answers = {
        "can_view_agreement": permissions.can_view_agreement(user, agreement),
        "can_view_private_details": permissions.can_view_private_details(user, agreement),
        "can_record_agreement": permissions.can_record_agreement(user),
        "can_edit_agreement": permissions.can_edit_agreement(user, agreement),
        "can_confirm_for": permissions.can_confirm_for(user, party),
        "can_confirm_on_behalf": permissions.can_confirm_on_behalf(user),
        "is_party_user": permissions.is_party_user(user, agreement),
    }

    assert answers == {name: expected[user_index] for name, expected in EXPECTED.items()}


def test_can_view_agreement_parties_only_hidden_from_a_third_organization(organization):
    agreement = AgreementFactory(parties_only=True, parties=[organization, OrganizationFactory()])
    third = UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)
    party_user = UserFactory(organization=organization, role=Role.MEMBER_EDITOR)

    assert (
        permissions.can_view_agreement(AnonymousUser(), agreement),
        permissions.can_view_agreement(third, agreement),
        permissions.can_view_agreement(party_user, agreement),
    ) == (False, False, True)


def test_can_view_agreement_members_only_shown_to_any_member_user(organization):
    agreement = AgreementFactory(members_only=True)
    member_user = UserFactory(organization=organization, role=Role.MEMBER_EDITOR)
    observer = UserFactory(
        organization=OrganizationFactory(membership_status=MembershipStatus.OBSERVER),
        role=Role.MEMBER_EDITOR,
    )

    assert (
        permissions.can_view_agreement(AnonymousUser(), agreement),
        permissions.can_view_agreement(member_user, agreement),
        permissions.can_view_agreement(observer, agreement),
    ) == (False, True, True)


def test_can_view_agreement_draft_only_by_parties_and_the_secretariat(organization, secretariat):
    agreement = AgreementFactory(draft=True, parties=[organization, OrganizationFactory()])
    party_user = UserFactory(organization=organization, role=Role.MEMBER_EDITOR)
    third = UserFactory(organization=OrganizationFactory(), role=Role.MEMBER_EDITOR)

    assert (
        permissions.can_view_agreement(AnonymousUser(), agreement),
        permissions.can_view_agreement(third, agreement),
        permissions.can_view_agreement(party_user, agreement),
        permissions.can_view_agreement(secretariat, agreement),
    ) == (False, False, True, True)


def test_party_organization_ids_of_an_agreement(organization, other_organization):
    agreement = AgreementFactory(parties=[organization, other_organization])

    assert permissions.party_organization_ids(agreement) == {
        organization.pk,
        other_organization.pk,
    }
