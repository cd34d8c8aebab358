"""The demo events: the Chengdu dialogue of 12 June 2025 with its programme, documents and
agreements, events from 2021 on in many countries, and two matchmaking days with
participants who speak different languages, interpreters and a computed schedule.

Every demo loader runs (the events need the organizations, listings, agreements and
documents of the others); that takes a while, so the tests of this module share one load,
made once and rolled back after the last test (each test still runs in its own savepoint on
top of it). Uploads and the search index go to a folder of the module's own.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils.module_loading import import_string

from innobridge.agreements.models import Agreement
from innobridge.core.language_detection import detect_language
from innobridge.events import demo
from innobridge.events.choices import (
    EventStatus,
    EventType,
    MeetingStatus,
    RegistrationStatus,
    RunStatus,
    SessionKind,
)
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
from innobridge.news.timezones import zone_info
from innobridge.search.semantic import reset_indexes

pytestmark = pytest.mark.django_db

DIALOGUE = "“一带一路”科技园区合作创新发展对话"
MATCHMAKING_DAYS = [
    "Mianyang–Mekong Agritech Matchmaking Day",
    "Hội nghị kết nối công nghệ Việt Nam – Trung Quốc 2027",
]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every app's demo, loaded once for the module; the summary of the events' load."""
    folder = tmp_path_factory.mktemp("events-demo")
    with (
        override_settings(
            MEDIA_ROOT=folder / "media",
            SEARCH_INDEX_DIR=folder / "search",
            LISTING_CHANGE_TASKS=[],
            TASKS=IMMEDIATE,
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        reset_indexes()
        summaries = {path: import_string(path)() for path in settings.DEMO_LOADERS}
        yield summaries["innobridge.events.demo.demo_load"]
        transaction.set_rollback(True)
    reset_indexes()


def dialogue() -> Event:
    return Event.objects.get(name=DIALOGUE)


def test_demo_load_reports_what_it_created(loaded):
    assert str(loaded) == (
        "22 events created, 18 registrations, 12 meeting requests, 8 agreements linked"
    )
    assert Event.objects.filter(is_demo=True).count() == Event.objects.count() == 22


def test_chengdu_dialogue_is_held_on_12_june_2025_by_its_three_hosts(loaded):
    event = dialogue()
    shanghai = zone_info("Asia/Shanghai")
    assert (event.event_type, event.status, event.city, event.country) == (
        EventType.DIALOGUE,
        EventStatus.HELD,
        "Chengdu",
        "CN",
    )
    assert (event.starts_at, event.ends_at) == (
        datetime(2025, 6, 12, 9, 0, tzinfo=shanghai),
        datetime(2025, 6, 12, 17, 30, tzinfo=shanghai),
    )
    assert event.name_in("en") == (
        "Belt and Road Science Park Cooperation and Innovation Development Dialogue",
        "en",
    )
    assert sorted(
        EventOrganization.objects.filter(event=event).values_list("organization__name", "role")
    ) == sorted(
        [
            ("工业和信息化部火炬高技术产业开发中心", "host"),
            ("四川省科学技术厅", "host"),
            ("绵阳市人民政府", "host"),
        ]
    )


def test_chengdu_dialogue_programme_has_keynotes_roundtable_release_and_signing(loaded):
    sessions = list(dialogue().sessions.order_by("starts_at"))
    assert [(s.kind, s.local_starts_at.strftime("%H:%M"), s.room) for s in sessions] == [
        (SessionKind.OPENING, "09:00", "主会场"),
        (SessionKind.KEYNOTE, "09:30", "主会场"),
        (SessionKind.RELEASE, "10:30", "主会场"),
        (SessionKind.ROUNDTABLE, "11:00", "主会场"),
        (SessionKind.SIGNING, "14:00", "主会场"),
    ]
    keynote, roundtable = sessions[1], sessions[3]
    assert list(keynote.people.values_list("role", "name")) == [
        ("speaker", "Ebba Lundqvist"),
        ("speaker", "倪乾"),
        ("speaker", "任俊峰"),
        ("speaker", "杨光垚"),
    ]
    assert list(roundtable.people.values_list("role", "name", "organization__name")) == [
        ("moderator", "邓松", "重庆高新技术产业开发区")
    ]
    assert sessions[4].interpretation == ["en", "vi"]


def test_chengdu_dialogue_released_two_documents_and_eight_agreements_were_signed_there(loaded):
    event = dialogue()
    assert sorted(event.documents.values_list("kind", flat=True)) == [
        "action_initiative",
        "construction_plan",
    ]
    signed = Agreement.objects.filter(signed_at=event)
    assert signed.count() == 8
    assert not Agreement.objects.filter(signed_at_event=DIALOGUE).exists()  # all linked


def test_chengdu_dialogue_page_shows_programme_documents_and_agreements(loaded, client):
    response = client.get(f"/en/events/{dialogue().pk}/")
    assert response.status_code == 200
    assert [len(day.rows) for day in response.context["days"]] == [5]
    assert len(response.context["agreements"]) == 8
    page = response.content.decode()
    assert "圆桌论坛" in page and "Documents released" in page and "Agreements signed" in page


def test_api_lists_every_demo_event_across_pages(loaded, api_client):
    seen, url = [], "/api/v1/events/?page_size=5"
    while url:
        body = api_client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) >= 21
    assert len(seen) == body["count"]


def test_demo_events_span_2021_to_2026_in_at_least_eight_countries(loaded):
    years = {event.starts_at.year for event in Event.objects.all()}
    assert {2021, 2022, 2023, 2024, 2025, 2026} <= years
    countries = set(
        Event.objects.filter(starts_at__year__gte=2021, starts_at__year__lte=2026)
        .exclude(country="")
        .values_list("country", flat=True)
    )
    assert len(countries) >= 8, countries
    assert set(Event.objects.values_list("event_type", flat=True)) == set(EventType.values)


def matchmaking_days() -> list[Event]:
    return [Event.objects.get(name=name) for name in MATCHMAKING_DAYS]


def test_matchmaking_days_have_registrations_slots_tables_and_interpreters(loaded):
    held, upcoming = matchmaking_days()
    assert (held.status, upcoming.status) == (EventStatus.HELD, EventStatus.REGISTRATION_OPEN)
    counts = [
        (
            Registration.objects.filter(event=e, status=RegistrationStatus.CONFIRMED).count(),
            MeetingSlot.objects.filter(event=e).count(),
            MeetingTable.objects.filter(event=e).count(),
            sorted(Interpreter.objects.filter(event=e).values_list("name", flat=True)),
        )
        for e in (held, upcoming)
    ]
    assert counts == [
        (10, 6, 6, ["Lê Thu Hà", "Somchai Wongsa"]),
        (8, 5, 5, ["Nguyễn Minh Châu"]),
    ]
    spoken = Registration.objects.filter(event=held).values_list("languages", flat=True)
    assert {code for codes in spoken for code in codes} == {"zh-hans", "en", "vi", "th", "lo"}


def test_matchmaking_requests_are_written_in_several_languages(loaded):
    messages = Meeting.objects.filter(event__in=matchmaking_days()).values_list(
        "message", flat=True
    )
    assert {detect_language(message) for message in messages} == {"vi", "en", "th", "zh-hans"}


def test_matchmaking_schedule_is_computed_with_interpreters_where_needed(loaded):
    for event in matchmaking_days():
        [run] = ScheduleRun.objects.filter(event=event)
        accepted = event.meetings.filter(status=MeetingStatus.ACCEPTED)
        assert (run.status, run.placed, run.unplaced) == (RunStatus.DONE, accepted.count(), 0)
        assert not accepted.filter(slot__isnull=True).exists()
        assert not accepted.filter(table__isnull=True).exists()
        for meeting in accepted.select_related("requester", "recipient", "interpreter"):
            shared = set(meeting.requester.languages) & set(meeting.recipient.languages)
            assert (meeting.interpreter is not None) == (not shared), meeting
    held, _upcoming = matchmaking_days()
    with_interpreter = held.meetings.filter(interpreter__isnull=False)
    # Vietnamese with Chinese twice (Lê Thu Hà), Thai with Chinese and English once.
    assert sorted(with_interpreter.values_list("interpreter__name", flat=True)) == [
        "Lê Thu Hà",
        "Lê Thu Hà",
        "Somchai Wongsa",
    ]


def test_held_matchmaking_day_reports_meetings_held_and_follow_ups(loaded, client):
    held, _upcoming = matchmaking_days()
    report = client.get(f"/en/events/{held.pk}/").context["report"]
    assert report.meetings == {"requested": 7, "accepted": 6, "scheduled": 6, "held": 6}
    assert (report.interpreters_used, report.follow_ups) == (2, 3)
    assert not held.registrations.filter(checked_in_at__isnull=True).exists()


def row_counts() -> list[int]:
    models = [
        Event,
        EventOrganization,
        Session,
        SessionPerson,
        Registration,
        MeetingSlot,
        MeetingTable,
        Interpreter,
        Meeting,
        ScheduleRun,
        Event.history.model,
        Meeting.history.model,
        Registration.history.model,
    ]
    return [model.objects.count() for model in models]


def test_demo_load_twice_changes_nothing(loaded):
    before = row_counts()
    linked = list(Agreement.objects.order_by("pk").values_list("pk", "signed_at"))
    again = demo.demo_load()
    assert (
        str(again) == "0 events created, 0 registrations, 0 meeting requests, 0 agreements linked"
    )
    assert row_counts() == before
    assert list(Agreement.objects.order_by("pk").values_list("pk", "signed_at")) == linked
