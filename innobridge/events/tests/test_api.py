"""The events API (/api/v1/events/): the same permissions and services as the pages, bad
input answered with a 400 that says why and changes nothing, and the OpenAPI schema."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.core.models import WorkArea
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.events.choices import EventStatus, EventType, MeetingStatus, RegistrationStatus
from innobridge.events.models import Meeting, Registration, ScheduleRun, SessionPerson
from innobridge.events.tests.factories import (
    ROLES,
    EventFactory,
    MeetingFactory,
    MeetingTableFactory,
    RegistrationFactory,
    SessionFactory,
    event_cast,
    indexed_listing,
    organizer_of,
    slots,
)
from innobridge.marketplace.choices import ListingKind
from innobridge.marketplace.models import ExpressionOfInterest
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.news.tests.factories import DocumentFactory
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

CHINESE_OFFER = (
    "绵阳优质水稻、蔬菜新品种赴越南试验示范",
    "提供优质水稻新品种，在越南开展试验示范。",
)
VIETNAMESE_NEED = ("Cần giống lúa chất lượng cao để khảo nghiệm tại Việt Nam",
                   "Chúng tôi tìm giống lúa mới để khảo nghiệm và trình diễn.")  # fmt: skip

URL = "/api/v1/events/"
WHO = ROLES


@pytest.fixture
def cast(member, secretariat):
    return event_cast(member=member, secretariat=secretariat)


def url(event, tail: str = "") -> str:
    return f"{URL}{event.pk}/{tail}"


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def statuses(api_client, cast, path: str, method: str = "get", data=None) -> dict[str, int]:
    seen = {}
    for who in WHO:
        client = as_user(api_client, cast.users[who])
        seen[who] = getattr(client, method)(path, data or {}, format="json").status_code
    return seen


def meeting_row(meeting) -> dict:
    return Meeting.objects.values().get(pk=meeting.pk)


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# --- Who may call what -------------------------------------------------------------------

EVERYONE = dict.fromkeys(WHO, 200)
OWNER = {"visitor": 401, **dict.fromkeys(WHO[1:], 404), "participant": 200, "other_side": 200}
PARTICIPANTS = {**OWNER, "member": 403, "organizer": 403, "secretariat": 403}
ORGANIZERS = {"visitor": 401, **dict.fromkeys(WHO[1:4], 403), "organizer": 200, "secretariat": 200}


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("", EVERYONE),
        ("registration/", OWNER),
        ("suggestions/", PARTICIPANTS),
        ("meetings/", PARTICIPANTS),
        ("agenda/", PARTICIPANTS),
        ("registrations/", ORGANIZERS),
        ("schedule/", ORGANIZERS),
    ],
)
def test_event_endpoints_answer_each_role(api_client, cast, tail, expected):
    assert statuses(api_client, cast, url(cast.event, tail)) == expected


def test_calendar_endpoint_is_open_to_everyone(api_client, cast):
    assert statuses(api_client, cast, URL) == EVERYONE


@pytest.mark.parametrize(
    ("action", "body", "message"),
    [
        ("outcome", {"held": True}, "The meeting has not taken place yet."),
        ("follow-up", {"interest_message": "Let us talk again."},
         "Only a meeting that took place can be followed up."),
    ],
)  # fmt: skip
def test_meeting_actions_are_for_the_two_sides_only(api_client, cast, action, body, message):
    before = meeting_row(cast.meeting)
    path = url(cast.event, f"meetings/{cast.meeting.pk}/{action}/")

    seen = statuses(api_client, cast, path, method="post", data=body)

    # The two sides reach the service, which refuses a meeting not held yet; nobody else
    # learns that the meeting exists.
    assert seen == {**OWNER, "participant": 400, "other_side": 400}
    response = as_user(api_client, cast.users["participant"]).post(path, body, format="json")
    assert response.json() == {"non_field_errors": [message]}
    assert meeting_row(cast.meeting) == before


def test_organizer_cannot_cancel_someone_elses_meeting(api_client, cast):
    before = meeting_row(cast.meeting)
    client = as_user(api_client, cast.users["organizer"])
    response = client.post(url(cast.event, f"meetings/{cast.meeting.pk}/cancel/"))
    assert (response.status_code, meeting_row(cast.meeting)) == (404, before)


def test_participant_cannot_check_in_or_schedule_and_nothing_changes(api_client, cast):
    client = as_user(api_client, cast.users["participant"])
    check_in = client.post(url(cast.event, "check-in/"), {"code": cast.theirs.code})
    schedule = client.post(url(cast.event, "schedule/"))
    assert [(r.status_code, r.json()["detail"]) for r in (check_in, schedule)] == [
        (403, "Only the event's organizers and the secretariat can do this."),
        (403, "Only the event's organizers and the secretariat see this."),
    ]
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    assert not ScheduleRun.objects.exists()


# --- The calendar ----------------------------------------------------------------------------


def test_list_filters_like_the_page(api_client):
    transfer = WorkArea.objects.get(code="technology-transfer")
    dialogue = EventFactory(
        event_type=EventType.DIALOGUE,
        status=EventStatus.HELD,
        day=date(2025, 6, 12),
        country="CN",
        work_areas=[transfer],
    )
    forum = EventFactory(
        event_type=EventType.FORUM, status=EventStatus.HELD, day=date(2024, 3, 8), country="TH"
    )
    upcoming = EventFactory(work_areas=[transfer])
    assert ids(api_client.get(URL)) == [upcoming.pk, dialogue.pk, forum.pk]
    assert ids(api_client.get(URL, {"type": "forum"})) == [forum.pk]
    assert ids(api_client.get(URL, {"country": "CN"})) == [dialogue.pk]
    assert ids(api_client.get(URL, {"year": "2024"})) == [forum.pk]
    assert ids(api_client.get(URL, {"work_area": "technology-transfer", "when": "past"})) == [
        dialogue.pk
    ]
    assert ids(api_client.get(URL, {"when": "upcoming"})) == [upcoming.pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year": "soon"}, {"year": ["Enter a number."]}),
        ({"when": "someday"},
         {"when": ["Select a valid choice. someday is not one of the available choices."]}),
        ({"country": "ZZ"},
         {"country": ["Select a valid choice. ZZ is not one of the available choices."]}),
    ],
)  # fmt: skip
def test_list_with_an_invalid_filter_is_a_400_that_says_why(api_client, query, expected):
    EventFactory()
    response = api_client.get(URL, query)
    assert (response.status_code, response.json()) == (400, expected)


def test_list_row_carries_organizers_and_work_areas(api_client):
    host = OrganizationFactory(name="Torch Center")
    EventFactory(organizers=[host], work_areas=[WorkArea.objects.get(code="flagship-events")])
    [row] = api_client.get(URL).json()["results"]
    assert row["organizers"] == [
        {"organization": host.pk, "name": "Torch Center", "role": "organizer"}
    ]
    assert (row["type"], row["work_areas"], row["country"]) == (
        "matchmaking_day", ["flagship-events"], "VN"
    )  # fmt: skip


def test_list_query_count_does_not_grow_with_events(api_client):
    areas = list(WorkArea.objects.order_by("pk")[:2])

    def add_events(count: int) -> None:
        for _index in range(count):
            event = EventFactory(
                organizers=[OrganizationFactory(), OrganizationFactory()], work_areas=areas
            )
            RegistrationFactory(event=event)

    result = assert_list_queries_do_not_grow(
        lambda: api_client.get(URL),
        add_rows=add_events,
        shown=lambda response: len(ids(response)),
    )
    assert result.shown == (2, 6)


def test_detail_has_the_programme_documents_and_the_visible_agreements(api_client, secretariat):
    event = EventFactory()
    session = SessionFactory(event=event)
    SessionPerson.objects.create(session=session, role="speaker", name="Ebba Lundqvist")
    document = DocumentFactory()
    event.documents.set([document])
    public = AgreementFactory(signed_at=event)
    private = AgreementFactory(signed_at=event, parties_only=True)

    body = api_client.get(url(event)).json()

    assert [s["title"] for s in body["sessions"]] == [session.title]
    assert body["sessions"][0]["people"] == [
        {"role": "speaker", "name": "Ebba Lundqvist", "position": "", "organization": None}
    ]
    assert (body["documents"], body["signed_agreements"]) == ([document.pk], [public.pk])
    body = as_user(api_client, secretariat).get(url(event)).json()
    assert body["signed_agreements"] == sorted([public.pk, private.pk])


def test_detail_of_an_event_that_does_not_exist_is_a_404(api_client):
    assert api_client.get(f"{URL}99999999999999999999/").status_code == 404


# --- Registration ------------------------------------------------------------------------------


def test_member_registers_with_their_listings(api_client, member, organization):
    event = EventFactory()
    offer = ListingFactory(owner=organization)
    need = ListingFactory(owner=organization, kind=ListingKind.NEED)
    response = as_user(api_client, member).post(
        url(event, "register/"),
        {"languages": ["vi", "en"], "role": "CTO", "offers": [offer.pk], "seeks": [need.pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    registration = Registration.objects.get()
    assert {k: body[k] for k in ("id", "languages", "offers", "seeks", "status", "code")} == {
        "id": registration.pk,
        "languages": ["vi", "en"],
        "offers": [offer.pk],
        "seeks": [need.pk],
        "status": "confirmed",
        "code": registration.code,
    }
    assert as_user(api_client, member).get(url(event, "registration/")).json()["id"] == (
        registration.pk
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"languages": []}, {"languages": ["Ensure this field has at least 1 elements."]}),
        (
            {"languages": ["xx"]},
            {
                "languages": {
                    "0": [
                        "“xx” is not a language tag we keep; use one such as en, zh-Hans, "
                        "zh-TW or vi."
                    ]
                }
            },
        ),
        ({"languages": ["en", "en"]}, {"languages": ["Give each language once."]}),
        (
            {"languages": ["en"], "offers": [99999999999999999999]},
            {"offers": ['Invalid pk "99999999999999999999" - object does not exist.']},
        ),
    ],
)
def test_register_with_bad_input_is_a_400_and_registers_nobody(api_client, member, body, expected):
    event = EventFactory()
    response = as_user(api_client, member).post(url(event, "register/"), body, format="json")
    assert (response.status_code, response.json()) == (400, expected)
    assert not Registration.objects.exists()


def test_register_with_another_organizations_listing_is_a_400(api_client, member):
    event = EventFactory()
    foreign = ListingFactory(title="Someone else's membrane")
    response = as_user(api_client, member).post(
        url(event, "register/"), {"languages": ["en"], "offers": [foreign.pk]}, format="json"
    )
    assert (response.status_code, response.json()) == (
        400,
        {
            "non_field_errors": [
                "“Someone else's membrane” is not a published listing of your organization."
            ]
        },
    )
    assert not Registration.objects.exists()


def test_registering_twice_is_a_400_and_keeps_the_first(api_client, cast):
    client = as_user(api_client, cast.users["participant"])
    before = Registration.objects.values().get(pk=cast.mine.pk)
    response = client.post(url(cast.event, "register/"), {"languages": ["vi"]}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["You are already registered for this event."]},
    )
    assert Registration.objects.values().get(pk=cast.mine.pk) == before


def test_visitor_cannot_register(api_client):
    event = EventFactory()
    response = api_client.post(url(event, "register/"), {"languages": ["en"]}, format="json")
    assert response.status_code == 401
    assert not Registration.objects.exists()


def test_registrations_endpoint_lists_every_registration_with_its_code(api_client, cast):
    response = as_user(api_client, cast.users["organizer"]).get(url(cast.event, "registrations/"))
    rows = {row["id"]: row["code"] for row in response.json()["results"]}
    assert rows == {cast.mine.pk: cast.mine.code, cast.theirs.pk: cast.theirs.code}


def test_registrations_query_count_does_not_grow(api_client, cast):
    client = as_user(api_client, cast.users["secretariat"])
    result = assert_list_queries_do_not_grow(
        lambda: client.get(url(cast.event, "registrations/")),
        add_rows=lambda count: RegistrationFactory.create_batch(count, event=cast.event),
        shown=lambda response: len(ids(response)),
    )
    assert result.shown == (4, 8)


# --- Meetings ----------------------------------------------------------------------------------


def test_participant_requests_a_meeting(api_client, cast):
    third = RegistrationFactory(event=cast.event)
    client = as_user(api_client, cast.users["participant"])
    response = client.post(
        url(cast.event, "meetings/"),
        {"recipient": third.pk, "message": "Xin chào", "priority": 3},
        format="json",
    )
    assert response.status_code == 201
    meeting = Meeting.objects.get(recipient=third)
    assert (response.json()["id"], meeting.requester, meeting.message, meeting.status) == (
        meeting.pk, cast.mine, "Xin chào", MeetingStatus.REQUESTED
    )  # fmt: skip
    listed = client.get(url(cast.event, "meetings/")).json()
    assert sorted(row["id"] for row in listed) == sorted([cast.meeting.pk, meeting.pk])


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        ({"recipient": 0}, 400,
         {"recipient": ["Ensure this value is greater than or equal to 1."]}),
        ({"recipient": "nobody"}, 400, {"recipient": ["A valid integer is required."]}),
        ({"recipient": "THEIRS", "priority": 7}, 400, {"priority": ['"7" is not a valid choice.']}),
        ({"recipient": "OTHER_EVENT"}, 404, {"detail": "No such participant of this event."}),
        ({"recipient": "SAME_ORG"}, 400,
         {"non_field_errors": ["This person is from your own organization."]}),
        ({"recipient": "THEIRS"}, 400,
         {"non_field_errors": ["You have already asked for this meeting."]}),
    ],
)  # fmt: skip
def test_meeting_request_with_bad_input_says_why_and_asks_nothing(
    api_client, cast, body, status, expected
):
    recipients = {
        "OTHER_EVENT": RegistrationFactory().pk,
        "SAME_ORG": RegistrationFactory(
            event=cast.event, user__organization=cast.mine.organization
        ).pk,
        "THEIRS": cast.theirs.pk,
    }
    body = {**body, "recipient": recipients.get(body["recipient"], body["recipient"])}
    before = list(Meeting.objects.values())
    response = as_user(api_client, cast.users["participant"]).post(
        url(cast.event, "meetings/"), body, format="json"
    )
    assert (response.status_code, response.json()) == (status, expected)
    assert list(Meeting.objects.values()) == before


def test_recipient_answers_and_the_requester_cannot(api_client, cast):
    request = MeetingFactory(
        event=cast.event, requester=cast.mine, recipient=RegistrationFactory(event=cast.event)
    )
    path = url(cast.event, f"meetings/{request.pk}/answer/")
    response = as_user(api_client, cast.users["participant"]).post(path, {"accept": True})
    assert (response.status_code, response.json()) == (
        403, {"detail": "Only the person asked can answer."}
    )  # fmt: skip
    assert meeting_row(request)["status"] == MeetingStatus.REQUESTED
    recipient = request.recipient.user
    response = as_user(api_client, recipient).post(path, {"accept": "maybe"}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"accept": ["Must be a valid boolean."]},
    )
    response = as_user(api_client, recipient).post(path, {"accept": True}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "accepted")


def test_outcome_after_the_event_records_each_sides_word(api_client, cast):
    cast.event.status = EventStatus.HELD
    cast.event.save()
    path = url(cast.event, f"meetings/{cast.meeting.pk}/outcome/")
    response = as_user(api_client, cast.users["participant"]).post(
        path, {"held": True, "follow_up": True}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert [
        body[k] for k in ("held_by_requester", "follow_up_by_requester", "held_by_recipient")
    ] == [True, True, None]
    response = as_user(api_client, cast.users["other_side"]).post(path, {}, format="json")
    assert (response.status_code, response.json()) == (400, {"held": ["This field is required."]})


@pytest.fixture
def held(cast):
    """The cast's meeting, held (both sides said so) at an event that was held."""
    cast.event.status = EventStatus.HELD
    cast.event.save()
    Meeting.objects.filter(pk=cast.meeting.pk).update(held_by_requester=True)
    cast.meeting.refresh_from_db()
    return cast


def follow_up(api_client, cast, body, who="participant", path=None):
    """POST a follow-up of the cast's meeting (or GET `path` of its event) as `who`."""
    client = as_user(api_client, cast.users[who])
    if path is not None:
        return client.get(url(cast.event, path))
    return client.post(url(cast.event, f"meetings/{cast.meeting.pk}/follow-up/"), body)


@pytest.mark.parametrize(
    "body",
    [{}, {"interest_message": "Let us meet again.", "agreement": 1}],
)
def test_follow_up_needs_either_an_interest_or_an_agreement(api_client, held, body):
    before = meeting_row(held.meeting)
    response = follow_up(api_client, held, body)
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["Give either interest_message or agreement, not both."]},
    )
    assert meeting_row(held.meeting) == before


def test_follow_up_with_an_agreement_the_participant_cannot_see_is_a_404(api_client, held):
    hidden = AgreementFactory(parties_only=True)
    before = meeting_row(held.meeting)
    response = follow_up(api_client, held, {"agreement": hidden.pk})
    assert (response.status_code, response.json()) == (404, {"detail": "No such agreement."})
    assert meeting_row(held.meeting) == before


def test_follow_up_with_an_agreement_of_others_is_a_400(api_client, held):
    public = AgreementFactory()
    before = meeting_row(held.meeting)
    response = follow_up(api_client, held, {"agreement": public.pk})
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["Link an agreement your organization is a party to."]},
    )
    assert meeting_row(held.meeting) == before


def test_follow_up_links_the_agreement_it_led_to(api_client, held):
    agreement = AgreementFactory(parties=[held.mine.organization, held.theirs.organization])
    response = follow_up(api_client, held, {"agreement": agreement.pk}, who="other_side")
    assert (response.status_code, response.json()["agreement"]) == (200, agreement.pk)
    assert meeting_row(held.meeting)["agreement_id"] == agreement.pk


def test_follow_up_as_interest_without_their_listing_says_why(api_client, held):
    response = follow_up(api_client, held, {"interest_message": "Let us pilot it."})
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["The other side has no listing to express interest in."]},
    )
    assert meeting_row(held.meeting)["interest_id"] is None


def test_suggestions_and_follow_up_as_interest_use_the_listings_that_matched(api_client, held):
    need = indexed_listing(held.mine.organization, *VIETNAMESE_NEED, kind="need", language="vi")
    offer = indexed_listing(held.theirs.organization, *CHINESE_OFFER, kind="offer",
                            language="zh-hans")  # fmt: skip
    Registration.objects.filter(pk=held.mine.pk).update(languages=["vi"])
    Registration.objects.filter(pk=held.theirs.pk).update(languages=["zh-hans"])

    [suggestion] = follow_up(api_client, held, None, path="suggestions/").json()
    response = follow_up(api_client, held, {"interest_message": "Chúng tôi muốn thử nghiệm."})

    assert suggestion["score"] > 0
    del suggestion["score"]
    assert suggestion == {
        "registration": held.theirs.pk, "name": held.theirs.user.get_full_name(),
        "organization": held.theirs.organization.pk, "languages": ["zh-hans"],
        "my_listing": need.pk, "their_listing": offer.pk, "needs_interpreter": True,
    }  # fmt: skip
    interest = ExpressionOfInterest.objects.get()
    assert (interest.listing, interest.organization, interest.message) == (
        offer, held.mine.organization, "Chúng tôi muốn thử nghiệm."
    )  # fmt: skip
    assert (response.status_code, response.json()["interest"]) == (200, interest.pk)


def test_agenda_holds_the_participants_sessions_and_placed_meetings(api_client, cast):
    MeetingFactory(event=cast.event, requester=cast.mine, accepted=True)  # accepted, not placed
    response = as_user(api_client, cast.users["participant"]).get(url(cast.event, "agenda/"))
    slot = cast.meeting.slot
    assert [(row["session"], row["meeting"]) for row in response.json()] == [
        (cast.session.pk, None),
        (None, cast.meeting.pk),
    ]
    assert datetime.fromisoformat(response.json()[1]["starts_at"]) == slot.starts_at


# --- Check-in and the schedule --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, {"code": ["This field is required."]}),
        ({"code": "   "}, {"code": ["This field may not be blank."]}),
        ({"code": "nope42"}, {"non_field_errors": ["No registration has the code NOPE42."]}),
    ],
)
def test_check_in_with_a_wrong_code_is_a_400_that_says_why(api_client, cast, body, expected):
    client = as_user(api_client, cast.users["organizer"])
    response = client.post(url(cast.event, "check-in/"), body, format="json")
    assert (response.status_code, response.json()) == (400, expected)
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_check_in_admits_the_holder_of_the_code(api_client, cast):
    client = as_user(api_client, cast.users["secretariat"])
    response = client.post(url(cast.event, "check-in/"), {"code": cast.mine.code.lower()})
    body = response.json()
    assert (response.status_code, body["registration"]["id"], body["arrivals"]) == (
        200,
        cast.mine.pk,
        1,
    )
    assert Registration.objects.get(pk=cast.mine.pk).checked_in_at is not None


def test_schedule_without_slots_and_tables_is_a_400_and_queues_nothing(api_client):
    event = EventFactory()
    response = as_user(api_client, organizer_of(event)).post(url(event, "schedule/"))
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["Add meeting slots and tables before scheduling."]},
    )
    assert not ScheduleRun.objects.exists()


def test_schedule_request_queues_a_run_that_places_the_accepted_meetings(
    api_client, cast, django_capture_on_commit_callbacks
):
    slots(cast.event, 2)
    MeetingTableFactory(event=cast.event)
    waiting = MeetingFactory(
        event=cast.event, accepted=True, requester=RegistrationFactory(event=cast.event)
    )
    client = as_user(api_client, cast.users["organizer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(cast.event, "schedule/"))
    assert (response.status_code, response.json()["status"]) == (202, "queued")
    run = ScheduleRun.objects.get()
    assert (run.status, run.placed, run.unplaced) == ("done", 2, 0)
    placed = {
        row["id"]: row["slot_starts_at"] is not None
        for row in client.get(url(cast.event, "schedule/")).json()
    }
    assert placed == {cast.meeting.pk: True, waiting.pk: True}


def test_pending_registrations_cannot_use_the_participant_endpoints(api_client):
    pending = RegistrationFactory(status=RegistrationStatus.PENDING)
    client = as_user(api_client, pending.user)
    response = client.get(url(pending.event, "suggestions/"))
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Only confirmed participants meet others at this event."},
    )
    assert client.get(url(pending.event, "registration/")).json()["status"] == "pending"


# --- The schema -------------------------------------------------------------------------------


def test_events_endpoints_are_in_the_openapi_schema(api_client):
    paths = api_client.get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    operations = {
        path: sorted(method for method in operations if method != "parameters")
        for path, operations in paths.items()
        if path.startswith(URL)
    }
    meeting = "/api/v1/events/{id}/meetings/{meeting_pk}/"
    assert operations == {
        URL: ["get"],
        URL + "{id}/": ["get"],
        URL + "{id}/agenda/": ["get"],
        URL + "{id}/check-in/": ["post"],
        URL + "{id}/meetings/": ["get", "post"],
        meeting + "answer/": ["post"],
        meeting + "cancel/": ["post"],
        meeting + "follow-up/": ["post"],
        meeting + "outcome/": ["post"],
        URL + "{id}/register/": ["post"],
        URL + "{id}/registration/": ["get"],
        URL + "{id}/registrations/": ["get"],
        URL + "{id}/schedule/": ["get", "post"],
        URL + "{id}/suggestions/": ["get"],
    }
    outcome = paths[meeting + "outcome/"]["post"]
    assert {"200", "400", "404"} <= set(outcome["responses"])
    body = outcome["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/MeetingOutcomeRequest")
