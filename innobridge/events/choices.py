"""Choices of the events app: kinds of events and sessions, statuses, roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventType(models.TextChoices):
    DIALOGUE = "dialogue", _("Dialogue")
    FORUM = "forum", _("Forum")
    ROADSHOW = "roadshow", _("Roadshow")
    MATCHMAKING_DAY = "matchmaking_day", _("Matchmaking day")
    TRAINING = "training", _("Training")
    EXHIBITION = "exhibition", _("Exhibition")
    STUDY_VISIT = "study_visit", _("Study visit")


class EventStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("event status", "Planned")
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    REGISTRATION_CLOSED = "registration_closed", _("Registration closed")
    HELD = "held", pgettext_lazy("event status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


# Which status may follow which (services.event_set_status).
ALLOWED_STATUS_CHANGES = {
    EventStatus.PLANNED: {EventStatus.REGISTRATION_OPEN, EventStatus.CANCELLED},
    EventStatus.REGISTRATION_OPEN: {EventStatus.REGISTRATION_CLOSED, EventStatus.CANCELLED},
    EventStatus.REGISTRATION_CLOSED: {
        EventStatus.REGISTRATION_OPEN,
        EventStatus.HELD,
        EventStatus.CANCELLED,
    },
    EventStatus.HELD: set(),
    EventStatus.CANCELLED: set(),
}


class OrganizationRole(models.TextChoices):
    HOST = "host", _("Host")
    ORGANIZER = "organizer", _("Organizer")
    CO_ORGANIZER = "co_organizer", _("Co-organizer")
    SUPPORTER = "supporter", pgettext_lazy("event role", "Supporter")


class SessionKind(models.TextChoices):
    KEYNOTE = "keynote", _("Keynote")
    ROUNDTABLE = "roundtable", _("Roundtable")
    SIGNING = "signing", _("Signing ceremony")
    RELEASE = "release", _("Release")
    MATCHMAKING = "matchmaking", _("Matchmaking block")
    PARALLEL_TRACK = "parallel_track", _("Parallel track")
    OPENING = "opening", _("Opening")
    VISIT = "visit", _("Visit")


class PersonRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", pgettext_lazy("registration status", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


# Registrations that hold (or wait for) a place.
ACTIVE_REGISTRATION_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", pgettext_lazy("meeting status", "Accepted")
    DECLINED = "declined", pgettext_lazy("meeting status", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")
    EXPIRED = "expired", pgettext_lazy("meeting status", "Expired")


class RunStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("schedule run status", "Queued")
    RUNNING = "running", pgettext_lazy("schedule run status", "Running")
    DONE = "done", pgettext_lazy("schedule run status", "Done")
    SUPERSEDED = "superseded", pgettext_lazy("schedule run status", "Superseded by a newer run")
    FAILED = "failed", pgettext_lazy("schedule run status", "Failed")


class SolverStatus(models.TextChoices):
    """What the scheduler proved (scheduling.SolveStatus, in words for the organizer)."""

    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Feasible, not proved optimal")
    GREEDY = "greedy", _("Greedy schedule")
    NOTHING_TO_SOLVE = "nothing_to_solve", _("Nothing to solve")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
