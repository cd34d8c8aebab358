"""A visitor switches the site to Arabic: the page is mirrored, content keeps its own
direction, and nothing overflows a phone's or a laptop's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.organizations.tests.factories import OrganizationFactory
from innobridge.search import services as search_services

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (390, 1280)
TOLERANCE = 3  # pixels: the mirrored page may round differently


def _box(page: Page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _overflow(page: Page) -> int:
    """How far the page is wider than the viewport (0 when nothing overflows)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def content():
    cairo = OrganizationFactory(
        name="مدينة زويل للعلوم والتكنولوجيا", name_language="ar", country="EG"
    )
    mianyang = OrganizationFactory(name="绵阳科技城", name_language="zh-hans", country="CN")
    arabic = ListingFactory(
        owner=cairo, language="ar", title="نظام LoRaWAN لري المحاصيل بالطاقة الشمسية 2.0",
        summary="تحلية المياه بالطاقة الشمسية للمزارع الصغيرة في دلتا النيل.",
    )  # fmt: skip
    chinese = ListingFactory(
        owner=mianyang, language="zh-hans", title="耐盐碱水稻品种",
        summary="适合沿海盐碱地的高产水稻品种。",
    )  # fmt: skip
    search_services.index_listings([arabic.pk, chinese.pk])
    return {"arabic": arabic, "chinese": chinese}


def test_arabic_pages_are_mirrored_and_fit(live_server, page: Page, content):
    page.goto(f"{live_server.url}/en/")
    english_width = page.evaluate("document.documentElement.clientWidth")
    english_brand, english_nav = _box(page, ".brand"), _box(page, ".site-header nav a")

    page.get_by_label("Language").select_option("ar")
    page.wait_for_url(f"{live_server.url}/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    width = page.evaluate("document.documentElement.clientWidth")

    # The logo sits where the English one does, measured from the other edge.
    brand = _box(page, ".brand")
    assert width == english_width
    assert abs((width - (brand["x"] + brand["width"])) - english_brand["x"]) <= TOLERANCE
    assert abs(brand["y"] - english_brand["y"]) <= TOLERANCE
    # The menu starts on the right: its first link is right of the logo's left edge in
    # English terms, i.e. left of the logo here, and each next link further left.
    links = page.locator(".site-header nav > a")
    first, second = links.nth(0).bounding_box(), links.nth(1).bounding_box()
    assert first["x"] + first["width"] <= brand["x"] + TOLERANCE
    assert second["x"] < first["x"]
    assert english_nav["x"] >= english_brand["x"] + english_brand["width"] - TOLERANCE

    # Content keeps its own direction inside the mirrored page.
    page.goto(f"{live_server.url}/ar/marketplace/")
    chinese = page.locator(f'a[href$="/{content["chinese"].pk}/"]').first
    arabic = page.locator(f'a[href$="/{content["arabic"].pk}/"]').first
    assert chinese.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.goto(f"{live_server.url}/zh-hans/marketplace/")
    arabic = page.locator(f'a[href$="/{content["arabic"].pk}/"]').first
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("html").get_attribute("dir") == "ltr"

    # Forms read right to left: a label's text starts at the right edge of its field.
    page.goto(f"{live_server.url}/ar/organizations/apply/")
    form = page.locator("main form").first
    assert form.evaluate("e => getComputedStyle(e).direction") == "rtl"

    assert _too_wide(page, live_server.url, "ar", content) == {}


def test_russian_pages_fit(live_server, page: Page, content):
    """Russian words are long: a select of work areas once pushed pages 135 px past a phone."""
    assert _too_wide(page, live_server.url, "ru", content) == {}


def _too_wide(page: Page, server: str, language: str, content) -> dict[str, int]:
    """{viewport and path: pixels past the viewport} for the main pages in `language`."""
    pages = [
        "/", "/marketplace/", f"/marketplace/{content['arabic'].pk}/", "/organizations/",
        "/search/?q=%D8%B7%D8%A7%D9%82%D8%A9", "/events/", "/agreements/", "/network/",
        "/news/", "/organizations/apply/", "/accounts/login/",
    ]  # fmt: skip
    too_wide = {}
    for viewport in WIDTHS:
        page.set_viewport_size({"width": viewport, "height": 900})
        for path in pages:
            page.goto(f"{server}/{language}{path}")
            if overflow := _overflow(page):
                too_wide[f"{viewport}px /{language}{path}"] = overflow
    return too_wide
