"""Telling people things: the notifications stored at once, the e-mails sent after commit,
each user addressed in their own language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from innobridge.accounts.tests.factories import UserFactory
from innobridge.notifications import services
from innobridge.notifications.models import Notification

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://innobridge.example"


def stored() -> list[tuple]:
    return list(
        Notification.objects.order_by("pk").values_list(
            "recipient__email", "subject", "body", "url", "read_at"
        )
    )


def sent_mail(mailoutbox) -> list[tuple]:
    return [(mail.to, mail.from_email, mail.subject, mail.body) for mail in mailoutbox]


# --- notify ---------------------------------------------------------------------------------


def test_notify_stores_one_notification_per_active_user_and_emails_each_after_commit(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    first = UserFactory(email="first@example.org")
    second = UserFactory(email="second@example.org")
    inactive = UserFactory(email="gone@example.org", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        notifications = services.notify(
            recipients=[first, None, inactive, second],
            subject="Listing published",
            body="Your listing is in the marketplace.",
            url="/en/marketplace/7/",
        )

    row = ("Listing published", "Your listing is in the marketplace.", "/en/marketplace/7/", None)
    assert [(n.recipient, n.subject, n.body, n.url, n.read_at) for n in notifications] == [
        (first, *row),
        (second, *row),
    ]
    assert stored() == [("first@example.org", *row), ("second@example.org", *row)]
    body = "Your listing is in the marketplace.\n\nhttps://innobridge.example/en/marketplace/7/"
    assert sent_mail(mailoutbox) == [
        (["first@example.org"], settings.DEFAULT_FROM_EMAIL, "Listing published", body),
        (["second@example.org"], settings.DEFAULT_FROM_EMAIL, "Listing published", body),
    ]


def test_notify_sends_no_email_until_the_transaction_commits(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(recipients=[member], subject="Interest received", body="Have a look.")

    assert (len(callbacks), mailoutbox) == (1, [])
    assert stored() == [(member.email, "Interest received", "Have a look.", "", None)]


def test_notify_without_a_link_emails_the_body_alone(
    member, mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[member], subject="Welcome", body="Your account is ready.")

    assert sent_mail(mailoutbox) == [
        ([member.email], settings.DEFAULT_FROM_EMAIL, "Welcome", "Your account is ready.")
    ]


def test_notify_with_email_off_stores_the_notification_only(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(
            recipients=[member], subject="Digest", body="Three new matches.", email=False
        )

    assert (callbacks, mailoutbox) == ([], [])
    assert stored() == [(member.email, "Digest", "Three new matches.", "", None)]


def test_notify_emails_nobody_for_a_user_without_an_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(recipients=[user], subject="Reminder", body="A milestone is due.")

    assert (callbacks, mailoutbox) == ([], [])
    assert stored() == [("", "Reminder", "A milestone is due.", "", None)]


def test_notify_cuts_the_stored_subject_to_its_200_characters_but_not_the_emails(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    subject = "Listing " + "x" * 250

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[member], subject=subject, body="Body")

    assert Notification.objects.get().subject == subject[:200]
    assert [mail.subject for mail in mailoutbox] == [subject]


# --- notify_each ----------------------------------------------------------------------------


def test_notify_each_writes_to_each_user_once_in_their_own_language(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    vietnamese = UserFactory(email="vi@example.org", preferred_language="vi")
    chinese = UserFactory(email="zh@example.org", preferred_language="zh-hans")
    no_preference = UserFactory(email="en@example.org", preferred_language="")

    with django_capture_on_commit_callbacks(execute=True):
        services.notify_each(
            recipients=[vietnamese, chinese, None, vietnamese, no_preference],
            message=lambda: (gettext("Notifications"), gettext("No notifications.")),
            url=lambda: reverse("notifications:list"),
        )

    assert stored() == [
        ("vi@example.org", "Thông báo", "Chưa có thông báo nào.", "/vi/notifications/", None),
        ("zh@example.org", "通知", "暂无通知。", "/zh-hans/notifications/", None),
        ("en@example.org", "Notifications", "No notifications.", "/en/notifications/", None),
    ]
    site = "https://innobridge.example"
    sender = settings.DEFAULT_FROM_EMAIL
    assert sent_mail(mailoutbox) == [
        (["vi@example.org"], sender, "Thông báo",
         f"Chưa có thông báo nào.\n\n{site}/vi/notifications/"),
        (["zh@example.org"], sender, "通知", f"暂无通知。\n\n{site}/zh-hans/notifications/"),
        (["en@example.org"], sender, "Notifications",
         f"No notifications.\n\n{site}/en/notifications/"),
    ]  # fmt: skip


def test_notify_each_takes_a_link_as_a_plain_string_too(member):
    services.notify_each(
        recipients=[member],
        message=lambda: ("Agreement signed", "Both parties confirmed."),
        url="/en/agreements/3/",
    )

    assert stored() == [
        (member.email, "Agreement signed", "Both parties confirmed.", "/en/agreements/3/", None)
    ]


# --- email_addresses ------------------------------------------------------------------------


def test_email_addresses_sends_one_email_to_every_address_once_after_commit(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        services.email_addresses(
            addresses=["b@example.org", "", "a@example.org", "b@example.org"],
            subject="Agreement recorded",
            body="Please confirm your party.",
        )

    assert sent_mail(mailoutbox) == [
        (
            ["a@example.org", "b@example.org"],
            settings.DEFAULT_FROM_EMAIL,
            "Agreement recorded",
            "Please confirm your party.",
        )
    ]
    assert stored() == []  # people without an account get no in-app notification


def test_email_addresses_without_an_address_queues_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.email_addresses(addresses=["", ""], subject="Nobody", body="Nothing.")

    assert (callbacks, mailoutbox) == ([], [])


# --- notifications_mark_read ----------------------------------------------------------------


def test_mark_read_marks_the_users_unread_notifications_only(member, secretariat, monkeypatch):
    earlier = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    Notification.objects.create(recipient=member, subject="Unread one")
    Notification.objects.create(recipient=member, subject="Read before", read_at=earlier)
    Notification.objects.create(recipient=member, subject="Unread two")
    Notification.objects.create(recipient=secretariat, subject="Someone else's")
    monkeypatch.setattr("django.utils.timezone.now", lambda: MOMENT)

    marked = services.notifications_mark_read(user=member)

    assert marked == 2
    assert list(Notification.objects.order_by("pk").values_list("subject", "read_at")) == [
        ("Unread one", MOMENT),
        ("Read before", earlier),
        ("Unread two", MOMENT),
        ("Someone else's", None),
    ]
