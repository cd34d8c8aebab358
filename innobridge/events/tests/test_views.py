"""Pages of the events app: who sees which page, the calendar's filters and pages, the event
page (timetable, organizers, documents, agreements), the iCalendar feeds, the registration's
QR code, check-in and the exports."""

from __future__ import annotations

import base64
import csv
import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.core.models import WorkArea
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.events.choices import (
    EventStatus,
    EventType,
    MeetingStatus,
    OrganizationRole,
    PersonRole,
    RegistrationStatus,
    SessionKind,
)
from innobridge.events.models import EventOrganization, Meeting, Registration, SessionPerson
from innobridge.events.qr import qr_png
from innobridge.events.tests.factories import (
    ROLES,
    EventFactory,
    MeetingSlotFactory,
    RegistrationFactory,
    SessionFactory,
    event_cast,
    local,
)
from innobridge.news.tests.factories import DocumentFactory
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

CALENDAR_URL = "/en/events/"
SITE = "https://innobridge.example"
WHO = ROLES


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def cast(member, secretariat):
    return event_cast(member=member, secretariat=secretariat)


def url(event, tail: str = "") -> str:
    return f"/en/events/{event.pk}/{tail}"


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def statuses(client, cast, path: str, method: str = "get", data=None) -> dict[str, int]:
    """The status each of WHO gets; a redirect of a visitor must go to the sign-in page."""
    seen = {}
    for who in WHO:
        response = getattr(as_user(client, cast.users[who]), method)(path, data or {})
        seen[who] = response.status_code
        if who == "visitor" and response.status_code == 302:
            assert response["Location"] == f"/en/accounts/login/?next={path}"
    return seen


def names(response) -> list[str]:
    return [event.name for event in response.context["page"].object_list]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


# --- Who sees which page ----------------------------------------------------------------------

EVERYONE = dict.fromkeys(WHO, 200)
SIGNED_IN = {**EVERYONE, "visitor": 302}
PARTICIPANTS = {**SIGNED_IN, "member": 403, "organizer": 403, "secretariat": 403}
OWNER = {**SIGNED_IN, "member": 404, "organizer": 404, "secretariat": 404}
ORGANIZERS = {**SIGNED_IN, "member": 403, "participant": 403, "other_side": 403}
MANAGERS_ONLY = {**dict.fromkeys(WHO, 404), "organizer": 200, "secretariat": 200}


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("", EVERYONE),
        ("event.ics", EVERYONE),
        ("register/", SIGNED_IN),
        ("registration/", OWNER),
        ("partners/", PARTICIPANTS),
        ("meetings/", PARTICIPANTS),
        ("agenda/", PARTICIPANTS),
        ("agenda.ics", PARTICIPANTS),
        ("participants/", ORGANIZERS),
        ("participants.csv", ORGANIZERS),
        ("participants.xlsx", ORGANIZERS),
        ("check-in/", ORGANIZERS),
        ("b2b/", ORGANIZERS),
        ("report.csv", MANAGERS_ONLY),  # before the event is held
        ("report.xlsx", MANAGERS_ONLY),
    ],
)
def test_event_pages_answer_each_role(client, cast, tail, expected):
    assert statuses(client, cast, url(cast.event, tail)) == expected


@pytest.mark.parametrize("path", ["/en/events/", "/en/events/events.ics"])
def test_calendar_and_its_feed_are_open_to_everyone(client, cast, path):
    assert statuses(client, cast, path) == EVERYONE


def test_report_of_a_held_event_is_open_to_everyone(client, cast):
    cast.event.status = EventStatus.HELD
    cast.event.save()
    assert statuses(client, cast, url(cast.event, "report.csv")) == EVERYONE


def test_planned_and_cancelled_events_are_public(client):
    planned = EventFactory(status=EventStatus.PLANNED, name="Planned forum")
    cancelled = EventFactory(status=EventStatus.CANCELLED, name="Cancelled forum")
    assert sorted(names(client.get(CALENDAR_URL))) == ["Cancelled forum", "Planned forum"]
    assert client.get(url(planned)).status_code == 200
    assert "Registration is not open." in client.get(url(cancelled)).content.decode()


@pytest.mark.parametrize("tail", ["", "registration/", "participants/", "report.csv"])
def test_pages_of_an_event_that_does_not_exist_are_404(client, secretariat, tail):
    client.force_login(secretariat)
    assert client.get(f"/en/events/999999/{tail}").status_code == 404


def test_editor_of_a_supporting_organization_does_not_manage_the_event(client, cast):
    supporter = OrganizationFactory()
    EventOrganization.objects.create(
        event=cast.event, organization=supporter, role=OrganizationRole.SUPPORTER
    )
    client.force_login(UserFactory(organization=supporter, role=Role.MEMBER_EDITOR))
    response = client.get(url(cast.event, "participants/"))
    assert response.status_code == 403
    assert "You do not have permission to do this." in response.content.decode()


# Meeting actions: the two sides only; anyone else is told there is no such meeting.
SIDES = {**dict.fromkeys(WHO, 404), "visitor": 302, "participant": 302, "other_side": 302}


@pytest.mark.parametrize(
    "action", ["answer", "cancel", "outcome", "follow-up/interest", "follow-up/agreement"]
)
def test_meeting_actions_are_for_the_two_sides_only(client, cast, action):
    # Both sides get the meetings page back (the services' messages say what happened).
    path = url(cast.event, f"meetings/{cast.meeting.pk}/{action}/")
    assert statuses(client, cast, path, method="post") == SIDES


def test_organizer_cannot_cancel_someone_elses_meeting(client, cast):
    client.force_login(cast.users["organizer"])
    response = client.post(url(cast.event, f"meetings/{cast.meeting.pk}/cancel/"))
    assert response.status_code == 404
    assert Meeting.objects.get(pk=cast.meeting.pk).status == MeetingStatus.ACCEPTED


def test_meeting_of_another_event_is_404_even_for_its_sides(client, cast):
    elsewhere = EventFactory()
    client.force_login(cast.users["participant"])
    response = client.post(url(elsewhere, f"meetings/{cast.meeting.pk}/cancel/"))
    assert response.status_code == 404
    assert Meeting.objects.get(pk=cast.meeting.pk).status == MeetingStatus.ACCEPTED


def test_participant_deciding_a_registration_is_403_and_changes_nothing(client, cast):
    pending = RegistrationFactory(event=cast.event, status=RegistrationStatus.PENDING)
    client.force_login(cast.users["participant"])
    path = url(cast.event, f"participants/{pending.pk}/decide/")
    assert client.post(path, {"approve": "1"}).status_code == 403
    assert Registration.objects.get(pk=pending.pk).status == RegistrationStatus.PENDING
    client.force_login(cast.users["organizer"])
    assert client.post(path, {"approve": "1"}).status_code == 302
    assert Registration.objects.get(pk=pending.pk).status == RegistrationStatus.CONFIRMED


# --- The calendar -----------------------------------------------------------------------------


@pytest.fixture
def calendar_events(db):
    transfer = WorkArea.objects.get(code="technology-transfer")
    return {
        "dialogue": EventFactory(name="Chengdu dialogue", event_type=EventType.DIALOGUE,
                                 status=EventStatus.HELD, day=date(2025, 6, 12), city="Chengdu",
                                 country="CN", work_areas=[transfer]),
        "forum": EventFactory(name="Bangkok forum", event_type=EventType.FORUM,
                              status=EventStatus.HELD, day=date(2024, 3, 8), city="Bangkok",
                              country="TH"),
        "matchmaking": EventFactory(name="Hanoi matchmaking", work_areas=[transfer]),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Hanoi matchmaking", "Chengdu dialogue", "Bangkok forum"]),
        ({"type": "dialogue"}, ["Chengdu dialogue"]),
        ({"country": "TH"}, ["Bangkok forum"]),
        ({"year": "2025"}, ["Chengdu dialogue"]),
        ({"work_area": "technology-transfer"}, ["Hanoi matchmaking", "Chengdu dialogue"]),
        ({"when": "upcoming"}, ["Hanoi matchmaking"]),
        ({"when": "past"}, ["Chengdu dialogue", "Bangkok forum"]),
        ({"when": "past", "work_area": "technology-transfer"}, ["Chengdu dialogue"]),
        ({"q": "chengdu"}, ["Chengdu dialogue"]),
    ],
)
def test_calendar_filters(client, calendar_events, query, expected):
    response = client.get(CALENDAR_URL, query)
    assert (response.status_code, names(response)) == (200, expected)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"year": "soon"}, "year", "Enter a number."),
        ({"year": "1700"}, "year", "Ensure this value is greater than or equal to 1990."),
        ({"country": "ZZ"}, "country",
         "Select a valid choice. ZZ is not one of the available choices."),
        ({"type": "party"}, "type",
         "Select a valid choice. party is not one of the available choices."),
        ({"work_area": "astrology"}, "work_area",
         "Select a valid choice. That choice is not one of the available choices."),
    ],
)  # fmt: skip
def test_calendar_with_an_invalid_filter_is_a_400_that_says_why(
    client, calendar_events, query, field, message
):
    response = client.get(CALENDAR_URL, query)
    assert (response.status_code, names(response)) == (400, [])
    assert response.context["filterset"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()


def test_calendar_pages_twenty_events_at_a_time_and_keeps_the_filters(client):
    for number in range(23):
        EventFactory(name=f"Forum {number:02d}", day=date(2024, 1, 1) + timedelta(days=number))
    first = client.get(CALENDAR_URL, {"year": "2024"})
    second = client.get(CALENDAR_URL, {"year": "2024", "page": "2"})
    beyond = client.get(CALENDAR_URL, {"year": "2024", "page": "99"})
    assert names(first) == [f"Forum {n:02d}" for n in range(22, 2, -1)]
    assert names(second) == ["Forum 02", "Forum 01", "Forum 00"]
    assert names(beyond) == names(second)  # the last page
    assert second.context["query"] == "year=2024"


def test_calendar_answers_htmx_with_the_results_only(client, calendar_events):
    response = client.get(CALENDAR_URL, {"type": "forum"}, headers={"HX-Request": "true"})
    templates = [template.name for template in response.templates]
    assert "events/_results.html" in templates and "events/calendar.html" not in templates
    assert names(response) == ["Bangkok forum"]


def test_calendar_card_shows_organizers_and_confirmed_participants(client):
    event = EventFactory(organizers=[OrganizationFactory(name="Hoa Lac Hi-Tech Park Board")])
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    page = client.get(CALENDAR_URL).content.decode()
    assert "Hoa Lac Hi-Tech Park Board" in page and "2 participants" in page


def test_calendar_query_count_does_not_grow_with_events(client, member):
    client.force_login(member)
    areas = list(WorkArea.objects.order_by("pk")[:2])

    def add_events(count: int) -> None:
        for _index in range(count):
            event = EventFactory(
                organizers=[OrganizationFactory(), OrganizationFactory()], work_areas=areas
            )
            RegistrationFactory(event=event)

    result = assert_list_queries_do_not_grow(
        lambda: client.get(CALENDAR_URL),
        add_rows=add_events,
        shown=lambda response: len(names(response)),
    )
    assert result.shown == (2, 6)


# --- The event page ---------------------------------------------------------------------------


def test_event_page_shows_the_timetable_per_day_and_room(client):
    event = EventFactory()
    event.ends_at += timedelta(days=1)
    event.save()
    keynote = SessionFactory(event=event, title="Keynote on parks", room="Hall A")
    SessionPerson.objects.create(
        session=keynote, role=PersonRole.SPEAKER, name="Ebba Lundqvist", position="CEO"
    )
    SessionFactory(
        event=event, title="Roundtable on transfer", kind=SessionKind.ROUNDTABLE, room="Hall B"
    )
    second_day = {"starts_at": local(event, 9, 30, day=1), "ends_at": local(event, 10, day=1)}
    SessionFactory(
        event=event, title="Signing ceremony", kind=SessionKind.SIGNING, room="", **second_day
    )

    response = client.get(url(event))

    # One table a day (selectors.timetable has the details): rooms across, times down.
    assert [(day.rooms, len(day.rows)) for day in response.context["days"]] == [
        (["Hall A", "Hall B"], 1),
        ([""], 1),
    ]
    page = response.content.decode()
    assert "Speaker: <span data-content>Ebba Lundqvist, CEO</span>" in page
    # In the venue's time zone (Hanoi), not the server's (Shanghai, an hour ahead).
    assert "<time>10:00</time>" in page and "Keynote · 10:00–11:00" in page
    assert "Main programme" in page and "Signing ceremony · 09:30–10:00" in page


def test_event_page_shows_organizers_documents_and_the_agreements_signed_there(client, secretariat):
    host = OrganizationFactory(name="Torch High Technology Industry Development Center")
    event = EventFactory(organizers=[host], status=EventStatus.HELD)
    plan = DocumentFactory(title="Construction Plan of the Alliance")
    initiative = DocumentFactory(
        title="Joint Action Initiative", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="i.pdf")
    )
    event.documents.set([plan, initiative])
    AgreementFactory(title="Public rice trial", signed_at=event)
    AgreementFactory(title="Confidential licence", signed_at=event, parties_only=True)
    AgreementFactory(title="Signed elsewhere")

    page = client.get(url(event)).content.decode()

    assert "Torch High Technology Industry Development Center</a>" in page
    assert "(Organizer)" in page
    assert "Construction Plan of the Alliance" in page and "Joint Action Initiative" in page
    assert [a.title for a in client.get(url(event)).context["agreements"]] == ["Public rice trial"]
    assert "Confidential licence" not in page and "Signed elsewhere" not in page
    client.force_login(secretariat)
    agreements = client.get(url(event)).context["agreements"]
    assert [a.title for a in agreements] == ["Confidential licence", "Public rice trial"]


def test_held_event_page_reports_what_came_of_it_counting_visible_agreements(client, cast):
    cast.event.status = EventStatus.HELD
    cast.event.save()
    AgreementFactory(signed_at=cast.event)
    AgreementFactory(signed_at=cast.event, parties_only=True)
    report = client.get(url(cast.event)).context["report"]
    assert (report.meetings, report.agreements_signed) == (
        {"requested": 1, "accepted": 1, "scheduled": 1, "held": 0},
        1,
    )


def test_event_page_offers_what_each_person_can_do(client, cast):
    def page(who: str) -> str:
        return as_user(client, cast.users[who]).get(url(cast.event)).content.decode()

    assert "Sign in to register." in page("visitor")
    assert 'id="register"' in page("member")
    assert 'id="suggested-partners"' in page("participant")
    assert "Organizer:" in page("organizer") and "Organizer:" not in page("participant")


# --- Agenda -----------------------------------------------------------------------------------


def test_agenda_page_shows_times_in_the_venues_time_zone(client, cast):
    client.force_login(cast.users["participant"])
    page = client.get(url(cast.event, "agenda/")).content.decode()
    session_start = date_format(cast.session.local_starts_at, "DATETIME_FORMAT")
    slot_start = date_format(local(cast.event, 14), "DATETIME_FORMAT")
    assert f"{session_start}–11:00" in page and f"{slot_start}–14:30" in page


# --- Registration, QR code, check-in -----------------------------------------------------------


def test_registration_page_shows_the_qr_code_of_the_check_in_code(client, cast):
    client.force_login(cast.users["participant"])
    response = client.get(url(cast.event, "registration/"))
    qr = response.context["qr"]
    assert qr.startswith("data:image/png;base64,")
    assert base64.b64decode(qr.split(",", 1)[1]) == qr_png(cast.mine.code)
    page = response.content.decode()
    assert f'<img src="{qr}"' in page
    assert f'<code id="check-in-code" translate="no">{cast.mine.code}</code>' in page


def test_registration_awaiting_approval_has_no_qr_code(client):
    pending = RegistrationFactory(status=RegistrationStatus.PENDING)
    client.force_login(pending.user)
    response = client.get(url(pending.event, "registration/"))
    assert response.context["qr"] == ""
    assert "The organizers will confirm your registration." in response.content.decode()


def test_registering_with_no_language_is_a_400_and_registers_nobody(client, member):
    event = EventFactory()
    client.force_login(member)
    response = client.post(url(event, "register/"), {"role": "delegate"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"languages": ["This field is required."]}
    assert not Registration.objects.exists()


def test_registering_for_a_closed_event_is_a_400_that_says_why(client, member):
    event = EventFactory(status=EventStatus.REGISTRATION_CLOSED)
    client.force_login(member)
    response = client.post(url(event, "register/"), {"languages": ["vi", "en"]})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Registration for this event is not open."
    ]
    assert not Registration.objects.exists()


def test_registering_confirms_and_leads_to_the_registration_page(client, member):
    event = EventFactory()
    client.force_login(member)
    response = client.post(url(event, "register/"), {"languages": ["vi", "en"], "role": "CTO"})
    assert response["Location"] == url(event, "registration/")
    registration = Registration.objects.get()
    assert (registration.user, registration.languages, registration.role, registration.status) == (
        member, ["vi", "en"], "CTO", RegistrationStatus.CONFIRMED
    )  # fmt: skip


def test_check_in_refuses_a_wrong_code_with_a_clear_message(client, cast):
    client.force_login(cast.users["organizer"])
    response = client.post(url(cast.event, "check-in/"), {"code": "nope42"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["No registration has the code NOPE42."]
    assert "No registration has the code NOPE42." in response.content.decode()
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    empty = client.post(url(cast.event, "check-in/"), {"code": ""})
    assert (empty.status_code, empty.context["form"].errors) == (
        400, {"code": ["This field is required."]}
    )  # fmt: skip


def test_check_in_refuses_a_code_of_another_event(client, cast):
    stranger = RegistrationFactory(event=EventFactory(name="Astana roadshow"))
    client.force_login(cast.users["organizer"])
    response = client.post(url(cast.event, "check-in/"), {"code": stranger.code})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        f"The code {stranger.code} is for another event: Astana roadshow."
    ]
    assert Registration.objects.get(pk=stranger.pk).checked_in_at is None


def test_check_in_admits_once_and_counts_arrivals(client, cast):
    client.force_login(cast.users["organizer"])
    response = client.post(url(cast.event, "check-in/"), {"code": cast.mine.code.lower()})
    name = cast.mine.user.get_full_name()
    assert response.status_code == 200
    assert f"Welcome, {name}: checked in." in response.content.decode()
    assert "1 of 2 participants have arrived." in response.content.decode()
    again = client.post(url(cast.event, "check-in/"), {"code": cast.mine.code})
    assert again.status_code == 400
    [message] = again.context["form"].non_field_errors()
    assert message.startswith(f"The code {cast.mine.code} was already used, at ")
    counter = client.get(
        url(cast.event, "check-in/"), {"count": "1"}, headers={"HX-Request": "true"}
    )
    assert [t.name for t in counter.templates] == ["events/_arrivals.html"]


# --- Meetings from the pages ------------------------------------------------------------------


def test_requesting_a_meeting_from_the_partners_page(client, cast):
    third = RegistrationFactory(event=cast.event)
    client.force_login(cast.users["participant"])
    response = client.post(
        url(cast.event, f"partners/{third.pk}/request/"),
        {"message": "Xin chào", "priority": "3"},
        follow=True,
    )
    assert messages_of(response) == ["Your request was sent."]
    meeting = Meeting.objects.get(recipient=third)
    assert (meeting.requester, meeting.message, meeting.requester_priority) == (
        cast.mine, "Xin chào", 3
    )  # fmt: skip


def test_requesting_a_meeting_with_a_bad_priority_says_why_and_asks_nothing(client, cast):
    third = RegistrationFactory(event=cast.event)
    client.force_login(cast.users["participant"])
    response = client.post(
        url(cast.event, f"partners/{third.pk}/request/"), {"priority": "9"}, follow=True
    )
    assert messages_of(response) == [
        "Select a valid choice. 9 is not one of the available choices."
    ]
    assert not Meeting.objects.filter(recipient=third).exists()


def test_recording_an_outcome_before_the_meeting_says_why_and_changes_nothing(client, cast):
    client.force_login(cast.users["other_side"])
    response = client.post(
        url(cast.event, f"meetings/{cast.meeting.pk}/outcome/"),
        {"held": "1", "follow_up": "on"},
        follow=True,
    )
    assert messages_of(response) == ["The meeting has not taken place yet."]
    meeting = Meeting.objects.get(pk=cast.meeting.pk)
    assert (meeting.held_by_recipient, meeting.follow_up_by_recipient) == (None, None)


@pytest.mark.parametrize(
    ("who", "tail", "data", "message"),
    [
        ("other_side", "meetings/{meeting}/answer/", {}, "This field is required."),
        ("participant", "meetings/{meeting}/outcome/", {"held": "perhaps"},
         "Select a valid choice. perhaps is not one of the available choices."),
        ("organizer", "participants/{registration}/decide/", {"approve": "maybe"},
         "Select a valid choice. maybe is not one of the available choices."),
    ],
)  # fmt: skip
def test_a_button_posting_bad_input_says_why_and_changes_nothing(
    client, cast, who, tail, data, message
):
    pending = RegistrationFactory(event=cast.event, status=RegistrationStatus.PENDING)
    path = url(cast.event, tail.format(meeting=cast.meeting.pk, registration=pending.pk))
    before = (list(Meeting.objects.values()), list(Registration.objects.values()))
    response = as_user(client, cast.users[who]).post(path, data, follow=True)
    assert messages_of(response) == [message]
    assert (list(Meeting.objects.values()), list(Registration.objects.values())) == before


def test_availability_with_a_slot_of_another_event_is_a_400_and_changes_nothing(client, cast):
    foreign = MeetingSlotFactory()
    client.force_login(cast.users["participant"])
    response = client.post(url(cast.event, "meetings/"), {"unavailable_slots": [foreign.pk]})
    assert response.status_code == 400
    assert response.context["availability"].errors == {"unavailable_slots": [
        f"Select a valid choice. {foreign.pk} is not one of the available choices."
    ]}  # fmt: skip
    assert list(cast.mine.unavailable_slots.all()) == []


def test_b2b_page_adds_a_table_and_refuses_an_unknown_action(client, cast):
    client.force_login(cast.users["organizer"])
    added = client.post(url(cast.event, "b2b/"), {"action": "table", "table-name": "B7"})
    assert added.status_code == 302
    assert list(cast.event.tables.values_list("name", flat=True))[-1] == "B7"
    assert client.post(url(cast.event, "b2b/"), {"action": "dance"}).status_code == 404


def test_b2b_slot_outside_the_event_is_a_400_and_adds_nothing(client, cast):
    client.force_login(cast.users["organizer"])
    day = cast.event.local_starts_at.date() + timedelta(days=3)
    response = client.post(
        url(cast.event, "b2b/"),
        {"action": "slot", "slot-starts_at": f"{day} 14:00", "slot-ends_at": f"{day} 14:30"},
    )
    assert response.status_code == 400
    [message] = response.context["forms"]["slot"].non_field_errors()
    assert message.startswith("The meeting slot must fall within the event's dates")
    assert cast.event.slots.count() == 1


# --- Exports --------------------------------------------------------------------------------


def test_report_export_of_a_held_event_as_csv_and_xlsx(client, cast):
    cast.event.status = EventStatus.HELD
    cast.event.save()
    Meeting.objects.filter(pk=cast.meeting.pk).update(held_by_requester=True)
    expected = [
        ["section", "item", "count"],
        ["country", "VN", "2"],
        ["organization type", "Science park / high-tech zone", "2"],
        ["meetings", "requested", "1"],
        ["meetings", "accepted", "1"],
        ["meetings", "scheduled", "1"],
        ["meetings", "held", "1"],
        ["interpreters", "used", "0"],
        ["agreements", "signed", "0"],
        ["follow-ups", "meetings", "0"],
    ]
    assert csv_rows(client.get(url(cast.event, "report.csv"))) == expected
    workbook = load_workbook(io.BytesIO(client.get(url(cast.event, "report.xlsx")).content))
    assert [[c or "" for c in row] for row in workbook.active.iter_rows(values_only=True)] == (
        expected
    )
    assert client.get(url(cast.event, "report.pdf")).status_code == 404


def test_participant_export_has_a_row_per_registration_and_neutralizes_formulas(client, cast):
    formula = '=HYPERLINK("http://evil.example","x")'
    Registration.objects.filter(pk=cast.mine.pk).update(role=formula, checked_in_at=timezone.now())
    client.force_login(cast.users["secretariat"])

    header, *rows = csv_rows(client.get(url(cast.event, "participants.csv")))

    assert header == ["code", "name", "email", "organization", "country", "role", "languages",
                      "status", "registered", "checked_in"]  # fmt: skip
    mine, theirs = sorted(rows, key=lambda row: row[0] != cast.mine.code)
    assert mine[:8] == [
        cast.mine.code,
        cast.mine.user.get_full_name(),
        cast.mine.user.email,
        cast.mine.organization.name,
        "VN",
        "'" + formula,
        "en",
        "Confirmed",
    ]
    assert (theirs[0], theirs[5], mine[9] != "", theirs[9]) == (cast.theirs.code, "", True, "")
    data = client.get(url(cast.event, "participants.xlsx")).content
    sheet = load_workbook(io.BytesIO(data)).active
    assert (formula, "s") in [(cell.value, cell.data_type) for cell in sheet["F"]]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert re.findall(r"<f[\s>/]", archive.read("xl/worksheets/sheet1.xml").decode()) == []
    assert client.get(url(cast.event, "participants.pdf")).status_code == 404


def test_participants_page_query_count_does_not_grow(client, cast):
    client.force_login(cast.users["organizer"])
    result = assert_list_queries_do_not_grow(
        lambda: client.get(url(cast.event, "participants/")),
        add_rows=lambda count: RegistrationFactory.create_batch(count, event=cast.event),
        shown=lambda response: len(response.context["page"].object_list),
    )
    assert result.shown == (4, 8)
