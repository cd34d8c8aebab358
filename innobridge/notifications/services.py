"""Telling people things: an in-app notification plus an e-mail sent by the worker."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override

from innobridge.core.languages import current_language
from innobridge.core.tasks import queue_after_commit
from innobridge.notifications.models import Notification

SEND_EMAIL = "innobridge.notifications.tasks.send_email"


# An e-mail attachment as the task queue can carry it: (file name, base64 content, type).
Attachment = tuple[str, str, str]


def notify(
    *,
    recipients: Iterable[Any],
    subject: str,
    body: str,
    url: str = "",
    email: bool = True,
    attachments: Sequence[Attachment] = (),
    language: str = "",
) -> list[Notification]:
    """Store a notification for each user and queue one e-mail each after commit; the
    e-mail is marked as written in `language` (the active UI language when not given)."""
    language = language or current_language()
    users = [user for user in recipients if user is not None and user.is_active]
    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, subject=subject[:200], body=body, url=url) for user in users
    )
    if email:
        for user in users:
            if user.email:
                message = f"{body}\n\n{settings.SITE_URL}{url}" if url else body
                queue_after_commit(
                    SEND_EMAIL,
                    [user.email],
                    subject,
                    message,
                    [list(a) for a in attachments],
                    language,
                )
    return notifications


def notify_each(
    *,
    recipients: Iterable[Any],
    message: Callable[[], tuple[str, str]],
    url: Callable[[], str] | str = "",
    attachments: Sequence[Attachment] = (),
) -> None:
    """Notify each user in their own language: `message` builds (subject, body) with gettext
    and `url` (a callable such as obj.get_absolute_url) the link, both called once per user
    with that user's language active; `attachments` go with each e-mail."""
    unique = {user.pk: user for user in recipients if user is not None}
    for user in unique.values():
        language = user.preferred_language or settings.LANGUAGE_CODE
        with override(language):
            subject, body = message()
            link = url() if callable(url) else url
        notify(
            recipients=[user],
            subject=subject,
            body=body,
            url=link,
            attachments=attachments,
            language=language,
        )


def email_addresses(*, addresses: Iterable[str], subject: str, body: str) -> None:
    """E-mail people who may have no account (the worker sends it after commit), in the
    active UI language."""
    recipients = sorted({address for address in addresses if address})
    if recipients:
        queue_after_commit(SEND_EMAIL, recipients, subject, body, [], current_language())


def notifications_mark_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
