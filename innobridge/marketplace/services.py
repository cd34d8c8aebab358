"""Writes of the marketplace: listings through their workflow, attachments, interests.

Every state change is validated, written in one transaction together with a
ListingTransition row (the history shown on the listing page), and tells the people
concerned after commit: an in-app notification and an e-mail sent by the worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobridge.accounts.permissions import is_member_user, is_secretariat
from innobridge.accounts.selectors import organization_editors, secretariat_users
from innobridge.core.content_safety import check_text
from innobridge.core.countries import is_country_code
from innobridge.core.html import html_to_text, sanitize_html
from innobridge.core.language_detection import detect_language
from innobridge.core.models import CooperationType, Sector
from innobridge.core.tasks import queue_after_commit
from innobridge.marketplace import selectors
from innobridge.marketplace.choices import (
    ALLOWED_TRANSITIONS,
    EDITABLE_STATUSES,
    InterestStatus,
    ListingStatus,
)
from innobridge.marketplace.models import (
    Attachment,
    ExpressionOfInterest,
    Listing,
    ListingCountry,
    ListingTransition,
)
from innobridge.marketplace.permissions import (
    can_answer_interest,
    can_edit_listing,
    can_express_interest,
    can_manage_listing,
    can_moderate,
)
from innobridge.notifications.services import notify_each
from innobridge.organizations.models import Organization

# --- Helpers ---------------------------------------------------------------------------


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def listings_changed(listing_ids: list[int], *, were_published: bool | None = None) -> None:
    """After commit, queue the jobs that follow listing changes (search indexing...) and
    forget what is cached of the published listings if one of the listings is or was
    published: a draft saved (the API's most frequent write) shows nowhere it is cached,
    and forgetting on every save left every browse page counting its facets again.
    `were_published` answers for listings that are gone (a deletion)."""
    if were_published is None:
        were_published = Listing.objects.filter(
            pk__in=listing_ids, published_at__isnull=False
        ).exists()
    if were_published:
        transaction.on_commit(selectors.forget_published)
    for path in settings.LISTING_CHANGE_TASKS:
        queue_after_commit(path, list(listing_ids))


def _move(listing: Listing, to_status: str, *, actor: Any, reason: str = "") -> None:
    """Change status along an allowed edge and record the step in the listing's history."""
    if to_status not in ALLOWED_TRANSITIONS[listing.status]:
        raise ValidationError(
            _("A listing that is “{status}” cannot become “{target}”.").format(
                status=listing.get_status_display(), target=ListingStatus(to_status).label
            )
        )
    ListingTransition.objects.create(
        listing=listing,
        from_status=listing.status,
        to_status=to_status,
        actor=_user_or_none(actor),
        reason=reason,
    )
    listing.status = to_status
    listing.status_changed_at = timezone.now()
    if to_status == ListingStatus.PUBLISHED:
        listing.published_at = listing.status_changed_at
    listing._history_user = _user_or_none(actor)
    listing._change_reason = reason
    listing.save()
    listings_changed([listing.pk])


def content_flags(listing: Listing) -> list[dict[str, Any]]:
    """Spam and damaged-text warnings for every text field, offsets per field."""
    texts = {
        "title": listing.title,
        "summary": listing.summary,
        "description": html_to_text(listing.description),
        "keywords": ", ".join(listing.keywords or []),
    }
    return [
        {
            "field": field,
            "kind": flag.kind,
            "start": flag.start,
            "end": flag.end,
            "text": flag.text,
            "reason": flag.reason,
        }
        for field, text in texts.items()
        for flag in check_text(text)
    ]


def _prepare(listing: Listing) -> None:
    """Normalize what the author gave: safe HTML, clean keywords, a language."""
    listing.description = sanitize_html(listing.description)
    listing.keywords = [k.strip() for k in listing.keywords or [] if k.strip()]
    if not listing.language:
        listing.language = detect_language(
            " ".join([listing.title, listing.summary, html_to_text(listing.description)])
        )


def _set_relations(
    listing: Listing,
    *,
    sectors: Iterable[Sector] | None,
    cooperation_types: Iterable[CooperationType] | None,
    target_countries: Iterable[str] | None,
) -> None:
    if sectors is not None:
        listing.sectors.set(sectors)
    if cooperation_types is not None:
        listing.cooperation_types.set(cooperation_types)
    if target_countries is not None:
        wanted = sorted(set(target_countries))
        if wanted != sorted(listing.target_countries.values_list("country", flat=True)):
            listing.target_countries.all().delete()
            ListingCountry.objects.bulk_create(
                ListingCountry(listing=listing, country=code) for code in wanted
            )


def _validate_countries(codes: Iterable[str]) -> None:
    bad = [code for code in codes if not is_country_code(code)]
    if bad:
        raise ValidationError(
            {
                "target_countries": _("Not ISO 3166-1 alpha-2 country codes: {codes}.").format(
                    codes=", ".join(bad)
                )
            }
        )


def _tell_secretariat_to_moderate(listing: Listing) -> None:
    notify_each(
        recipients=secretariat_users(),
        message=lambda: (
            _("Listing to moderate: {title}").format(title=listing.title),
            _("{organization} submitted a listing for publication.").format(
                organization=listing.owner
            ),
        ),
        url=listing.get_absolute_url,
    )


# --- Listings --------------------------------------------------------------------------


def listing_create(
    *,
    actor: Any,
    owner: Organization,
    data: dict[str, Any],
    sectors: Iterable[Sector] = (),
    cooperation_types: Iterable[CooperationType] = (),
    target_countries: Iterable[str] = (),
) -> Listing:
    """A new draft, owned by the actor's organization (any organization, for the secretariat)."""
    if not (is_secretariat(actor) or (is_member_user(actor) and actor.organization_id == owner.pk)):
        raise PermissionDenied(_("Only members can create listings, for their own organization."))
    target_countries = list(target_countries)
    _validate_countries(target_countries)
    listing = Listing(owner=owner, created_by=_user_or_none(actor), **data)
    listing.status = ListingStatus.DRAFT
    _prepare(listing)
    listing.full_clean()
    with transaction.atomic():
        listing._history_user = _user_or_none(actor)
        listing.save()
        _set_relations(
            listing,
            sectors=sectors,
            cooperation_types=cooperation_types,
            target_countries=target_countries,
        )
    return listing


def listing_update(
    *,
    listing: Listing,
    actor: Any,
    data: dict[str, Any],
    sectors: Iterable[Sector] | None = None,
    cooperation_types: Iterable[CooperationType] | None = None,
    target_countries: Iterable[str] | None = None,
) -> Listing:
    """Edit a listing. When its owner edits a published one it goes back to moderation."""
    if not can_edit_listing(actor, listing):
        raise PermissionDenied(_("You cannot edit this listing."))
    if target_countries is not None:
        target_countries = list(target_countries)
        _validate_countries(target_countries)
    for field, value in data.items():
        if field not in {"owner", "status", "created_by", "published_at"}:
            setattr(listing, field, value)
    _prepare(listing)
    listing.full_clean()
    with transaction.atomic():
        listing._history_user = _user_or_none(actor)
        listing.save()
        _set_relations(
            listing,
            sectors=sectors,
            cooperation_types=cooperation_types,
            target_countries=target_countries,
        )
        if listing.status == ListingStatus.PUBLISHED and not is_secretariat(actor):
            _send_to_moderation(listing, actor=actor, reason=_("Edited after publication"))
        elif listing.status == ListingStatus.PUBLISHED:
            listings_changed([listing.pk])
    return listing


def _send_to_moderation(listing: Listing, *, actor: Any, reason: str = "") -> None:
    """Check the texts, then publish a trusted owner's clean listing or queue it."""
    listing.moderation_flags = content_flags(listing)
    trusted_and_clean = listing.owner.publishes_without_review and not listing.moderation_flags
    if trusted_and_clean and ListingStatus.PUBLISHED in ALLOWED_TRANSITIONS[listing.status]:
        _move(listing, ListingStatus.PUBLISHED, actor=actor, reason=_("Trusted publisher"))
        return
    _move(listing, ListingStatus.SUBMITTED, actor=actor, reason=reason)
    if trusted_and_clean:
        _move(listing, ListingStatus.PUBLISHED, actor=actor, reason=_("Trusted publisher"))
    else:
        _tell_secretariat_to_moderate(listing)


def listing_submit(*, listing: Listing, actor: Any) -> Listing:
    """Send a draft or returned listing to moderation (trusted and clean: publish it)."""
    if not can_manage_listing(actor, listing):
        raise PermissionDenied(_("You cannot submit this listing."))
    if listing.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Only drafts and returned listings can be submitted."))
    if listing.valid_until < timezone.localdate():
        raise ValidationError(
            {"valid_until": _("This date has passed: the listing would expire at once.")}
        )
    with transaction.atomic():
        _send_to_moderation(listing, actor=actor)
    return listing


def _require_submitted(listing: Listing) -> None:
    """Moderation decides on submitted listings only (a draft is not ready to judge)."""
    if listing.status != ListingStatus.SUBMITTED:
        raise ValidationError(
            _("Only listings waiting for moderation can be published or returned.")
        )


def listing_approve(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """The secretariat publishes a submitted listing; its owner is told."""
    if not can_moderate(actor):
        raise PermissionDenied(_("Only the secretariat moderates listings."))
    _require_submitted(listing)
    with transaction.atomic():
        _move(listing, ListingStatus.PUBLISHED, actor=actor, reason=note)
        notify_each(
            recipients=organization_editors([listing.owner_id]),
            message=lambda: (
                _("Published: {title}").format(title=listing.title),
                _("The secretariat published your listing."),
            ),
            url=listing.get_absolute_url,
        )
    return listing


def listing_return(*, listing: Listing, actor: Any, reason: str) -> Listing:
    """The secretariat returns a submitted listing to its author with a reason."""
    if not can_moderate(actor):
        raise PermissionDenied(_("Only the secretariat moderates listings."))
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the author what to change.")})
    _require_submitted(listing)
    with transaction.atomic():
        _move(listing, ListingStatus.RETURNED, actor=actor, reason=reason.strip())
        notify_each(
            recipients=organization_editors([listing.owner_id]),
            message=lambda: (
                _("Returned for changes: {title}").format(title=listing.title),
                _("The secretariat returned your listing. Reason: {reason}").format(
                    reason=reason.strip()
                ),
            ),
            url=listing.get_absolute_url,
        )
    return listing


def listing_close(*, listing: Listing, actor: Any) -> Listing:
    """The owner (or the secretariat) closes a published listing."""
    if not can_manage_listing(actor, listing):
        raise PermissionDenied(_("Only the owner can close this listing."))
    with transaction.atomic():
        _move(listing, ListingStatus.CLOSED, actor=actor)
    return listing


def listing_delete(*, listing: Listing, actor: Any) -> None:
    """Drafts can be deleted by their owner; anything by the secretariat."""
    if not (
        is_secretariat(actor)
        or (can_manage_listing(actor, listing) and listing.status in EDITABLE_STATUSES)
    ):
        raise PermissionDenied(_("Only drafts can be deleted; close a published listing instead."))
    listing._history_user = _user_or_none(actor)
    pk, was_published = listing.pk, listing.published_at is not None
    with transaction.atomic():
        listing.delete()
        listings_changed([pk], were_published=was_published)


def listings_expire(*, today=None) -> int:
    """Published listings whose `valid until` has passed become expired (the worker's job)."""
    today = today or timezone.localdate()
    expired = 0
    for listing in Listing.objects.filter(status=ListingStatus.PUBLISHED, valid_until__lt=today):
        with transaction.atomic():
            _move(listing, ListingStatus.EXPIRED, actor=None, reason=_("Validity ended"))
            notify_each(
                recipients=organization_editors([listing.owner_id]),
                message=lambda listing=listing: (
                    _("Expired: {title}").format(title=listing.title),
                    _("Your listing reached its validity date and is no longer shown."),
                ),
                url=listing.get_absolute_url,
            )
        expired += 1
    return expired


# --- Attachments -----------------------------------------------------------------------


def attachment_add(*, listing: Listing, actor: Any, file: Any) -> Attachment:
    """Attach a PDF or image; type is read from the bytes and size is limited."""
    if not can_edit_listing(actor, listing):
        raise PermissionDenied(_("You cannot change this listing."))
    attachment = Attachment(
        listing=listing,
        file=file,
        original_name=(getattr(file, "name", "") or "file")[:200],
        size=file.size,
        uploaded_by=_user_or_none(actor),
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def attachment_remove(*, attachment: Attachment, actor: Any) -> None:
    """Delete the attachment's row, and its file once the deletion has committed: a
    transaction that rolls back keeps a row whose file is still there."""
    if not can_edit_listing(actor, attachment.listing):
        raise PermissionDenied(_("You cannot change this listing."))
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(partial(storage.delete, name))


# --- Expressions of interest -----------------------------------------------------------


def interest_express(*, listing: Listing, actor: Any, message: str) -> ExpressionOfInterest:
    """A member tells the owner they are interested; once per organization and listing."""
    if getattr(actor, "organization_id", None) == listing.owner_id:
        raise ValidationError(_("You cannot express interest in your own organization's listing."))
    if not can_express_interest(actor, listing):
        raise PermissionDenied(_("Only members can express interest in a published listing."))
    interest = ExpressionOfInterest(
        listing=listing, organization_id=actor.organization_id, created_by=actor, message=message
    )
    interest.full_clean()
    try:
        with transaction.atomic():
            interest._history_user = actor
            interest.save()
            notify_each(
                recipients=organization_editors([listing.owner_id]),
                message=lambda: (
                    _("New interest in: {title}").format(title=listing.title),
                    _("{organization} is interested: {message}").format(
                        organization=interest.organization, message=message
                    ),
                ),
                url=listing.get_absolute_url,
            )
    except IntegrityError as error:  # a double click that raced past full_clean
        raise ValidationError(
            _("Your organization has already expressed interest in this listing.")
        ) from error
    return interest


def interest_answer(
    *, interest: ExpressionOfInterest, actor: Any, accept: bool
) -> ExpressionOfInterest:
    """The owner accepts (contacts become visible to both sides) or declines."""
    if not can_answer_interest(actor, interest):
        raise PermissionDenied(_("Only the listing's owner can answer."))
    if interest.status != InterestStatus.PENDING:
        raise ValidationError(_("This expression of interest has already been answered."))
    interest.status = InterestStatus.ACCEPTED if accept else InterestStatus.DECLINED
    interest.decided_by = actor
    interest.decided_at = timezone.now()
    with transaction.atomic():
        interest._history_user = actor
        interest.save()
        listing = interest.listing
        notify_each(
            recipients=[*organization_editors([interest.organization_id]), interest.created_by],
            message=lambda: (
                (
                    _("Interest accepted: {title}") if accept else _("Interest declined: {title}")
                ).format(title=listing.title),
                (
                    _("{organization} accepted. You can now see each other's contacts.")
                    if accept
                    else _("{organization} declined your expression of interest.")
                ).format(organization=listing.owner),
            ),
            url=listing.get_absolute_url,
        )
        if accept:
            notify_each(
                recipients=organization_editors([listing.owner_id]),
                message=lambda: (
                    _("Contact shared: {title}").format(title=listing.title),
                    _("You accepted the interest of {organization}.").format(
                        organization=interest.organization
                    ),
                ),
                url=listing.get_absolute_url,
            )
    return interest
