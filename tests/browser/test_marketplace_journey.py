"""A member's whole marketplace journey, in a real browser: need → moderation → interest →
acceptance → both sides see each other's contacts."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import PASSWORD, UserFactory
from innobridge.marketplace.models import Listing
from innobridge.organizations.tests.factories import ContactPersonFactory, OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def signed_in_page(browser: Browser, base_url: str, email: str) -> Page:
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def test_need_published_interest_accepted_contacts_shared(live_server, browser: Browser):
    seed_company = OrganizationFactory(
        name="Công ty Giống cây trồng Hà Xuyên", name_language="vi", country="VN"
    )
    academy = OrganizationFactory(name="Mianyang Academy of Agricultural Sciences", country="CN")
    ContactPersonFactory(organization=seed_company, email="director@haxuyen.example")
    ContactPersonFactory(organization=academy, email="cooperation@maas.example")
    owner = UserFactory(organization=seed_company, role=Role.MEMBER_EDITOR)
    partner = UserFactory(organization=academy, role=Role.MEMBER_EDITOR)
    secretariat = UserFactory(role=Role.SECRETARIAT, is_staff=True)
    base = live_server.url

    # The seed company writes a need and submits it.
    page = signed_in_page(browser, base, owner.email)
    page.goto(f"{base}/en/marketplace/mine/")
    page.get_by_role("link", name="New: Technology need").click()
    page.get_by_label("Title").fill("Giống lúa chất lượng cao để thử nghiệm tại Việt Nam")
    page.get_by_label("Summary").fill(
        "Chúng tôi cần giống lúa và rau chất lượng cao để trình diễn tại đồng bằng sông Cửu Long."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("button", name="Submit for publication").click()
    expect(page.locator(".status")).to_have_text("Waiting for moderation")
    listing = Listing.objects.get()
    assert listing.language == "vi"

    # The secretariat publishes it from the moderation queue.
    moderator = signed_in_page(browser, base, secretariat.email)
    moderator.goto(f"{base}/en/marketplace/moderation/")
    expect(moderator.get_by_role("link", name=re.compile("Giống lúa"))).to_be_visible()
    moderator.get_by_role("button", name="Publish").click()
    expect(moderator.get_by_text("The listing was published.")).to_be_visible()

    # The academy expresses interest.
    other = signed_in_page(browser, base, partner.email)
    other.goto(f"{base}/en/marketplace/{listing.pk}/")
    expect(other.get_by_text("director@haxuyen.example")).to_have_count(0)
    other.get_by_label("Your message to the owner").fill(
        "We can supply Mianyang rice varieties for trials."
    )
    other.get_by_role("button", name="Express interest").click()
    expect(other.get_by_text("Your interest was sent to the owner.")).to_be_visible()

    # The owner accepts; both now see each other's contacts.
    page.goto(f"{base}/en/marketplace/{listing.pk}/")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You accepted the interest.")).to_be_visible()
    expect(page.get_by_role("link", name="cooperation@maas.example")).to_be_visible()

    other.reload()
    expect(other.get_by_role("link", name="director@haxuyen.example")).to_be_visible()
