"""Registrations (services/registrations.py): places, approval and the waiting list, the
confirmation e-mail with its QR code in the participant's language, changes, cancellation
and check-in with the registration's code."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innobridge.accounts.tests.factories import UserFactory
from innobridge.events import services
from innobridge.events.choices import EventStatus, MeetingStatus, RegistrationStatus
from innobridge.events.models import Meeting, Registration
from innobridge.events.qr import qr_png
from innobridge.events.services import CheckIn
from innobridge.events.tests.factories import (
    EventFactory,
    MeetingFactory,
    MeetingSlotFactory,
    RegistrationFactory,
    SessionFactory,
    local,
)
from innobridge.marketplace.choices import ListingKind
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.news.timezones import zone_info
from innobridge.notifications.models import Notification

pytestmark = pytest.mark.django_db

SITE = "https://innobridge.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def row(instance) -> dict:
    """The instance's whole database row, to show nothing changed."""
    return type(instance).objects.values().get(pk=instance.pk)


def registrations() -> list[dict]:
    """Every registration's whole row, with its listings and sessions."""
    rows = []
    for registration in Registration.objects.order_by("pk"):
        values = row(registration)
        values["offers"] = sorted(registration.offers.values_list("pk", flat=True))
        values["seeks"] = sorted(registration.seeks.values_list("pk", flat=True))
        values["sessions"] = sorted(registration.sessions.values_list("pk", flat=True))
        values["unavailable_slots"] = sorted(
            registration.unavailable_slots.values_list("pk", flat=True)
        )
        rows.append(values)
    return rows


def database() -> tuple:
    """What a refused write must leave as it was."""
    return (
        registrations(),
        Registration.history.count(),
        list(Meeting.objects.order_by("pk").values()),
        Notification.objects.count(),
    )


def sent(mailoutbox) -> list[tuple]:
    return [(mail.to, mail.subject, mail.body) for mail in mailoutbox]


def attachments(mail) -> list[tuple]:
    return [(name, content, mimetype) for name, content, mimetype in mail.attachments]


@pytest.fixture
def event():
    return EventFactory(
        name="Hanoi Agritech Matchmaking Day",
        translated_names={
            "vi": "Ngày kết nối công nghệ nông nghiệp Hà Nội",
            "zh-hans": "河内农业科技对接日",
        },
    )


def register(actor, event, **kwargs) -> Registration:
    kwargs.setdefault("languages", ["en"])
    return services.registration_create(actor=actor, event=event, **kwargs)


# --- Registering ----------------------------------------------------------------------------


def test_registration_create_confirms_and_emails_the_qr_code_in_the_participants_language(
    event, member, organization, mailoutbox, django_capture_on_commit_callbacks
):
    member.preferred_language = "vi"
    member.save()
    keynote = SessionFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(member, event, languages=["vi", "en"], role="delegate")

    assert (
        registration.status,
        registration.organization,
        registration.languages,
        registration.role,
        list(registration.sessions.all()),
        registration.checked_in_at,
    ) == (RegistrationStatus.CONFIRMED, organization, ["vi", "en"], "delegate", [keynote], None)
    code = registration.code
    assert sent(mailoutbox) == [
        (
            [member.email],
            "Đăng ký thành công: Ngày kết nối công nghệ nông nghiệp Hà Nội",
            "Bạn đã đăng ký tham gia “Ngày kết nối công nghệ nông nghiệp Hà Nội”.\n\n"
            f"Mã điểm danh của bạn: {code}. Hãy xuất trình mã QR của mã này tại lối vào.\n\n"
            f"{SITE}/vi/events/{event.pk}/registration/",
        )
    ]
    assert attachments(mailoutbox[0]) == [(f"check-in-{code}.png", qr_png(code), "image/png")]
    assert mailoutbox[0].attachments[0][1].startswith(b"\x89PNG\r\n\x1a\n")


def test_registration_create_in_english_without_a_preferred_language(
    event, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(member, event)

    assert sent(mailoutbox) == [
        (
            [member.email],
            "Registered: Hanoi Agritech Matchmaking Day",
            "You are registered for “Hanoi Agritech Matchmaking Day”.\n\n"
            f"Your check-in code: {registration.code}. Show its QR code at the entrance.\n\n"
            f"{SITE}/en/events/{event.pk}/registration/",
        )
    ]


def test_registration_create_codes_are_twelve_hex_digits_and_differ(event, member):
    first = register(member, event)
    second = register(UserFactory(organization=member.organization), event)

    assert [len(first.code), len(second.code)] == [12, 12]
    assert first.code != second.code
    assert all(character in "0123456789ABCDEF" for character in first.code + second.code)


def test_registration_create_twice_is_refused_and_changes_nothing(event, member):
    register(member, event)
    before = database()

    with pytest.raises(ValidationError) as error:
        register(member, event, languages=["vi"])

    assert error.value.messages == ["You are already registered for this event."]
    assert database() == before


def test_registration_create_after_the_deadline_is_refused_and_changes_nothing(member):
    deadline = datetime(2026, 1, 15, 17, 0, tzinfo=zone_info("Asia/Ho_Chi_Minh"))
    event = EventFactory(registration_deadline=deadline)
    before = database()

    with pytest.raises(ValidationError) as error:
        register(member, event)

    assert error.value.messages == ["Registration closed on Jan. 15, 2026, 5 p.m.."]
    assert database() == before


def test_registration_create_for_a_cancelled_event_is_refused_and_changes_nothing(member):
    event = EventFactory(status=EventStatus.CANCELLED)
    before = database()

    with pytest.raises(ValidationError) as error:
        register(member, event)

    assert error.value.messages == ["The event was cancelled."]
    assert database() == before


@pytest.mark.parametrize(
    "status", [EventStatus.PLANNED, EventStatus.REGISTRATION_CLOSED, EventStatus.HELD]
)
def test_registration_create_for_an_event_not_open_is_refused_and_changes_nothing(member, status):
    event = EventFactory(status=status)
    before = database()

    with pytest.raises(ValidationError) as error:
        register(member, event)

    assert error.value.messages == ["Registration for this event is not open."]
    assert database() == before


def test_registration_create_by_a_visitor_is_refused(event):
    before = database()

    with pytest.raises(PermissionDenied) as error:
        register(AnonymousUser(), event)

    assert str(error.value) == "Sign in to register."
    assert database() == before


def test_registration_create_with_another_organizations_listing_is_refused(
    event, member, other_organization
):
    theirs = ListingFactory(owner=other_organization, title="Drip irrigation controller")
    before = database()

    with pytest.raises(ValidationError) as error:
        register(member, event, offers=[theirs])

    assert error.value.messages == [
        "“Drip irrigation controller” is not a published listing of your organization."
    ]
    assert database() == before


def test_registration_create_with_a_draft_listing_is_refused(event, member, organization):
    draft = ListingFactory(owner=organization, draft=True, title="Seed testing laboratory")
    before = database()

    with pytest.raises(ValidationError) as error:
        register(member, event, seeks=[draft])

    assert error.value.messages == [
        "“Seed testing laboratory” is not a published listing of your organization."
    ]
    assert database() == before


def test_registration_create_keeps_the_listings_and_sessions_chosen(event, member, organization):
    offer = ListingFactory(owner=organization)
    need = ListingFactory(owner=organization, kind=ListingKind.NEED)
    morning, afternoon = (
        SessionFactory(event=event),
        SessionFactory(event=event, starts_at=local(event, 15), room="Hall B"),
    )

    registration = register(member, event, offers=[offer], seeks=[need], sessions=[afternoon])

    assert (
        list(registration.offers.all()),
        list(registration.seeks.all()),
        list(registration.sessions.all()),
    ) == ([offer], [need], [afternoon])
    assert morning not in registration.sessions.all()


def test_registration_create_when_full_puts_the_participant_on_the_waiting_list(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(name="Hanoi Agritech Matchmaking Day", capacity=1)
    RegistrationFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(member, event)

    assert registration.status == RegistrationStatus.WAITLISTED
    assert sent(mailoutbox) == [
        (
            [member.email],
            "On the waiting list: Hanoi Agritech Matchmaking Day",
            "“Hanoi Agritech Matchmaking Day” is full. You are on the waiting list and will be "
            "told if a place becomes free.\n\n"
            f"{SITE}/en/events/{event.pk}/registration/",
        )
    ]
    assert mailoutbox[0].attachments == []


def test_registration_create_with_approval_awaits_the_organizers(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(name="Hanoi Agritech Matchmaking Day", requires_approval=True)

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(member, event)

    assert registration.status == RegistrationStatus.PENDING
    assert sent(mailoutbox) == [
        (
            [member.email],
            "Registration received: Hanoi Agritech Matchmaking Day",
            "The organizers will confirm your registration for “Hanoi Agritech Matchmaking "
            f"Day”.\n\n{SITE}/en/events/{event.pk}/registration/",
        )
    ]
    assert mailoutbox[0].attachments == []


def test_registration_create_again_after_cancelling_reuses_the_registration(event, member):
    first = register(member, event)
    services.registration_cancel(actor=member, registration=first)

    again = register(member, event, languages=["vi"])

    assert (again.pk, again.code, again.status, again.languages) == (
        first.pk,
        first.code,
        RegistrationStatus.CONFIRMED,
        ["vi"],
    )


# --- Cancelling and the waiting list --------------------------------------------------------


@pytest.fixture
def full_event():
    """One place, taken; two people on the waiting list, the first since yesterday."""
    event = EventFactory(name="Hanoi Agritech Matchmaking Day", capacity=1)
    taken = RegistrationFactory(event=event)
    later = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    first = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    Registration.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=1))
    return {"event": event, "taken": taken, "first": first, "later": later}


def test_registration_cancel_moves_the_first_on_the_waiting_list_up_and_tells_them(
    full_event, mailoutbox, django_capture_on_commit_callbacks
):
    first, later, taken = full_event["first"], full_event["later"], full_event["taken"]
    first.user.preferred_language = "zh-hans"
    first.user.save()
    full_event["event"].translated_names = {"zh-hans": "河内农业科技对接日"}
    full_event["event"].save()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=taken.user, registration=taken)

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {
        taken.pk: RegistrationStatus.CANCELLED,
        first.pk: RegistrationStatus.CONFIRMED,
        later.pk: RegistrationStatus.WAITLISTED,
    }
    assert sent(mailoutbox) == [
        (
            [first.user.email],
            "报名成功：河内农业科技对接日",
            "有名额空出，已分配给您：您已成功报名“河内农业科技对接日”。\n\n"
            f"您的签到码：{first.code}。请在入口处出示签到二维码。\n\n"
            f"{SITE}/zh-hans/events/{full_event['event'].pk}/registration/",
        )
    ]
    assert attachments(mailoutbox[0]) == [
        (f"check-in-{first.code}.png", qr_png(first.code), "image/png")
    ]


def test_registration_cancel_with_approval_moves_the_first_up_to_awaiting_approval(full_event):
    event, first, taken = full_event["event"], full_event["first"], full_event["taken"]
    event.requires_approval = True
    event.save()

    services.registration_cancel(actor=taken.user, registration=taken)

    first.refresh_from_db()
    assert first.status == RegistrationStatus.PENDING


def test_registration_cancel_of_a_waiting_place_moves_nobody_up(full_event):
    later, first = full_event["later"], full_event["first"]

    services.registration_cancel(actor=later.user, registration=later)

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {
        full_event["taken"].pk: RegistrationStatus.CONFIRMED,
        first.pk: RegistrationStatus.WAITLISTED,
        later.pk: RegistrationStatus.CANCELLED,
    }


def test_registration_cancel_calls_off_the_participants_meetings(event):
    registration = RegistrationFactory(event=event)
    asked = MeetingFactory(event=event, requester=registration)
    accepted = MeetingFactory(event=event, recipient=registration, accepted=True)
    declined = MeetingFactory(event=event, requester=registration, status=MeetingStatus.DECLINED)
    others = MeetingFactory(event=event)

    services.registration_cancel(actor=registration.user, registration=registration)

    statuses = dict(Meeting.objects.values_list("pk", "status"))
    assert statuses == {
        asked.pk: MeetingStatus.CANCELLED,
        accepted.pk: MeetingStatus.CANCELLED,
        declined.pk: MeetingStatus.DECLINED,
        others.pk: MeetingStatus.REQUESTED,
    }


def test_registration_cancel_by_the_organizer_is_allowed(event):
    registration = RegistrationFactory(event=event)
    organizer = UserFactory(organization=event.organizers.get().organization)

    services.registration_cancel(actor=organizer, registration=registration)

    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED


def test_registration_cancel_by_someone_else_is_refused_and_changes_nothing(event, member):
    registration = RegistrationFactory(event=event)
    before = database()

    with pytest.raises(PermissionDenied) as error:
        services.registration_cancel(actor=member, registration=registration)

    assert str(error.value) == "Only the participant or the organizers can cancel it."
    assert database() == before


def test_registration_cancel_twice_is_refused_and_changes_nothing(event):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    before = database()

    with pytest.raises(ValidationError) as error:
        services.registration_cancel(actor=registration.user, registration=registration)

    assert error.value.messages == ["This registration is not active."]
    assert database() == before


# --- The organizer's decision ---------------------------------------------------------------


@pytest.fixture
def organizer(event):
    return UserFactory(organization=event.organizers.get().organization)


def test_registration_decide_approves_a_pending_registration(
    event, organizer, mailoutbox, django_capture_on_commit_callbacks
):
    pending = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_decide(actor=organizer, registration=pending, approve=True)

    assert row(pending)["status"] == RegistrationStatus.CONFIRMED
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        ([pending.user.email], "Registered: Hanoi Agritech Matchmaking Day")
    ]


def test_registration_decide_approving_when_full_puts_on_the_waiting_list(event, organizer):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event)
    pending = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)

    services.registration_decide(actor=organizer, registration=pending, approve=True)

    assert row(pending)["status"] == RegistrationStatus.WAITLISTED


def test_registration_decide_declines_and_tells_the_participant(
    event, organizer, mailoutbox, django_capture_on_commit_callbacks
):
    pending = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_decide(actor=organizer, registration=pending, approve=False)

    assert row(pending)["status"] == RegistrationStatus.DECLINED
    assert sent(mailoutbox) == [
        (
            [pending.user.email],
            "Registration declined: Hanoi Agritech Matchmaking Day",
            "The organizers could not accept your registration for “Hanoi Agritech "
            f"Matchmaking Day”.\n\n{SITE}/en/events/{event.pk}/registration/",
        )
    ]


def test_registration_decide_on_a_confirmed_registration_is_refused(event, organizer):
    confirmed = RegistrationFactory(event=event)
    before = database()

    with pytest.raises(ValidationError) as error:
        services.registration_decide(actor=organizer, registration=confirmed, approve=False)

    assert error.value.messages == ["Only registrations awaiting approval can be decided."]
    assert database() == before


def test_registration_decide_by_another_organizations_editor_is_refused(event, member):
    pending = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)
    before = database()

    with pytest.raises(PermissionDenied) as error:
        services.registration_decide(actor=member, registration=pending, approve=True)

    assert str(error.value) == "Only the event's organizers and the secretariat can do this."
    assert database() == before


# --- Changing a registration ----------------------------------------------------------------


def test_registration_update_changes_languages_and_unavailable_slots(event):
    registration = RegistrationFactory(event=event)
    slot = MeetingSlotFactory(event=event)

    services.registration_update(
        actor=registration.user,
        registration=registration,
        languages=["vi", "zh-hans"],
        unavailable_slots=[slot],
    )

    assert (row(registration)["languages"], list(registration.unavailable_slots.all())) == (
        ["vi", "zh-hans"],
        [slot],
    )


def test_registration_update_with_another_events_slot_is_refused(event):
    registration = RegistrationFactory(event=event)
    elsewhere = MeetingSlotFactory()
    before = database()

    with pytest.raises(ValidationError) as error:
        services.registration_update(
            actor=registration.user, registration=registration, unavailable_slots=[elsewhere]
        )

    assert error.value.messages == ["These slots are not this event's."]
    assert database() == before


def test_registration_update_of_slots_after_the_event_was_held_is_refused(event):
    registration = RegistrationFactory(event=event)
    slot = MeetingSlotFactory(event=event)
    event.status = EventStatus.HELD
    event.save()
    before = database()

    with pytest.raises(ValidationError) as error:
        services.registration_update(
            actor=registration.user, registration=registration, unavailable_slots=[slot]
        )

    assert error.value.messages == ["The event has been held: its schedule no longer changes."]
    assert database() == before


def test_registration_update_with_an_unknown_language_is_refused(event):
    registration = RegistrationFactory(event=event)
    before = database()

    with pytest.raises(ValidationError) as error:
        services.registration_update(
            actor=registration.user, registration=registration, languages=["klingon"]
        )

    assert error.value.message_dict == {
        "languages": ["“klingon” is not a supported language code."]
    }
    assert database() == before


def test_registration_update_by_someone_else_is_refused(event, member):
    registration = RegistrationFactory(event=event)
    before = database()

    with pytest.raises(PermissionDenied) as error:
        services.registration_update(actor=member, registration=registration, languages=["vi"])

    assert str(error.value) == "Only the participant changes their registration."
    assert database() == before


# --- Check-in -------------------------------------------------------------------------------


def test_check_in_admits_a_confirmed_code_and_counts_the_arrivals(event, organizer):
    arrived = RegistrationFactory(event=event, checked_in_at=local(event, 8, 45))
    registration = RegistrationFactory(event=event)
    RegistrationFactory(event=event)  # not arrived yet

    result = services.check_in(actor=organizer, event=event, code=f"  {registration.code.lower()} ")

    assert result == CheckIn(registration=registration, arrivals=2)
    assert row(registration)["checked_in_at"] is not None
    assert row(arrived)["checked_in_at"] == local(event, 8, 45)


def test_check_in_by_the_secretariat_is_allowed(event, secretariat):
    registration = RegistrationFactory(event=event)

    assert services.check_in(actor=secretariat, event=event, code=registration.code) == CheckIn(
        registration=registration, arrivals=1
    )


def test_check_in_with_a_wrong_code_is_refused_and_changes_nothing(event, organizer):
    RegistrationFactory(event=event)
    before = database()

    with pytest.raises(ValidationError) as error:
        services.check_in(actor=organizer, event=event, code="0000 nothing")

    assert error.value.messages == ["No registration has the code 0000 NOTHING."]
    assert database() == before


def test_check_in_without_a_code_is_refused(event, organizer):
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=organizer, event=event, code="   ")

    assert error.value.messages == ["Scan or type a check-in code."]


def test_check_in_with_a_code_of_another_event_is_refused_and_changes_nothing(event, organizer):
    elsewhere = RegistrationFactory(event=EventFactory(name="Da Nang Startup Roadshow"))
    before = database()

    with pytest.raises(ValidationError) as error:
        services.check_in(actor=organizer, event=event, code=elsewhere.code)

    assert error.value.messages == [
        f"The code {elsewhere.code} is for another event: Da Nang Startup Roadshow."
    ]
    assert database() == before


def test_check_in_with_a_reused_code_names_the_time_and_changes_nothing(event, organizer):
    registration = RegistrationFactory(event=event, checked_in_at=local(event, 9, 5))
    before = database()

    with pytest.raises(ValidationError) as error:
        services.check_in(actor=organizer, event=event, code=registration.code)

    # English times end in "a.m.", so the sentence's own full stop follows it.
    assert error.value.messages == [f"The code {registration.code} was already used, at 9:05 a.m.."]
    assert database() == before


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (RegistrationStatus.WAITLISTED, "On the waiting list"),
        (RegistrationStatus.PENDING, "Awaiting approval"),
        (RegistrationStatus.CANCELLED, "Cancelled"),
        (RegistrationStatus.DECLINED, "Declined"),
    ],
)
def test_check_in_of_a_registration_not_confirmed_is_refused_and_changes_nothing(
    event, organizer, status, label
):
    registration = RegistrationFactory(event=event, status=status)
    before = database()

    with pytest.raises(ValidationError) as error:
        services.check_in(actor=organizer, event=event, code=registration.code)

    assert error.value.messages == [
        f"The registration {registration.code} is “{label}”: not admitted."
    ]
    assert database() == before


def test_check_in_by_a_participant_is_refused_and_changes_nothing(event):
    registration = RegistrationFactory(event=event)
    before = database()

    with pytest.raises(PermissionDenied) as error:
        services.check_in(actor=registration.user, event=event, code=registration.code)

    assert str(error.value) == "Only the event's organizers and the secretariat can do this."
    assert database() == before
