from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgreementType(models.TextChoices):
    STRATEGIC_FRAMEWORK = "strategic_framework", _("Strategic cooperation framework")
    TECHNOLOGY_TRANSFER = "technology_transfer", _("Technology transfer / licensing")
    JOINT_RD = "joint_rd", _("Joint R&D")
    TRIAL_DEMONSTRATION = "trial_demonstration", _("Trial and demonstration")
    TALENT_EXCHANGE = "talent_exchange", _("Talent exchange")
    RESOURCE_SHARING = "resource_sharing", _("Resource sharing")
    MOU = "mou", _("Memorandum of understanding")
    OTHER = "other", pgettext_lazy("agreement type", "Other")


class PartyRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    WITNESS = "witness", _("Witness")
    SUPPORTER = "supporter", _("Supporter")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members of the alliance")
    PARTIES = "parties", _("Parties only")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    EXPIRED = "expired", pgettext_lazy("agreement status", "Expired")


# Which status may follow which; services.agreement_set_status enforces it.
ALLOWED_STATUS_CHANGES: dict[str, set[str]] = {
    AgreementStatus.DRAFT: {AgreementStatus.SIGNED},
    AgreementStatus.SIGNED: {
        AgreementStatus.IN_IMPLEMENTATION,
        AgreementStatus.COMPLETED,
        AgreementStatus.SUSPENDED,
        AgreementStatus.TERMINATED,
        AgreementStatus.EXPIRED,
    },
    AgreementStatus.IN_IMPLEMENTATION: {
        AgreementStatus.COMPLETED,
        AgreementStatus.SUSPENDED,
        AgreementStatus.TERMINATED,
        AgreementStatus.EXPIRED,
    },
    AgreementStatus.SUSPENDED: {AgreementStatus.IN_IMPLEMENTATION, AgreementStatus.TERMINATED},
    AgreementStatus.COMPLETED: set(),
    AgreementStatus.TERMINATED: set(),
    AgreementStatus.EXPIRED: set(),
}
# Statuses in which an agreement is still being carried out (milestones can fall due).
ACTIVE_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.IN_IMPLEMENTATION)


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    SLIPPED = "slipped", _("Slipped")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_MILESTONE_STATUSES = (
    MilestoneStatus.PLANNED,
    MilestoneStatus.IN_PROGRESS,
    MilestoneStatus.SLIPPED,
)


class Health(models.TextChoices):
    """Derived from the milestones (selectors.derive_health), never stored."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OVERDUE = "overdue", _("Overdue")
    NOT_PLANNED = "not_planned", _("No milestones planned")


class OutcomeIndicator(models.TextChoices):
    VARIETIES_TRIALLED = "varieties_trialled", _("Varieties trialled")
    HECTARES_DEMONSTRATED = "hectares_demonstrated", _("Hectares demonstrated")
    PEOPLE_TRAINED = "people_trained", _("People trained")
    JOINT_PATENTS = "joint_patents", _("Joint patents filed")
    JOINT_PUBLICATIONS = "joint_publications", _("Joint publications")
    PRODUCTS_LAUNCHED = "products_launched", _("Products launched")
    TECHNOLOGIES_TRANSFERRED = "technologies_transferred", _("Technologies transferred")
    COMPANIES_INCUBATED = "companies_incubated", _("Companies incubated")
    JOBS_CREATED = "jobs_created", _("Jobs created")
    INVESTMENT = "investment", _("Investment")


# The unit each indicator is counted in; investment is an amount in its own currency.
INDICATOR_UNITS: dict[str, str] = {
    OutcomeIndicator.VARIETIES_TRIALLED: "varieties",
    OutcomeIndicator.HECTARES_DEMONSTRATED: "ha",
    OutcomeIndicator.PEOPLE_TRAINED: "people",
    OutcomeIndicator.JOINT_PATENTS: "patents",
    OutcomeIndicator.JOINT_PUBLICATIONS: "publications",
    OutcomeIndicator.PRODUCTS_LAUNCHED: "products",
    OutcomeIndicator.TECHNOLOGIES_TRANSFERRED: "technologies",
    OutcomeIndicator.COMPANIES_INCUBATED: "companies",
    OutcomeIndicator.JOBS_CREATED: "jobs",
    OutcomeIndicator.INVESTMENT: "currency",
}
# How each unit reads on a page (investment shows its currency code instead).
UNIT_LABELS = {
    "varieties": _("varieties"),
    "ha": _("ha"),
    "people": _("people"),
    "patents": _("patents"),
    "publications": _("publications"),
    "products": _("products"),
    "technologies": _("technologies"),
    "companies": _("companies"),
    "jobs": _("jobs"),
}
# Indicators that count whole things (a fractional value is an error).
WHOLE_NUMBER_INDICATORS = frozenset(INDICATOR_UNITS) - {
    OutcomeIndicator.HECTARES_DEMONSTRATED,
    OutcomeIndicator.INVESTMENT,
}
