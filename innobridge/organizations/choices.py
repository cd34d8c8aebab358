from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganizationType(models.TextChoices):
    SCIENCE_PARK = "science_park", _("Science park / high-tech zone")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    UNIVERSITY = "university", _("University")
    ENTERPRISE = "enterprise", _("Enterprise")
    INNOVATION_PLATFORM = "innovation_platform", _("Innovation platform / incubator")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    ASSOCIATION = "association", _("Association / alliance body")


class MembershipStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    MEMBER = "member", pgettext_lazy("membership status", "Member")
    OBSERVER = "observer", _("Observer")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left the alliance")


# Statuses whose organizations appear in the public directory.
PUBLIC_STATUSES = (
    MembershipStatus.MEMBER,
    MembershipStatus.OBSERVER,
    MembershipStatus.SUSPENDED,
    MembershipStatus.LEFT,
)
ACTIVE_STATUSES = (MembershipStatus.MEMBER, MembershipStatus.OBSERVER)


class MembershipRole(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    FOUNDING_MEMBER = "founding_member", _("Founding member")
    COUNCIL_MEMBER = "council_member", _("Council member")
    PARTNER = "partner", _("International partner")


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class DirectorySort(models.TextChoices):
    NAME = "name", _("Name")
    NEWEST = "newest", _("Newest members")
    COUNTRY = "country", _("Country")
