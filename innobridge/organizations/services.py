"""Writes to the member directory. Forms, serializers, commands and admin actions call these.

Each service validates the whole object before saving (so a bad field leaves the database
untouched), runs in one transaction, tags the change-log row with the acting user and sends
e-mail only once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobridge.accounts.choices import Role
from innobridge.accounts.permissions import can_decide_applications, can_edit_organization
from innobridge.accounts.selectors import secretariat_users
from innobridge.core.models import Sector
from innobridge.notifications.services import email_addresses, notify_each
from innobridge.organizations.choices import ApplicationStatus, MembershipStatus
from innobridge.organizations.models import ContactPerson, MembershipApplication, Organization

# Fields only the secretariat may change; a member editor's edit leaves them as they were.
SECRETARIAT_ONLY_FIELDS = frozenset(
    {"membership_status", "joined_on", "roles", "is_demo", "publishes_without_review"}
)


def _save_with_history(instance: Any, *, actor: Any, reason: str = "") -> None:
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    if reason:
        instance._change_reason = reason
    instance.save()


def organization_create(
    *, actor: Any, data: dict[str, Any], sectors: Iterable[Sector] = ()
) -> Organization:
    """Add an organization to the directory (secretariat only; members apply instead)."""
    if not can_decide_applications(actor):
        raise PermissionDenied(_("Only the secretariat can add organizations directly."))
    organization = Organization(**data)
    organization.full_clean()
    with transaction.atomic():
        _save_with_history(organization, actor=actor)
        organization.sectors.set(sectors)
    return organization


def organization_update(
    *,
    organization: Organization,
    actor: Any,
    data: dict[str, Any],
    sectors: Iterable[Sector] | None = None,
) -> Organization:
    """Change an organization; only fields that differ are written and logged."""
    if not can_edit_organization(actor, organization):
        raise PermissionDenied(_("You can only edit your own organization."))
    if not getattr(actor, "is_secretariat", False):
        data = {key: value for key, value in data.items() if key not in SECRETARIAT_ONLY_FIELDS}
    changed = {k: v for k, v in data.items() if getattr(organization, k) != v}
    for field, value in changed.items():
        setattr(organization, field, value)
    organization.full_clean()
    with transaction.atomic():
        if changed:
            _save_with_history(organization, actor=actor)
        if sectors is not None and {s.pk for s in sectors} != set(
            organization.sectors.values_list("pk", flat=True)
        ):
            organization.sectors.set(sectors)
    return organization


def organization_delete(*, organization: Organization, actor: Any) -> None:
    if not can_decide_applications(actor):
        raise PermissionDenied(_("Only the secretariat can remove organizations."))
    organization._history_user = actor
    organization.delete()


def _secretariat_emails() -> list[str]:
    return list(secretariat_users().exclude(email="").values_list("email", flat=True))


def application_submit(
    *,
    organization_data: dict[str, Any],
    sectors: Iterable[Sector],
    contact: dict[str, Any],
    applicant_email: str,
    applicant_name: str,
    password: str,
    motivation: str = "",
) -> MembershipApplication:
    """An organization applies: it enters the directory as an applicant with one editor."""
    User = get_user_model()
    organization = Organization(**organization_data, membership_status=MembershipStatus.APPLICANT)
    organization.full_clean()
    email = User.objects.normalize_email(applicant_email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    with transaction.atomic():
        _save_with_history(organization, actor=None, reason="membership application")
        organization.sectors.set(sectors)
        first, _sep, last = applicant_name.strip().partition(" ")
        user = User(
            email=email,
            first_name=first[:150],
            last_name=last[:150],
            role=Role.MEMBER_EDITOR,
            organization=organization,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        person = ContactPerson(organization=organization, is_primary=True, **contact)
        person.full_clean()
        person.save()
        application = MembershipApplication(
            organization=organization, applicant=user, motivation=motivation
        )
        application.full_clean()
        application.save()
    email_addresses(
        addresses=_secretariat_emails(),
        subject=_("New membership application: {name}").format(name=organization.name),
        body=_("{name} ({country}) applied to join the alliance.").format(
            name=organization.name, country=organization.country
        ),
    )
    return application


def _decide(
    application: MembershipApplication, *, actor: Any, status: str, reason: str
) -> MembershipApplication:
    if not can_decide_applications(actor):
        raise PermissionDenied(_("Only the secretariat decides on applications."))
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This application has already been decided."))
    application.status = status
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.decision_reason = reason.strip()
    application.full_clean()
    with transaction.atomic():
        _save_with_history(application, actor=actor, reason=reason)
        if status == ApplicationStatus.APPROVED:
            organization = application.organization
            organization.membership_status = MembershipStatus.MEMBER
            organization.joined_on = timezone.localdate()
            _save_with_history(organization, actor=actor, reason="membership approved")
    return application


def _tell_applicant(application: MembershipApplication) -> None:
    """In-app notification and e-mail, in the applicant's language."""

    def message() -> tuple[str, str]:
        name = application.organization.name
        if application.status == ApplicationStatus.APPROVED:
            return (
                _("Welcome to the alliance"),
                _("The secretariat approved the membership of {name}.").format(name=name),
            )
        return (
            _("Your membership application"),
            _(
                "The secretariat could not approve the membership of {name}. Reason: {reason}"
            ).format(name=name, reason=application.decision_reason),
        )

    notify_each(
        recipients=[application.applicant],
        message=message,
        url=application.organization.get_absolute_url,
    )


def application_approve(
    *, application: MembershipApplication, actor: Any, note: str = ""
) -> MembershipApplication:
    """Accept the organization as a member from today and tell the applicant."""
    with transaction.atomic():
        _decide(application, actor=actor, status=ApplicationStatus.APPROVED, reason=note)
        _tell_applicant(application)
    return application


def application_reject(
    *, application: MembershipApplication, actor: Any, reason: str
) -> MembershipApplication:
    """Turn the application down with a reason, which the applicant receives."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the applicant a reason.")})
    with transaction.atomic():
        _decide(application, actor=actor, status=ApplicationStatus.REJECTED, reason=reason)
        _tell_applicant(application)
    return application
