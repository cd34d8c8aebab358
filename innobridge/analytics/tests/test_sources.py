"""Which ties each audience's network is built from (sources.py)."""

from __future__ import annotations

import pytest

from innobridge.analytics import sources
from innobridge.analytics.choices import Audience, TieKind
from innobridge.analytics.tests.scenario import build_alliance

pytestmark = pytest.mark.django_db


def _ties(audience: str) -> set[tuple[tuple[int, int], str, int]]:
    found = set()
    for path in (
        sources.agreement_ties,
        sources.interest_ties,
        sources.meeting_ties,
        sources.co_organized_ties,
    ):
        for tie in path(audience):
            pair = (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
            found.add((pair, str(tie.kind), tie.year))
    return found


def test_public_ties_are_public_agreements_and_events_organized_together():
    alliance = build_alliance()

    assert _ties(Audience.PUBLIC) == {
        (alliance.pair("a", "b"), TieKind.AGREEMENT, 2025),
        (alliance.pair("a", "e"), TieKind.AGREEMENT, 2025),
        (alliance.pair("a", "c"), TieKind.CO_ORGANIZED, 2025),
    }


def test_members_also_see_members_only_agreements():
    alliance = build_alliance()

    assert _ties(Audience.MEMBERS) == _ties(Audience.PUBLIC) | {
        (alliance.pair("b", "c"), TieKind.AGREEMENT, 2024)
    }


def test_the_secretariat_sees_parties_only_agreements_interests_and_meetings_but_no_drafts():
    alliance = build_alliance()

    assert _ties(Audience.SECRETARIAT) == _ties(Audience.MEMBERS) | {
        (alliance.pair("a", "d"), TieKind.AGREEMENT, 2026),
        (alliance.pair("c", "d"), TieKind.INTEREST, 2026),
        (alliance.pair("b", "d"), TieKind.MEETING, 2025),
    }


def test_agreement_ties_carry_the_type_weight_sectors_and_work_areas(taxonomies):
    from innobridge.agreements.tests.factories import AgreementFactory
    from innobridge.core.models import Sector, WorkArea

    sector = Sector.objects.order_by("code").first()
    area = WorkArea.objects.order_by("code").first()
    agreement = AgreementFactory(sectors=[sector])
    agreement.work_areas.set([area])

    (tie,) = list(sources.agreement_ties(Audience.PUBLIC))

    assert (tie.weight, tie.sectors, tie.work_areas) == (
        sources.AGREEMENT_WEIGHTS["joint_rd"],
        (sector.code,),
        (area.code,),
    )


def test_an_agreement_of_three_parties_ties_each_pair():
    from innobridge.agreements.tests.factories import AgreementFactory
    from innobridge.organizations.tests.factories import OrganizationFactory

    parties = OrganizationFactory.create_batch(3)
    AgreementFactory(parties=parties)

    pairs = sorted((tie.a, tie.b) for tie in sources.agreement_ties(Audience.PUBLIC))

    ids = sorted(party.pk for party in parties)
    assert pairs == [(ids[0], ids[1]), (ids[0], ids[2]), (ids[1], ids[2])]
