"""Background jobs of notifications: e-mail goes out from the worker, not the request."""

import base64

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email(
    recipients: list[str], subject: str, body: str, attachments: list | None = None
) -> int:
    """Send one e-mail, with attachments given as [file name, base64 content, type] (a
    registration's QR code); the worker retries nothing, so a failure shows in the task
    result."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    for name, content, mimetype in attachments or []:
        message.attach(name, base64.b64decode(content), mimetype)
    return message.send(fail_silently=False)
