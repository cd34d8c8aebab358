"""The technology marketplace: listings of five kinds, their moderation history, attachments
and the expressions of interest between members."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innobridge.core.countries import validate_country_code
from innobridge.core.files import ProtectedFileField
from innobridge.core.models import FoldedSearchText
from innobridge.core.uploads import unguessable_name, validate_attachment_upload
from innobridge.core.validators import validate_keywords
from innobridge.marketplace.choices import (
    CallType,
    InnovationStage,
    InterestStatus,
    IPStatus,
    ListingKind,
    ListingStatus,
    ProgrammeType,
    ResourceType,
)
from innobridge.organizations.models import validate_content_language

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 500
DESCRIPTION_MAX_LENGTH = 20000
MESSAGE_MAX_LENGTH = 2000
# Kinds for which a technology readiness level makes sense.
TRL_KINDS = (ListingKind.OFFER, ListingKind.NEED, ListingKind.RESOURCE, ListingKind.CALL)


def default_valid_until() -> date:
    return date.today() + timedelta(days=365)


class Listing(FoldedSearchText):
    """What a member offers or needs: a technology, a resource, a programme or a call."""

    kind = models.CharField(_("kind"), max_length=20, choices=ListingKind.choices)
    owner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owner organization"),
        related_name="listings",
        on_delete=models.CASCADE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    language = models.CharField(
        _("language of the text"),
        max_length=10,
        validators=[validate_content_language],
        help_text=_("Detected when you save; correct it if it is wrong."),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
        help_text=_("At most 500 characters."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
        help_text=_("Paragraphs, lists, bold and links are kept; other markup is removed."),
    )
    keywords = models.JSONField(
        _("keywords"), default=list, blank=True, validators=[validate_keywords]
    )
    sectors = models.ManyToManyField(
        "core.Sector", verbose_name=_("sectors"), related_name="listings", blank=True
    )
    work_area = models.ForeignKey(
        "core.WorkArea",
        verbose_name=_("alliance work area"),
        related_name="listings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    stage = models.CharField(
        _("innovation-chain stage"), max_length=30, choices=InnovationStage.choices, blank=True
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    ip_status = models.CharField(
        _("intellectual property"), max_length=20, choices=IPStatus.choices, blank=True
    )
    cooperation_types = models.ManyToManyField(
        "core.CooperationType",
        verbose_name=_("cooperation sought"),
        related_name="listings",
        blank=True,
    )
    valid_until = models.DateField(_("valid until"), default=default_valid_until)
    contact_person = models.ForeignKey(
        "organizations.ContactPerson",
        verbose_name=_("contact person"),
        related_name="listings",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    moderation_flags = models.JSONField(_("content warnings"), default=list, blank=True)
    # Shared resources
    resource_type = models.CharField(
        _("resource type"), max_length=30, choices=ResourceType.choices, blank=True
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    capacity = models.CharField(_("capacity"), max_length=200, blank=True)
    access_terms = models.TextField(
        _("access terms"), blank=True, validators=[MaxLengthValidator(2000)]
    )
    # Talent programmes
    programme_type = models.CharField(
        _("programme type"), max_length=30, choices=ProgrammeType.choices, blank=True
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    eligibility = models.TextField(
        _("eligibility"), blank=True, validators=[MaxLengthValidator(2000)]
    )
    # Needs and calls
    call_type = models.CharField(
        _("call type"), max_length=30, choices=CallType.choices, blank=True
    )
    budget_min = models.DecimalField(
        _("budget from"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    budget_max = models.DecimalField(
        _("budget up to"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    ref = models.CharField(
        _("external reference"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The listing's identifier in the system it was imported from."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[sectors, cooperation_types],
        excluded_fields=["search_text", "moderation_flags", "status_changed_at"],
    )

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["status", "valid_until"]),
            # The browse page and the API list: the newest published first. Without it
            # PostgreSQL sorted all 100,000 published listings for each page (210 ms).
            models.Index(fields=["status", "-published_at", "-id"], name="listing_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trl__isnull=True) | models.Q(trl__gte=1, trl__lte=9),
                name="listing_trl_between_1_and_9",
                violation_error_message=_("The readiness level runs from 1 to 9."),
            ),
            models.CheckConstraint(
                condition=models.Q(budget_min__isnull=True)
                | models.Q(budget_max__isnull=True)
                | models.Q(budget_min__lte=models.F("budget_max")),
                name="listing_budget_range_ordered",
                violation_error_message=_("The budget's lower bound exceeds its upper bound."),
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(starts_on__lte=models.F("ends_on")),
                name="listing_programme_dates_ordered",
                violation_error_message=_("The programme ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("marketplace:detail", args=[self.pk])

    def search_texts(self) -> list[str]:
        """Title, summary and keywords: what the list's word filter matches."""
        return [self.title, self.summary, *(self.keywords or [])]

    def clean(self) -> None:
        """Kind-specific rules: what a resource, a programme or a call must say."""
        errors: dict[str, str] = {}
        if self.kind == ListingKind.RESOURCE and not self.resource_type:
            errors["resource_type"] = _("Say what kind of resource this is.")
        if self.kind == ListingKind.TALENT and not self.programme_type:
            errors["programme_type"] = _("Say what kind of programme this is.")
        if self.kind == ListingKind.CALL and not self.call_type:
            errors["call_type"] = _("Say what the call is for.")
        if self.trl is not None and self.kind in ListingKind.values and self.kind not in TRL_KINDS:
            errors["trl"] = _("A readiness level does not apply to this kind of listing.")
        if (
            self.budget_min is not None or self.budget_max is not None
        ) and not self.budget_currency:
            errors["budget_currency"] = _("Give the currency of the budget.")
        if self.contact_person_id and self.contact_person.organization_id != self.owner_id:
            errors["contact_person"] = _(
                "The contact person must belong to the owner organization."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.status == ListingStatus.PUBLISHED


class ListingCountry(models.Model):
    """A country or region a listing targets; none means open to all."""

    listing = models.ForeignKey(Listing, related_name="target_countries", on_delete=models.CASCADE)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country_code])

    class Meta:
        verbose_name = _("target country")
        verbose_name_plural = _("target countries")
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "country"], name="listing_country_once")
        ]

    def __str__(self) -> str:
        return self.country


class ListingTransition(models.Model):
    """One step of a listing's workflow: who moved it from which status to which, and why."""

    listing = models.ForeignKey(Listing, related_name="transitions", on_delete=models.CASCADE)
    from_status = models.CharField(_("from"), max_length=20, choices=ListingStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ListingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


def attachment_upload_path(instance: Attachment, filename: str) -> str:
    return unguessable_name(f"listings/{instance.listing_id}", filename)


class Attachment(models.Model):
    """A PDF or image attached to a listing; the bytes are checked, not the file name."""

    listing = models.ForeignKey(Listing, related_name="attachments", on_delete=models.CASCADE)
    file = ProtectedFileField(
        _("file"),
        upload_to=attachment_upload_path,
        permission="innobridge.marketplace.permissions.can_view_attachment",
    )
    kind = models.CharField(_("kind"), max_length=10, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def clean(self) -> None:
        if self.file and not self.kind:
            self.kind = validate_attachment_upload(self.file)


class ExpressionOfInterest(models.Model):
    """A member's interest in another organization's published listing."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), related_name="interests", on_delete=models.CASCADE
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("interested organization"),
        related_name="interests_sent",
        on_delete=models.CASCADE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    message = models.TextField(_("message"), validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterestStatus.choices,
        default=InterestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "organization"],
                name="interest_once_per_organization",
                violation_error_message=_(
                    "Your organization has already expressed interest in this listing."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.listing}"

    @property
    def is_accepted(self) -> bool:
        return self.status == InterestStatus.ACCEPTED
