"""Writes to the member directory. Forms, serializers, commands and admin actions call these.

Each service validates the whole object before saving (so a bad field leaves the database
untouched), runs in one transaction, tags the change-log row with the acting user and sends
e-mail only once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
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


APPLICATION_LINK_SALT = "innobridge.organizations.application"
APPLICATION_LINK_DAYS = 3


def application_submit(
    *,
    organization_data: dict[str, Any],
    sectors: Iterable[Sector],
    contact: dict[str, Any],
    applicant_email: str,
    applicant_name: str,
    password: str,
    motivation: str = "",
    confirm_url: Callable[[str], str],
) -> MembershipApplication | None:
    """An organization applies: it enters the directory as an applicant, with one editor
    whose account opens once they follow the link e-mailed to them (`confirm_url(token)`
    makes it absolute); the secretariat hears of it then.

    Whether the address already has an account is never told to the person applying: both
    cases answer alike, and the address's owner gets an e-mail saying someone used it.
    Returns the application, or None where the address already had an account."""
    User = get_user_model()
    organization = Organization(**organization_data, membership_status=MembershipStatus.APPLICANT)
    organization.full_clean()
    email = User.objects.normalize_email(applicant_email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the same work as a new account: the answer takes as long
        unconfirmed = _unconfirmed_application(existing)
        if unconfirmed is not None:  # they applied before and lost the link: a new one
            _send_confirmation_link(unconfirmed, confirm_url)
        else:
            _tell_existing_account(email)
        return None
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
            is_active=False,  # until the address is confirmed
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
    _send_confirmation_link(application, confirm_url)
    return application


def _unconfirmed_application(user: Any) -> MembershipApplication | None:
    if user.is_active:
        return None
    return user.membership_applications.filter(
        email_confirmed_at__isnull=True, status=ApplicationStatus.PENDING
    ).first()


def _send_confirmation_link(
    application: MembershipApplication, confirm_url: Callable[[str], str]
) -> None:
    token = signing.dumps(application.pk, salt=APPLICATION_LINK_SALT)
    email_addresses(
        addresses=[application.applicant.email],
        subject=_("Confirm your membership application"),
        body=_(
            "Follow this link within {days} days to confirm the application of {name} and "
            "open your account:\n{link}\n\nIf you did not apply, ignore this message: "
            "nothing happens without the link."
        ).format(
            days=APPLICATION_LINK_DAYS,
            name=application.organization.name,
            link=confirm_url(token),
        ),
    )


def _tell_existing_account(email: str) -> None:
    email_addresses(
        addresses=[email],
        subject=_("Membership application with your address"),
        body=_(
            "Someone asked to apply for membership of the alliance with this e-mail address, "
            "which already has an account. If it was you, sign in instead: your organization "
            "is already registered. If it was not, ignore this message: nothing was created."
        ),
    )


def application_confirm(*, token: str, confirm_url: Callable[[str], str]) -> MembershipApplication:
    """The applicant followed the link: their account opens and the secretariat hears of
    the application. Following the link again changes nothing; following it too late sends
    a new one to the application's address."""
    try:
        pk = signing.loads(
            token, salt=APPLICATION_LINK_SALT, max_age=timedelta(days=APPLICATION_LINK_DAYS)
        )
    except signing.SignatureExpired as error:
        late = MembershipApplication.objects.filter(
            pk=signing.loads(token, salt=APPLICATION_LINK_SALT), email_confirmed_at__isnull=True
        ).first()
        if late is not None and late.applicant is not None:
            _send_confirmation_link(late, confirm_url)
        raise ValidationError(
            _(
                "This link has expired (links are valid for {days} days): we sent a new one "
                "to the address of the application."
            ).format(days=APPLICATION_LINK_DAYS)
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(
            _("This link is not valid. Copy the whole link from the e-mail.")
        ) from error
    application = (
        MembershipApplication.objects.select_related("organization", "applicant")
        .filter(pk=pk)
        .first()
    )
    if application is None or application.applicant is None:
        raise ValidationError(_("This application no longer exists. Apply again."))
    if application.email_confirmed_at is not None:
        return application
    with transaction.atomic():
        application.email_confirmed_at = timezone.now()
        _save_with_history(application, actor=application.applicant, reason="e-mail confirmed")
        applicant = application.applicant
        applicant.is_active = True
        applicant.save(update_fields=["is_active"])
    organization = application.organization
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
