"""Factories of the events app, for its own tests.

`EventFactory()` is a matchmaking day open for registration, thirty days ahead, from 09:00
to 17:30 in Hanoi's time zone (an hour behind the server's), with one organizer
organization; `EventFactory(organizers=[org_a, org_b])` names the organizers,
`EventFactory(day=date(...))` moves it. `RegistrationFactory()` is a confirmed participant,
a member editor of an organization of their own. `slots(event, 3)` gives three half-hour
meeting slots from 14:00 local time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

import factory
from django.utils import timezone

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.events.choices import (
    EventStatus,
    EventType,
    MeetingStatus,
    OrganizationRole,
    RegistrationStatus,
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
    Session,
)
from innobridge.news.timezones import zone_info
from innobridge.organizations.tests.factories import OrganizationFactory

HANOI = "Asia/Ho_Chi_Minh"


def local(event: Event, hour: int, minute: int = 0, *, day: int = 0) -> datetime:
    """A time on the event's first day (or `day` days later), in the venue's time zone."""
    first = event.starts_at.astimezone(event.zone).date() + timedelta(days=day)
    return datetime.combine(first, time(hour, minute), tzinfo=event.zone)


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


class EventFactory(factory.django.DjangoModelFactory):
    """A matchmaking day open for registration, 09:00–17:30 in Hanoi's time zone."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        day = factory.LazyFunction(lambda: in_days(30))

    name = factory.Sequence(lambda n: f"Hanoi Technology Matchmaking Day {n}")
    name_language = "en"
    event_type = EventType.MATCHMAKING_DAY
    status = EventStatus.REGISTRATION_OPEN
    time_zone = HANOI
    starts_at = factory.LazyAttribute(
        lambda o: datetime.combine(o.day, time(9, 0), tzinfo=zone_info(o.time_zone))
    )
    ends_at = factory.LazyAttribute(
        lambda o: datetime.combine(o.day, time(17, 30), tzinfo=zone_info(o.time_zone))
    )
    venue = "Hoa Lac Hi-Tech Park"
    city = "Hanoi"
    country = "VN"

    @factory.post_generation
    def organizers(obj, create, extracted, **kwargs):
        if not create:
            return
        for organization in extracted if extracted is not None else [OrganizationFactory()]:
            EventOrganization.objects.create(
                event=obj, organization=organization, role=OrganizationRole.ORGANIZER
            )

    @factory.post_generation
    def work_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.work_areas.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    """A keynote in English in Hall A, 10:00–11:00 on the event's first day."""

    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Keynote: technology transfer across borders {n}")
    title_language = "en"
    kind = SessionKind.KEYNOTE
    starts_at = factory.LazyAttribute(lambda o: local(o.event, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    room = "Hall A"
    language = "en"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed participant speaking English, a member editor of their organization."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(
        UserFactory,
        organization=factory.SubFactory(OrganizationFactory),
        role=Role.MEMBER_EDITOR,
    )
    organization = factory.SelfAttribute("user.organization")
    languages = factory.LazyFunction(lambda: ["en"])
    status = RegistrationStatus.CONFIRMED


class MeetingSlotFactory(factory.django.DjangoModelFactory):
    """14:00–14:30 on the event's first day."""

    class Meta:
        model = MeetingSlot

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda o: local(o.event, 14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=30))


def slots(event: Event, count: int) -> list[MeetingSlot]:
    """`count` consecutive half-hour slots from 14:00 local time."""
    start = local(event, 14)
    return [
        MeetingSlotFactory(event=event, starts_at=start + timedelta(minutes=30 * number))
        for number in range(count)
    ]


class MeetingTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingTable

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"T{n}")


class InterpreterFactory(factory.django.DjangoModelFactory):
    """A Chinese–Vietnamese interpreter."""

    class Meta:
        model = Interpreter

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Nguyễn Thu Hà {n}")
    language_pairs = factory.LazyFunction(lambda: [["zh-hans", "vi"]])


class MeetingFactory(factory.django.DjangoModelFactory):
    """A request between two confirmed participants of one event; `accepted=True` for an
    accepted one (not placed: pass `slot` and `table` for that)."""

    class Meta:
        model = Meeting

    event = factory.SubFactory(EventFactory)
    requester = factory.SubFactory(RegistrationFactory, event=factory.SelfAttribute("..event"))
    recipient = factory.SubFactory(RegistrationFactory, event=factory.SelfAttribute("..event"))
    message = "We would like to discuss a pilot of your technology."
    status = MeetingStatus.REQUESTED
    score = 0.5

    class Params:
        accepted = factory.Trait(
            status=MeetingStatus.ACCEPTED, answered_at=factory.LazyFunction(timezone.now)
        )


def organizer_of(event: Event):
    """A member editor of the event's first organizing organization (who manages it)."""
    link = event.organizers.order_by("pk").first()
    return UserFactory(organization=link.organization, role=Role.MEMBER_EDITOR)


def placed_meeting(event: Event, requester: Registration, recipient: Registration, **kwargs):
    """An accepted meeting placed in a new 14:00 slot at a new table."""
    return MeetingFactory(
        event=event,
        requester=requester,
        recipient=recipient,
        accepted=True,
        slot=kwargs.pop("slot", None) or MeetingSlotFactory(event=event),
        table=kwargs.pop("table", None) or MeetingTableFactory(event=event),
        **kwargs,
    )


# Who the page and API tests ask for, in this order ("visitor" is not signed in).
ROLES = ("visitor", "member", "participant", "other_side", "organizer", "secretariat")


def event_cast(*, member, secretariat) -> SimpleNamespace:
    """An event open for registration with a keynote; two confirmed participants (the first
    attends the keynote) with a meeting the first asked for, accepted and placed at 14:00;
    and a user of each of ROLES: `member` (not registered), the two `participant` and
    `other_side`, an `organizer` (editor of the organizing organization), `secretariat`."""
    event = EventFactory()
    session = SessionFactory(event=event)
    mine, theirs = RegistrationFactory(event=event), RegistrationFactory(event=event)
    mine.sessions.add(session)
    users = {
        "visitor": None,
        "member": member,
        "participant": mine.user,
        "other_side": theirs.user,
        "organizer": organizer_of(event),
        "secretariat": secretariat,
    }
    meeting = placed_meeting(event, mine, theirs)
    return SimpleNamespace(
        event=event, session=session, mine=mine, theirs=theirs, meeting=meeting, users=users
    )


def indexed_listing(organization, title: str, summary: str, *, kind: str, language: str):
    """A published listing of the organization, indexed for search and matchmaking (with
    the real embedder, as the partner suggestions use it)."""
    from innobridge.marketplace.tests.factories import ListingFactory
    from innobridge.search.services import index_listings

    listing = ListingFactory(
        owner=organization, kind=kind, language=language, title=title, summary=summary
    )
    index_listings([listing.pk])
    return listing
