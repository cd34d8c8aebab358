from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a signed-in user may do. A visitor is simply not signed in."""

    MEMBER_EDITOR = "member_editor", _("Member editor")
    SECRETARIAT = "secretariat", _("Secretariat")
    SITE_ADMIN = "site_admin", _("Site administrator")


class DigestFrequency(models.TextChoices):
    """How often a member is e-mailed the new partner suggestions for their listings."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    NEVER = "never", _("Never")
