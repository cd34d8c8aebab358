from django.http import HttpRequest

from innobridge.accounts.permissions import is_secretariat


def site(request: HttpRequest) -> dict:
    """What every page's header needs: whether the user is secretariat staff."""
    return {"user_is_secretariat": is_secretariat(getattr(request, "user", None))}
