"""Background jobs of notifications: e-mail goes out from the worker, not the request."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(recipients: list[str], subject: str, body: str) -> int:
    """Send one e-mail; the worker retries nothing, so a failure shows in the task result."""
    return send_mail(subject, body, None, recipients, fail_silently=False)
