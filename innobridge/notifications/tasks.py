"""Background jobs of notifications: e-mail goes out from the worker, not the request."""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task

from innobridge.core.languages import text_direction


@task()
def send_email(
    recipients: list[str],
    subject: str,
    body: str,
    attachments: list | None = None,
    language: str = "",
) -> int:
    """Send one e-mail, with attachments given as [file name, base64 content, type] (a
    registration's QR code); the worker retries nothing, so a failure shows in the task
    result.

    The text goes with an HTML copy that carries its language and direction: a mail
    client shows an Arabic e-mail right to left only when told so.
    """
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    language = language or settings.LANGUAGE_CODE
    html = render_to_string(
        "notifications/email.html",
        {"subject": subject, "body": body, "language": language,
         "direction": text_direction(language)},
    )  # fmt: skip
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments or []:
        message.attach(name, base64.b64decode(content), mimetype)
    return message.send(fail_silently=False)
