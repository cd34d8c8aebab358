"""Events of the alliance: dialogues, forums, roadshows, matchmaking days; their programme,
registrations and check-in, and the one-to-one B2B meetings scheduled between participants
(with an interpreter where the two sides share no language)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innobridge.core.countries import country_name, validate_country_code
from innobridge.core.html import sanitize_html
from innobridge.core.languages import current_language, language_name
from innobridge.core.models import FoldedSearchText
from innobridge.events.choices import (
    EventStatus,
    EventType,
    MeetingStatus,
    OrganizationRole,
    PersonRole,
    Priority,
    RegistrationStatus,
    RunStatus,
    SessionKind,
    SolverStatus,
)
from innobridge.news.timezones import validate_time_zone, zone_info
from innobridge.organizations.models import validate_content_language, validate_name_translations

NAME_MAX_LENGTH = 300
DESCRIPTION_MAX_LENGTH = 20_000
MESSAGE_MAX_LENGTH = 2000


def validate_languages(value: object) -> None:
    """A list of content language codes, each once."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Languages must be a list of language codes."), code="invalid")
    if len(set(value)) != len(value):
        raise ValidationError(_("Give each language once."), code="duplicate_language")
    for code in value:
        validate_content_language(code)


def validate_language_pairs(value: object) -> None:
    """An interpreter's pairs: [["zh-hans", "vi"], ...], two different languages each."""
    if not isinstance(value, list) or not value:
        raise ValidationError(
            _("Give at least one language pair, e.g. Chinese–Vietnamese."), code="no_pairs"
        )
    for pair in value:
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            raise ValidationError(_("A language pair has two languages."), code="invalid_pair")
        first, second = pair
        validate_content_language(first)
        validate_content_language(second)
        if first == second:
            raise ValidationError(
                _("A language pair needs two different languages, not “%(code)s” twice."),
                code="same_language",
                params={"code": first},
            )


def registration_code() -> str:
    """The check-in code on a registration's QR code: unguessable, short enough to type."""
    return secrets.token_hex(6).upper()


class Event(FoldedSearchText):
    """A cooperation event: where and when, who organizes it, how to take part."""

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    name_language = models.CharField(
        _("language of the name"),
        max_length=10,
        default="en",
        validators=[validate_content_language],
    )
    translated_names = models.JSONField(
        _("translated names"), default=dict, blank=True, validators=[validate_name_translations]
    )
    event_type = models.CharField(_("type"), max_length=30, choices=EventType.choices)
    status = models.CharField(
        _("status"), max_length=30, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone of the venue"),
        max_length=64,
        default="Asia/Shanghai",
        validators=[validate_time_zone],
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, validators=[validate_country_code]
    )
    online_url = models.URLField(_("online link"), blank=True)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)]
    )
    work_areas = models.ManyToManyField(
        "core.WorkArea", verbose_name=_("alliance work areas"), related_name="events", blank=True
    )
    documents = models.ManyToManyField(
        "news.Document",
        verbose_name=_("documents released"),
        related_name="events",
        blank=True,
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_deadline = models.DateTimeField(_("registration closes"), null=True, blank=True)
    requires_approval = models.BooleanField(
        _("registrations need the organizer's approval"), default=False
    )
    max_meetings_per_participant = models.PositiveSmallIntegerField(
        _("B2B meetings per participant, at most"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    meeting_request_deadline = models.DateTimeField(
        _("meeting requests expire"),
        null=True,
        blank=True,
        help_text=_("Requests not answered by then expire."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[work_areas, documents], excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("An event ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    def search_texts(self) -> list[str]:
        return [self.name, *self.translated_names.values(), self.city, self.venue]

    def save(self, *args, **kwargs) -> None:
        # The page shows the description as HTML: sanitize whoever writes it (services,
        # the admin, the demo), here where no path can skip it.
        self.description = sanitize_html(self.description)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not (self.venue or self.city or self.online_url):
            raise ValidationError(
                _("Say where the event takes place: a venue or city, or an online link."),
                code="no_place",
            )
        if self.country == "" and (self.venue or self.city):
            raise ValidationError({"country": _("Give the country of the venue.")})

    def name_in(self, language: str | None = None) -> tuple[str, str]:
        """(name, its language) in the UI language when translated, else the original."""
        language = language or current_language()
        if language != self.name_language and self.translated_names.get(language):
            return self.translated_names[language], language
        return self.name, self.name_language

    @property
    def display_name(self) -> str:
        return self.name_in()[0]

    @property
    def display_name_language(self) -> str:
        return self.name_in()[1]

    @property
    def zone(self):
        return zone_info(self.time_zone)

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else ""

    @property
    def is_open_for_registration(self) -> bool:
        return self.status == EventStatus.REGISTRATION_OPEN


class EventOrganization(models.Model):
    """An organization's part in an event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="organizers", on_delete=models.CASCADE
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        related_name="event_roles",
        on_delete=models.PROTECT,
    )
    role = models.CharField(_("role"), max_length=20, choices=OrganizationRole.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organizing organization")
        verbose_name_plural = _("organizing organizations")
        ordering = ["event", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization", "role"],
                name="event_organization_role_once",
                violation_error_message=_("This organization already has this role."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Session(models.Model):
    """A part of an event's programme, in a room at a time."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="sessions", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    title_language = models.CharField(
        _("language of the title"),
        max_length=10,
        default="en",
        validators=[validate_content_language],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    language = models.CharField(
        _("language spoken"), max_length=10, validators=[validate_content_language]
    )
    interpretation = models.JSONField(
        _("interpretation into"),
        default=list,
        blank=True,
        validators=[validate_languages],
    )
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "room", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_it_starts",
                violation_error_message=_("A session ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(self.event.zone)

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(self.event.zone)


class SessionPerson(models.Model):
    """A speaker or moderator of a session."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), related_name="people", on_delete=models.CASCADE
    )
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("title or position"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker or moderator")
        verbose_name_plural = _("speakers and moderators")
        ordering = ["session", "role", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """A person's registration for an event, with what they offer and seek and the
    languages they speak (which decide whether a meeting needs an interpreter)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="registrations", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        related_name="event_registrations",
        on_delete=models.CASCADE,
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        related_name="event_registrations",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    role = models.CharField(_("role at the event"), max_length=100, blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, validators=[validate_languages]
    )
    offers = models.ManyToManyField(
        "marketplace.Listing",
        verbose_name=_("what I offer"),
        related_name="offered_at_registrations",
        blank=True,
    )
    seeks = models.ManyToManyField(
        "marketplace.Listing",
        verbose_name=_("what I seek"),
        related_name="sought_at_registrations",
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    code = models.CharField(
        _("check-in code"), max_length=20, unique=True, default=registration_code, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True, editable=False)
    sessions = models.ManyToManyField(
        Session,
        verbose_name=_("sessions I attend"),
        related_name="registrations",
        blank=True,
    )
    unavailable_slots = models.ManyToManyField(
        "events.MeetingSlot",
        verbose_name=_("unavailable for meetings in"),
        related_name="unavailable_registrations",
        blank=True,
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["code"])

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                name="registration_once_per_event",
                violation_error_message=_("You are already registered for this event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event}"

    @property
    def participant_name(self) -> str:
        return self.user.get_full_name() or self.user.email

    @property
    def language_names(self) -> list[str]:
        """The languages spoken, named in the UI language (codes mean nothing to people)."""
        ui = current_language()
        return [language_name(code, ui) for code in self.languages]

    @property
    def is_active(self) -> bool:
        return self.status in {
            RegistrationStatus.PENDING,
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.WAITLISTED,
        }


class MeetingSlot(models.Model):
    """A time when B2B meetings take place (every table at once)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="slots", on_delete=models.CASCADE
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["event", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="slot_ends_after_it_starts",
                violation_error_message=_("A slot ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        start = self.starts_at.astimezone(self.event.zone)
        end = self.ends_at.astimezone(self.event.zone)
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


class MeetingTable(models.Model):
    """A table (or an online room) where one meeting takes place per slot."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="tables", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=60)
    online_url = models.URLField(_("online room"), blank=True)

    class Meta:
        verbose_name = _("meeting table")
        verbose_name_plural = _("meeting tables")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"],
                name="table_name_once_per_event",
                violation_error_message=_("There is already a table with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Interpreter(models.Model):
    """An interpreter the organizer can assign to meetings whose sides share no language."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="interpreters", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=200)
    language_pairs = models.JSONField(
        _("language pairs"), default=list, validators=[validate_language_pairs]
    )
    unavailable_slots = models.ManyToManyField(
        MeetingSlot,
        verbose_name=_("unavailable in"),
        related_name="unavailable_interpreters",
        blank=True,
    )

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["event", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def pair_names(self) -> list[str]:
        """Its language pairs named in the UI language ("Chinese (Simplified) ↔ Vietnamese")."""
        ui = current_language()
        return [" ↔ ".join(language_name(code, ui) for code in p) for p in self.language_pairs]


class Meeting(models.Model):
    """A B2B meeting: requested by one participant, answered by the other, placed by the
    scheduler into a slot at a table (with an interpreter where needed), and afterwards
    marked held or not by each side."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="meetings", on_delete=models.CASCADE
    )
    requester = models.ForeignKey(
        Registration,
        verbose_name=_("requested by"),
        related_name="meetings_requested",
        on_delete=models.CASCADE,
    )
    recipient = models.ForeignKey(
        Registration,
        verbose_name=_("requested of"),
        related_name="meetings_received",
        on_delete=models.CASCADE,
    )
    message = models.TextField(
        _("message"), blank=True, validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED
    )
    score = models.FloatField(_("match score"), default=0.0)
    requester_priority = models.PositiveSmallIntegerField(
        _("priority of the requester"), choices=Priority.choices, default=Priority.NORMAL
    )
    recipient_priority = models.PositiveSmallIntegerField(
        _("priority of the recipient"), choices=Priority.choices, default=Priority.NORMAL
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    slot = models.ForeignKey(
        MeetingSlot,
        verbose_name=_("slot"),
        related_name="meetings",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    table = models.ForeignKey(
        MeetingTable,
        verbose_name=_("table"),
        related_name="meetings",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    interpreter = models.ForeignKey(
        Interpreter,
        verbose_name=_("interpreter"),
        related_name="meetings",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    held_by_requester = models.BooleanField(_("held, says the requester"), null=True, blank=True)
    held_by_recipient = models.BooleanField(_("held, says the recipient"), null=True, blank=True)
    follow_up_by_requester = models.BooleanField(
        _("the requester follows up"), null=True, blank=True
    )
    follow_up_by_recipient = models.BooleanField(
        _("the recipient follows up"), null=True, blank=True
    )
    interest = models.ForeignKey(
        "marketplace.ExpressionOfInterest",
        verbose_name=_("expression of interest it led to"),
        related_name="meetings",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement it led to"),
        related_name="meetings",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("B2B meeting")
        verbose_name_plural = _("B2B meetings")
        ordering = ["event", "slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "recipient"],
                name="meeting_requested_once",
                violation_error_message=_("You have already asked for this meeting."),
            ),
            models.CheckConstraint(
                condition=~Q(requester=F("recipient")),
                name="meeting_not_with_oneself",
                violation_error_message=_("Nobody meets themselves."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester.user} ↔ {self.recipient.user}"

    @property
    def is_placed(self) -> bool:
        return self.slot_id is not None

    @property
    def held(self) -> bool:
        return bool(self.held_by_requester or self.held_by_recipient)


class ScheduleRun(models.Model):
    """One run of the B2B scheduler, with what it achieved (figures for the organizer)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="schedule_runs", on_delete=models.CASCADE
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    solver_status = models.CharField(
        _("solver status"), max_length=40, choices=SolverStatus.choices, blank=True
    )
    placed = models.PositiveIntegerField(_("meetings placed"), default=0)
    unplaced = models.PositiveIntegerField(_("meetings not placed"), default=0)
    moved = models.PositiveIntegerField(_("meetings moved"), default=0)
    objective = models.FloatField(_("objective"), default=0.0)
    bound = models.FloatField(_("upper bound"), default=0.0)
    gap = models.FloatField(_("gap"), default=0.0)
    seconds = models.FloatField(_("seconds"), default=0.0)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} {self.created_at:%Y-%m-%d %H:%M}"
