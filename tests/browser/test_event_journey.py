"""A matchmaking day in a real browser: register → a suggested partner writing in another
language → request a meeting → the other side accepts → the organizer schedules (with an
interpreter) → the agenda's iCalendar file downloads and parses → check-in with the code
the QR code holds."""

import re
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import PASSWORD, UserFactory
from innobridge.events import services
from innobridge.events.choices import EventStatus, EventType, OrganizationRole
from innobridge.events.models import Event, EventOrganization, Meeting, Registration
from innobridge.marketplace.choices import ListingKind
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.news.timezones import zone_info
from innobridge.organizations.tests.factories import OrganizationFactory
from innobridge.search.services import index_listings

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def signed_in_page(browser: Browser, base_url: str, email: str) -> Page:
    context = browser.new_context(locale="en-US", accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def matchmaking_day(organizer) -> Event:
    """Registration open, two meeting slots, two tables, a Chinese–Vietnamese interpreter."""
    zone = zone_info("Asia/Ho_Chi_Minh")
    day = datetime.now(zone).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=30)
    event = Event.objects.create(
        name="Vietnam–China Agritech Matchmaking Day",
        event_type=EventType.MATCHMAKING_DAY,
        status=EventStatus.REGISTRATION_OPEN,
        starts_at=day,
        ends_at=day + timedelta(hours=8),
        time_zone="Asia/Ho_Chi_Minh",
        city="Ho Chi Minh City",
        country="VN",
    )
    EventOrganization.objects.create(
        event=event, organization=organizer.organization, role=OrganizationRole.ORGANIZER
    )
    for hour in (14, 15):
        services.slot_add(
            actor=organizer,
            event=event,
            starts_at=day.replace(hour=hour),
            ends_at=day.replace(hour=hour, minute=30),
        )
    for name in ("B1", "B2"):
        services.table_add(actor=organizer, event=event, name=name)
    services.interpreter_save(
        actor=organizer, event=event, name="Lê Thu Hà", language_pairs=[["zh-hans", "vi"]]
    )
    return event


def test_register_match_request_accept_schedule_agenda_check_in(live_server, browser: Browser):
    seed_company = OrganizationFactory(
        name="Công ty Giống cây trồng Hà Xuyên", name_language="vi", country="VN"
    )
    academy = OrganizationFactory(
        name="绵阳市农业科学研究院", name_language="zh-hans", country="CN"
    )
    park = OrganizationFactory(name="Saigon Hi-Tech Park", country="VN")
    need = ListingFactory(
        owner=seed_company,
        kind=ListingKind.NEED,
        language="vi",
        title="Cần giống lúa chịu mặn cho đồng bằng sông Cửu Long",
        summary="Chúng tôi tìm giống lúa chịu mặn năng suất cao để khảo nghiệm tại Việt Nam.",
    )
    offer = ListingFactory(
        owner=academy,
        kind=ListingKind.OFFER,
        language="zh-hans",
        title="耐盐碱水稻新品种",
        summary="适合沿海盐碱地种植的高产耐盐水稻品种，可开展海外试验示范。",
    )
    index_listings([need.pk, offer.pk])
    viet = UserFactory(organization=seed_company, role=Role.MEMBER_EDITOR, first_name="Lương")
    chinese = UserFactory(organization=academy, role=Role.MEMBER_EDITOR, first_name="王")
    organizer = UserFactory(organization=park, role=Role.MEMBER_EDITOR, first_name="Organizer")
    event = matchmaking_day(organizer)
    services.registration_create(actor=chinese, event=event, languages=["zh-hans"], offers=[offer])
    base = live_server.url

    # The Vietnamese participant registers, speaking Vietnamese, seeking rice varieties.
    page = signed_in_page(browser, base, viet.email)
    page.goto(f"{base}/en/events/{event.pk}/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Vietnamese").check()
    page.get_by_label("Cần giống lúa chịu mặn cho đồng bằng sông Cửu Long").check()
    page.get_by_role("button", name="Register").click()
    expect(page.locator("#registration-status")).to_have_text("Confirmed")
    expect(page.get_by_role("img", name="QR code of your check-in code")).to_be_visible()
    code = page.locator("#check-in-code").inner_text()
    assert code == Registration.objects.get(user=viet).code

    # A partner writing in Chinese is suggested, with an interpreter.
    page.get_by_role("link", name="Suggested partners").first.click()
    suggestion = page.locator(".card.partner").first
    expect(suggestion.locator(".their-listing")).to_have_text("耐盐碱水稻新品种")
    expect(suggestion.locator(".needs-interpreter")).to_be_visible()
    suggestion.get_by_label("Message").fill("Chúng tôi muốn thử nghiệm giống lúa của Miên Dương.")
    suggestion.get_by_role("button", name="Request a meeting").click()
    expect(page.get_by_text("Your request was sent.")).to_be_visible()

    # The Chinese participant accepts.
    other = signed_in_page(browser, base, chinese.email)
    other.goto(f"{base}/en/events/{event.pk}/meetings/")
    other.get_by_role("button", name="Accept").click()
    expect(other.get_by_text("You accepted the meeting.")).to_be_visible()

    # The organizer computes the schedule: a slot, a table and the interpreter.
    desk = signed_in_page(browser, base, organizer.email)
    desk.goto(f"{base}/en/events/{event.pk}/b2b/")
    desk.get_by_role("button", name="Compute the schedule").click()
    expect(desk.get_by_text("The schedule is being computed.")).to_be_visible()
    desk.reload()
    expect(desk.locator("#schedule")).to_contain_text("Lê Thu Hà")
    meeting = Meeting.objects.get()
    assert (meeting.slot_id is not None, meeting.interpreter.name) == (True, "Lê Thu Hà")

    # The agenda's iCalendar file downloads and parses, with the meeting in it.
    page.goto(f"{base}/en/events/{event.pk}/agenda/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (iCalendar)").click()
    calendar = Calendar.from_ical(download.value.path().read_bytes())
    entries = [entry for entry in calendar.walk("VEVENT")]
    assert [str(entry["summary"]) for entry in entries] == [
        f"Meeting with {chinese.get_full_name()}"
    ]
    assert str(entries[0]["location"]) == meeting.table.name
    assert entries[0].decoded("dtstart") == meeting.slot.starts_at

    # At the door, the organizer types the code the QR code holds: once admitted, twice not.
    desk.goto(f"{base}/en/events/{event.pk}/check-in/")
    desk.get_by_label("Check-in code").fill(code)
    desk.get_by_role("button", name="Check in").click()
    expect(desk.locator("#admitted")).to_contain_text("checked in")
    expect(desk.locator("#arrivals-count")).to_have_text(
        re.compile(r"1 of 2 participants have arrived")
    )
    desk.get_by_label("Check-in code").fill(code)
    desk.get_by_role("button", name="Check in").click()
    expect(desk.get_by_text(re.compile(f"The code {code} was already used"))).to_be_visible()
