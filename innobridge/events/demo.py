"""Demo events: the Chengdu dialogue of 12 June 2025 (its programme, the two documents
released there and the eight agreements signed), and events from 2021 to 2027 in many
countries, among them two matchmaking days with participants who speak different
languages, meeting requests in several languages, interpreters and a computed schedule.

Idempotent: an event that exists (same name) is left alone. Runs after the organizations',
marketplace's, news' and agreements' demos (settings.DEMO_LOADERS).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from innobridge.accounts.choices import Role
from innobridge.core.models import WorkArea
from innobridge.events import services
from innobridge.events.choices import EventStatus, MeetingStatus, RegistrationStatus
from innobridge.events.models import (
    Event,
    EventOrganization,
    Interpreter,
    Meeting,
    MeetingSlot,
    MeetingTable,
    Registration,
    ScheduleRun,
    Session,
    SessionPerson,
)
from innobridge.marketplace.choices import ListingKind, ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.news.models import Document
from innobridge.news.timezones import zone_info
from innobridge.organizations.demo import DEMO_MEMBER_PASSWORD
from innobridge.organizations.models import Organization

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "events.json"
# Seconds the demo gives the scheduler (its matchmaking days are small).
SCHEDULE_SECONDS = 5.0


@dataclass
class DemoSummary:
    created: int = 0
    registrations: int = 0
    meetings: int = 0
    signed_agreements: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} events created, {self.registrations} registrations, "
            f"{self.meetings} meeting requests, {self.signed_agreements} agreements linked"
        )


def _local(record: dict[str, Any], value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=zone_info(record["time_zone"]))


def _at(day: datetime, clock: str, record: dict[str, Any]) -> datetime:
    return datetime.combine(
        day.date(), time.fromisoformat(clock), tzinfo=zone_info(record["time_zone"])
    )


def participant_email(key: str) -> str:
    return f"participant@{key}.demo.innobridge.local"


def _participant(key: str, organizations: dict[str, Organization]) -> Any:
    """A demo member editor of the organization, to register for events."""
    User = get_user_model()
    user = User.objects.filter(email=participant_email(key)).first()
    if user is None:
        organization = organizations[key]
        user = User.objects.create_user(
            email=participant_email(key),
            password=DEMO_MEMBER_PASSWORD,
            role=Role.MEMBER_EDITOR,
            organization=organization,
            first_name="Demo",
            last_name=organization.short_name or organization.name[:40],
        )
    return user


def _create_event(record: dict[str, Any], organizations: dict[str, Organization]) -> Event:
    event = Event(
        name=record["name"],
        name_language=record["name_language"],
        translated_names=record.get("translated_names", {}),
        event_type=record["type"],
        status=record["status"],
        starts_at=_local(record, record["starts"]),
        ends_at=_local(record, record["ends"]),
        time_zone=record["time_zone"],
        venue=record.get("venue", ""),
        city=record.get("city", ""),
        country=record.get("country", ""),
        online_url=record.get("online", ""),
        description=record.get("description", ""),
        capacity=record.get("capacity"),
        registration_deadline=_local(record, record["deadline"]) if "deadline" in record else None,
        max_meetings_per_participant=4,
        is_demo=True,
    )
    event.full_clean()
    event.save()
    event.work_areas.set(WorkArea.objects.filter(code__in=record.get("work_areas", [])))
    kinds = record.get("documents", [])
    if kinds:
        event.documents.set(Document.objects.filter(kind__in=kinds))
    for key, role in record["organizers"]:
        EventOrganization.objects.create(event=event, organization=organizations[key], role=role)
    day = event.starts_at.astimezone(event.zone)
    for session_record in record.get("sessions", []):
        session = Session.objects.create(
            event=event,
            title=session_record["title"],
            title_language=session_record.get("title_language", session_record["language"]),
            kind=session_record["kind"],
            starts_at=_at(day, session_record["starts"], record),
            ends_at=_at(day, session_record["ends"], record),
            room=session_record.get("room", ""),
            language=session_record["language"],
            interpretation=session_record.get("interpretation", []),
        )
        for order, (role, name, position, key) in enumerate(session_record.get("people", [])):
            SessionPerson.objects.create(
                session=session,
                role=role,
                name=name,
                position=position,
                organization=organizations.get(key),
                sort_order=order,
            )
    return event


def _matchmaking(
    event: Event,
    plan: dict[str, Any],
    languages: dict[str, list[str]],
    organizations: dict[str, Organization],
    summary: DemoSummary,
) -> None:
    """Registrations, slots, tables, interpreters, meeting requests and the schedule."""
    record_day = event.starts_at.astimezone(event.zone)
    registrations: dict[str, Registration] = {}
    for key in plan["participants"]:
        user = _participant(key, organizations)
        published = Listing.objects.filter(owner=organizations[key], status=ListingStatus.PUBLISHED)
        registration = Registration.objects.create(
            event=event,
            user=user,
            organization=organizations[key],
            languages=languages[key],
            status=RegistrationStatus.CONFIRMED,
        )
        registration.offers.set(published.exclude(kind=ListingKind.NEED)[:3])
        registration.seeks.set(published.filter(kind=ListingKind.NEED)[:3])
        registration.sessions.set(event.sessions.all())
        registrations[key] = registration
        summary.registrations += 1
    zone_record = {"time_zone": event.time_zone}
    for starts, ends in plan["slots"]:
        MeetingSlot.objects.create(
            event=event,
            starts_at=_at(record_day, starts, zone_record),
            ends_at=_at(record_day, ends, zone_record),
        )
    for number in range(1, plan["tables"] + 1):
        MeetingTable.objects.create(event=event, name=f"B{number}")
    for name, pairs in plan["interpreters"]:
        Interpreter.objects.create(event=event, name=name, language_pairs=pairs)
    from innobridge.events.selectors import partner_score
    from innobridge.search.services import index_listings

    # Scores come from the search index: the demo's listings are indexed by the worker
    # after every loader has run, so those of the participants are indexed now (with the
    # shipped vectors, in a moment).
    index_listings(
        Listing.objects.filter(owner__in=[r.organization for r in registrations.values()])
        .filter(status=ListingStatus.PUBLISHED)
        .values_list("pk", flat=True)
    )
    for requester_key, recipient_key, message, accepted in plan["requests"]:
        requester, recipient = registrations[requester_key], registrations[recipient_key]
        Meeting.objects.create(
            event=event,
            requester=requester,
            recipient=recipient,
            message=message,
            status=MeetingStatus.ACCEPTED if accepted else MeetingStatus.REQUESTED,
            score=round(partner_score(requester, recipient).score, 4),
        )
        summary.meetings += 1
    run = ScheduleRun.objects.create(event=event)
    services.schedule_execute(run, time_limit=SCHEDULE_SECONDS, past=True)
    if event.status == EventStatus.HELD:
        # Afterwards both sides said the meetings took place; half will follow up.
        for number, meeting in enumerate(event.meetings.filter(slot__isnull=False)):
            meeting.held_by_requester = meeting.held_by_recipient = True
            meeting.follow_up_by_requester = number % 2 == 0
            meeting.save()
        event.registrations.update(checked_in_at=event.starts_at)


@transaction.atomic
def demo_load(path: Path = DEMO_FILE) -> DemoSummary:
    data = json.loads(path.read_text(encoding="utf-8"))
    organizations = _organizations_by_key()
    summary = DemoSummary()
    for record in data["events"]:
        if Event.objects.filter(name=record["name"]).exists():
            continue
        event = _create_event(record, organizations)
        summary.created += 1
        if "matchmaking" in record:
            plan = data["matchmaking"][record["matchmaking"]]
            _matchmaking(event, plan, data["participants"], organizations, summary)
        summary.signed_agreements += services.link_signed_agreements(event)
    return summary


def _organizations_by_key() -> dict[str, Organization]:
    """The demo organizations by their key in the organizations' demo file (matched by
    name and country, as that demo stores them)."""
    from innobridge.organizations.demo import load_demo_records

    by_name = {(o.name, o.country): o for o in Organization.objects.all()}
    return {
        record["key"]: by_name[(record["name"], record["country"])]
        for record in load_demo_records()
        if (record["name"], record["country"]) in by_name
    }
