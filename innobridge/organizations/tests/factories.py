import factory
from django.utils import timezone

from innobridge.organizations.choices import MembershipStatus, OrganizationType
from innobridge.organizations.models import ContactPerson, MembershipApplication, Organization


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    type = OrganizationType.SCIENCE_PARK
    name = factory.Sequence(lambda n: f"Test Science Park {n}")
    name_language = "en"
    country = "VN"
    city = "Hanoi"
    membership_status = MembershipStatus.MEMBER
    joined_on = factory.Faker("date_between", start_date="-1y", end_date="today")


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Contact Person {n}")
    position = "Director of cooperation"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "+84 24 0000 0000"
    is_primary = True


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    organization = factory.SubFactory(
        OrganizationFactory, membership_status=MembershipStatus.APPLICANT, joined_on=None
    )
    motivation = "We want to share our pilot base."
    email_confirmed_at = factory.LazyFunction(timezone.now)
