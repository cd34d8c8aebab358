from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ListingKind(models.TextChoices):
    OFFER = "offer", _("Technology offer")
    NEED = "need", _("Technology need")
    RESOURCE = "resource", _("Shared resource")
    TALENT = "talent", _("Talent programme")
    CALL = "call", _("Cooperation call")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for moderation")
    RETURNED = "returned", _("Returned to the author")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", pgettext_lazy("listing status", "Closed")
    EXPIRED = "expired", _("Expired")


# Which status may follow which; the services enforce it.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    ListingStatus.DRAFT: {ListingStatus.SUBMITTED, ListingStatus.PUBLISHED},
    ListingStatus.RETURNED: {ListingStatus.SUBMITTED, ListingStatus.PUBLISHED},
    ListingStatus.SUBMITTED: {ListingStatus.PUBLISHED, ListingStatus.RETURNED},
    # Back to moderation when the owner edits it after publication.
    ListingStatus.PUBLISHED: {ListingStatus.CLOSED, ListingStatus.EXPIRED, ListingStatus.SUBMITTED},
    ListingStatus.CLOSED: set(),
    ListingStatus.EXPIRED: set(),
}
EDITABLE_STATUSES = (ListingStatus.DRAFT, ListingStatus.RETURNED)


class InnovationStage(models.TextChoices):
    BASIC_RESEARCH = "basic_research", _("Basic research")
    KEY_TECHNOLOGY = "key_technology", _("Key technology R&D")
    PILOT_TRANSFORMATION = "pilot_transformation", _("Pilot & transformation")
    INDUSTRIALIZATION = "industrialization", _("Industrialization")


class IPStatus(models.TextChoices):
    GRANTED_PATENT = "granted_patent", _("Granted patent")
    PATENT_PENDING = "patent_pending", _("Patent pending")
    KNOW_HOW = "know_how", _("Know-how")
    OPEN = "open", _("Open")


class ResourceType(models.TextChoices):
    LABORATORY = "laboratory", _("Laboratory")
    LARGE_EQUIPMENT = "large_equipment", _("Large equipment")
    PILOT_BASE = "pilot_base", _("Pilot or trial base")
    TEST_FIELD = "test_field", _("Test field")
    DATASET = "dataset", _("Dataset")
    INCUBATOR_SPACE = "incubator_space", _("Incubator space")


class ProgrammeType(models.TextChoices):
    TRAINING_COURSE = "training_course", _("Training course")
    EXCHANGE = "exchange", _("Exchange")
    VISITING_POSITION = "visiting_position", _("Visiting position")
    JOINT_SUPERVISION = "joint_supervision", _("Joint supervision")


class CallType(models.TextChoices):
    PROJECT_PARTNERS = "project_partners", _("Partners wanted for a project")
    JOINT_RND = "joint_rnd", _("Joint R&D")
    INVESTMENT = "investment", _("Investment")
    INDUSTRIAL_COOPERATION = "industrial_cooperation", _("Industrial cooperation")


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class FlagKind(models.TextChoices):
    SPAM = "spam", _("Possible spam")
    DAMAGED = "damaged", _("Damaged text")
