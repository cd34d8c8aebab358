from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which status may follow which; the services enforce it.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    ArticleStatus.DRAFT: {ArticleStatus.PUBLISHED},
    ArticleStatus.PUBLISHED: {ArticleStatus.WITHDRAWN},
    ArticleStatus.WITHDRAWN: {ArticleStatus.PUBLISHED},
}


class FlagKind(models.TextChoices):
    SPAM = "spam", _("Possible spam")
    DAMAGED = "damaged", _("Damaged text")


class DocumentKind(models.TextChoices):
    CONSTRUCTION_PLAN = "construction_plan", _("Construction plan")
    ACTION_INITIATIVE = "action_initiative", _("Joint action initiative")
    AGREEMENT_TEXT = "agreement_text", _("Text of an agreement")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other document")
