"""The API's Swagger page in chromium under the Content-Security-Policy: it draws the
operations (its scripts are files, its styles a stylesheet); the page fixture fails the
test on any refused script or style."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_api_documentation_draws_under_the_csp(live_server, page: Page):
    page.goto(f"{live_server.url}/api/v1/docs/")

    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    expect(page.get_by_text("/api/v1/auth/token/").first).to_be_attached()
