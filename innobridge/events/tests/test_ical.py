"""The iCalendar feeds (ical.py through their pages): every event, one event with its
programme, and a participant's agenda, read back with the `icalendar` package."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from innobridge.events.choices import EventStatus
from innobridge.events.tests.factories import (
    EventFactory,
    InterpreterFactory,
    RegistrationFactory,
    event_cast,
    placed_meeting,
)

pytestmark = pytest.mark.django_db

SITE = "https://innobridge.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def cast(member, secretariat):
    return event_cast(member=member, secretariat=secretariat)


def parsed(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def entries(calendar: Calendar) -> list[tuple]:
    """Each VEVENT as (uid, summary, start, end, location)."""
    return [
        (
            str(entry["uid"]),
            str(entry["summary"]),
            entry.decoded("dtstart"),
            entry.decoded("dtend"),
            str(entry.get("location", "")),
        )
        for entry in calendar.walk("VEVENT")
    ]


def test_calendar_feed_holds_every_event_with_its_place_and_page(client):
    chengdu = EventFactory(name="Chengdu dialogue", status=EventStatus.HELD,
                           day=date(2025, 6, 12), venue="Tianfu Hall", city="Chengdu",
                           country="CN")  # fmt: skip
    online = EventFactory(name="Online training", venue="", city="", country="",
                          online_url="https://meet.example/training")  # fmt: skip
    cancelled = EventFactory(name="Cancelled forum", status=EventStatus.CANCELLED)

    response = client.get("/en/events/events.ics")

    calendar = parsed(response)
    assert str(calendar["x-wr-calname"]) == "Alliance events"
    assert response["Content-Disposition"] == 'attachment; filename="innobridge-events.ics"'
    assert entries(calendar) == [
        (f"event-{chengdu.pk}@innobridge", "Chengdu dialogue", chengdu.starts_at,
         chengdu.ends_at, "Tianfu Hall, Chengdu, China"),
        (f"event-{online.pk}@innobridge", "Online training", online.starts_at, online.ends_at,
         "https://meet.example/training"),
        (f"event-{cancelled.pk}@innobridge", "Cancelled forum", cancelled.starts_at,
         cancelled.ends_at, "Hoa Lac Hi-Tech Park, Hanoi, Vietnam"),
    ]  # fmt: skip
    urls = [str(entry["url"]) for entry in calendar.walk("VEVENT")]
    assert urls[0] == f"{SITE}/en/events/{chengdu.pk}/"


def test_event_feed_names_the_event_in_the_visitors_language(client):
    event = EventFactory(name="绵阳—湄公河农业科技对接日", name_language="zh-hans",
                         translated_names={"vi": "Ngày kết nối Miên Dương – Mê Kông"})  # fmt: skip
    [(_uid, summary, *_rest)] = entries(parsed(client.get(f"/vi/events/{event.pk}/event.ics")))
    assert summary == "Ngày kết nối Miên Dương – Mê Kông"


def test_event_feed_holds_the_event_and_its_programme(client, cast):
    response = client.get(f"/en/events/{cast.event.pk}/event.ics")

    event, session = cast.event, cast.session
    assert response["Content-Disposition"] == (
        f'attachment; filename="innobridge-event-{event.pk}.ics"'
    )
    assert entries(parsed(response)) == [
        (f"event-{event.pk}@innobridge", event.name, event.starts_at, event.ends_at,
         "Hoa Lac Hi-Tech Park, Hanoi, Vietnam"),
        (f"session-{session.pk}@innobridge", session.title, session.starts_at,
         session.ends_at, "Hall A"),
    ]  # fmt: skip


def test_agenda_feed_holds_the_participants_sessions_and_placed_meetings(client, cast):
    cast.meeting.interpreter = InterpreterFactory(event=cast.event)
    cast.meeting.save()
    placed_meeting(cast.event, RegistrationFactory(event=cast.event), cast.theirs)  # not theirs
    client.force_login(cast.users["participant"])

    calendar = parsed(client.get(f"/en/events/{cast.event.pk}/agenda.ics"))

    session, meeting, slot = cast.session, cast.meeting, cast.meeting.slot
    other = cast.theirs.user.get_full_name()
    assert entries(calendar) == [
        (f"session-{session.pk}@innobridge", session.title, session.starts_at,
         session.ends_at, "Hall A"),
        (f"meeting-{meeting.pk}@innobridge", f"Meeting with {other}", slot.starts_at,
         slot.ends_at, meeting.table.name),
    ]  # fmt: skip


def test_agenda_feed_gives_an_online_table_its_link(client, cast):
    table = cast.meeting.table
    table.online_url = "https://meet.example/b1"
    table.save()
    client.force_login(cast.users["other_side"])
    calendar = parsed(client.get(f"/en/events/{cast.event.pk}/agenda.ics"))
    [(_uid, summary, *_times, location)] = entries(calendar)
    assert (summary, location) == (
        f"Meeting with {cast.mine.user.get_full_name()}",
        f"{table.name} https://meet.example/b1",
    )
