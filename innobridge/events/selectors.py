"""Reads of the events app: the calendar, an event's timetable, suggested partners ranked
by the matchmaking engine, agendas, the organizer's participant list and the report."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from innobridge.agreements.selectors import FunnelStep
from innobridge.events import permissions
from innobridge.events.choices import MeetingStatus, RegistrationStatus
from innobridge.events.models import Event, Meeting, Registration, Session
from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.search.documents import listing_text
from innobridge.search.ranking import COMPLEMENTS, MATCH_WEIGHTS, search


def calendar_queryset() -> QuerySet[Event]:
    """Every event, latest first, with what a calendar row shows, in a fixed number of
    queries (ordered explicitly: Meta.ordering does not apply to an aggregating query)."""
    return (
        Event.objects.prefetch_related("work_areas", Prefetch("organizers__organization"))
        .annotate(
            participants=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            )
        )
        .order_by("-starts_at", "-pk")
    )


def event_get(*, pk: int) -> Event:
    try:
        return Event.objects.prefetch_related(
            "work_areas", "documents", "organizers__organization"
        ).get(pk=pk)
    except Event.DoesNotExist as error:
        raise Http404 from error


@dataclass
class TimetableDay:
    day: date
    rooms: list[str]
    # One row per start time: the sessions in each room (None where a room is free).
    rows: list[tuple[Any, list[Session | None]]] = field(default_factory=list)


def timetable(event: Event) -> list[TimetableDay]:
    """The programme as a table per day: rooms across, start times down."""
    sessions = list(
        event.sessions.prefetch_related("people__organization").order_by("starts_at", "room", "pk")
    )
    days: dict[date, list[Session]] = defaultdict(list)
    for session in sessions:
        days[session.starts_at.astimezone(event.zone).date()].append(session)
    result = []
    for day, day_sessions in sorted(days.items()):
        rooms = sorted({s.room for s in day_sessions}, key=lambda room: (room == "", room))
        by_start: dict[Any, list[Session | None]] = {}
        for session in day_sessions:
            row = by_start.setdefault(session.starts_at, [None] * len(rooms))
            row[rooms.index(session.room)] = session
        result.append(
            TimetableDay(
                day=day,
                rooms=rooms,
                rows=[(start.astimezone(event.zone), row) for start, row in by_start.items()],
            )
        )
    return result


def registration_of(event: Event, user: Any) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        event.registrations.filter(user=user)
        .prefetch_related("offers", "seeks", "sessions", "unavailable_slots")
        .first()
    )


def registration_get(*, user: Any, pk: int) -> Registration:
    """A registration its participant or the event's organizers may see, else 404."""
    registration = (
        Registration.objects.select_related("event", "user", "organization").filter(pk=pk).first()
    )
    if registration is None or not permissions.can_view_registration(user, registration):
        raise Http404
    return registration


def participants(event: Event) -> QuerySet[Registration]:
    """The organizer's list: every registration with who, from where, speaking what."""
    return event.registrations.select_related("user", "organization").order_by(
        "status", "created_at", "pk"
    )


PARTICIPANT_COLUMNS = [
    "code", "name", "email", "organization", "country", "role", "languages", "status",
    "registered", "checked_in",
]  # fmt: skip


def participant_rows(event: Event) -> Iterator[list[Any]]:
    """The organizer's export, one row per registration, in PARTICIPANT_COLUMNS order."""
    for registration in participants(event):
        organization = registration.organization
        yield [
            registration.code,
            registration.user.get_full_name(),
            registration.user.email,
            organization.name if organization else "",
            organization.country if organization else "",
            registration.role,
            ", ".join(registration.languages),
            registration.get_status_display(),
            registration.created_at,
            registration.checked_in_at or "",
        ]


def shares_a_language(first: Registration, second: Registration) -> bool:
    return bool(set(first.languages) & set(second.languages))


# --- Suggested partners -------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerMatch:
    """How well two participants match, and the listings that say so (the reason)."""

    score: float = 0.0
    my_listing: Listing | None = None
    their_listing: Listing | None = None


@dataclass(frozen=True)
class Suggestion:
    registration: Registration
    match: PartnerMatch
    needs_interpreter: bool


def _listings(registration: Registration) -> list[Listing]:
    """What a participant offers and seeks: the listings chosen at registration, else
    every published listing of their organization."""
    chosen = [*registration.offers.all(), *registration.seeks.all()]
    if chosen:
        return [listing for listing in chosen if listing.status == ListingStatus.PUBLISHED]
    if registration.organization_id is None:
        return []
    return list(
        Listing.objects.filter(
            owner_id=registration.organization_id, status=ListingStatus.PUBLISHED
        )
    )


def partner_matches(registration: Registration, others: list[Registration]) -> dict[int, Any]:
    """For each other participant, the best match between one of this participant's
    listings and one of theirs of a complementary kind (offer ↔ need...), scored by the
    matchmaking engine (search.ranking with its matchmaking weights), across languages."""
    mine = _listings(registration)
    owner_of: dict[int, Registration] = {}
    for other in others:
        for listing in _listings(other):
            owner_of.setdefault(listing.pk, other)
    if not mine or not owner_of:
        return {}
    candidates = Listing.objects.filter(pk__in=list(owner_of))
    best: dict[int, PartnerMatch] = {}
    for listing in mine:
        results = search(
            listing_text(listing),
            candidates=candidates.filter(kind__in=COMPLEMENTS[listing.kind]),
            limit=len(owner_of),
            weights=MATCH_WEIGHTS,
        )
        for hit in results.hits:
            other = owner_of[hit.listing_id]
            if hit.score > best.get(other.pk, PartnerMatch()).score:
                best[other.pk] = PartnerMatch(hit.score, listing, hit.listing)
    return best


def partner_score(mine: Registration, theirs: Registration) -> PartnerMatch:
    return partner_matches(mine, [theirs]).get(theirs.pk, PartnerMatch())


def suggested_partners(registration: Registration, *, limit: int = 10) -> list[Suggestion]:
    """Other confirmed participants of other organizations, best match first, each with
    the listings that matched and whether an interpreter is needed."""
    others = list(
        registration.event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .exclude(user_id=registration.user_id)
        .exclude(
            organization_id=registration.organization_id,
            organization_id__isnull=False,
        )
        .select_related("user", "organization")
        .prefetch_related("offers", "seeks")
    )
    by_pk = {other.pk: other for other in others}
    matches = partner_matches(registration, others)
    ranked = sorted(matches.items(), key=lambda item: -item[1].score)[:limit]
    return [
        Suggestion(
            registration=by_pk[pk],
            match=match,
            needs_interpreter=not shares_a_language(registration, by_pk[pk]),
        )
        for pk, match in ranked
    ]


# --- Meetings and agendas -------------------------------------------------------------------


def meetings_of(registration: Registration) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(Q(requester=registration) | Q(recipient=registration))
        .select_related(
            "requester__user",
            "requester__organization",
            "recipient__user",
            "recipient__organization",
            "slot",
            "table",
            "interpreter",
            "interest__listing",
            "agreement",
        )
        .order_by("slot__starts_at", "created_at", "pk")
    )


@dataclass(frozen=True)
class AgendaItem:
    starts_at: Any
    ends_at: Any
    session: Session | None = None
    meeting: Meeting | None = None


def agenda(registration: Registration) -> list[AgendaItem]:
    """The sessions a participant attends and their scheduled meetings, in time order."""
    items = [
        AgendaItem(session.starts_at, session.ends_at, session=session)
        for session in registration.sessions.all()
    ]
    items += [
        AgendaItem(meeting.slot.starts_at, meeting.slot.ends_at, meeting=meeting)
        for meeting in meetings_of(registration).filter(
            status=MeetingStatus.ACCEPTED, slot__isnull=False
        )
    ]
    return sorted(items, key=lambda item: item.starts_at)


# --- The post-event report -----------------------------------------------------------------


@dataclass(frozen=True)
class EventReport:
    participants_by_country: list[tuple[str, int]]
    participants_by_type: list[tuple[str, int]]
    meetings: dict[str, int]
    interpreters_used: int
    agreements_signed: int
    follow_ups: int


def report(event: Event, *, agreements: QuerySet) -> EventReport:
    """The figures after an event; `agreements` are those the viewer may see (so a
    parties-only agreement never shows in a public count)."""
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "organization"
    )
    countries: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for registration in confirmed:
        organization = registration.organization
        countries[organization.country if organization else ""] += 1
        types[organization.get_type_display() if organization else ""] += 1
    meetings = event.meetings.all()
    figures = {
        "requested": meetings.count(),
        "accepted": meetings.filter(status=MeetingStatus.ACCEPTED).count(),
        "scheduled": meetings.filter(status=MeetingStatus.ACCEPTED, slot__isnull=False).count(),
        "held": meetings.filter(Q(held_by_requester=True) | Q(held_by_recipient=True)).count(),
    }
    return EventReport(
        participants_by_country=countries.most_common(),
        participants_by_type=types.most_common(),
        meetings=figures,
        interpreters_used=meetings.filter(interpreter__isnull=False)
        .values("interpreter")
        .distinct()
        .count(),
        agreements_signed=agreements.filter(signed_at=event).count(),
        follow_ups=meetings.filter(
            Q(follow_up_by_requester=True)
            | Q(follow_up_by_recipient=True)
            | Q(interest__isnull=False)
            | Q(agreement__isnull=False)
        ).count(),
    )


def meeting_funnel_steps(agreements: QuerySet) -> list[FunnelStep]:
    """The agreements funnel's B2B stages: requests between partners the matchmaking
    suggested (a match score above zero), meetings held, and agreements they led to."""
    meetings = Meeting.objects.all()
    held = meetings.filter(Q(held_by_requester=True) | Q(held_by_recipient=True))
    return [
        FunnelStep(_("B2B meetings requested with a suggested partner"),
                   meetings.filter(score__gt=0).count()),
        FunnelStep(_("B2B meetings held"), held.count()),
        FunnelStep(_("Agreements that came from a B2B meeting"),
                   agreements.filter(meetings__in=held).distinct().count()),
    ]  # fmt: skip


def report_rows(figures: EventReport) -> list[tuple[str, str, int]]:
    """The report's tables as one table (section, item, count) for CSV/XLSX."""
    return [
        *(("country", code, count) for code, count in figures.participants_by_country),
        *(("organization type", name, count) for name, count in figures.participants_by_type),
        *(("meetings", name, count) for name, count in figures.meetings.items()),
        ("interpreters", "used", figures.interpreters_used),
        ("agreements", "signed", figures.agreements_signed),
        ("follow-ups", "meetings", figures.follow_ups),
    ]
