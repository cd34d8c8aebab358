"""The member directory: organizations, their contact people and membership applications."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innobridge.core.countries import country_name, validate_country_code
from innobridge.core.files import SafeImageField
from innobridge.core.languages import CONTENT_LANGUAGE_CODES, current_language, language_name
from innobridge.core.models import FoldedSearchText
from innobridge.core.text import fold_for_search
from innobridge.core.uploads import validate_image_upload
from innobridge.core.validators import is_storable_text
from innobridge.organizations.choices import (
    ACTIVE_STATUSES,
    ApplicationStatus,
    MembershipRole,
    MembershipStatus,
    OrganizationType,
)

NAME_MAX_LENGTH = 255
DESCRIPTION_MAX_LENGTH = 5000


def validate_content_language(value: str) -> None:
    if value not in CONTENT_LANGUAGE_CODES:
        raise ValidationError(
            _("“%(value)s” is not a supported language code."),
            code="invalid_language",
            params={"value": value},
        )


def validate_name_translations(value: object) -> None:
    """Translated names: {language code: name}, known codes, non-empty, not too long."""
    if not isinstance(value, dict):
        raise ValidationError(_("Translated names must be an object keyed by language code."))
    for code, name in value.items():
        validate_content_language(code)
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(
                _("The name in “%(code)s” is empty."), code="empty_name", params={"code": code}
            )
        if not is_storable_text(name):
            raise ValidationError(
                _("The name in “%(code)s” holds a NUL character or a lone surrogate."),
                code="unstorable_name",
                params={"code": code},
            )
        if len(name) > NAME_MAX_LENGTH:
            raise ValidationError(
                _("The name in “%(code)s” is longer than %(max)d characters."),
                code="name_too_long",
                params={"code": code, "max": NAME_MAX_LENGTH},
            )


def validate_roles(value: object) -> None:
    if not isinstance(value, list) or any(role not in MembershipRole.values for role in value):
        raise ValidationError(
            _("Roles must be a list drawn from: %(roles)s."),
            code="invalid_role",
            params={"roles": ", ".join(MembershipRole.values)},
        )


def logo_upload_path(instance: Organization, filename: str) -> str:
    """Logos are public (settings.PUBLIC_MEDIA_PREFIXES); `filename` carries the content's
    extension (SafeImageField)."""
    extension = filename.rsplit(".", 1)[-1]
    return f"logos/{instance.country or 'xx'}/{fold_for_search(instance.name)[:20]}.{extension}"


class Organization(FoldedSearchText):
    """A member (or applicant) of the alliance: a park, institute, university, company..."""

    type = models.CharField(_("type"), max_length=30, choices=OrganizationType.choices)
    name = models.CharField(
        _("name"), max_length=NAME_MAX_LENGTH, help_text=_("In the organization's own language.")
    )
    name_language = models.CharField(
        _("language of the name"),
        max_length=10,
        default="en",
        validators=[validate_content_language],
    )
    translated_names = models.JSONField(
        _("translated names"),
        default=dict,
        blank=True,
        validators=[validate_name_translations],
        help_text=_('Keyed by language code, e.g. {"en": "Mianyang Science City"}.'),
    )
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country_code])
    region = models.CharField(_("province / region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    sectors = models.ManyToManyField(
        "core.Sector", verbose_name=_("sectors"), related_name="organizations", blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
    )
    logo = SafeImageField(
        _("logo"),
        upload_to=logo_upload_path,
        blank=True,
        validators=[validate_image_upload],
    )
    membership_status = models.CharField(
        _("membership status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLICANT,
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    roles = models.JSONField(
        _("roles in the alliance"), default=list, blank=True, validators=[validate_roles]
    )
    publishes_without_review = models.BooleanField(
        _("trusted publisher"),
        default=False,
        help_text=_("Listings without content warnings are published without moderation."),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Loaded by `innobridge demo`.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[sectors], excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "country",
                name="organization_unique_name_per_country",
                violation_error_message=_(
                    "An organization with this name is already registered in this country."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(latitude__isnull=False, longitude__isnull=False)
                ),
                name="organization_coordinates_both_or_neither",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]
        indexes = [models.Index(fields=["membership_status", "country"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", args=[self.pk])

    def search_texts(self) -> list[str]:
        """Every name of the organization."""
        return [self.name, self.short_name, *self.translated_names.values()]

    def name_in(self, language: str | None = None) -> tuple[str, str]:
        """(name, its language code) in the UI language if translated, else the original."""
        language = language or current_language()
        if language != self.name_language and self.translated_names.get(language):
            return self.translated_names[language], language
        return self.name, self.name_language

    def secondary_name(self, language: str | None = None) -> tuple[str, str] | None:
        """A second name to show under the display name, so a reader can place it: the
        original when a translation is displayed, else the English name of a foreign one."""
        language = language or current_language()
        shown = self.name_in(language)[0]
        if shown != self.name:
            return self.name, self.name_language
        english = self.translated_names.get("en")
        if language != "en" and english and english != self.name:
            return english, "en"
        return None

    def names_by_language(self) -> list[tuple[str, str, str]]:
        """(code, language name in the UI language, name) for every translated name."""
        ui = current_language()
        return [
            (code, language_name(code, ui), name)
            for code, name in self.translated_names.items()
            if code != self.name_language
        ]

    @property
    def display_name(self) -> str:
        return self.name_in()[0]

    @property
    def display_name_language(self) -> str:
        return self.name_in()[1]

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def is_active_member(self) -> bool:
        return self.membership_status in ACTIVE_STATUSES

    def role_labels(self) -> list[str]:
        return [MembershipRole(role).label for role in self.roles if role in MembershipRole.values]


class ContactPerson(models.Model):
    """Someone to talk to at an organization; shown to signed-in members only."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        related_name="contacts",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.CharField(_("position"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return self.name


class MembershipApplication(models.Model):
    """An organization's request to join; the secretariat approves or rejects it."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        related_name="applications",
        on_delete=models.CASCADE,
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        related_name="membership_applications",
        on_delete=models.SET_NULL,
        null=True,
    )
    motivation = models.TextField(
        _("why join"), blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)]
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    email_confirmed_at = models.DateTimeField(
        _("e-mail confirmed"),
        null=True,
        blank=True,
        help_text=_("Empty until the applicant follows the link sent to their address."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ApplicationStatus.REJECTED)
                | ~models.Q(decision_reason=""),
                name="application_rejection_has_reason",
                violation_error_message=_("A rejection needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)
