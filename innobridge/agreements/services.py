"""Writes of agreements: recording, confirmation by the parties, milestones with evidence,
outcomes, status changes, and the worker's reminder of overdue milestones.

Each write is validated in full before anything is stored, runs in one transaction (the
change log rows come from django-simple-history) and tells the people concerned after
commit, in their own language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pycountry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from innobridge.accounts.permissions import is_secretariat
from innobridge.accounts.selectors import organization_editors, secretariat_users
from innobridge.agreements.choices import (
    ACTIVE_STATUSES,
    ALLOWED_STATUS_CHANGES,
    OPEN_MILESTONE_STATUSES,
    WHOLE_NUMBER_INDICATORS,
    AgreementStatus,
    MilestoneStatus,
    OutcomeIndicator,
    PartyRole,
)
from innobridge.agreements.models import Agreement, AgreementParty, Milestone, Outcome
from innobridge.agreements.permissions import (
    can_confirm_for,
    can_confirm_on_behalf,
    can_edit_agreement,
    can_record_agreement,
)
from innobridge.core.html import html_to_text, sanitize_html
from innobridge.notifications.services import notify_each
from innobridge.organizations.models import Organization

MIN_PARTIES = 2
# Agreements whose milestones are settled for good.
CLOSED_STATUSES = (AgreementStatus.COMPLETED, AgreementStatus.TERMINATED, AgreementStatus.EXPIRED)
# Statuses that say the agreement was signed, so need the date of signing.
SIGNED_STATUSES = frozenset(AgreementStatus.values) - {AgreementStatus.DRAFT}


@dataclass(frozen=True)
class PartyInput:
    organization: Organization
    role: str = PartyRole.PARTNER


# --- Helpers --------------------------------------------------------------------------------


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _save(
    instance: Any, *, actor: Any, reason: str = "", update_fields: list[str] | None = None
) -> None:
    """Validate the whole instance (fields and named constraints) and save it, with the
    actor and reason recorded in its change log. `update_fields` keeps a concurrent write
    of the other fields (e.g. the worker's reminder mark) from being overwritten."""
    instance.full_clean()
    instance._history_user = _user_or_none(actor)
    instance._change_reason = reason
    instance.save(update_fields=update_fields)


def validate_parties(parties: Sequence[PartyInput]) -> None:
    organizations = [party.organization.pk for party in parties]
    if len(set(organizations)) != len(organizations):
        raise ValidationError(
            {"parties": _("Each organization can be a party to an agreement only once.")}
        )
    if len(organizations) < MIN_PARTIES:
        raise ValidationError({"parties": _("An agreement needs at least two parties.")})
    bad_roles = [party.role for party in parties if party.role not in PartyRole.values]
    if bad_roles:
        raise ValidationError(
            {"parties": _("Unknown party role: {role}.").format(role=", ".join(bad_roles))}
        )


def agreement_refresh_search_text(agreement: Agreement) -> None:
    """After its parties were written (here or in the admin), so that the list's text
    filter and the search page find the agreement by its parties' names. An update, not a
    save: the text is derived, and the change log records the parties themselves."""
    Agreement.objects.filter(pk=agreement.pk).update(search_text=agreement.refresh_search_text())


def _ask_to_confirm(agreement: Agreement, organization_ids: Iterable[int]) -> None:
    notify_each(
        recipients=organization_editors(organization_ids),
        message=lambda: (
            _("Please confirm the agreement: {title}").format(title=agreement.title),
            _(
                "An agreement naming your organization as a party was recorded. It shows as "
                "unconfirmed until an editor of every party confirms it."
            ),
        ),
        url=agreement.get_absolute_url,
    )


# --- Agreements -----------------------------------------------------------------------------


def agreement_create(
    *,
    actor: Any,
    data: dict[str, Any],
    parties: Sequence[PartyInput],
    sectors: Iterable[Any] = (),
    work_areas: Iterable[Any] = (),
    focus_areas: Iterable[Any] = (),
    origin_listings: Iterable[Any] = (),
    origin_interests: Iterable[Any] = (),
    origin_matches: Iterable[Any] = (),
    confirm_all: bool = False,
) -> Agreement:
    """Record an agreement. A member records one of its own organization's agreements, which
    counts as that party's confirmation; the other parties' editors are asked to confirm.

    `confirm_all` (the secretariat's imports and the demo) records every party as confirmed.
    """
    if not can_record_agreement(actor):
        raise PermissionDenied(_("Only members and the secretariat can record agreements."))
    parties = list(parties)
    validate_parties(parties)
    own_organization = None if is_secretariat(actor) else actor.organization_id
    if own_organization is not None and own_organization not in {
        party.organization.pk for party in parties
    }:
        raise ValidationError(
            {"parties": _("You can record only agreements your own organization is party to.")}
        )
    if data.get("status", AgreementStatus.SIGNED) in SIGNED_STATUSES and not data.get("signed_on"):
        raise ValidationError({"signed_on": _("Give the date of signing.")})
    if confirm_all and not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat can confirm for every party."))
    agreement = Agreement(
        recorded_by=_user_or_none(actor), recorded_by_organization_id=own_organization, **data
    )
    agreement.full_text = sanitize_html(agreement.full_text)
    with transaction.atomic():
        _save(agreement, actor=actor)
        agreement.sectors.set(sectors)
        agreement.work_areas.set(work_areas)
        agreement.focus_areas.set(focus_areas)
        agreement.origin_listings.set(origin_listings)
        agreement.origin_interests.set(origin_interests)
        agreement.origin_matches.set(origin_matches)
        now = timezone.now()
        bulk_create_with_history(
            [
                AgreementParty(
                    agreement=agreement,
                    organization=party.organization,
                    role=party.role,
                    confirmed_at=now
                    if confirm_all or party.organization.pk == own_organization
                    else None,
                    confirmed_by=_user_or_none(actor)
                    if party.organization.pk == own_organization
                    else None,
                )
                for party in parties
            ],
            AgreementParty,
            default_user=_user_or_none(actor),
        )
        agreement_refresh_search_text(agreement)
        if not confirm_all:
            _ask_to_confirm(
                agreement,
                [p.organization.pk for p in parties if p.organization.pk != own_organization],
            )
    return agreement


def agreement_update(
    *,
    actor: Any,
    agreement: Agreement,
    data: dict[str, Any],
    sectors: Iterable[Any] | None = None,
    work_areas: Iterable[Any] | None = None,
    focus_areas: Iterable[Any] | None = None,
) -> Agreement:
    """Change an agreement's details (parties are changed by the secretariat in the admin).
    Milestones already planned must still fall within a changed term."""
    if not can_edit_agreement(actor, agreement):
        raise PermissionDenied(_("Only the parties' editors and the secretariat can change it."))
    status = data.pop("status", None)
    for field, value in data.items():
        setattr(agreement, field, value)
    agreement.full_text = sanitize_html(agreement.full_text)
    outside = [
        milestone.title
        for milestone in agreement.milestones.all()
        if _outside_term(agreement, milestone.due_on)
    ]
    if outside:
        raise ValidationError(
            _("These milestones would fall outside the new term: {titles}.").format(
                titles="; ".join(outside)
            )
        )
    if agreement.status in SIGNED_STATUSES and not agreement.signed_on:
        raise ValidationError({"signed_on": _("Give the date of signing.")})
    with transaction.atomic():
        _save(agreement, actor=actor)
        for relation, values in (
            (agreement.sectors, sectors),
            (agreement.work_areas, work_areas),
            (agreement.focus_areas, focus_areas),
        ):
            if values is not None:
                relation.set(values)
        if status and status != agreement.status:
            agreement_set_status(actor=actor, agreement=agreement, status=status)
    return agreement


def agreement_set_status(
    *, actor: Any, agreement: Agreement, status: str, reason: str = ""
) -> None:
    """Move along ALLOWED_STATUS_CHANGES. Completing needs every planned milestone done."""
    if not can_edit_agreement(actor, agreement):
        raise PermissionDenied(_("Only the parties' editors and the secretariat can change it."))
    if status not in AgreementStatus.values:
        raise ValidationError({"status": _("Unknown status “{status}”.").format(status=status)})
    if status not in ALLOWED_STATUS_CHANGES.get(agreement.status, set()):
        raise ValidationError(
            _("An agreement that is “{status}” cannot become “{target}”.").format(
                status=agreement.get_status_display(), target=AgreementStatus(status).label
            )
        )
    if status == AgreementStatus.SIGNED and not agreement.signed_on:
        raise ValidationError({"signed_on": _("Give the date of signing.")})
    if status == AgreementStatus.COMPLETED:
        still_open = agreement.milestones.filter(status__in=OPEN_MILESTONE_STATUSES)
        if still_open.exists():
            raise ValidationError(
                _("Milestones are still open: {titles}. Mark them done or cancelled first.").format(
                    titles="; ".join(still_open.values_list("title", flat=True))
                )
            )
    agreement.status = status
    _save(agreement, actor=actor, reason=reason)


def agreement_confirm(*, actor: Any, agreement: Agreement) -> AgreementParty:
    """The actor's organization confirms it is party to the agreement."""
    party = agreement.parties.filter(
        organization_id=getattr(actor, "organization_id", None)
    ).first()
    if party is None or not can_confirm_for(actor, party):
        raise PermissionDenied(_("Only an editor of a party can confirm the agreement."))
    return _confirm(party, actor=actor)


def agreement_confirm_on_behalf(
    *, actor: Any, party: AgreementParty, reason: str
) -> AgreementParty:
    """The secretariat confirms for a party (e.g. from the signed paper); the reason is kept."""
    if not can_confirm_on_behalf(actor):
        raise PermissionDenied(_("Only the secretariat can confirm on a party's behalf."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you confirm on the party's behalf.")})
    party.confirmed_on_behalf_reason = reason
    return _confirm(party, actor=actor, reason=reason)


def _confirm(party: AgreementParty, *, actor: Any, reason: str = "") -> AgreementParty:
    if party.is_confirmed:
        raise ValidationError(_("This party has already confirmed the agreement."))
    party.confirmed_at = timezone.now()
    party.confirmed_by = _user_or_none(actor)
    _save(party, actor=actor, reason=reason)
    return party


# --- Milestones -----------------------------------------------------------------------------


def _outside_term(agreement: Agreement, due_on: date) -> bool:
    return bool(
        (agreement.starts_on and due_on < agreement.starts_on)
        or (agreement.ends_on and due_on > agreement.ends_on)
    )


def _validate_milestone(agreement: Agreement, milestone: Milestone) -> None:
    if agreement.status in CLOSED_STATUSES:
        raise ValidationError(
            _("The agreement is “{status}”: its milestones can no longer change.").format(
                status=agreement.get_status_display()
            )
        )
    errors: dict[str, str] = {}
    if milestone.due_on and _outside_term(agreement, milestone.due_on):
        errors["due_on"] = _("The due date must fall within the term, {start} to {end}.").format(
            start=agreement.starts_on or "…", end=agreement.ends_on or "…"
        )
    party_ids = set(agreement.parties.values_list("organization_id", flat=True))
    if milestone.responsible_id not in party_ids:
        errors["responsible"] = _("The responsible organization must be a party.")
    if errors:
        raise ValidationError(errors)


def milestone_add(
    *, actor: Any, agreement: Agreement, title: str, due_on: date, responsible: Organization
) -> Milestone:
    if not can_edit_agreement(actor, agreement):
        raise PermissionDenied(
            _("Only the parties' editors and the secretariat can add milestones.")
        )
    milestone = Milestone(
        agreement=agreement, title=title.strip(), due_on=due_on, responsible=responsible
    )
    _validate_milestone(agreement, milestone)
    with transaction.atomic():
        _save(milestone, actor=actor)
        if agreement.status == AgreementStatus.SIGNED:
            agreement.status = AgreementStatus.IN_IMPLEMENTATION
            _save(agreement, actor=actor)
    return milestone


def milestone_update(
    *,
    actor: Any,
    milestone: Milestone,
    status: str | None = None,
    due_on: date | None = None,
    title: str | None = None,
) -> Milestone:
    """Re-plan a milestone or change its status; `milestone_complete` marks it done."""
    agreement = milestone.agreement
    if not can_edit_agreement(actor, agreement):
        raise PermissionDenied(_("Only the parties' editors and the secretariat can change it."))
    if status == MilestoneStatus.DONE:
        raise ValidationError({"status": _("Mark a milestone done with its evidence.")})
    if status is not None:
        milestone.status = status
    if title is not None:
        milestone.title = title.strip()
    changed = ["status", "title"]
    if due_on is not None and due_on != milestone.due_on:
        milestone.due_on = due_on
        milestone.overdue_notified_at = None  # a new date earns a new reminder
        changed += ["due_on", "overdue_notified_at"]
    _validate_milestone(agreement, milestone)
    _save(milestone, actor=actor, update_fields=changed)
    return milestone


def milestone_complete(
    *,
    actor: Any,
    milestone: Milestone,
    note: str = "",
    url: str = "",
    file: Any = None,
    completed_on: date | None = None,
) -> Milestone:
    """Mark done, with evidence: a note, a link or a file (PDF or image)."""
    if not can_edit_agreement(actor, milestone.agreement):
        raise PermissionDenied(_("Only the parties' editors and the secretariat can change it."))
    if milestone.status == MilestoneStatus.DONE:
        raise ValidationError(_("This milestone is already done."))
    if milestone.status == MilestoneStatus.CANCELLED:
        raise ValidationError(_("A cancelled milestone cannot be marked done."))
    note, url = (note or "").strip(), (url or "").strip()
    if not (note or url or file):
        raise ValidationError(
            {"evidence": _("Give evidence to mark it done: a note, a file or a link.")}
        )
    milestone.evidence_note = html_to_text(sanitize_html(note)) if note else ""
    milestone.evidence_url = url
    if file:
        milestone.evidence_file = file
    milestone.status = MilestoneStatus.DONE
    milestone.completed_on = completed_on or timezone.localdate()
    _save(milestone, actor=actor)
    return milestone


def milestones_notify_overdue(*, on: date | None = None) -> int:
    """Tell the responsible party's editors and the secretariat about each milestone past its
    due date, once per milestone (until it is re-planned). Returns how many were new."""
    on = on or timezone.localdate()
    overdue = list(
        Milestone.objects.filter(
            status__in=OPEN_MILESTONE_STATUSES,
            due_on__lt=on,
            overdue_notified_at__isnull=True,
            agreement__status__in=ACTIVE_STATUSES,
        ).select_related("agreement", "responsible")
    )
    secretariat = list(secretariat_users())
    told = 0
    for milestone in overdue:
        with transaction.atomic():
            claimed = Milestone.objects.filter(
                pk=milestone.pk, overdue_notified_at__isnull=True
            ).update(overdue_notified_at=timezone.now())
            if not claimed:  # another worker got there first
                continue
            told += 1
            notify_each(
                recipients=[*organization_editors([milestone.responsible_id]), *secretariat],
                message=lambda milestone=milestone: (
                    _("Milestone overdue: {title}").format(title=milestone.title),
                    _(
                        "The milestone “{title}” of the agreement “{agreement}” was due on "
                        "{due}; {organization} is responsible. Mark it done with evidence, "
                        "or re-plan it."
                    ).format(
                        title=milestone.title,
                        agreement=milestone.agreement.title,
                        due=milestone.due_on.isoformat(),
                        organization=milestone.responsible,
                    ),
                ),
                url=milestone.agreement.get_absolute_url,
            )
    return told


# --- Outcomes -------------------------------------------------------------------------------


def outcome_add(
    *,
    actor: Any,
    agreement: Agreement,
    indicator: str,
    value: Decimal,
    recorded_on: date,
    country: str,
    currency: str = "",
    note: str = "",
) -> Outcome:
    if not can_edit_agreement(actor, agreement):
        raise PermissionDenied(_("Only the parties' editors and the secretariat can add outcomes."))
    currency = (currency or "").strip().upper()
    errors: dict[str, str] = {}
    if indicator in WHOLE_NUMBER_INDICATORS and value is not None and value != int(value):
        errors["value"] = _("This indicator counts whole things; give a whole number.")
    if indicator == OutcomeIndicator.INVESTMENT:
        if not currency:
            errors["currency"] = _("An investment needs its currency.")
        elif pycountry.currencies.get(alpha_3=currency) is None:
            errors["currency"] = _("“{code}” is not an ISO 4217 currency code.").format(
                code=currency
            )
    elif currency:
        errors["currency"] = _("Only an investment has a currency.")
    if errors:
        raise ValidationError(errors)
    outcome = Outcome(
        agreement=agreement,
        indicator=indicator,
        value=value,
        currency=currency,
        recorded_on=recorded_on,
        country=(country or "").upper(),
        note=note.strip(),
        recorded_by=_user_or_none(actor),
    )
    _save(outcome, actor=actor)
    return outcome
