"""Factories of the agreements app, for its own tests and the views' and API's.

`AgreementFactory()` is a signed, public agreement between two new organizations, both
confirmed; `AgreementFactory(parties=[org_a, org_b, org_c])` names the parties (the first is
the lead, the others partners, all confirmed). `AgreementFactory(parties=[])` has none.
"""

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from innobridge.agreements.choices import (
    AgreementStatus,
    AgreementType,
    MilestoneStatus,
    OutcomeIndicator,
    PartyRole,
    Visibility,
)
from innobridge.agreements.models import Agreement, AgreementParty, Milestone, Outcome
from innobridge.organizations.tests.factories import OrganizationFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    """A signed public agreement with a 2025-2027 term. `parties` (organizations, first the
    lead) become confirmed parties; without it, two new organizations are the parties.
    `sectors` may be passed as a list."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Joint trial of salt-tolerant rice varieties {n}")
    language = "en"
    agreement_type = AgreementType.JOINT_RD
    status = AgreementStatus.SIGNED
    visibility = Visibility.PUBLIC
    signed_on = date(2025, 6, 12)
    signed_place = "Nanning"
    starts_on = date(2025, 1, 1)
    ends_on = date(2027, 12, 31)
    summary = "Two research parks trial rice varieties in coastal fields."

    class Params:
        draft = factory.Trait(status=AgreementStatus.DRAFT)
        members_only = factory.Trait(visibility=Visibility.MEMBERS)
        parties_only = factory.Trait(visibility=Visibility.PARTIES)

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):
        if not create:
            return
        organizations = (
            extracted if extracted is not None else [OrganizationFactory(), OrganizationFactory()]
        )
        for index, organization in enumerate(organizations):
            AgreementPartyFactory(
                agreement=obj,
                organization=organization,
                role=PartyRole.LEAD if index == 0 else PartyRole.PARTNER,
            )

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    """A confirmed partner; pass `confirmed_at=None` for one that has not confirmed."""

    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory, parties=[])
    organization = factory.SubFactory(OrganizationFactory)
    role = PartyRole.PARTNER
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        unconfirmed = factory.Trait(confirmed_at=None)


class MilestoneFactory(factory.django.DjangoModelFactory):
    """A planned milestone within the agreement's term, carried by its first party."""

    class Meta:
        model = Milestone

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Field trial report {n}")
    due_on = date(2026, 6, 30)
    responsible = factory.LazyAttribute(lambda m: m.agreement.parties.first().organization)
    status = MilestoneStatus.PLANNED

    class Params:
        done = factory.Trait(
            status=MilestoneStatus.DONE,
            completed_on=factory.SelfAttribute("due_on"),
            evidence_note="Report filed with the secretariat.",
        )


class OutcomeFactory(factory.django.DjangoModelFactory):
    """People trained in Viet Nam; investments need `currency`."""

    class Meta:
        model = Outcome

    agreement = factory.SubFactory(AgreementFactory)
    indicator = OutcomeIndicator.PEOPLE_TRAINED
    value = Decimal("40")
    recorded_on = date(2026, 3, 1)
    country = "VN"
