"""Events and their programme (services/events.py): recording, dates, status, sessions,
meeting slots, tables and interpreters, and agreements signed at an event linked to it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements.models import Agreement
from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.events import services
from innobridge.events.choices import (
    EventStatus,
    EventType,
    OrganizationRole,
    PersonRole,
    RegistrationStatus,
    SessionKind,
)
from innobridge.events.models import (
    Event,
    EventOrganization,
    Interpreter,
    MeetingSlot,
    MeetingTable,
    Session,
    SessionPerson,
)
from innobridge.events.services import OrganizerInput
from innobridge.events.tests.factories import (
    EventFactory,
    MeetingSlotFactory,
    MeetingTableFactory,
    RegistrationFactory,
    SessionFactory,
    local,
)
from innobridge.news.timezones import zone_info
from innobridge.notifications.models import Notification

pytestmark = pytest.mark.django_db

DIALOGUE = "“一带一路”科技园区合作创新发展对话"
DIALOGUE_TRADITIONAL = "“一帶一路”科技園區合作創新發展對話"
# A fixed day, so that messages naming the event's dates can be written out.
DAY = date(2031, 6, 12)
DATES = "June 12, 2031 to June 12, 2031"


def row(instance) -> dict:
    """The instance's whole database row, to show nothing changed."""
    return type(instance).objects.values().get(pk=instance.pk)


def database() -> tuple:
    """Every row a refused write of this module could have touched."""
    return (
        list(Event.objects.order_by("pk").values()),
        list(EventOrganization.objects.order_by("pk").values()),
        list(Session.objects.order_by("pk").values()),
        list(SessionPerson.objects.order_by("pk").values()),
        list(MeetingSlot.objects.order_by("pk").values()),
        list(MeetingTable.objects.order_by("pk").values()),
        list(Interpreter.objects.order_by("pk").values()),
        list(Interpreter.unavailable_slots.through.objects.order_by("pk").values()),
        list(Agreement.objects.order_by("pk").values("pk", "signed_at", "signed_at_event")),
        Notification.objects.count(),
    )


@pytest.fixture
def event():
    return EventFactory(day=DAY)


@pytest.fixture
def organizer(event):
    return UserFactory(organization=event.organizers.get().organization)


def event_data(**overrides) -> dict:
    zone = zone_info("Asia/Shanghai")
    data = {
        "name": DIALOGUE,
        "name_language": "zh-hans",
        "translated_names": {"en": "Belt and Road Science Park Dialogue"},
        "event_type": EventType.DIALOGUE,
        "status": EventStatus.PLANNED,
        "starts_at": datetime.combine(DAY, time(9), tzinfo=zone),
        "ends_at": datetime.combine(DAY, time(17, 30), tzinfo=zone),
        "time_zone": "Asia/Shanghai",
        "venue": "成都",
        "city": "Chengdu",
        "country": "CN",
        "description": "<p>Science parks <script>alert(1)</script>meet.</p>",
    }
    data.update(overrides)
    return data


# --- Recording an event ---------------------------------------------------------------------


def test_event_create_by_the_secretariat_records_organizers_and_links_agreements(
    secretariat, organization, other_organization
):
    signed_there = AgreementFactory(signed_at_event=DIALOGUE_TRADITIONAL)

    event = services.event_create(
        actor=secretariat,
        data=event_data(),
        organizers=[
            OrganizerInput(organization, OrganizationRole.HOST),
            OrganizerInput(other_organization, OrganizationRole.CO_ORGANIZER),
            OrganizerInput(organization, OrganizationRole.HOST),  # given twice: kept once
        ],
    )

    assert list(event.organizers.values_list("organization_id", "role")) == [
        (other_organization.pk, OrganizationRole.CO_ORGANIZER),
        (organization.pk, OrganizationRole.HOST),
    ]
    assert event.description == "<p>Science parks meet.</p>"
    assert row(signed_there)["signed_at_id"] == event.pk
    assert row(signed_there)["signed_at_event"] == ""


def test_event_create_by_a_member_is_refused_and_changes_nothing(member):
    before = database()

    with pytest.raises(PermissionDenied) as error:
        services.event_create(actor=member, data=event_data())

    assert str(error.value) == "Only the secretariat adds events to the calendar."
    assert database() == before


def test_event_create_without_a_place_is_refused_and_changes_nothing(secretariat):
    before = database()

    with pytest.raises(ValidationError) as error:
        services.event_create(
            actor=secretariat, data=event_data(venue="", city="", country="", online_url="")
        )

    assert error.value.messages == [
        "Say where the event takes place: a venue or city, or an online link."
    ]
    assert database() == before


def test_event_create_ending_before_it_starts_is_refused_and_changes_nothing(secretariat):
    data = event_data()
    data["ends_at"] = data["starts_at"] - timedelta(hours=1)
    before = database()

    with pytest.raises(ValidationError) as error:
        services.event_create(actor=secretariat, data=data)

    assert error.value.messages == ["An event ends after it starts."]
    assert database() == before


def test_event_create_with_an_unknown_organizer_role_is_refused_and_changes_nothing(
    secretariat, organization
):
    before = database()

    with pytest.raises(ValidationError) as error:
        services.event_create(
            actor=secretariat,
            data=event_data(),
            organizers=[OrganizerInput(organization, "sponsor")],
        )

    assert error.value.message_dict == {"organizers": ["Unknown role: sponsor."]}
    assert database() == before


def test_event_update_moving_the_dates_away_from_the_programme_is_refused(event, organizer):
    SessionFactory(event=event)
    MeetingSlotFactory(event=event)
    before = database()

    with pytest.raises(ValidationError) as error:
        services.event_update(
            actor=organizer,
            event=event,
            data={
                "starts_at": event.starts_at + timedelta(days=7),
                "ends_at": event.ends_at + timedelta(days=7),
            },
        )

    assert error.value.messages == ["2 sessions or meeting slots would fall outside the new dates."]
    assert database() == before


def test_event_update_by_another_organizations_editor_is_refused(event, member):
    before = database()

    with pytest.raises(PermissionDenied):
        services.event_update(actor=member, event=event, data={"venue": "Elsewhere"})

    assert database() == before


def test_event_set_status_cancelled_tells_every_active_participant(event, organizer):
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, status=RegistrationStatus.DECLINED)

    services.event_set_status(actor=organizer, event=event, status=EventStatus.CANCELLED)

    assert row(event)["status"] == EventStatus.CANCELLED
    assert sorted(Notification.objects.values_list("recipient_id", "subject", "body")) == sorted(
        [
            (
                registration.user_id,
                f"Cancelled: {event.name}",
                f"The event “{event.name}” was cancelled.",
            )
            for registration in (confirmed, waiting)
        ]
    )


def test_event_set_status_that_may_not_follow_is_refused_and_changes_nothing(event, organizer):
    before = database()

    with pytest.raises(ValidationError) as error:
        services.event_set_status(actor=organizer, event=event, status=EventStatus.HELD)

    assert error.value.messages == ["An event that is “Registration open” cannot become “Held”."]
    assert database() == before


# --- Sessions -------------------------------------------------------------------------------


def session_data(event: Event, **overrides) -> dict:
    data = {
        "title": "Roundtable: science parks and industrial innovation",
        "title_language": "en",
        "kind": SessionKind.ROUNDTABLE,
        "starts_at": local(event, 11),
        "ends_at": local(event, 12),
        "room": "Hall A",
        "language": "zh-hans",
        "interpretation": ["en", "vi"],
    }
    data.update(overrides)
    return data


def test_session_save_adds_a_session_with_its_people(event, organizer, organization):
    session = services.session_save(
        actor=organizer,
        event=event,
        data=session_data(event),
        people=[
            {"role": PersonRole.MODERATOR, "name": "Đặng Tùng", "organization": organization},
            {"role": PersonRole.SPEAKER, "name": "Ebba Lundqvist", "position": "CEO"},
        ],
    )

    assert row(session) == {
        "id": session.pk,
        "event_id": event.pk,
        "title": "Roundtable: science parks and industrial innovation",
        "title_language": "en",
        "kind": SessionKind.ROUNDTABLE,
        "starts_at": local(event, 11),
        "ends_at": local(event, 12),
        "room": "Hall A",
        "language": "zh-hans",
        "interpretation": ["en", "vi"],
        "description": "",
    }
    assert list(session.people.values_list("sort_order", "role", "name", "organization")) == [
        (0, PersonRole.MODERATOR, "Đặng Tùng", organization.pk),
        (1, PersonRole.SPEAKER, "Ebba Lundqvist", None),
    ]


def test_session_save_late_in_the_evening_of_the_last_day_fits(event, organizer):
    session = services.session_save(
        actor=organizer,
        event=event,
        data=session_data(event, starts_at=local(event, 22), ends_at=local(event, 23, 30)),
    )

    assert row(session)["ends_at"] == local(event, 23, 30)


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        ((-1, 10), (-1, 11)),  # the day before
        ((0, 23), (1, 0, 30)),  # past midnight of the last day
    ],
)
def test_session_save_outside_the_events_dates_is_refused_and_changes_nothing(
    event, organizer, starts, ends
):
    def at(day, hour, minute=0):
        return local(event, hour, minute, day=day)

    before = database()

    with pytest.raises(ValidationError) as error:
        services.session_save(
            actor=organizer,
            event=event,
            data=session_data(event, starts_at=at(*starts), ends_at=at(*ends)),
        )

    assert error.value.messages == [f"The session must fall within the event's dates, {DATES}."]
    assert database() == before


def test_session_save_overlapping_another_in_the_same_room_is_refused(event, organizer):
    SessionFactory(event=event, title="Keynote", starts_at=local(event, 10), room="Hall A")
    before = database()

    with pytest.raises(ValidationError) as error:
        services.session_save(
            actor=organizer,
            event=event,
            data=session_data(event, starts_at=local(event, 10, 30), ends_at=local(event, 11)),
        )

    assert error.value.messages == ["“Hall A” is already taken by “Keynote” at that time."]
    assert database() == before


def test_session_save_changing_a_session_onto_another_is_refused_and_changes_nothing(
    event, organizer
):
    SessionFactory(event=event, title="Keynote", starts_at=local(event, 10), room="Hall A")
    later = SessionFactory(event=event, title="Release", starts_at=local(event, 14))
    before = database()

    with pytest.raises(ValidationError) as error:
        services.session_save(
            actor=organizer,
            event=event,
            session=later,
            data={"starts_at": local(event, 10, 15), "ends_at": local(event, 10, 45)},
        )

    assert error.value.messages == ["“Hall A” is already taken by “Keynote” at that time."]
    assert database() == before


def test_session_save_next_to_another_or_in_another_room_is_allowed(event, organizer):
    SessionFactory(event=event, starts_at=local(event, 10), room="Hall A")

    after = services.session_save(
        actor=organizer,
        event=event,
        data=session_data(event, starts_at=local(event, 11), ends_at=local(event, 12)),
    )
    parallel = services.session_save(
        actor=organizer,
        event=event,
        data=session_data(event, starts_at=local(event, 10), ends_at=local(event, 11), room="B"),
    )

    assert sorted(event.sessions.values_list("pk", flat=True))[1:] == [after.pk, parallel.pk]


def test_session_save_ending_before_it_starts_is_refused_and_changes_nothing(event, organizer):
    before = database()

    with pytest.raises(ValidationError) as error:
        services.session_save(
            actor=organizer,
            event=event,
            data=session_data(event, starts_at=local(event, 12), ends_at=local(event, 11)),
        )

    assert error.value.messages == ["A session ends after it starts."]
    assert database() == before


def test_session_save_by_another_organizations_editor_is_refused(event, member):
    before = database()

    with pytest.raises(PermissionDenied):
        services.session_save(actor=member, event=event, data=session_data(event))

    assert database() == before


# --- Meeting slots --------------------------------------------------------------------------


def test_slot_add_inside_the_event(event, organizer):
    slot = services.slot_add(
        actor=organizer, event=event, starts_at=local(event, 14), ends_at=local(event, 14, 30)
    )

    assert row(slot) == {
        "id": slot.pk,
        "event_id": event.pk,
        "starts_at": local(event, 14),
        "ends_at": local(event, 14, 30),
    }


def test_slot_add_outside_the_event_is_refused_and_changes_nothing(event, organizer):
    before = database()

    with pytest.raises(ValidationError) as error:
        services.slot_add(
            actor=organizer,
            event=event,
            starts_at=local(event, 14, day=1),
            ends_at=local(event, 14, 30, day=1),
        )

    assert error.value.messages == [
        f"The meeting slot must fall within the event's dates, {DATES}."
    ]
    assert database() == before


@pytest.mark.parametrize(
    ("starts", "ends"),
    [((14, 15), (14, 45)), ((13, 45), (14, 15)), ((13, 0), (15, 0)), ((14, 0), (14, 30))],
)
def test_slot_add_overlapping_another_slot_is_refused_and_changes_nothing(
    event, organizer, starts, ends
):
    MeetingSlotFactory(event=event, starts_at=local(event, 14), ends_at=local(event, 14, 30))
    before = database()

    with pytest.raises(ValidationError) as error:
        services.slot_add(
            actor=organizer,
            event=event,
            starts_at=local(event, *starts),
            ends_at=local(event, *ends),
        )

    assert error.value.messages == ["This slot overlaps another meeting slot."]
    assert database() == before


def test_slot_add_right_after_another_is_allowed(event, organizer):
    MeetingSlotFactory(event=event, starts_at=local(event, 14), ends_at=local(event, 14, 30))

    services.slot_add(
        actor=organizer, event=event, starts_at=local(event, 14, 30), ends_at=local(event, 15)
    )

    assert event.slots.count() == 2


def test_slot_add_ending_before_it_starts_is_refused_and_changes_nothing(event, organizer):
    before = database()

    with pytest.raises(ValidationError) as error:
        services.slot_add(
            actor=organizer, event=event, starts_at=local(event, 15), ends_at=local(event, 14)
        )

    assert error.value.messages == ["A slot ends after it starts."]
    assert database() == before


# --- Tables and interpreters ----------------------------------------------------------------


def test_table_add_records_an_online_room(event, organizer):
    table = services.table_add(
        actor=organizer, event=event, name="B1", online_url="https://meet.example.org/b1"
    )

    assert row(table) == {
        "id": table.pk,
        "event_id": event.pk,
        "name": "B1",
        "online_url": "https://meet.example.org/b1",
    }


def test_table_add_with_a_name_taken_is_refused_and_changes_nothing(event, organizer):
    MeetingTableFactory(event=event, name="B1")
    before = database()

    with pytest.raises(ValidationError) as error:
        services.table_add(actor=organizer, event=event, name="B1")

    assert error.value.messages == ["There is already a table with this name."]
    assert database() == before


def test_interpreter_save_with_its_pairs_and_unavailable_slots(event, organizer):
    slot = MeetingSlotFactory(event=event)

    interpreter = services.interpreter_save(
        actor=organizer,
        event=event,
        name="Lê Thu Hà",
        language_pairs=[("zh-hans", "vi"), ["en", "vi"]],
        unavailable_slots=[slot],
    )

    assert (row(interpreter), list(interpreter.unavailable_slots.all())) == (
        {
            "id": interpreter.pk,
            "event_id": event.pk,
            "name": "Lê Thu Hà",
            "language_pairs": [["zh-hans", "vi"], ["en", "vi"]],
        },
        [slot],
    )


@pytest.mark.parametrize(
    ("pairs", "errors"),
    [
        ([["vi", "vi"]], ["A language pair needs two different languages, not “vi” twice."]),
        ([["zh-hans", "xx"]], ["“xx” is not a supported language code."]),
        ([["chinese", "vi"]], ["“chinese” is not a supported language code."]),
        ([["zh-hans", "vi", "en"]], ["A language pair has two languages."]),
        ([], ["This field cannot be blank."]),
    ],
)
def test_interpreter_save_with_bad_pairs_is_refused_and_changes_nothing(
    event, organizer, pairs, errors
):
    before = database()

    with pytest.raises(ValidationError) as error:
        services.interpreter_save(
            actor=organizer, event=event, name="Lê Thu Hà", language_pairs=pairs
        )

    assert error.value.message_dict == {"language_pairs": errors}
    assert database() == before


def test_interpreter_save_with_another_events_slot_is_refused_and_changes_nothing(event, organizer):
    elsewhere = MeetingSlotFactory()
    before = database()

    with pytest.raises(ValidationError) as error:
        services.interpreter_save(
            actor=organizer,
            event=event,
            name="Lê Thu Hà",
            language_pairs=[["zh-hans", "vi"]],
            unavailable_slots=[elsewhere],
        )

    assert error.value.messages == ["These slots are not this event's."]
    assert database() == before


# --- Nothing of the schedule changes once the event was held or cancelled -------------------


HELD = "The event has been held: its schedule no longer changes."


@pytest.mark.parametrize(
    ("status", "message"),
    [(EventStatus.HELD, HELD), (EventStatus.CANCELLED, "The event was cancelled.")],
)
@pytest.mark.parametrize(
    "change",
    [
        lambda actor, event: services.slot_add(
            actor=actor, event=event, starts_at=local(event, 16), ends_at=local(event, 16, 30)
        ),
        lambda actor, event: services.table_add(actor=actor, event=event, name="B9"),
        lambda actor, event: services.interpreter_save(
            actor=actor, event=event, name="Lê Thu Hà", language_pairs=[["zh-hans", "vi"]]
        ),
        lambda actor, event: services.schedule_request(actor=actor, event=event),
    ],
    ids=["slot", "table", "interpreter", "schedule_request"],
)
def test_schedule_changes_after_the_event_are_refused_and_change_nothing(
    event, organizer, status, message, change
):
    MeetingSlotFactory(event=event)
    MeetingTableFactory(event=event)
    event.status = status
    event.save()
    before = database()

    with pytest.raises(ValidationError) as error:
        change(organizer, event)

    assert error.value.messages == [message]
    assert database() == before


@pytest.mark.parametrize(
    "change",
    [
        lambda actor, event: services.slot_add(
            actor=actor, event=event, starts_at=local(event, 16), ends_at=local(event, 16, 30)
        ),
        lambda actor, event: services.table_add(actor=actor, event=event, name="B9"),
        lambda actor, event: services.interpreter_save(
            actor=actor, event=event, name="Lê Thu Hà", language_pairs=[["zh-hans", "vi"]]
        ),
    ],
    ids=["slot", "table", "interpreter"],
)
def test_schedule_changes_by_a_participant_are_refused_and_change_nothing(event, change):
    participant = RegistrationFactory(event=event).user
    before = database()

    with pytest.raises(PermissionDenied) as error:
        change(participant, event)

    assert str(error.value) == "Only the event's organizers and the secretariat can do this."
    assert database() == before


# --- Agreements signed at the event ---------------------------------------------------------


def test_link_signed_agreements_links_the_event_named_in_any_script_and_case():
    traditional = AgreementFactory(signed_at_event=DIALOGUE_TRADITIONAL)
    shouting = AgreementFactory(signed_at_event="BELT AND ROAD SCIENCE PARK DIALOGUE")
    elsewhere = AgreementFactory(signed_at_event="Lancang–Mekong Innovation Forum")
    unnamed = AgreementFactory(signed_at_event="")
    other_event = EventFactory(name="Earlier dialogue")
    already = AgreementFactory(signed_at_event=DIALOGUE, signed_at=other_event)
    event = EventFactory(
        name=DIALOGUE,
        name_language="zh-hans",
        translated_names={"en": "Belt and Road Science Park Dialogue"},
    )
    untouched = [row(elsewhere), row(unnamed), row(already)]

    linked = services.link_signed_agreements(event)

    assert linked == 2
    assert [
        (row(agreement)["signed_at_id"], row(agreement)["signed_at_event"])
        for agreement in (traditional, shouting)
    ] == [(event.pk, ""), (event.pk, "")]
    assert [row(elsewhere), row(unnamed), row(already)] == untouched


def test_link_signed_agreements_twice_links_nothing_more():
    AgreementFactory(signed_at_event=DIALOGUE_TRADITIONAL)
    event = EventFactory(name=DIALOGUE, name_language="zh-hans")
    services.link_signed_agreements(event)

    assert services.link_signed_agreements(event) == 0
    assert list(Agreement.objects.values_list("signed_at", "signed_at_event")) == [(event.pk, "")]
