from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who a computed network is for: each edition holds only the ties its readers may see."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members of the alliance")
    SECRETARIAT = "secretariat", _("Secretariat")


class TieKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")
    INTEREST = "interest", _("Accepted expression of interest")
    MEETING = "meeting", _("Meeting held at an event")
    CO_ORGANIZED = "co_organized", _("Event organized together")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Edition(models.TextChoices):
    """Which annual report: the public one, or the secretariat's with every agreement."""

    PUBLIC = "public", _("Public edition")
    SECRETARIAT = "secretariat", _("Secretariat edition")
