"""Template context every page shares (project level: it reads accounts and notifications)."""

from django.http import HttpRequest

from innobridge.accounts.permissions import is_secretariat
from innobridge.notifications.selectors import unread_count


def site(request: HttpRequest) -> dict:
    """What every page's header needs: the user's role and unread notifications."""
    user = getattr(request, "user", None)
    return {
        "user_is_secretariat": is_secretariat(user),
        "unread_notifications": unread_count(user=user) if user is not None else 0,
    }
