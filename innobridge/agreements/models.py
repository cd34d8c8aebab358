"""Agreements signed between members, tracked to delivery: parties and their confirmation,
milestones with evidence, measured outcomes, and the listings and matches they came from."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innobridge.agreements.choices import (
    INDICATOR_UNITS,
    UNIT_LABELS,
    AgreementStatus,
    AgreementType,
    MilestoneStatus,
    OutcomeIndicator,
    PartyRole,
    Visibility,
)
from innobridge.core.countries import validate_country_code
from innobridge.core.files import ProtectedFileField
from innobridge.core.models import FoldedSearchText
from innobridge.core.uploads import (
    unguessable_name,
    validate_attachment_upload,
    validate_pdf_upload,
)
from innobridge.marketplace.choices import InnovationStage
from innobridge.organizations.models import validate_content_language, validate_name_translations

TITLE_MAX_LENGTH = 300
SUMMARY_MAX_LENGTH = 4000
FULL_TEXT_MAX_LENGTH = 100_000
EVIDENCE_NOTE_MAX_LENGTH = 4000


def validate_stages(value: object) -> None:
    if not isinstance(value, list) or any(stage not in InnovationStage.values for stage in value):
        raise ValidationError(
            _("Stages must be a list drawn from: %(stages)s."),
            code="invalid_stage",
            params={"stages": ", ".join(InnovationStage.values)},
        )


def document_upload_path(instance: Agreement, filename: str) -> str:
    return unguessable_name("agreements/documents", filename)


class Agreement(FoldedSearchText):
    """A cooperation agreement between two or more organizations, from signing to result."""

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    language = models.CharField(
        _("language of the title"),
        max_length=10,
        default="en",
        validators=[validate_content_language],
    )
    translated_titles = models.JSONField(
        _("translated titles"),
        default=dict,
        blank=True,
        validators=[validate_name_translations],
        help_text=_('Keyed by language code, e.g. {"en": "Joint trial of rice varieties"}.'),
    )
    agreement_type = models.CharField(_("type"), max_length=30, choices=AgreementType.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.SIGNED
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    signed_on = models.DateField(_("date of signing"), null=True, blank=True)
    signed_place = models.CharField(_("place of signing"), max_length=200, blank=True)
    signed_at = models.ForeignKey(
        "events.Event",
        verbose_name=_("signed at the event"),
        related_name="signed_agreements",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # An event the directory does not hold (signings recorded before events existed, or
    # elsewhere): its name as text. When the event is in the directory, `signed_at` says it.
    signed_at_event = models.CharField(
        _("signed at (not in the calendar)"),
        max_length=300,
        blank=True,
        help_text=_("The event where the agreement was signed, if it is not in the calendar."),
    )
    starts_on = models.DateField(_("term starts"), null=True, blank=True)
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    work_areas = models.ManyToManyField(
        "core.WorkArea",
        verbose_name=_("alliance work areas"),
        related_name="agreements",
        blank=True,
    )
    focus_areas = models.ManyToManyField(
        "core.FocusArea",
        verbose_name=_("cooperation focus areas"),
        related_name="agreements",
        blank=True,
    )
    sectors = models.ManyToManyField(
        "core.Sector", verbose_name=_("sectors"), related_name="agreements", blank=True
    )
    stages = models.JSONField(
        _("innovation-chain stages"), default=list, blank=True, validators=[validate_stages]
    )
    summary = models.TextField(
        _("summary"), blank=True, validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)]
    )
    full_text = models.TextField(
        _("full text"),
        blank=True,
        validators=[MaxLengthValidator(FULL_TEXT_MAX_LENGTH)],
        help_text=_("Paragraphs, lists, bold and links are kept; other markup is removed."),
    )
    document = ProtectedFileField(
        _("signed document (PDF)"),
        upload_to=document_upload_path,
        blank=True,
        validators=[validate_pdf_upload],
        permission="innobridge.agreements.permissions.can_view_agreement",
    )
    origin_listings = models.ManyToManyField(
        "marketplace.Listing",
        verbose_name=_("listings it came from"),
        related_name="agreements",
        blank=True,
    )
    origin_interests = models.ManyToManyField(
        "marketplace.ExpressionOfInterest",
        verbose_name=_("expressions of interest it came from"),
        related_name="agreements",
        blank=True,
    )
    origin_matches = models.ManyToManyField(
        "search.MatchSuggestion",
        verbose_name=_("match suggestions it came from"),
        related_name="agreements",
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    recorded_by_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("recorded by organization"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Empty when the secretariat recorded it."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        m2m_fields=[work_areas, focus_areas, sectors], excluded_fields=["search_text"]
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-pk"]
        indexes = [models.Index(fields=["status", "signed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(starts_on__lte=models.F("ends_on")),
                name="agreement_term_ordered",
                violation_error_message=_("The term ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def search_texts(self) -> list[str]:
        """Titles, summary and the names of the parties' organizations (the parties are
        read once saved: services refresh the text after writing them)."""
        texts = [self.title, *self.translated_titles.values(), self.summary]
        if self.pk:
            for party in self.parties.select_related("organization"):
                organization = party.organization
                texts += [organization.name, organization.short_name]
                texts += organization.translated_names.values()
        return texts

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    def title_in(self, language: str | None = None) -> tuple[str, str]:
        """The title in `language` (default: the active one) where translated, else the
        original; with the language it is written in, for the page's lang attribute."""
        language = language or get_language() or settings.LANGUAGE_CODE
        if language != self.language and self.translated_titles.get(language):
            return self.translated_titles[language], language
        return self.title, self.language

    @property
    def display_title(self) -> str:
        return self.title_in()[0]

    @property
    def display_title_language(self) -> str:
        return self.title_in()[1]


class AgreementParty(models.Model):
    """An organization's part in an agreement, and whether one of its editors confirmed it."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), related_name="parties", on_delete=models.CASCADE
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        related_name="agreement_parties",
        on_delete=models.PROTECT,
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PartyRole.choices, default=PartyRole.PARTNER
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    confirmed_on_behalf_reason = models.TextField(
        _("reason for confirming on the party's behalf"),
        blank=True,
        validators=[MaxLengthValidator(1000)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"],
                name="agreement_party_once",
                violation_error_message=_("An organization is a party to an agreement once."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


def evidence_upload_path(instance: Milestone, filename: str) -> str:
    return unguessable_name(f"agreements/evidence/{instance.agreement_id}", filename)


class Milestone(models.Model):
    """A dated step of an agreement, carried by one of its parties; done only with evidence."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), related_name="milestones", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    due_on = models.DateField(_("due"))
    responsible = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("responsible party"),
        related_name="milestones",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    evidence_note = models.TextField(
        _("evidence"), blank=True, validators=[MaxLengthValidator(EVIDENCE_NOTE_MAX_LENGTH)]
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    evidence_file = ProtectedFileField(
        _("evidence file"),
        upload_to=evidence_upload_path,
        blank=True,
        validators=[validate_attachment_upload],
        permission="innobridge.agreements.permissions.can_view_evidence",
    )
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["overdue_notified_at"])

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=MilestoneStatus.DONE)
                | ~models.Q(evidence_note="")
                | ~models.Q(evidence_url="")
                | ~models.Q(evidence_file=""),
                name="milestone_done_has_evidence",
                violation_error_message=_(
                    "A milestone is marked done only with evidence: a note, a file or a link."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_note or self.evidence_url or self.evidence_file)


class Outcome(models.Model):
    """A measured result of an agreement: how many varieties, hectares, people, patents..."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), related_name="outcomes", on_delete=models.CASCADE
    )
    indicator = models.CharField(_("indicator"), max_length=40, choices=OutcomeIndicator.choices)
    value = models.DecimalField(
        _("value"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, for investment.")
    )
    recorded_on = models.DateField(_("date"))
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[validate_country_code],
        help_text=_("Where the result was achieved."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["recorded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="outcome_value_not_negative",
                violation_error_message=_("An outcome's value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~models.Q(indicator=OutcomeIndicator.INVESTMENT) | ~models.Q(currency=""),
                name="outcome_investment_has_currency",
                violation_error_message=_("An investment needs its currency."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value} {self.unit}"

    @property
    def unit(self) -> str:
        if self.indicator == OutcomeIndicator.INVESTMENT:
            return self.currency
        return INDICATOR_UNITS.get(self.indicator, "")

    @property
    def unit_label(self) -> str:
        """The unit as a reader of the page's language reads it."""
        return str(UNIT_LABELS.get(self.unit, self.unit))
