"""A visitor browses the directory in Traditional Chinese, filters by country and opens a member."""

import re

import pytest
from playwright.sync_api import Page, expect

from innobridge.organizations.tests.factories import OrganizationFactory

# The live server runs in another thread; serialized rollback restores the taxonomies
# that the data migration loaded, so later tests in this process still see them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_directory_filter_by_country_and_open_organization(live_server, page: Page):
    academy = OrganizationFactory(
        name="绵阳市农业科学研究院",
        name_language="zh-hans",
        translated_names={
            "en": "Mianyang Academy of Agricultural Sciences",
            "zh-hant": "綿陽市農業科學研究院",
        },
        country="CN",
        type="research_institute",
    )
    OrganizationFactory(name="Khu Công nghệ cao Hòa Lạc", name_language="vi", country="VN")
    OrganizationFactory(name="Thailand Science Park", country="TH")

    page.goto(f"{live_server.url}/zh-hant/organizations/")
    expect(page.locator("h1")).to_have_text("成員名錄")
    expect(page.locator(".result-count")).to_contain_text("3")

    page.get_by_label("國家").select_option("CN")
    # htmx swaps the results and pushes the filtered URL; without JS the button submits.
    expect(page).to_have_url(re.compile(r"country=CN"))
    expect(page.locator(".cards .card")).to_have_count(1)
    expect(page.locator(".result-count")).to_contain_text("1")

    page.get_by_role("link", name="綿陽市農業科學研究院").click()
    expect(page).to_have_url(f"{live_server.url}/zh-hant/organizations/{academy.pk}/")
    expect(page.locator("h1")).to_have_text("綿陽市農業科學研究院")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.get_by_text("中國")).to_be_visible()
