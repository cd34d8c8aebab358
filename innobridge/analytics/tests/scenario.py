"""One small alliance whose ties every audience sees differently, for the analytics tests.

a (CN, Chengdu) ── public joint R&D 2025 ──────────── b (VN, Hanoi)
a ── events organized together 2025 ───────────────── c (VN, Hanoi)
b ── members-only memorandum 2024 ─────────────────── c
a ── parties-only technology transfer 2026 ────────── d (RU, Moscow)
d ── accepted interest in c's listing 2026 ────────── c
b ── meeting held at a 2025 matchmaking day ───────── d
a ── public MoU 2025 ──────────────────────────────── e (an applicant, not in the directory)
a and b are science parks, c a research institute, d an innovation platform.
left out everywhere: a draft agreement c–d, a pending interest b→a, an event b and d
organized together that was cancelled, a meeting b–c that was not held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from innobridge.agreements.choices import AgreementType, Visibility
from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.events.choices import EventStatus, MeetingStatus, OrganizationRole
from innobridge.events.models import EventOrganization
from innobridge.events.tests.factories import EventFactory, MeetingFactory, RegistrationFactory
from innobridge.marketplace.choices import InterestStatus
from innobridge.marketplace.tests.factories import ExpressionOfInterestFactory, ListingFactory
from innobridge.organizations.choices import MembershipStatus, OrganizationType
from innobridge.organizations.models import Organization
from innobridge.organizations.tests.factories import OrganizationFactory


@dataclass
class Alliance:
    a: Organization
    b: Organization
    c: Organization
    d: Organization
    e: Organization

    def pair(self, x: str, y: str) -> tuple[int, int]:
        first, second = getattr(self, x).pk, getattr(self, y).pk
        return (first, second) if first < second else (second, first)


def _held_event(organizers: list[Organization], *, year: int, status=EventStatus.HELD):
    event = EventFactory(
        organizers=[],
        status=status,
        starts_at=datetime(year, 5, 20, 2, 0, tzinfo=UTC),
        ends_at=datetime(year, 5, 20, 10, 0, tzinfo=UTC),
    )
    for organization in organizers:
        EventOrganization.objects.create(
            event=event, organization=organization, role=OrganizationRole.CO_ORGANIZER
        )
    return event


def build_alliance() -> Alliance:
    alliance = Alliance(
        a=OrganizationFactory(name="Chengdu Hi-Tech Zone", country="CN", city="Chengdu"),
        b=OrganizationFactory(name="Hoa Lac Hi-Tech Park", country="VN", city="Hanoi"),
        c=OrganizationFactory(
            name="Vietnam Academy of Science",
            country="VN",
            city="Hanoi",
            type=OrganizationType.RESEARCH_INSTITUTE,
        ),
        d=OrganizationFactory(
            name="Skolkovo Innovation Centre",
            country="RU",
            city="Moscow",
            type=OrganizationType.INNOVATION_PLATFORM,
        ),
        e=OrganizationFactory(
            name="Applicant Park",
            country="KZ",
            city="Almaty",
            membership_status=MembershipStatus.APPLICANT,
        ),
    )
    a, b, c, d, e = alliance.a, alliance.b, alliance.c, alliance.d, alliance.e
    AgreementFactory(parties=[a, b], agreement_type=AgreementType.JOINT_RD)  # 2025-06-12
    AgreementFactory(
        parties=[b, c],
        agreement_type=AgreementType.MOU,
        visibility=Visibility.MEMBERS,
        signed_on=date(2024, 3, 1),
    )
    AgreementFactory(
        parties=[a, d],
        agreement_type=AgreementType.TECHNOLOGY_TRANSFER,
        visibility=Visibility.PARTIES,
        signed_on=date(2026, 2, 1),
    )
    AgreementFactory(parties=[a, e], agreement_type=AgreementType.MOU)
    AgreementFactory(parties=[c, d], draft=True, signed_on=None)
    ExpressionOfInterestFactory(
        listing=ListingFactory(owner=c),
        organization=d,
        status=InterestStatus.ACCEPTED,
        decided_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    ExpressionOfInterestFactory(listing=ListingFactory(owner=a), organization=b)
    _held_event([a, c], year=2025)
    _held_event([b, d], year=2025, status=EventStatus.CANCELLED)
    matchmaking = _held_event([], year=2025)
    people = {
        key: RegistrationFactory(
            event=matchmaking, user__organization=organization, organization=organization
        )
        for key, organization in (("b", b), ("c", c), ("d", d))
    }
    MeetingFactory(
        event=matchmaking,
        requester=people["b"],
        recipient=people["d"],
        status=MeetingStatus.ACCEPTED,
        held_by_recipient=True,
    )
    MeetingFactory(
        event=matchmaking,
        requester=people["b"],
        recipient=people["c"],
        status=MeetingStatus.ACCEPTED,
        held_by_requester=False,
    )
    return alliance
