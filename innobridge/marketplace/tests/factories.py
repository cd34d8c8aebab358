from datetime import timedelta

import factory
from django.utils import timezone

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.marketplace.choices import InterestStatus, ListingKind, ListingStatus
from innobridge.marketplace.models import ExpressionOfInterest, Listing, ListingCountry
from innobridge.organizations.tests.factories import OrganizationFactory


class ListingFactory(factory.django.DjangoModelFactory):
    """A published technology offer, valid for a year. `sectors`, `cooperation_types` and
    `target_countries` (a list of codes) may be passed as lists."""

    class Meta:
        model = Listing
        skip_postgeneration_save = True

    kind = ListingKind.OFFER
    owner = factory.SubFactory(OrganizationFactory)
    language = "en"
    title = factory.Sequence(lambda n: f"Membrane filtration for industrial wastewater {n}")
    summary = "A low-energy membrane that lets industrial parks reuse their wastewater."
    status = ListingStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))

    class Params:
        draft = factory.Trait(status=ListingStatus.DRAFT, published_at=None)
        submitted = factory.Trait(status=ListingStatus.SUBMITTED, published_at=None)

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)

    @factory.post_generation
    def cooperation_types(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.cooperation_types.set(extracted)

    @factory.post_generation
    def target_countries(obj, create, extracted, **kwargs):
        if create and extracted:
            ListingCountry.objects.bulk_create(
                ListingCountry(listing=obj, country=code) for code in extracted
            )


class ExpressionOfInterestFactory(factory.django.DjangoModelFactory):
    """A pending interest of another organization's member editor in a published listing."""

    class Meta:
        model = ExpressionOfInterest

    listing = factory.SubFactory(ListingFactory)
    organization = factory.SubFactory(OrganizationFactory)
    created_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..organization"), role=Role.MEMBER_EDITOR
    )
    message = "We would like to pilot this membrane in our industrial park."
    status = InterestStatus.PENDING
