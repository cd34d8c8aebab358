"""Who may see and change an agreement.

Visibility: public agreements are shown to everyone, members-only ones to signed-in members,
parties-only ones to the editors of the parties. Drafts are the parties' own. The secretariat
sees everything. selectors.agreements_visible_to is the same rule as a query.
"""

from __future__ import annotations

from typing import Any

from innobridge.accounts.permissions import is_member_user, is_secretariat, is_signed_in
from innobridge.agreements.choices import AgreementStatus, Visibility


def party_organization_ids(agreement: Any) -> set[int]:
    return {party.organization_id for party in agreement.parties.all()}


def is_party_user(user: Any, agreement: Any) -> bool:
    """A signed-in user of one of the agreement's parties."""
    return (
        is_signed_in(user)
        and user.organization_id is not None
        and user.organization_id in party_organization_ids(agreement)
    )


def can_view_agreement(user: Any, agreement: Any) -> bool:
    if is_secretariat(user) or is_party_user(user, agreement):
        return True
    if agreement.status == AgreementStatus.DRAFT:
        return False
    if agreement.visibility == Visibility.PUBLIC:
        return True
    if agreement.visibility == Visibility.MEMBERS:
        return is_member_user(user)
    return False


def can_record_agreement(user: Any) -> bool:
    """Member editors record their organization's agreements; the secretariat any."""
    return is_secretariat(user) or is_member_user(user)


def can_edit_agreement(user: Any, agreement: Any) -> bool:
    """Change the agreement, its milestones and outcomes: a party's editor or the secretariat."""
    return is_secretariat(user) or (is_member_user(user) and is_party_user(user, agreement))


def can_confirm_for(user: Any, party: Any) -> bool:
    """An editor of the party's own organization."""
    return is_member_user(user) and user.organization_id == party.organization_id


def can_confirm_on_behalf(user: Any) -> bool:
    return is_secretariat(user)


def can_view_private_details(user: Any, agreement: Any) -> bool:
    """The milestones' evidence files: parties and the secretariat. (The full text and the
    signed document are shown with the agreement itself, to whoever its visibility, chosen
    by its parties, admits: `can_view_agreement`.)"""
    return is_secretariat(user) or is_party_user(user, agreement)


def can_view_evidence(user: Any, milestone: Any) -> bool:
    """A milestone's evidence file: the agreement's private details."""
    return can_view_private_details(user, milestone.agreement)
