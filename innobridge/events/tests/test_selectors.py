"""Reads of the events app (selectors.py): the timetable, agendas, the post-event report and
its table, the funnel's B2B stages and partner suggestions by the matchmaking engine."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements.models import Agreement
from innobridge.agreements.selectors import (
    FunnelStep,
    agreements_visible_to,
    funnel_steps_between,
)
from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.events import selectors
from innobridge.events.choices import EventStatus, MeetingStatus, RegistrationStatus, SessionKind
from innobridge.events.selectors import EventReport
from innobridge.events.tests.factories import (
    EventFactory,
    InterpreterFactory,
    MeetingFactory,
    MeetingSlotFactory,
    MeetingTableFactory,
    RegistrationFactory,
    SessionFactory,
    indexed_listing,
    local,
    placed_meeting,
)
from innobridge.marketplace.choices import ListingKind, ListingStatus
from innobridge.marketplace.tests.factories import ExpressionOfInterestFactory, ListingFactory
from innobridge.organizations.choices import OrganizationType
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


# --- Timetable --------------------------------------------------------------------------------


def test_timetable_is_a_table_per_local_day_with_rooms_across_and_start_times_down():
    event = EventFactory()
    event.ends_at += timedelta(days=1)
    event.save()
    opening = SessionFactory(
        event=event,
        title="Opening",
        room="",
        starts_at=local(event, 9),
        ends_at=local(event, 9, 30),
        kind=SessionKind.OPENING,
    )
    hall_b = SessionFactory(event=event, title="Track B", room="Hall B")
    hall_a = SessionFactory(event=event, title="Track A", room="Hall A")
    later = SessionFactory(
        event=event,
        title="Signing",
        room="Hall A",
        starts_at=local(event, 11),
        ends_at=local(event, 12),
    )
    # 00:30 in Hanoi is still the evening before in UTC: it belongs to the second day.
    night = SessionFactory(
        event=event,
        title="Night visit",
        room="Park",
        starts_at=local(event, 0, 30, day=1),
        ends_at=local(event, 1, day=1),
    )

    days = selectors.timetable(event)

    first = event.local_starts_at.date()
    assert [(d.day, d.rooms, [(start, row) for start, row in d.rows]) for d in days] == [
        (
            first,
            ["Hall A", "Hall B", ""],
            [
                (local(event, 9), [None, None, opening]),
                (local(event, 10), [hall_a, hall_b, None]),
                (local(event, 11), [later, None, None]),
            ],
        ),
        (first + timedelta(days=1), ["Park"], [(local(event, 0, 30, day=1), [night])]),
    ]
    assert str(days[0].rows[0][0].tzinfo) == "Asia/Ho_Chi_Minh"


def test_timetable_of_an_event_without_a_programme_is_empty():
    assert selectors.timetable(EventFactory()) == []


# --- Agenda -------------------------------------------------------------------------------------


def test_agenda_holds_attended_sessions_and_placed_accepted_meetings_in_time_order():
    event = EventFactory()
    mine, theirs = RegistrationFactory(event=event), RegistrationFactory(event=event)
    morning = SessionFactory(event=event, starts_at=local(event, 9))
    afternoon = SessionFactory(event=event, starts_at=local(event, 16), room="Hall B")
    SessionFactory(event=event, starts_at=local(event, 12))  # not attended
    mine.sessions.set([afternoon, morning])
    slot = MeetingSlotFactory(event=event)
    meeting = placed_meeting(event, theirs, mine, slot=slot)
    MeetingFactory(event=event, requester=mine, accepted=True)  # not placed
    MeetingFactory(event=event, requester=mine)  # not answered
    placed_meeting(event, theirs, RegistrationFactory(event=event), slot=slot)  # not theirs

    agenda = selectors.agenda(mine)

    assert [(item.starts_at, item.ends_at, item.session, item.meeting) for item in agenda] == [
        (morning.starts_at, morning.ends_at, morning, None),
        (slot.starts_at, slot.ends_at, None, meeting),
        (afternoon.starts_at, afternoon.ends_at, afternoon, None),
    ]


# --- The post-event report ---------------------------------------------------------------------


@pytest.fixture
def held_matchmaking():
    """Four confirmed participants (two from Vietnam, a university from China, one without
    an organization), a cancelled one; meetings in every state, an interpreter used twice,
    follow-ups of each kind and two agreements signed at the event, one parties-only."""
    event = EventFactory(status=EventStatus.HELD)
    vn_park = RegistrationFactory(event=event)
    vn_park_2 = RegistrationFactory(event=event)
    cn_university = RegistrationFactory(
        event=event,
        user__organization=OrganizationFactory(country="CN", type=OrganizationType.UNIVERSITY),
    )
    independent = RegistrationFactory(event=event, user__organization=None)
    RegistrationFactory(
        event=event,
        status=RegistrationStatus.CANCELLED,
        user__organization=OrganizationFactory(country="TH"),
    )
    interpreter = InterpreterFactory(event=event)
    slots = [MeetingSlotFactory(event=event, starts_at=local(event, 14 + n)) for n in range(3)]
    table = MeetingTableFactory(event=event)
    held = placed_meeting(
        event,
        vn_park,
        cn_university,
        slot=slots[0],
        table=table,
        interpreter=interpreter,
        held_by_requester=True,
        follow_up_by_recipient=True,
    )
    placed_meeting(
        event,
        vn_park_2,
        cn_university,
        slot=slots[1],
        table=table,
        interpreter=interpreter,
        held_by_recipient=False,
    )
    placed_meeting(
        event,
        independent,
        vn_park,
        slot=slots[2],
        table=table,
        interest=ExpressionOfInterestFactory(),
    )
    MeetingFactory(event=event, requester=independent, recipient=cn_university, accepted=True)
    MeetingFactory(event=event, requester=vn_park_2, recipient=independent)
    MeetingFactory(
        event=event,
        requester=cn_university,
        recipient=independent,
        status=MeetingStatus.DECLINED,
        agreement=AgreementFactory(title="From a declined request"),
    )
    AgreementFactory(signed_at=event)
    AgreementFactory(signed_at=event, parties_only=True)
    return event, held


def test_report_counts_participants_meetings_interpreters_agreements_and_follow_ups(
    held_matchmaking,
):
    event, _held = held_matchmaking

    report = selectors.report(event, agreements=Agreement.objects.all())

    assert report == EventReport(
        participants_by_country=[("VN", 2), ("CN", 1), ("", 1)],
        participants_by_type=[("Science park / high-tech zone", 2), ("University", 1), ("", 1)],
        meetings={"requested": 6, "accepted": 4, "scheduled": 3, "held": 1},
        interpreters_used=1,
        agreements_signed=2,
        follow_ups=3,
    )


def test_report_counts_only_the_agreements_the_viewer_may_see(held_matchmaking):
    event, _held = held_matchmaking
    visible = agreements_visible_to(AnonymousUser())
    assert selectors.report(event, agreements=visible).agreements_signed == 1


def test_report_rows_are_the_report_as_one_table(held_matchmaking):
    event, _held = held_matchmaking
    figures = selectors.report(event, agreements=Agreement.objects.all())
    assert selectors.report_rows(figures) == [
        ("country", "VN", 2),
        ("country", "CN", 1),
        ("country", "", 1),
        ("organization type", "Science park / high-tech zone", 2),
        ("organization type", "University", 1),
        ("organization type", "", 1),
        ("meetings", "requested", 6),
        ("meetings", "accepted", 4),
        ("meetings", "scheduled", 3),
        ("meetings", "held", 1),
        ("interpreters", "used", 1),
        ("agreements", "signed", 2),
        ("follow-ups", "meetings", 3),
    ]


def test_report_of_an_event_with_nobody_is_all_zero():
    report = selectors.report(EventFactory(), agreements=Agreement.objects.all())
    assert selectors.report_rows(report) == [
        ("meetings", "requested", 0),
        ("meetings", "accepted", 0),
        ("meetings", "scheduled", 0),
        ("meetings", "held", 0),
        ("interpreters", "used", 0),
        ("agreements", "signed", 0),
        ("follow-ups", "meetings", 0),
    ]


def test_meeting_funnel_steps_count_suggested_requests_held_meetings_and_their_agreements(
    held_matchmaking,
):
    _event, held = held_matchmaking
    from_meeting = AgreementFactory(title="From the held meeting")
    held.agreement = from_meeting
    held.save()
    MeetingFactory(score=0.0)  # at another event, not suggested by the matchmaking

    steps = selectors.meeting_funnel_steps(Agreement.objects.all())

    assert steps == [
        FunnelStep("B2B meetings requested with a suggested partner", 6),
        FunnelStep("B2B meetings held", 1),
        FunnelStep("Agreements that came from a B2B meeting", 1),
    ]
    hidden = agreements_visible_to(AnonymousUser()).exclude(pk=from_meeting.pk)
    assert selectors.meeting_funnel_steps(hidden)[2] == FunnelStep(
        "Agreements that came from a B2B meeting", 0
    )


def test_agreements_funnel_takes_the_b2b_steps_from_settings(held_matchmaking):
    assert funnel_steps_between(Agreement.objects.all()) == (
        FunnelStep("B2B meetings requested with a suggested partner", 6),
        FunnelStep("B2B meetings held", 1),
        FunnelStep("Agreements that came from a B2B meeting", 0),
    )


# --- Suggested partners ------------------------------------------------------------------------

CHINESE_OFFER = (
    "绵阳优质水稻、蔬菜新品种赴越南试验示范",
    "绵阳市农业科学研究院提供优质水稻和蔬菜新品种，在越南开展试验示范，"
    "并联合研究适应越南生态气候的栽培技术。",
)
VIETNAMESE_NEED = (
    "Cần giống lúa và rau chất lượng cao để khảo nghiệm tại Việt Nam",
    "Chúng tôi tìm giống lúa, giống rau mới để khảo nghiệm, trình diễn "
    "và cùng nghiên cứu kỹ thuật canh tác.",
)
UNRELATED_OFFER = (
    "Hydrogen refuelling station for bus depots",
    "700 bar dispensing, 200 kg a day.",
)


def participant(event, *, country: str, languages: list[str], **extra):
    organization = OrganizationFactory(country=country)
    user = UserFactory(organization=organization, role=Role.MEMBER_EDITOR)
    return RegistrationFactory(event=event, user=user, languages=languages, **extra)


@pytest.fixture
def mekong_day():
    """A Vietnamese seed company seeking rice varieties, a Chinese academy offering them
    (with a colleague), a hydrogen company, and a Thai participant still awaiting approval."""
    event = EventFactory()
    seeker = participant(event, country="VN", languages=["vi"])
    need = indexed_listing(
        seeker.organization, *VIETNAMESE_NEED, kind=ListingKind.NEED, language="vi"
    )
    academy = participant(event, country="CN", languages=["zh-hans", "en"])
    offer = indexed_listing(
        academy.organization, *CHINESE_OFFER, kind=ListingKind.OFFER, language="zh-hans"
    )
    hydrogen = participant(event, country="CN", languages=["vi", "en"])
    indexed_listing(hydrogen.organization, *UNRELATED_OFFER, kind="offer", language="en")
    colleague = RegistrationFactory(event=event, user__organization=seeker.organization)
    pending = participant(event, country="TH", languages=["th"], status=RegistrationStatus.PENDING)
    indexed_listing(
        pending.organization, *CHINESE_OFFER, kind=ListingKind.OFFER, language="zh-hans"
    )
    return {
        "seeker": seeker,
        "need": need,
        "academy": academy,
        "offer": offer,
        "hydrogen": hydrogen,
        "colleague": colleague,
        "pending": pending,
    }


def test_vietnamese_need_is_matched_with_the_chinese_offer_first_and_says_why(mekong_day):
    suggestions = selectors.suggested_partners(mekong_day["seeker"])

    # Neither the colleague, nor someone awaiting approval, nor oneself; the Chinese
    # academy first, then the unrelated hydrogen offer; an interpreter only where the two
    # sides share no language (Vietnamese and Chinese/English).
    assert [(s.registration, s.needs_interpreter) for s in suggestions] == [
        (mekong_day["academy"], True),
        (mekong_day["hydrogen"], False),
    ]
    best, other = suggestions
    assert (best.match.my_listing, best.match.their_listing) == (
        mekong_day["need"],
        mekong_day["offer"],
    )
    assert best.match.score > other.match.score > 0


def test_chinese_offer_is_matched_with_the_vietnamese_need_the_other_way(mekong_day):
    [best, *_rest] = selectors.suggested_partners(mekong_day["academy"])
    assert (best.registration, best.match.my_listing, best.match.their_listing) == (
        mekong_day["seeker"],
        mekong_day["offer"],
        mekong_day["need"],
    )


def test_partner_score_is_the_best_match_and_zero_without_listings(mekong_day):
    match = selectors.partner_score(mekong_day["seeker"], mekong_day["academy"])
    assert match.score > 0 and match.their_listing == mekong_day["offer"]
    nobody = selectors.partner_score(mekong_day["seeker"], mekong_day["colleague"])
    assert nobody == selectors.PartnerMatch()


def test_listings_chosen_at_registration_replace_the_organizations_and_must_be_published(
    mekong_day,
):
    seeker, academy = mekong_day["seeker"], mekong_day["academy"]
    closed = ListingFactory(
        owner=academy.organization,
        status=ListingStatus.CLOSED,
        title=CHINESE_OFFER[0],
        language="zh-hans",
    )
    academy.offers.set([closed])  # chosen, but no longer published: nothing to match
    assert selectors.partner_score(seeker, academy) == selectors.PartnerMatch()
    academy.offers.set([closed, mekong_day["offer"]])
    assert selectors.partner_score(seeker, academy).their_listing == mekong_day["offer"]
