"""iCalendar files (RFC 5545, the `icalendar` package): the calendar of every event, one
event with its programme, and a participant's agenda of sessions and meetings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from innobridge.events.models import Event
from innobridge.events.selectors import AgendaItem

PRODUCT = "-//Innobridge//Alliance events//EN"
DOMAIN = "innobridge"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _entry(
    uid: str, summary: str, starts_at: datetime, ends_at: datetime, *, location: str = "",
    url: str = "", description: str = "",
) -> CalendarEvent:  # fmt: skip
    entry = CalendarEvent()
    entry.add("uid", f"{uid}@{DOMAIN}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", starts_at)
    entry.add("dtend", ends_at)
    entry.add("summary", summary)
    if location:
        entry.add("location", location)
    if url:
        entry.add("url", url)
    if description:
        entry.add("description", description)
    return entry


def _place(event: Event) -> str:
    parts = [event.venue, event.city, event.country_name]
    return ", ".join(part for part in parts if part) or event.online_url


def events_calendar(events: Iterable[Event], *, name: str) -> bytes:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(
            _entry(
                f"event-{event.pk}",
                event.display_name,
                event.starts_at,
                event.ends_at,
                location=_place(event),
                url=settings.SITE_URL + event.get_absolute_url(),
            )
        )
    return calendar.to_ical()


def event_calendar(event: Event) -> bytes:
    """The event and each session of its programme."""
    calendar = _calendar(event.display_name)
    url = settings.SITE_URL + event.get_absolute_url()
    calendar.add_component(
        _entry(
            f"event-{event.pk}",
            event.display_name,
            event.starts_at,
            event.ends_at,
            location=_place(event),
            url=url,
        )
    )
    for session in event.sessions.all():
        calendar.add_component(
            _entry(
                f"session-{session.pk}",
                session.title,
                session.starts_at,
                session.ends_at,
                location=session.room,
                url=url,
            )
        )
    return calendar.to_ical()


def agenda_calendar(event: Event, items: Iterable[AgendaItem], *, meeting_title) -> bytes:
    """A participant's agenda; `meeting_title(meeting)` names a meeting in their language."""
    calendar = _calendar(event.display_name)
    url = settings.SITE_URL + event.get_absolute_url()
    for item in items:
        if item.session is not None:
            calendar.add_component(
                _entry(
                    f"session-{item.session.pk}",
                    item.session.title,
                    item.starts_at,
                    item.ends_at,
                    location=item.session.room,
                    url=url,
                )
            )
        else:
            meeting = item.meeting
            location = meeting.table.name if meeting.table else ""
            if meeting.table and meeting.table.online_url:
                location = f"{location} {meeting.table.online_url}".strip()
            calendar.add_component(
                _entry(
                    f"meeting-{meeting.pk}",
                    meeting_title(meeting),
                    item.starts_at,
                    item.ends_at,
                    location=location,
                    url=url,
                )
            )
    return calendar.to_ical()
