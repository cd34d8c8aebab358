"""Who may do what with a listing or an expression of interest."""

from __future__ import annotations

from typing import Any

from innobridge.accounts.permissions import is_member_user, is_secretariat, is_signed_in
from innobridge.marketplace.choices import EDITABLE_STATUSES, ListingStatus


def is_owner_editor(user: Any, listing: Any) -> bool:
    """A signed-in editor of the organization that owns the listing."""
    return is_signed_in(user) and user.organization_id == listing.owner_id


def can_view_listing(user: Any, listing: Any) -> bool:
    """Published listings are public; others only for their owner and the secretariat."""
    return (
        listing.status == ListingStatus.PUBLISHED
        or is_owner_editor(user, listing)
        or (is_secretariat(user))
    )


def can_manage_listing(user: Any, listing: Any) -> bool:
    """Submit, close, attach files: the owner's editors or the secretariat."""
    return is_secretariat(user) or (is_member_user(user) and is_owner_editor(user, listing))


def can_edit_listing(user: Any, listing: Any) -> bool:
    if is_secretariat(user):
        return True
    editable = (*EDITABLE_STATUSES, ListingStatus.PUBLISHED)
    return can_manage_listing(user, listing) and listing.status in editable


def can_moderate(user: Any) -> bool:
    return is_secretariat(user)


def can_express_interest(user: Any, listing: Any) -> bool:
    """A member of another organization, on a published listing."""
    return (
        is_member_user(user)
        and listing.status == ListingStatus.PUBLISHED
        and user.organization_id != listing.owner_id
    )


def can_answer_interest(user: Any, interest: Any) -> bool:
    return is_member_user(user) and user.organization_id == interest.listing.owner_id


def can_view_interest(user: Any, interest: Any) -> bool:
    return is_secretariat(user) or (
        is_signed_in(user)
        and user.organization_id in {interest.organization_id, interest.listing.owner_id}
    )


def can_view_attachment(user: Any, attachment: Any) -> bool:
    """An attachment is seen by whoever sees its listing."""
    return can_view_listing(user, attachment.listing)
