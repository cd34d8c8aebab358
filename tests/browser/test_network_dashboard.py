"""The network dashboard in chromium: in every UI language the page loads without console
errors, the world map and the network graph draw (non-blank canvases) from the same rows as
their tables, and the map colours the scenario's countries."""

import pytest
from playwright.sync_api import Page, expect

from innobridge.analytics import services
from innobridge.analytics.tests.scenario import build_alliance

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Pixels of a chart's canvas that are not its white or transparent background.
DRAWN_PIXELS = """(selector) => {
  const canvas = document.querySelector(selector + ' canvas');
  if (!canvas) { return 0; }
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let drawn = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const white = pixels[i] > 245 && pixels[i + 1] > 245 && pixels[i + 2] > 245;
    if (pixels[i + 3] > 0 && !white) { drawn += 1; }
  }
  return drawn;
}"""
MAP_VALUES = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById('members-map'));
  const data = chart ? chart.getOption().series[0].data : [];
  // ECharts lists every region of the map; the coloured ones carry a value.
  return Object.fromEntries(
    data.filter((row) => row.value != null).map((row) => [row.name, row.value])
  );
}"""
# At 1280 × 900 a drawn world map or graph covers thousands of pixels (a bar chart of one
# bar, a quarter of that); an empty canvas none.
MIN_DRAWN = 2_000

HEADINGS = {
    "en": "Cooperation network",
    "zh-hans": "合作网络",
    "zh-hant": "合作網絡",
    "vi": "Mạng lưới hợp tác",
}
COUNTRIES = {
    "en": {"China": 1, "Vietnam": 2, "Russia": 1},
    "zh-hans": {"中国": 1, "越南": 2, "俄罗斯": 1},
    "zh-hant": {"中國": 1, "越南": 2, "俄羅斯": 1},
    "vi": {"Trung Quốc": 1, "Việt Nam": 2, "Nga": 1},
}


@pytest.mark.parametrize("language", list(HEADINGS))
def test_dashboard_draws_the_map_and_the_network_in_every_language(
    live_server, page: Page, language
):
    build_alliance()
    services.network_refresh(year=2026)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/{language}/network/")

    expect(page.locator("h1")).to_have_text(HEADINGS[language])
    page.wait_for_function(f"() => ({DRAWN_PIXELS})('#members-map') > {MIN_DRAWN}")
    page.wait_for_function(f"() => ({DRAWN_PIXELS})('#network-graph') > {MIN_DRAWN}")
    assert page.evaluate(MAP_VALUES) == COUNTRIES[language]
    bars = page.eval_on_selector_all('[data-chart="bar"]', "nodes => nodes.map(n => n.id)")
    assert {"listings-kind", "agreements-year", "funnel"} <= set(bars)
    for key in bars:
        page.wait_for_function(f"() => ({DRAWN_PIXELS})('#{key}') > {MIN_DRAWN // 4}")
    expect(page.locator("#members-table tbody tr")).to_have_count(3)
    expect(page.locator("#network-table tbody tr")).to_have_count(3)  # the public ties' ends
    assert errors == []


def _live_text(page: Page, chart: str) -> str:
    return page.eval_on_selector(f"#{chart} + [aria-live]", "node => node.textContent")


def test_the_charts_answer_the_keyboard_and_the_map_shows_one_type(live_server, page: Page):
    build_alliance()
    services.network_refresh(year=2026)
    page.goto(f"{live_server.url}/en/network/")
    page.wait_for_function(f"() => ({DRAWN_PIXELS})('#members-map') > {MIN_DRAWN}")
    page.wait_for_function(f"() => ({DRAWN_PIXELS})('#network-graph') > {MIN_DRAWN}")

    # The map: the arrow keys walk the countries, most members first, and say each one.
    page.focus("#members-map")
    page.keyboard.press("ArrowRight")
    assert _live_text(page, "members-map") == "Vietnam: 2"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    assert _live_text(page, "members-map") in {"China: 1", "Russia: 1"}

    # One type of member: only the countries that have one keep a value.
    page.select_option("#map-kind", "research_institute")
    assert page.evaluate(MAP_VALUES) == {"Vietnam": 1}
    page.focus("#members-map")
    page.keyboard.press("Home")
    assert _live_text(page, "members-map") == "Vietnam: 1"

    # A bar chart reads from its first row down, as its table does.
    first_row = page.locator("#members-type-table tbody tr").first.locator("td")
    page.focus("#members-type")
    page.keyboard.press("ArrowDown")
    expected = f"{first_row.nth(0).inner_text()}: {first_row.nth(1).inner_text()}"
    assert _live_text(page, "members-type") == expected == "Science park / high-tech zone: 2"

    # The network: the keys walk the members and Enter opens the one they stand on.
    page.focus("#network-graph")
    page.keyboard.press("ArrowRight")
    name = _live_text(page, "network-graph")
    assert name in {"Chengdu Hi-Tech Zone", "Hoa Lac Hi-Tech Park", "Vietnam Academy of Science"}
    page.keyboard.press("Enter")
    page.wait_for_url("**/organizations/*/")
    expect(page.locator("h1")).to_contain_text(name)
