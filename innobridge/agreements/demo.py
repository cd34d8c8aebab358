"""Demo agreements, recorded by the demo secretariat through the agreements' services.

demo/agreements.json holds the eight agreements signed at the "Belt and Road" Science Park
Cooperation and Innovation Development Dialogue (Chengdu, 2025-06-12): the three the Mianyang
Daily article names, with plausible milestones and outcomes, and five marked `illustrative`
(the article counts eight but names only three). `generate_records` adds a history of further
agreements among the demo organizations, signed 2021-2026, so lists and analytics have
something to show; it draws from a fixed seed, so every load produces the same records.
Their wording in each language (titles, summaries, milestones, evidence notes, signing
places) is in demo/wording.json.

Going through the services means the demo passes the same validation as anyone's input.
Agreements already present (same title, marked demo) are left alone, so loading twice
changes nothing. Dates are set as seen on HISTORY_ENDS_ON: milestones due before it are
mostly done, some overdue; those after it are planned.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from opencc import OpenCC

from innobridge.agreements import services
from innobridge.agreements.choices import (
    AgreementStatus,
    AgreementType,
    MilestoneStatus,
    OutcomeIndicator,
    PartyRole,
    Visibility,
)
from innobridge.agreements.models import Agreement
from innobridge.core.exchange import ImportReport
from innobridge.core.models import FocusArea, Sector, WorkArea
from innobridge.marketplace.choices import InnovationStage
from innobridge.organizations.demo import DEMO_SECRETARIAT_EMAIL, load_demo_records
from innobridge.organizations.models import NAME_MAX_LENGTH, Organization

DEMO_FILE = Path(__file__).parent / "demo" / "agreements.json"
WORDING_FILE = Path(__file__).parent / "demo" / "wording.json"
SEED = 20250612
GENERATED_COUNT = 160
# The generated history stops here: later milestones are still to come.
HISTORY_ENDS_ON = date(2026, 11, 28)
FIRST_YEAR = 2021
# Relative number of agreements signed each year (growing with the alliance).
YEAR_WEIGHTS = {2021: 18, 2022: 22, 2023: 27, 2024: 31, 2025: 34, 2026: 28}

DATE_FIELDS = ("signed_on", "starts_on", "ends_on")
STAGE_ORDER = list(InnovationStage.values)

TITLE_LANGUAGES = ("zh-hans", "en", "vi", "ru")

# --- Wording of the generated agreements, per language ---------------------------------------


@dataclass(frozen=True)
class Wording:
    """How the generated agreements are worded in the languages of TITLE_LANGUAGES.

    The texts are data and live in demo/wording.json, beside the named agreements; agreement
    types are keyed by their value (`AgreementType`), sectors by their taxonomy code.
    """

    # Sector code -> topic per language; the Russian one follows "в области" (genitive).
    topics: dict[str, dict[str, str]]
    # Agreement type -> title per language, with {parties} and {topic}.
    titles: dict[str, dict[str, str]]
    # Agreement type -> summary per language, with {sides} or {lead}, {topic} and {years}.
    summaries: dict[str, dict[str, str]]
    # The usual steps of an agreement, in order; each agreement takes some of them.
    milestone_steps: dict[str, list[str]]
    # The evidence a done milestone was completed with.
    evidence_notes: dict[str, list[str]]
    # Signing places (the organizations' cities) in the languages titles are written in.
    city_names: dict[str, dict[str, str]]
    # How a summary calls the parties: two of them (2), or more (3).
    sides: dict[str, dict[int, str]]
    # A later agreement with the same parties, type and topic is the next phase, {n}.
    phases: dict[str, str]
    # The phase numbers of Chinese titles.
    chinese_numerals: dict[int, str]


@cache
def load_wording(path: Path = WORDING_FILE) -> Wording:
    """Read demo/wording.json once; JSON keys are text, so the counts become numbers again."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Wording(
        **{
            **data,
            "sides": {
                language: {int(count): words for count, words in by_count.items()}
                for language, by_count in data["sides"].items()
            },
            "chinese_numerals": {
                int(number): numeral for number, numeral in data["chinese_numerals"].items()
            },
        }
    )


# --- What each type of agreement is like ---------------------------------------------------

TERM_YEARS = {
    AgreementType.STRATEGIC_FRAMEWORK: (3, 5),
    AgreementType.TECHNOLOGY_TRANSFER: (1, 3),
    AgreementType.JOINT_RD: (2, 4),
    AgreementType.TRIAL_DEMONSTRATION: (1, 3),
    AgreementType.TALENT_EXCHANGE: (2, 5),
    AgreementType.RESOURCE_SHARING: (2, 3),
    AgreementType.MOU: (2, 3),
    AgreementType.OTHER: (1, 3),
}
WORK_AREAS = {
    AgreementType.STRATEGIC_FRAMEWORK: ["industrial-cooperation", "network-platform"],
    AgreementType.TECHNOLOGY_TRANSFER: ["technology-transfer"],
    AgreementType.JOINT_RD: ["technology-transfer"],
    AgreementType.TRIAL_DEMONSTRATION: ["technology-transfer", "industrial-cooperation"],
    AgreementType.TALENT_EXCHANGE: ["talent-exchange"],
    AgreementType.RESOURCE_SHARING: ["resource-sharing"],
    AgreementType.MOU: ["network-platform"],
    AgreementType.OTHER: ["innovation-entrepreneurship"],
}
STAGE_CHOICES: dict[str, list[list[str]]] = {
    AgreementType.STRATEGIC_FRAMEWORK: [
        STAGE_ORDER,
        STAGE_ORDER[1:],
        STAGE_ORDER[:3],
        STAGE_ORDER[2:],
    ],
    AgreementType.TECHNOLOGY_TRANSFER: [STAGE_ORDER[2:], STAGE_ORDER[3:]],
    AgreementType.JOINT_RD: [STAGE_ORDER[:2], STAGE_ORDER[1:2], STAGE_ORDER[1:3]],
    AgreementType.TRIAL_DEMONSTRATION: [STAGE_ORDER[2:3]],
    AgreementType.TALENT_EXCHANGE: [[], STAGE_ORDER[:1]],
    AgreementType.RESOURCE_SHARING: [STAGE_ORDER[:2], STAGE_ORDER[1:3]],
    AgreementType.MOU: [[]],
    AgreementType.OTHER: [STAGE_ORDER[2:], STAGE_ORDER[3:]],
}
OUTCOME_INDICATORS: dict[str, list[str]] = {
    AgreementType.STRATEGIC_FRAMEWORK: [
        OutcomeIndicator.COMPANIES_INCUBATED,
        OutcomeIndicator.INVESTMENT,
        OutcomeIndicator.JOBS_CREATED,
        OutcomeIndicator.TECHNOLOGIES_TRANSFERRED,
    ],
    AgreementType.TECHNOLOGY_TRANSFER: [
        OutcomeIndicator.TECHNOLOGIES_TRANSFERRED,
        OutcomeIndicator.INVESTMENT,
        OutcomeIndicator.PRODUCTS_LAUNCHED,
        OutcomeIndicator.PEOPLE_TRAINED,
    ],
    AgreementType.JOINT_RD: [
        OutcomeIndicator.JOINT_PATENTS,
        OutcomeIndicator.JOINT_PUBLICATIONS,
        OutcomeIndicator.PEOPLE_TRAINED,
    ],
    AgreementType.TALENT_EXCHANGE: [OutcomeIndicator.PEOPLE_TRAINED],
    AgreementType.RESOURCE_SHARING: [
        OutcomeIndicator.PEOPLE_TRAINED,
        OutcomeIndicator.JOINT_PUBLICATIONS,
    ],
    AgreementType.MOU: [OutcomeIndicator.PEOPLE_TRAINED],
    AgreementType.OTHER: [
        OutcomeIndicator.COMPANIES_INCUBATED,
        OutcomeIndicator.JOBS_CREATED,
        OutcomeIndicator.INVESTMENT,
    ],
}
# Trials measure different things depending on what is trialled.
TRIAL_INDICATORS = {
    "agriculture": [
        OutcomeIndicator.VARIETIES_TRIALLED,
        OutcomeIndicator.HECTARES_DEMONSTRATED,
        OutcomeIndicator.PEOPLE_TRAINED,
    ],
    "environment-water": [OutcomeIndicator.HECTARES_DEMONSTRATED, OutcomeIndicator.PEOPLE_TRAINED],
}
TRIAL_SECTORS = {
    "agriculture",
    "environment-water",
    "green-energy",
    "new-materials",
    "smart-transport",
    "marine",
}
DEFAULT_TRIAL_INDICATORS = [
    OutcomeIndicator.PRODUCTS_LAUNCHED,
    OutcomeIndicator.TECHNOLOGIES_TRANSFERRED,
    OutcomeIndicator.PEOPLE_TRAINED,
]
# Whole-number indicators: (least, most).
COUNT_RANGES = {
    OutcomeIndicator.VARIETIES_TRIALLED: (2, 15),
    OutcomeIndicator.PEOPLE_TRAINED: (10, 300),
    OutcomeIndicator.JOINT_PATENTS: (1, 5),
    OutcomeIndicator.JOINT_PUBLICATIONS: (1, 12),
    OutcomeIndicator.PRODUCTS_LAUNCHED: (1, 4),
    OutcomeIndicator.TECHNOLOGIES_TRANSFERRED: (1, 8),
    OutcomeIndicator.COMPANIES_INCUBATED: (1, 15),
    OutcomeIndicator.JOBS_CREATED: (10, 400),
}
HECTARES_RANGE = (5, 500)
# Country -> (currency, units per US dollar, roughly) for investment outcomes.
CURRENCIES = {
    "CN": ("CNY", 7.2), "VN": ("VND", 25_000), "TH": ("THB", 35), "MY": ("MYR", 4.5),
    "ID": ("IDR", 16_000), "SG": ("SGD", 1.35), "KZ": ("KZT", 480), "UZ": ("UZS", 12_500),
    "RU": ("RUB", 90), "AE": ("AED", 3.67), "SA": ("SAR", 3.75), "EG": ("EGP", 48),
    "TR": ("TRY", 32), "HU": ("HUF", 360), "PL": ("PLN", 4), "GR": ("EUR", 0.92),
    "RS": ("EUR", 0.92),
}  # fmt: skip
INVESTMENT_USD_LOG10 = (4.7, 6.8)  # about 50,000 to 6 million US dollars

# Members that left the alliance or were suspended from it: their agreements ended badly.
TROUBLED_MEMBERSHIPS = {"left", "suspended"}
# Share of the generated agreements that trial Chinese crop varieties abroad, as the Mianyang
# academy does in Vietnam: the alliance's most visible kind of result.
AGRICULTURAL_TRIAL_SHARE = 0.1


# --- The generator -------------------------------------------------------------------------


def _name(record: dict[str, Any], language: str) -> str:
    if record["name_language"] == language:
        return record["name"]
    return record["translated_names"].get(language) or record["translated_names"]["en"]


def _short_name(record: dict[str, Any], language: str) -> str:
    if language == "zh-hans" or not record.get("short_name"):
        return _name(record, language)
    return record["short_name"]


def _join(names: Sequence[str], language: str) -> str:
    if language == "zh-hans":
        # Names in Latin letters stand apart from the Chinese around them.
        names = [name if _is_chinese(name) else f" {name} " for name in names]
        joined = "、".join(names[:-1]) + "与" + names[-1]
        return joined.replace(" 、", "、").replace("、 ", "、")
    if language == "ru":
        return " — ".join(names)
    conjunction = " và " if language == "vi" else " and "
    return ", ".join(names[:-1]) + conjunction + names[-1]


def _lead_name(record: dict[str, Any], language: str) -> str:
    """The lead's name to open a summary with (Latin letters set apart from Chinese)."""
    name = _name(record, language)
    return name if language != "zh-hans" or _is_chinese(name) else f"{name} "


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _years(count: int, language: str) -> str:
    if language == "zh-hans":
        return f"{count}年"
    if language == "vi":
        return f"{count} năm"
    if language == "ru":
        return f"{count} " + ("год" if count == 1 else "года" if count < 5 else "лет")
    return "one year" if count == 1 else f"{count} years"


def _title_language(lead: dict[str, Any]) -> str:
    language = lead["name_language"]
    return language if language in TITLE_LANGUAGES else "en"


def _translation_languages(parties: Sequence[dict[str, Any]]) -> list[str]:
    languages = ["en", "zh-hans"]
    if any(party["country"] == "VN" for party in parties):
        languages.append("vi")
    if any(
        party["name_language"] == "ru" or "ru" in party["translated_names"] for party in parties
    ):
        languages.append("ru")
    return languages


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


class _Generator:
    """Draws agreements among the demo organizations; the same seed, the same agreements."""

    def __init__(self, organizations: list[dict[str, Any]], seed: int = SEED) -> None:
        self.rng = random.Random(seed)  # demo data drawn reproducibly, not a secret  # nosec B311
        self.pool = [o for o in organizations if o["membership_status"] != "applicant"]
        self.chinese = [o for o in self.pool if o["country"] == "CN"]
        self.foreign = [o for o in self.pool if o["country"] != "CN"]
        self.facilitators = [
            o
            for o in self.pool
            if o["type"] in {"government_agency", "association", "innovation_platform"}
        ]
        self.titles: set[str] = set()
        self.s2t = OpenCC("s2t")
        self.wording = load_wording()

    def records(self, count: int) -> list[dict[str, Any]]:
        return [self.record(number) for number in range(1, count + 1)]

    def record(self, number: int) -> dict[str, Any]:
        rng = self.rng
        if rng.random() < AGRICULTURAL_TRIAL_SHARE:
            parties = self._agricultural_trial_parties()
            sector, agreement_type = "agriculture", AgreementType.TRIAL_DEMONSTRATION
        else:
            parties = self._parties()
            sector = self._sector(parties[0]["record"], parties[1]["record"])
            agreement_type = self._type([party["record"] for party in parties], sector)
        lead, partner = parties[0]["record"], parties[1]["record"]
        organizations = [party["record"] for party in parties]
        signed_on = self._signing_day()
        starts_on = signed_on + timedelta(days=rng.choice([0, 0, 0, 10, 20, 30]))
        years = rng.randint(*TERM_YEARS[agreement_type])
        ends_on = _add_years(starts_on, years) - timedelta(days=1)
        status = self._status(organizations, signed_on, starts_on, ends_on)
        language = _title_language(lead)
        named = [p["record"] for p in parties if p["role"] in (PartyRole.LEAD, PartyRole.PARTNER)]
        title, translated_titles = self._titles(named, agreement_type, sector, language)
        sectors = [sector]
        others = sorted({*lead["sectors"], *partner["sectors"]} - {sector})
        if others and rng.random() < 0.3:
            sectors.append(rng.choice(others))
        place = rng.choice([lead, lead, partner])["city"]
        record = {
            "key": f"generated-{number:03d}",
            "title": title,
            "language": language,
            "translated_titles": translated_titles,
            "type": agreement_type,
            "status": status,
            "visibility": rng.choices(Visibility.values, weights=[75, 17, 8])[0],
            "parties": [
                {"organization": party["record"]["key"], "role": party["role"]} for party in parties
            ],
            "signed_on": None if status == AgreementStatus.DRAFT else signed_on.isoformat(),
            "signed_place": self.wording.city_names.get(language, {}).get(place, place),
            "signed_at_event": "",
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "work_areas": WORK_AREAS[agreement_type],
            "focus_areas": sorted(
                rng.sample(
                    [
                        "collaborative-innovation",
                        "industrial-complementarity",
                        "ecosystem-co-building",
                    ],
                    rng.randint(1, 2),
                )
            ),
            "sectors": sectors,
            "stages": list(rng.choice(STAGE_CHOICES[agreement_type])),
            "summary": self.wording.summaries[agreement_type][language].format(
                topic=self.wording.topics[sector][language],
                lead=_lead_name(lead, language),
                sides=self.wording.sides[language][min(len(parties), 3)],
                years=_years(years, language),
            ),
        }
        record["milestones"] = self._milestones(record, parties, starts_on, ends_on, language)
        record["outcomes"] = self._outcomes(record, organizations, sector, starts_on, ends_on)
        return record

    def _agricultural_trial_parties(self) -> list[dict[str, Any]]:
        """A Chinese agricultural organization and one abroad that trials its varieties."""
        lead = self.rng.choice([o for o in self.chinese if "agriculture" in o["sectors"]])
        partner = self.rng.choice([o for o in self.foreign if "agriculture" in o["sectors"]])
        return [
            {"record": lead, "role": PartyRole.LEAD},
            {"record": partner, "role": PartyRole.PARTNER},
        ]

    def _parties(self) -> list[dict[str, Any]]:
        rng = self.rng
        kind = rng.choices(["china-abroad", "abroad", "china"], weights=[65, 20, 15])[0]
        if kind == "china-abroad":
            # The Chinese party leads a little more often than not.
            chinese_lead = rng.random() < 0.6
            groups = [self.chinese, self.foreign] if chinese_lead else [self.foreign, self.chinese]
        else:
            groups = [self.foreign if kind == "abroad" else self.chinese] * 2
        first = rng.choice(groups[0])
        # Organizations that share a field find each other; fall back to anyone.
        candidates = [o for o in groups[1] if o["key"] != first["key"]]
        related = [o for o in candidates if set(o["sectors"]) & set(first["sectors"])]
        second = rng.choice(related or candidates)
        parties = [
            {"record": first, "role": PartyRole.LEAD},
            {"record": second, "role": PartyRole.PARTNER},
        ]
        if rng.random() < 0.18:
            taken = {first["key"], second["key"]}
            if rng.random() < 0.6:
                third = rng.choice([o for o in self.facilitators if o["key"] not in taken])
                role = rng.choice([PartyRole.SUPPORTER, PartyRole.WITNESS])
            else:
                third = rng.choice([o for o in self.pool if o["key"] not in taken])
                role = PartyRole.PARTNER
            parties.append({"record": third, "role": role})
        return parties

    def _sector(self, lead: dict[str, Any], partner: dict[str, Any]) -> str:
        shared = sorted(set(lead["sectors"]) & set(partner["sectors"]))
        sectors = shared or sorted({*lead["sectors"], *partner["sectors"]})
        # Farming is what most cooperation of the alliance's members is about.
        weights = [3 if sector == "agriculture" else 1 for sector in sectors]
        return self.rng.choices(sectors, weights=weights)[0]

    def _type(self, organizations: list[dict[str, Any]], sector: str) -> str:
        weights = {
            AgreementType.STRATEGIC_FRAMEWORK: 10,
            AgreementType.TECHNOLOGY_TRANSFER: 14,
            AgreementType.JOINT_RD: 18,
            AgreementType.TRIAL_DEMONSTRATION: 0,
            AgreementType.TALENT_EXCHANGE: 12,
            AgreementType.RESOURCE_SHARING: 9,
            AgreementType.MOU: 12,
            AgreementType.OTHER: 5,
        }
        kinds = {organization["type"] for organization in organizations}
        if sector in TRIAL_SECTORS:
            weights[AgreementType.TRIAL_DEMONSTRATION] = 45 if sector == "agriculture" else 12
        if "university" in kinds:
            weights[AgreementType.JOINT_RD] += 10
            weights[AgreementType.TALENT_EXCHANGE] += 10
        if "enterprise" in kinds:
            weights[AgreementType.TECHNOLOGY_TRANSFER] += 10
            weights[AgreementType.OTHER] += 5
        if kinds <= {"government_agency", "association", "science_park"}:
            # Administrations frame and support cooperation rather than research.
            weights[AgreementType.STRATEGIC_FRAMEWORK] += 10
            weights[AgreementType.MOU] += 8
            weights[AgreementType.JOINT_RD] //= 3
            weights[AgreementType.TECHNOLOGY_TRANSFER] //= 2
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _signing_day(self) -> date:
        year = self.rng.choices(list(YEAR_WEIGHTS), weights=list(YEAR_WEIGHTS.values()))[0]
        last = min(date(year, 12, 31), HISTORY_ENDS_ON - timedelta(days=5))
        return _random_day(self.rng, date(year, 1, 1), last)

    def _status(
        self, organizations: list[dict[str, Any]], signed_on: date, starts_on: date, ends_on: date
    ) -> str:
        rng = self.rng
        troubled = any(o["membership_status"] in TROUBLED_MEMBERSHIPS for o in organizations)
        if ends_on < HISTORY_ENDS_ON:
            if troubled:
                return rng.choice([AgreementStatus.TERMINATED, AgreementStatus.EXPIRED])
            return rng.choices(
                [AgreementStatus.COMPLETED, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED],
                weights=[60, 28, 12],
            )[0]
        if troubled:
            return rng.choice([AgreementStatus.SUSPENDED, AgreementStatus.TERMINATED])
        recent = (HISTORY_ENDS_ON - signed_on).days
        if recent < 150 and rng.random() < 0.45:
            return AgreementStatus.DRAFT
        if (HISTORY_ENDS_ON - starts_on).days < 90 and rng.random() < 0.6:
            return AgreementStatus.SIGNED
        return rng.choices(
            [
                AgreementStatus.IN_IMPLEMENTATION,
                AgreementStatus.SUSPENDED,
                AgreementStatus.TERMINATED,
            ],
            weights=[82, 10, 8],
        )[0]

    def _titles(
        self, organizations: list[dict[str, Any]], agreement_type: str, sector: str, language: str
    ) -> tuple[str, dict[str, str]]:
        def build(name: Any, phase: int) -> dict[str, str]:
            titles = {}
            for code in [language, *_translation_languages(organizations)]:
                title = self.wording.titles[agreement_type][code].format(
                    parties=_join([name(o, code) for o in organizations], code),
                    topic=self.wording.topics[sector][code],
                )
                if phase > 1:
                    number = self.wording.chinese_numerals[phase] if code == "zh-hans" else phase
                    title += self.wording.phases[code].format(n=number)
                titles[code] = " ".join(title.split())
            if "zh-hans" in titles:
                titles["zh-hant"] = self.s2t.convert(titles["zh-hans"])
            return titles

        phase = 1
        while True:
            titles = build(_name, phase)
            if max(len(title) for title in titles.values()) > NAME_MAX_LENGTH:
                titles = build(_short_name, phase)
                # A translation that is still too long is left out rather than cut.
                titles = {
                    code: title
                    for code, title in titles.items()
                    if code == language or len(title) <= NAME_MAX_LENGTH
                }
            if titles[language] not in self.titles:
                break
            phase += 1
        self.titles.add(titles[language])
        title = titles.pop(language)
        return title, titles

    def _milestones(
        self,
        record: dict[str, Any],
        parties: list[dict[str, Any]],
        starts_on: date,
        ends_on: date,
        language: str,
    ) -> list[dict[str, Any]]:
        rng = self.rng
        status = record["status"]
        if status == AgreementStatus.SIGNED:
            return []  # a first milestone would put it in implementation
        if status == AgreementStatus.DRAFT:
            count = rng.randint(0, 2)
        else:
            count = rng.choices(range(6), weights=[1, 2, 4, 5, 4, 3])[0]
        responsible = [p["record"]["key"] for p in parties if p["role"] != PartyRole.WITNESS]
        steps = sorted(rng.sample(range(len(self.wording.milestone_steps[language])), count))
        span = (ends_on - starts_on).days
        milestones = []
        future_seen = False
        for index, step in enumerate(steps):
            share = (index + 1) / (count + 1) + rng.uniform(-0.05, 0.05)
            due_on = starts_on + timedelta(days=round(span * share))
            milestone = {
                "title": self.wording.milestone_steps[language][step],
                "due_on": due_on.isoformat(),
                "responsible": rng.choice(responsible),
                "status": MilestoneStatus.PLANNED,
            }
            past = due_on < HISTORY_ENDS_ON
            if status == AgreementStatus.COMPLETED:
                milestone["status"] = (
                    MilestoneStatus.DONE if rng.random() < 0.9 else MilestoneStatus.CANCELLED
                )
            elif status in (AgreementStatus.TERMINATED, AgreementStatus.EXPIRED):
                done = past and rng.random() < 0.75
                milestone["status"] = MilestoneStatus.DONE if done else MilestoneStatus.CANCELLED
            elif status == AgreementStatus.SUSPENDED:
                milestone["status"] = (
                    (MilestoneStatus.DONE if rng.random() < 0.6 else MilestoneStatus.SLIPPED)
                    if past
                    else MilestoneStatus.PLANNED
                )
            elif status == AgreementStatus.IN_IMPLEMENTATION:
                if past:
                    done = rng.random() < 0.85
                    milestone["status"] = (
                        MilestoneStatus.DONE
                        if done
                        else rng.choice([MilestoneStatus.SLIPPED, MilestoneStatus.IN_PROGRESS])
                    )
                elif (due_on - HISTORY_ENDS_ON).days <= 20 or not future_seen:
                    milestone["status"] = rng.choices(
                        [
                            MilestoneStatus.IN_PROGRESS,
                            MilestoneStatus.PLANNED,
                            MilestoneStatus.SLIPPED,
                        ],
                        weights=[45, 45, 10],
                    )[0]
                future_seen = future_seen or not past
            if milestone["status"] == MilestoneStatus.DONE:
                completed_on = due_on + timedelta(days=rng.randint(-25, 10))
                milestone["completed_on"] = min(
                    max(completed_on, starts_on), HISTORY_ENDS_ON - timedelta(days=1)
                ).isoformat()
                milestone["evidence_note"] = rng.choice(self.wording.evidence_notes[language])
            milestones.append(milestone)
        return milestones

    def _outcomes(
        self,
        record: dict[str, Any],
        organizations: list[dict[str, Any]],
        sector: str,
        starts_on: date,
        ends_on: date,
    ) -> list[dict[str, Any]]:
        rng = self.rng
        first_day = starts_on + timedelta(days=90)
        last_day = min(ends_on, HISTORY_ENDS_ON - timedelta(days=1))
        if record["status"] in (AgreementStatus.DRAFT, AgreementStatus.SIGNED) or (
            first_day > last_day
        ):
            return []
        if record["type"] == AgreementType.TRIAL_DEMONSTRATION:
            indicators = TRIAL_INDICATORS.get(sector, DEFAULT_TRIAL_INDICATORS)
        else:
            indicators = OUTCOME_INDICATORS[record["type"]]
        count = rng.choices(range(4), weights=[2, 4, 3, 2])[0]
        outcomes = []
        for indicator in rng.sample(indicators, min(count, len(indicators))):
            # Trials happen abroad where there is an abroad (Chinese varieties and techniques
            # shown in partner countries); other results anywhere among the parties.
            where = organizations
            if record["type"] == AgreementType.TRIAL_DEMONSTRATION:
                where = [o for o in organizations if o["country"] != "CN"] or organizations
            country = rng.choice(where)["country"]
            outcome = {
                "indicator": indicator,
                "recorded_on": _random_day(rng, first_day, last_day).isoformat(),
                "country": country,
            }
            if indicator == OutcomeIndicator.INVESTMENT:
                currency, per_dollar = CURRENCIES.get(country, ("USD", 1))
                amount = 10 ** rng.uniform(*INVESTMENT_USD_LOG10) * per_dollar
                outcome.update(value=float(f"{amount:.2g}"), currency=currency)
            elif indicator == OutcomeIndicator.HECTARES_DEMONSTRATED:
                outcome["value"] = round(rng.uniform(*HECTARES_RANGE) * 2) / 2
            else:
                outcome["value"] = rng.randint(*COUNT_RANGES[indicator])
            outcomes.append(outcome)
        return outcomes


def generate_records(count: int = GENERATED_COUNT, seed: int = SEED) -> list[dict[str, Any]]:
    """Further demo agreements, in the shape of demo/agreements.json; the same every time."""
    return _Generator(load_demo_records(), seed).records(count)


def load_named_records(path: Path = DEMO_FILE) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


# --- Recording -----------------------------------------------------------------------------


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _Recorder:
    """Records demo records through the services, as the demo secretariat."""

    def __init__(self, actor: Any, organizations: dict[str, Organization]) -> None:
        self.actor = actor
        self.organizations = organizations
        self.sectors = {item.code: item for item in Sector.objects.all()}
        self.work_areas = {item.code: item for item in WorkArea.objects.all()}
        self.focus_areas = {item.code: item for item in FocusArea.objects.all()}

    def can_record(self, record: dict[str, Any]) -> bool:
        return all(p["organization"] in self.organizations for p in record["parties"])

    def record(self, record: dict[str, Any]) -> Agreement:
        actor, target = self.actor, record["status"]
        initial = AgreementStatus.DRAFT if target == AgreementStatus.DRAFT else None
        data = {
            "title": record["title"],
            "language": record["language"],
            "translated_titles": record["translated_titles"],
            "agreement_type": record["type"],
            "visibility": record["visibility"],
            "signed_place": record["signed_place"],
            "signed_at_event": record["signed_at_event"],
            "stages": record["stages"],
            "summary": record["summary"],
            "is_demo": True,
            **{field: _day(record[field]) for field in DATE_FIELDS},
            **({"status": initial} if initial else {}),
        }
        agreement = services.agreement_create(
            actor=actor,
            data=data,
            parties=[
                services.PartyInput(self.organizations[p["organization"]], p["role"])
                for p in record["parties"]
            ],
            sectors=[self.sectors[code] for code in record["sectors"]],
            work_areas=[self.work_areas[code] for code in record["work_areas"]],
            focus_areas=[self.focus_areas[code] for code in record["focus_areas"]],
            confirm_all=True,
        )
        for item in record["milestones"]:
            self._milestone(agreement, item)
        for item in record["outcomes"]:
            services.outcome_add(
                actor=actor,
                agreement=agreement,
                indicator=item["indicator"],
                value=Decimal(str(item["value"])),
                currency=item.get("currency", ""),
                recorded_on=date.fromisoformat(item["recorded_on"]),
                country=item["country"],
                note=item.get("note", ""),
            )
        if agreement.status != target:
            services.agreement_set_status(actor=actor, agreement=agreement, status=target)
        return agreement

    def _milestone(self, agreement: Agreement, item: dict[str, Any]) -> None:
        milestone = services.milestone_add(
            actor=self.actor,
            agreement=agreement,
            title=item["title"],
            due_on=date.fromisoformat(item["due_on"]),
            responsible=self.organizations[item["responsible"]],
        )
        if item["status"] == MilestoneStatus.DONE:
            services.milestone_complete(
                actor=self.actor,
                milestone=milestone,
                note=item["evidence_note"],
                completed_on=date.fromisoformat(item["completed_on"]),
            )
        elif item["status"] != MilestoneStatus.PLANNED:
            services.milestone_update(actor=self.actor, milestone=milestone, status=item["status"])


def _organizations_by_key() -> dict[str, Organization]:
    """Demo organization keys -> organizations, matched as the organization loader does."""
    records = {(r["name"].casefold(), r["country"]): r["key"] for r in load_demo_records()}
    return {
        records[(organization.name.casefold(), organization.country)]: organization
        for organization in Organization.objects.filter(is_demo=True)
        if (organization.name.casefold(), organization.country) in records
    }


@transaction.atomic
def demo_load(path: Path = DEMO_FILE, count: int = GENERATED_COUNT) -> ImportReport:
    """Record the demo agreements that are not there yet; raises if any is invalid."""
    actor = get_user_model().objects.get(email=DEMO_SECRETARIAT_EMAIL)
    recorder = _Recorder(actor, _organizations_by_key())
    existing = set(Agreement.objects.filter(is_demo=True).values_list("title", flat=True))
    report = ImportReport()
    for record in [*load_named_records(path), *generate_records(count)]:
        if record["title"] not in existing and recorder.can_record(record):
            recorder.record(record)
            report.created += 1
    return report
