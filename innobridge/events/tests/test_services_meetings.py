"""B2B meetings (services/meetings.py): requests with a message, answers, cancellation and
the re-planning it sets off, outcomes after the meeting, follow-up as an expression of
interest or an agreement, and requests expiring at the organizer's deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.events import services
from innobridge.events.choices import (
    EventStatus,
    MeetingStatus,
    RegistrationStatus,
    RunStatus,
)
from innobridge.events.models import Meeting, ScheduleRun
from innobridge.events.tests.factories import (
    EventFactory,
    MeetingFactory,
    MeetingSlotFactory,
    MeetingTableFactory,
    RegistrationFactory,
    in_days,
    indexed_listing,
    local,
    organizer_of,
    placed_meeting,
)
from innobridge.marketplace.choices import InterestStatus, ListingKind
from innobridge.marketplace.models import ExpressionOfInterest
from innobridge.notifications.models import Notification

pytestmark = pytest.mark.django_db

SITE = "https://innobridge.example"
HELD = "The event has been held: its schedule no longer changes."
CANCELLED = "The event was cancelled."


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def row(instance) -> dict:
    """The instance's whole database row, to show nothing changed."""
    return type(instance).objects.values().get(pk=instance.pk)


def notices() -> list[tuple]:
    """Every notification: who, subject, body and link."""
    return list(
        Notification.objects.order_by("pk").values_list("recipient_id", "subject", "body", "url")
    )


def database() -> tuple:
    """What a refused write must leave as it was."""
    return (
        list(Meeting.objects.order_by("pk").values()),
        Meeting.history.count(),
        notices(),
        list(ScheduleRun.objects.order_by("pk").values()),
        list(ExpressionOfInterest.objects.order_by("pk").values()),
    )


@pytest.fixture
def event():
    return EventFactory(
        name="Hanoi Agritech Matchmaking Day",
        translated_names={
            "vi": "Ngày kết nối công nghệ nông nghiệp Hà Nội",
            "zh-hans": "河内农业科技对接日",
        },
    )


@pytest.fixture
def asker(event):
    return RegistrationFactory(event=event, user__first_name="Lý", user__last_name="Minh")


@pytest.fixture
def asked(event):
    return RegistrationFactory(event=event, user__first_name="Wang", user__last_name="Fang")


def meetings_url(event, language: str = "en") -> str:
    return f"/{language}/events/{event.pk}/meetings/"


def set_language(registration, language: str) -> None:
    registration.user.preferred_language = language
    registration.user.save()


def refused(change, message: str, *, error: type[Exception] = ValidationError) -> None:
    """`change` raises `error` saying `message`, and leaves the database as it was."""
    before = database()
    with pytest.raises(error) as raised:
        change()
    assert getattr(raised.value, "messages", [str(raised.value)]) == [message]
    assert database() == before


# --- Asking for a meeting ------------------------------------------------------------------


def test_meeting_request_records_the_message_and_tells_the_other_side_in_their_language(
    event, asker, asked, mailoutbox, django_capture_on_commit_callbacks
):
    set_language(asked, "vi")

    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_request(
            actor=asker.user,
            event=event,
            recipient=asked,
            message="Can we discuss a pilot of your drip irrigation?",
            priority=3,
        )

    saved = row(meeting)
    assert timezone.now() - saved.pop("created_at") < timedelta(minutes=1)
    del saved["updated_at"]
    unset = ["answered_at", "slot_id", "table_id", "interpreter_id", "interest_id"]
    unset += ["agreement_id", "held_by_requester", "held_by_recipient"]
    unset += ["follow_up_by_requester", "follow_up_by_recipient"]
    assert saved == {
        "id": meeting.pk,
        "event_id": event.pk,
        "requester_id": asker.pk,
        "recipient_id": asked.pk,
        "message": "Can we discuss a pilot of your drip irrigation?",
        "status": MeetingStatus.REQUESTED,
        "score": 0.0,  # neither side has a listing for the engine to match
        "requester_priority": 3,
        "recipient_priority": 2,
        **dict.fromkeys(unset),
    }
    body = "Lý Minh đề nghị gặp bạn: Can we discuss a pilot of your drip irrigation?"
    subject = "Đề nghị gặp tại Ngày kết nối công nghệ nông nghiệp Hà Nội"
    assert notices() == [(asked.user_id, subject, body, meetings_url(event, "vi"))]
    assert [(mail.to, mail.subject, mail.body) for mail in mailoutbox] == [
        ([asked.user.email], subject, f"{body}\n\n{SITE}{meetings_url(event, 'vi')}")
    ]
    assert list(meeting.history.values_list("history_user_id", "history_change_reason")) == [
        (asker.user_id, "requested")
    ]


def test_meeting_request_to_oneself_is_refused_and_changes_nothing(event, asker):
    refused(
        lambda: services.meeting_request(actor=asker.user, event=event, recipient=asker),
        "You cannot ask yourself for a meeting.",
    )


def test_meeting_request_to_a_colleague_is_refused_and_changes_nothing(event, asker):
    colleague = RegistrationFactory(event=event, user__organization=asker.organization)
    refused(
        lambda: services.meeting_request(actor=asker.user, event=event, recipient=colleague),
        "This person is from your own organization.",
    )


@pytest.mark.parametrize(
    "status",
    [
        RegistrationStatus.PENDING,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.DECLINED,
        RegistrationStatus.CANCELLED,
        None,  # registered for another event
    ],
)
def test_meeting_request_to_someone_not_registered_is_refused_and_changes_nothing(
    event, asker, status
):
    them = RegistrationFactory(event=event, status=status) if status else RegistrationFactory()
    refused(
        lambda: services.meeting_request(actor=asker.user, event=event, recipient=them),
        "This person is not registered for the event.",
    )


@pytest.mark.parametrize(
    "who",
    [
        lambda event: UserFactory(),  # a member who did not register
        lambda event: RegistrationFactory(event=event, status=RegistrationStatus.PENDING).user,
        lambda event: AnonymousUser(),
    ],
    ids=["not_registered", "awaiting_approval", "visitor"],
)
def test_meeting_request_by_someone_not_registered_is_refused_and_changes_nothing(
    event, asked, who
):
    actor = who(event)
    refused(
        lambda: services.meeting_request(actor=actor, event=event, recipient=asked),
        "Register for the event before asking for meetings.",
    )


@pytest.mark.parametrize("status", [MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED])
@pytest.mark.parametrize(
    ("again", "message"),
    [
        ("asker", "You have already asked for this meeting."),
        ("asked", "They have already asked you: answer their request instead."),
    ],
    ids=["same_way", "back"],
)
def test_meeting_request_twice_is_refused_and_changes_nothing(
    event, asker, asked, status, again, message
):
    MeetingFactory(event=event, requester=asker, recipient=asked, status=status)
    actor, them = (asker, asked) if again == "asker" else (asked, asker)
    refused(
        lambda: services.meeting_request(actor=actor.user, event=event, recipient=them), message
    )


def test_meeting_request_again_after_a_cancellation_reopens_the_same_meeting(event, asker, asked):
    earlier = MeetingFactory(
        event=event, requester=asker, recipient=asked, status=MeetingStatus.CANCELLED
    )

    meeting = services.meeting_request(actor=asker.user, event=event, recipient=asked)

    assert meeting.pk == earlier.pk
    assert list(Meeting.objects.values_list("pk", "status", "message")) == [
        (earlier.pk, MeetingStatus.REQUESTED, "")
    ]
    subject = "Meeting request at Hanoi Agritech Matchmaking Day"
    body = "Lý Minh asks for a meeting: —"  # no message
    assert notices() == [(asked.user_id, subject, body, meetings_url(event))]


def test_meeting_request_after_the_deadline_is_refused_and_changes_nothing(event, asker, asked):
    event.meeting_request_deadline = timezone.now() - timedelta(minutes=1)
    event.save()
    refused(
        lambda: services.meeting_request(actor=asker.user, event=event, recipient=asked),
        "Meeting requests for this event have closed.",
    )


def test_meeting_request_with_a_message_too_long_is_refused_and_changes_nothing(
    event, asker, asked
):
    refused(
        lambda: services.meeting_request(
            actor=asker.user, event=event, recipient=asked, message="x" * 2001
        ),
        "Ensure this value has at most 2000 characters (it has 2001).",
    )


# --- Nothing changes once the event was held or cancelled ----------------------------------


@pytest.mark.parametrize(
    ("status", "message"), [(EventStatus.HELD, HELD), (EventStatus.CANCELLED, CANCELLED)]
)
@pytest.mark.parametrize(
    "change",
    [
        lambda meeting: services.meeting_request(
            actor=meeting.recipient.user,
            event=meeting.event,
            recipient=RegistrationFactory(event=meeting.event),
        ),
        lambda meeting: services.meeting_answer(
            actor=meeting.recipient.user, meeting=meeting, accept=True
        ),
        lambda meeting: services.meeting_cancel(actor=meeting.requester.user, meeting=meeting),
    ],
    ids=["request", "answer", "cancel"],
)
def test_meeting_changes_once_the_event_is_over_are_refused_and_change_nothing(
    event, asker, asked, status, message, change
):
    meeting = MeetingFactory(event=event, requester=asker, recipient=asked)
    event.status = status
    event.save()
    refused(lambda: change(meeting), message)


# --- Answering -----------------------------------------------------------------------------


@pytest.fixture
def request_(event, asker, asked):
    """A request of the asker's to the asked, not answered yet."""
    return MeetingFactory(event=event, requester=asker, recipient=asked)


def test_meeting_answer_accepting_tells_the_one_who_asked_in_their_language(
    event, asker, asked, request_
):
    set_language(asker, "zh-hans")

    services.meeting_answer(actor=asked.user, meeting=request_, accept=True, priority=3)

    saved = row(request_)
    assert (saved["status"], saved["recipient_priority"]) == (MeetingStatus.ACCEPTED, 3)
    assert timezone.now() - saved["answered_at"] < timedelta(minutes=1)
    # The one who answered is not told of their own answer.
    subject, body = "洽谈邀请已接受：河内农业科技对接日", "Wang Fang已接受您的洽谈邀请。"
    assert notices() == [(asker.user_id, subject, body, meetings_url(event, "zh-hans"))]
    assert ScheduleRun.objects.count() == 0  # nothing is scheduled yet: no re-plan


def test_meeting_answer_declining_tells_the_one_who_asked(event, asker, asked, request_):
    services.meeting_answer(actor=asked.user, meeting=request_, accept=False)

    assert row(request_)["status"] == MeetingStatus.DECLINED
    subject = "Meeting declined at Hanoi Agritech Matchmaking Day"
    body = "Wang Fang declined your meeting request."
    assert notices() == [(asker.user_id, subject, body, meetings_url(event))]


def test_meeting_answer_accepting_once_scheduled_places_the_meeting_by_a_new_run(
    event, asker, asked, request_, django_capture_on_commit_callbacks
):
    slot = MeetingSlotFactory(event=event)
    later = MeetingSlotFactory(event=event, starts_at=local(event, 15))
    table = MeetingTableFactory(event=event)
    placed = placed_meeting(event, asker, RegistrationFactory(event=event), slot=slot, table=table)

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_answer(actor=asked.user, meeting=request_, accept=True)

    run = ScheduleRun.objects.get()
    assert (run.status, run.requested_by, run.placed, run.moved) == (RunStatus.DONE, None, 2, 0)
    # The asker is busy at 14:00, so the new meeting goes to 15:00; the other one stays.
    assert (row(placed)["slot_id"], row(placed)["table_id"]) == (slot.pk, table.pk)
    assert (row(request_)["slot_id"], row(request_)["table_id"]) == (later.pk, table.pk)


@pytest.mark.parametrize(
    "who",
    [
        lambda meeting: meeting.requester.user,
        lambda meeting: RegistrationFactory(event=meeting.event).user,
        lambda meeting: organizer_of(meeting.event),
        lambda meeting: AnonymousUser(),
    ],
    ids=["the_one_who_asked", "another_participant", "organizer", "visitor"],
)
def test_meeting_answer_by_anyone_but_the_one_asked_is_refused_and_changes_nothing(request_, who):
    actor = who(request_)
    refused(
        lambda: services.meeting_answer(actor=actor, meeting=request_, accept=True),
        "Only the person asked can answer.",
        error=PermissionDenied,
    )


@pytest.mark.parametrize(
    "status",
    [
        MeetingStatus.ACCEPTED,
        MeetingStatus.DECLINED,
        MeetingStatus.CANCELLED,
        MeetingStatus.EXPIRED,
    ],
)
def test_meeting_answer_twice_is_refused_and_changes_nothing(asked, request_, status):
    request_.status = status
    request_.save()
    refused(
        lambda: services.meeting_answer(actor=asked.user, meeting=request_, accept=False),
        "This request was already answered.",
    )


# --- Cancelling ----------------------------------------------------------------------------


def test_meeting_cancel_of_a_request_by_the_one_who_asked_tells_the_other_side(
    event, asker, asked, request_
):
    services.meeting_cancel(actor=asker.user, meeting=request_)

    assert row(request_)["status"] == MeetingStatus.CANCELLED
    subject = "Meeting cancelled at Hanoi Agritech Matchmaking Day"
    body = "Lý Minh cancelled your meeting."
    assert notices() == [(asked.user_id, subject, body, meetings_url(event))]
    assert ScheduleRun.objects.count() == 0


def test_meeting_cancel_of_a_placed_meeting_frees_its_place_and_re_plans_the_others(
    event, asker, asked, django_capture_on_commit_callbacks
):
    first = MeetingSlotFactory(event=event)
    second = MeetingSlotFactory(event=event, starts_at=local(event, 15))
    table = MeetingTableFactory(event=event)
    meeting = placed_meeting(event, asker, asked, slot=first, table=table)
    others = [RegistrationFactory(event=event), RegistrationFactory(event=event)]
    other = placed_meeting(event, *others, slot=second, table=table)

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=asked.user, meeting=meeting)

    placement = ("status", "slot", "table", "interpreter")
    assert Meeting.objects.values_list(*placement).get(pk=meeting.pk) == (
        MeetingStatus.CANCELLED,
        None,
        None,
        None,
    )
    run = ScheduleRun.objects.get()
    assert (run.status, run.placed, run.moved) == (RunStatus.DONE, 1, 0)
    # The other meeting keeps its place, so only the side called off is told anything.
    assert (row(other)["slot_id"], row(other)["table_id"]) == (second.pk, table.pk)
    assert [(n[0], n[1]) for n in notices()] == [
        (asker.user_id, "Meeting cancelled at Hanoi Agritech Matchmaking Day")
    ]


@pytest.mark.parametrize(
    "status", [MeetingStatus.DECLINED, MeetingStatus.CANCELLED, MeetingStatus.EXPIRED]
)
def test_meeting_cancel_of_a_meeting_not_on_is_refused_and_changes_nothing(asker, request_, status):
    request_.status = status
    request_.save()
    refused(
        lambda: services.meeting_cancel(actor=asker.user, meeting=request_),
        "This meeting is not on.",
    )


# --- Outcome -------------------------------------------------------------------------------


@pytest.fixture
def yesterday():
    """A matchmaking day that took place yesterday, not yet marked held."""
    return EventFactory(day=in_days(-1), status=EventStatus.REGISTRATION_CLOSED)


@pytest.fixture
def met(yesterday):
    """A meeting placed at 14:00 yesterday."""
    return placed_meeting(
        yesterday, RegistrationFactory(event=yesterday), RegistrationFactory(event=yesterday)
    )


def outcome(meeting) -> tuple:
    """(held, follows up) as the requester said, then as the recipient said."""
    sides = ("held_by_requester", "follow_up_by_requester")
    sides += ("held_by_recipient", "follow_up_by_recipient")
    return Meeting.objects.values_list(*sides).get(pk=meeting.pk)


def test_meeting_record_outcome_keeps_each_sides_answer(met):
    services.meeting_record_outcome(
        actor=met.requester.user, meeting=met, held=True, follow_up=True
    )
    assert outcome(met) == (True, True, None, None)

    services.meeting_record_outcome(
        actor=met.recipient.user, meeting=met, held=False, follow_up=True
    )
    # Nobody follows up a meeting that did not take place.
    assert outcome(met) == (True, True, False, False)
    assert list(met.history.values_list("history_user_id", "history_change_reason"))[:2] == [
        (met.recipient.user_id, "outcome"),
        (met.requester.user_id, "outcome"),
    ]


def test_meeting_record_outcome_once_the_event_is_marked_held(met):
    met.event.status = EventStatus.HELD
    met.event.save()

    services.meeting_record_outcome(actor=met.recipient.user, meeting=met, held=True)

    assert outcome(met) == (None, None, True, False)


def test_meeting_record_outcome_before_the_meeting_is_refused_and_changes_nothing(
    event, asker, asked
):
    meeting = placed_meeting(event, asker, asked)  # at 14:00, thirty days from now
    refused(
        lambda: services.meeting_record_outcome(actor=asker.user, meeting=meeting, held=True),
        "The meeting has not taken place yet.",
    )


def test_meeting_record_outcome_of_a_meeting_never_placed_is_refused(yesterday):
    meeting = MeetingFactory(event=yesterday, accepted=True)
    refused(
        lambda: services.meeting_record_outcome(
            actor=meeting.requester.user, meeting=meeting, held=True
        ),
        "Only scheduled meetings have an outcome.",
    )


# --- Follow-up -----------------------------------------------------------------------------

RICE_OFFER = (
    "High-yield rice varieties for trials in Vietnam",
    "Our academy offers new high-yield and salt-tolerant rice varieties for field trials "
    "and joint research on cultivation in the Mekong delta.",
)
RICE_NEED = (
    "Looking for new rice varieties to trial in the Mekong delta",
    "A seed company looking for high-yield, salt-tolerant rice varieties to trial and "
    "demonstrate in the Mekong delta.",
)


@pytest.fixture
def rice_meeting(yesterday):
    """A held meeting of a seed company seeking rice varieties with an academy offering
    them, each with its listing indexed for the matchmaking engine; and the offer."""
    seeker = RegistrationFactory(event=yesterday)
    academy = RegistrationFactory(event=yesterday)
    indexed_listing(seeker.organization, *RICE_NEED, kind=ListingKind.NEED, language="en")
    offer = indexed_listing(
        academy.organization, *RICE_OFFER, kind=ListingKind.OFFER, language="en"
    )
    return placed_meeting(yesterday, seeker, academy, held_by_requester=True), offer


def test_meeting_follow_up_as_interest_expresses_interest_in_their_listing_and_keeps_the_link(
    rice_meeting,
):
    meeting, offer = rice_meeting
    seeker = meeting.requester

    interest = services.meeting_follow_up_as_interest(
        actor=seeker.user, meeting=meeting, message="Following up our meeting in Hanoi."
    )

    assert (
        interest.listing,
        interest.organization_id,
        interest.created_by,
        interest.message,
        interest.status,
    ) == (
        offer,
        seeker.organization_id,
        seeker.user,
        "Following up our meeting in Hanoi.",
        InterestStatus.PENDING,
    )
    assert row(meeting)["interest_id"] == interest.pk
    assert [(n[0], n[1]) for n in notices()] == [
        (meeting.recipient.user_id, f"New interest in: {offer.title}")
    ]


def test_meeting_follow_up_as_interest_twice_is_refused_and_changes_nothing(rice_meeting):
    meeting, _offer = rice_meeting
    actor = meeting.requester.user
    services.meeting_follow_up_as_interest(actor=actor, meeting=meeting, message="Following up.")
    refused(
        lambda: services.meeting_follow_up_as_interest(
            actor=actor, meeting=meeting, message="Again."
        ),
        "Your organization has already expressed interest in this listing.",
    )


def test_meeting_follow_up_as_interest_when_they_have_no_listing_is_refused(met):
    met.held_by_recipient = True
    met.save()
    refused(
        lambda: services.meeting_follow_up_as_interest(
            actor=met.requester.user, meeting=met, message="Following up."
        ),
        "The other side has no listing to express interest in.",
    )


def test_meeting_follow_up_of_a_meeting_that_did_not_take_place_is_refused(met):
    met.held_by_requester = False
    met.save()
    agreement = AgreementFactory(parties=[met.requester.organization])
    for follow_up in (
        lambda: services.meeting_follow_up_as_interest(
            actor=met.requester.user, meeting=met, message="Following up."
        ),
        lambda: services.meeting_follow_up_as_agreement(
            actor=met.requester.user, meeting=met, agreement=agreement
        ),
    ):
        refused(follow_up, "Only a meeting that took place can be followed up.")


def test_meeting_follow_up_as_agreement_links_an_agreement_of_the_actors_organization(met):
    met.held_by_recipient = True
    met.save()
    agreement = AgreementFactory(parties=[met.recipient.organization, met.requester.organization])

    services.meeting_follow_up_as_agreement(
        actor=met.recipient.user, meeting=met, agreement=agreement
    )

    assert row(met)["agreement_id"] == agreement.pk
    assert list(agreement.meetings.all()) == [met]
    assert met.history.values_list("history_user_id", "history_change_reason").first() == (
        met.recipient.user_id,
        "led to an agreement",
    )


def test_meeting_follow_up_as_agreement_the_actor_may_not_edit_is_refused(met):
    met.held_by_recipient = True
    met.save()
    strangers = AgreementFactory()  # between two other organizations
    refused(
        lambda: services.meeting_follow_up_as_agreement(
            actor=met.recipient.user, meeting=met, agreement=strangers
        ),
        "Link an agreement your organization is a party to.",
    )


# --- Only the two sides ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda actor, meeting: services.meeting_cancel(actor=actor, meeting=meeting),
            "Only the two sides can cancel a meeting.",
        ),
        (
            lambda actor, meeting: services.meeting_record_outcome(
                actor=actor, meeting=meeting, held=True
            ),
            "Only the two sides record a meeting's outcome.",
        ),
        (
            lambda actor, meeting: services.meeting_follow_up_as_interest(
                actor=actor, meeting=meeting, message="Following up."
            ),
            "Only the two sides follow up a meeting.",
        ),
        (
            lambda actor, meeting: services.meeting_follow_up_as_agreement(
                actor=actor, meeting=meeting, agreement=AgreementFactory()
            ),
            "Only the two sides follow up a meeting.",
        ),
    ],
    ids=["cancel", "outcome", "interest", "agreement"],
)
@pytest.mark.parametrize(
    "who",
    [
        lambda meeting: organizer_of(meeting.event),
        lambda meeting: RegistrationFactory(event=meeting.event).user,
        lambda meeting: UserFactory(role=Role.SECRETARIAT),
        lambda meeting: AnonymousUser(),
    ],
    ids=["organizer", "another_participant", "secretariat", "visitor"],
)
def test_meeting_changes_by_someone_not_a_side_are_refused_and_change_nothing(
    met, change, message, who
):
    met.held_by_requester = met.held_by_recipient = True
    met.save()
    actor = who(met)
    refused(lambda: change(actor, met), message, error=PermissionDenied)


# --- Expiry at the deadline ----------------------------------------------------------------


def test_meeting_requests_expire_past_the_deadline_and_tell_the_one_who_asked(event, asker, asked):
    event.meeting_request_deadline = timezone.now() - timedelta(hours=1)
    event.save()
    set_language(asker, "vi")
    expiring = MeetingFactory(event=event, requester=asker, recipient=asked)
    accepted = MeetingFactory(event=event, recipient=asked, accepted=True)
    declined = MeetingFactory(event=event, recipient=asked, status=MeetingStatus.DECLINED)
    open_event = EventFactory(meeting_request_deadline=timezone.now() + timedelta(hours=1))
    still_open = MeetingFactory(event=open_event)
    no_deadline = MeetingFactory()
    others = [accepted, declined, still_open, no_deadline]
    untouched = [row(meeting) for meeting in others]

    assert services.meeting_requests_expire() == 1

    assert row(expiring)["status"] == MeetingStatus.EXPIRED
    assert [row(meeting) for meeting in others] == untouched
    assert notices() == [
        (
            asker.user_id,
            "Đề nghị gặp đã hết hạn tại Ngày kết nối công nghệ nông nghiệp Hà Nội",
            "Wang Fang đã không trả lời đề nghị của bạn trước hạn chót.",
            meetings_url(event, "vi"),
        )
    ]
    assert expiring.history.values_list("history_user_id", "history_change_reason").first() == (
        None,
        "expired at the deadline",
    )
    assert services.meeting_requests_expire() == 0


def test_meeting_requests_expire_as_of_the_time_given(event, asker, asked):
    event.meeting_request_deadline = timezone.now() + timedelta(days=2)
    event.save()
    meeting = MeetingFactory(event=event, requester=asker, recipient=asked)

    assert services.meeting_requests_expire(now=timezone.now() + timedelta(days=1)) == 0
    assert row(meeting)["status"] == MeetingStatus.REQUESTED
    assert services.meeting_requests_expire(now=timezone.now() + timedelta(days=3)) == 1
    assert row(meeting)["status"] == MeetingStatus.EXPIRED
