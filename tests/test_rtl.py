"""Right to left beyond the public pages: the admin, the secretariat's pages and e-mails."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.notifications import services as notification_services

pytestmark = pytest.mark.django_db


def _client_in(language: str, user) -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def test_the_admin_is_mirrored_in_arabic():
    secretariat = UserFactory(role=Role.SECRETARIAT, is_staff=True)
    arabic = _client_in("ar", secretariat).get("/ar/admin/").content.decode()
    assert 'dir="rtl"' in arabic and "admin/css/rtl" in arabic
    english = _client_in("en", secretariat).get("/en/admin/").content.decode()
    assert 'dir="rtl"' not in english and "admin/css/rtl" not in english


@pytest.mark.parametrize("path", ["/ar/marketplace/moderation/", "/ar/exchange/", "/ar/status/"])
def test_the_secretariat_pages_are_mirrored(path):
    secretariat = UserFactory(role=Role.SECRETARIAT, is_staff=True)
    page = _client_in("ar", secretariat).get(path)
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.content.decode()


def test_emails_carry_their_language_and_direction(mailoutbox, django_capture_on_commit_callbacks):
    arabic = UserFactory(email="ar@example.org", preferred_language="ar")
    chinese = UserFactory(email="zh@example.org", preferred_language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        notification_services.notify_each(
            recipients=[arabic, chinese],
            message=lambda: (gettext("Notifications"), gettext("No notifications.")),
            url=lambda: reverse("notifications:list"),
        )
    by_address = {message.to[0]: message for message in mailoutbox}
    html, kind = by_address["ar@example.org"].alternatives[0]
    assert kind == "text/html"
    assert '<html lang="ar" dir="rtl">' in html and '<body dir="rtl">' in html
    assert "/ar/notifications/" in html
    html, _kind = by_address["zh@example.org"].alternatives[0]
    assert '<html lang="zh-hans" dir="ltr">' in html
    # the plain text stays as it was
    assert by_address["zh@example.org"].body.startswith("暂无通知。\n\n")
