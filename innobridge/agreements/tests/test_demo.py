"""The demo agreements: the eight of the 2025-06-12 Chengdu dialogue and the generated history.

Recording them through the services takes some seconds, so the tests of this module share
one load, made once and rolled back after the last test (each test still runs in its own
savepoint on top of it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from innobridge.agreements.choices import AgreementStatus, Health, MilestoneStatus
from innobridge.agreements.demo import (
    GENERATED_COUNT,
    HISTORY_ENDS_ON,
    demo_load,
    generate_records,
    load_named_records,
)
from innobridge.agreements.models import Agreement, AgreementParty, Milestone, Outcome
from innobridge.agreements.selectors import with_health
from innobridge.marketplace.choices import InnovationStage
from innobridge.organizations import demo as organizations_demo

pytestmark = pytest.mark.django_db

DIALOGUE = "“一带一路”科技园区合作创新发展对话"
NAMED = {record["key"]: record for record in load_named_records()}
RICE_TRIAL = "mianyang-rice-vegetable-trial-vietnam"
SCIENCE_CITIES = ["chongqing-mianyang-science-cities", "chengdu-mianyang-science-cities"]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo organizations and agreements, loaded once for the module; the report of the
    agreements' load."""
    with django_db_blocker.unblock(), transaction.atomic():
        organizations_demo.demo_load()  # all the agreements need: parties and the secretariat
        report = demo_load()
        yield report
        transaction.set_rollback(True)


def named(key: str) -> Agreement:
    return Agreement.objects.get(title=NAMED[key]["title"], is_demo=True)


def test_demo_file_names_three_agreements_and_marks_five_illustrative():
    records = load_named_records()
    assert len(records) == 8
    assert [r["key"] for r in records if not r["illustrative"]] == [*SCIENCE_CITIES, RICE_TRIAL]
    assert all(
        r["summary"].startswith("Illustrative demo data:") == r["illustrative"] for r in records
    )
    assert {(r["signed_on"], r["signed_place"], r["signed_at_event"]) for r in records} == {
        ("2025-06-12", "成都", DIALOGUE)
    }


def test_generate_records_is_the_same_every_time():
    first = generate_records()
    assert len(first) == GENERATED_COUNT
    assert generate_records() == first
    assert len({record["title"] for record in first}) == GENERATED_COUNT


def test_demo_load_records_the_dialogue_and_the_history(loaded):
    assert loaded.created == 8 + GENERATED_COUNT
    assert loaded.errors == []
    assert Agreement.objects.filter(is_demo=True).count() == 8 + GENERATED_COUNT
    assert Agreement.objects.filter(is_demo=False).count() == 0
    dialogue = Agreement.objects.filter(signed_at_event=DIALOGUE)
    assert sorted(dialogue.values_list("title", flat=True)) == sorted(
        record["title"] for record in NAMED.values()
    )
    assert set(dialogue.values_list("status", flat=True)) == {AgreementStatus.IN_IMPLEMENTATION}
    assert not AgreementParty.objects.filter(confirmed_at__isnull=True).exists()


def row_counts() -> list[int]:
    return [
        model.objects.count()
        for model in (
            Agreement,
            AgreementParty,
            Milestone,
            Outcome,
            Agreement.history.model,
            Milestone.history.model,
            Outcome.history.model,
        )
    ]


def test_demo_load_twice_changes_nothing(loaded):
    before = row_counts()
    again = demo_load()
    assert again.created == 0
    assert row_counts() == before


def test_demo_rice_trial_has_the_academy_the_seed_company_and_results(loaded):
    agreement = named(RICE_TRIAL)
    parties = [
        (party.organization.name, party.organization.country, party.role)
        for party in agreement.parties.order_by("pk")
    ]
    assert parties == [
        ("绵阳市农业科学研究院", "CN", "lead"),
        ("Công ty Cổ phần Giống cây trồng Hà Xuyên", "VN", "partner"),
    ]
    assert agreement.agreement_type == "trial_demonstration"
    assert (agreement.starts_on, agreement.ends_on) == (date(2025, 6, 12), date(2028, 6, 11))
    outcomes = [
        (outcome.indicator, outcome.value, outcome.country, outcome.recorded_on)
        for outcome in agreement.outcomes.all()
    ]
    assert outcomes == [
        ("varieties_trialled", Decimal("10.00"), "VN", date(2026, 3, 20)),
        ("people_trained", Decimal("32.00"), "CN", date(2026, 5, 22)),
        ("hectares_demonstrated", Decimal("35.50"), "VN", date(2026, 7, 15)),
        ("people_trained", Decimal("146.00"), "VN", date(2026, 8, 28)),
    ]
    assert list(agreement.milestones.values_list("status", flat=True)) == [
        MilestoneStatus.DONE,
        MilestoneStatus.DONE,
        MilestoneStatus.DONE,
        MilestoneStatus.DONE,
        MilestoneStatus.IN_PROGRESS,
        MilestoneStatus.PLANNED,
        MilestoneStatus.PLANNED,
    ]
    assert all(m.evidence_note for m in agreement.milestones.filter(status=MilestoneStatus.DONE))


def test_demo_science_city_agreements_cover_the_whole_chain(loaded):
    for key, partner in zip(
        SCIENCE_CITIES, ["重庆高新技术产业开发区", "四川天府新区"], strict=True
    ):
        agreement = named(key)
        assert agreement.stages == list(InnovationStage.values)
        assert agreement.agreement_type == "strategic_framework"
        assert sorted(agreement.parties.values_list("organization__name", flat=True)) == sorted(
            [partner, "中国（绵阳）科技城"]
        )


def test_demo_dialogue_agreements_differ_in_health(loaded):
    dialogue = with_health(Agreement.objects.filter(signed_at_event=DIALOGUE), on=HISTORY_ENDS_ON)
    health = dict(dialogue.values_list("title", "health"))
    by_key = {key: health[record["title"]] for key, record in NAMED.items()}
    assert by_key == {
        "chongqing-mianyang-science-cities": Health.OVERDUE,
        "chengdu-mianyang-science-cities": Health.ON_TRACK,
        "mianyang-rice-vegetable-trial-vietnam": Health.AT_RISK,
        "mianyang-xian-resource-sharing": Health.OVERDUE,
        "mianyang-ittc-china-asean-ttc": Health.ON_TRACK,
        "iasp-mianyang-mou": Health.AT_RISK,
        "swust-thailand-science-park": Health.OVERDUE,
        "maas-nuol-talent": Health.ON_TRACK,
    }


def test_demo_history_varies_in_health_status_and_year(loaded):
    agreements = Agreement.objects.filter(is_demo=True)
    healths = set(with_health(agreements, on=HISTORY_ENDS_ON).values_list("health", flat=True))
    assert healths == set(Health.values)
    assert set(agreements.values_list("status", flat=True)) == set(AgreementStatus.values)
    years = {
        day.year for day in agreements.exclude(signed_on=None).values_list("signed_on", flat=True)
    }
    assert years == {2021, 2022, 2023, 2024, 2025, 2026}
    assert not agreements.filter(signed_on__gt=HISTORY_ENDS_ON).exists()
    assert not Milestone.objects.filter(completed_on__gt=HISTORY_ENDS_ON).exists()
