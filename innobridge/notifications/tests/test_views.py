"""The notifications page: a user's own notifications, newest first, and marking them read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.notifications.models import Notification

pytestmark = pytest.mark.django_db

NOTIFICATIONS_URL = "/en/notifications/"
MARK_READ_URL = "/en/notifications/read/"
MOMENT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
EARLIER = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def subjects(response) -> list[str]:
    return [notification.subject for notification in response.context["page"].object_list]


def read_states() -> list[tuple]:
    return list(Notification.objects.order_by("pk").values_list("subject", "read_at"))


def test_notifications_page_lists_the_users_own_notifications_newest_first(
    client, member, secretariat
):
    Notification.objects.create(recipient=member, subject="Older", body="First news")
    Notification.objects.create(
        recipient=member, subject="Newer", body="Second news", url="/en/marketplace/"
    )
    Notification.objects.create(recipient=secretariat, subject="Not yours", body="Private")
    client.force_login(member)

    response = client.get(NOTIFICATIONS_URL)

    assert response.status_code == 200
    assert subjects(response) == ["Newer", "Older"]
    content = response.content.decode()
    assert '<a href="/en/marketplace/" data-content>Newer</a>' in content
    assert "<span data-content>Older</span>" in content
    assert "Not yours" not in content
    assert "Private" not in content


def test_notifications_page_marks_the_unread_ones_and_counts_them_in_the_menu(client, member):
    Notification.objects.create(recipient=member, subject="Unread")
    Notification.objects.create(recipient=member, subject="Read", read_at=EARLIER)
    client.force_login(member)

    response = client.get(NOTIFICATIONS_URL)

    assert response.status_code == 200
    assert response.context["unread_notifications"] == 1
    content = response.content.decode()
    assert content.count('<li class="card unread">') == 1
    assert content.count('<li class="card">') == 1
    assert 'Notifications <span class="badge">1</span>' in content


def test_notifications_page_without_notifications_says_so(client, member, secretariat):
    Notification.objects.create(recipient=secretariat, subject="Not yours")
    client.force_login(member)

    response = client.get(NOTIFICATIONS_URL)

    assert response.status_code == 200
    assert subjects(response) == []
    assert "<p>No notifications.</p>" in response.content.decode()


def test_notifications_page_shows_30_a_page(client, member):
    for number in range(31):
        Notification.objects.create(recipient=member, subject=f"Note {number}")
    client.force_login(member)

    first = client.get(NOTIFICATIONS_URL)
    second = client.get(NOTIFICATIONS_URL, {"page": 2})

    assert subjects(first) == [f"Note {number}" for number in range(30, 0, -1)]
    assert subjects(second) == ["Note 0"]


def test_notifications_page_by_a_visitor_redirects_to_the_login(client):
    response = client.get(NOTIFICATIONS_URL)

    assert (response.status_code, response.url) == (
        302,
        f"/en/accounts/login/?next={NOTIFICATIONS_URL}",
    )


def test_notifications_page_query_count_does_not_grow_with_rows(client, member, secretariat):
    client.force_login(member)

    def add_notifications(count: int) -> None:
        start = Notification.objects.count()
        for number in range(start, start + count):
            Notification.objects.create(
                recipient=member,
                subject=f"Interest received {number}",
                body="An organization wants to pilot your membrane.",
                url=f"/en/marketplace/{number}/",
                read_at=EARLIER if number % 2 else None,
            )
            Notification.objects.create(recipient=secretariat, subject=f"Not yours {number}")

    result = assert_list_queries_do_not_grow(
        lambda: client.get(NOTIFICATIONS_URL),
        add_rows=add_notifications,
        shown=lambda response: len(subjects(response)),
        few=3,
        many=23,
    )

    assert result.shown == (3, 23)


def test_mark_all_read_marks_the_users_unread_notifications_and_returns_to_the_list(
    client, member, secretariat, monkeypatch
):
    Notification.objects.create(recipient=member, subject="Unread")
    Notification.objects.create(recipient=member, subject="Read before", read_at=EARLIER)
    Notification.objects.create(recipient=secretariat, subject="Someone else's")
    client.force_login(member)
    monkeypatch.setattr("django.utils.timezone.now", lambda: MOMENT)

    response = client.post(MARK_READ_URL)

    assert (response.status_code, response.url) == (302, NOTIFICATIONS_URL)
    assert read_states() == [
        ("Unread", MOMENT),
        ("Read before", EARLIER),
        ("Someone else's", None),
    ]


def test_mark_all_read_by_get_is_not_allowed_and_changes_nothing(client, member):
    Notification.objects.create(recipient=member, subject="Unread")
    client.force_login(member)

    response = client.get(MARK_READ_URL)

    assert response.status_code == 405
    assert read_states() == [("Unread", None)]


def test_mark_all_read_by_a_visitor_redirects_to_the_login_and_changes_nothing(client, member):
    Notification.objects.create(recipient=member, subject="Unread")

    response = client.post(MARK_READ_URL)

    assert (response.status_code, response.url) == (
        302,
        f"/en/accounts/login/?next={MARK_READ_URL}",
    )
    assert read_states() == [("Unread", None)]
