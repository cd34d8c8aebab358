"""What a locked-out sign-in gets (django-axes calls `lockout_response`): 429 with the time
to wait, as a page for the web form and as the API's JSON error for the token endpoint."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOCKED_OUT = 429


def _wait_minutes() -> int:
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    return max(1, math.ceil(cool_off.total_seconds() / 60))


def lockout_message() -> str:
    minutes = _wait_minutes()
    return ngettext(
        "Too many failed sign-ins with this e-mail address from your network. "
        "Try again in %(minutes)d minute.",
        "Too many failed sign-ins with this e-mail address from your network. "
        "Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": lockout_message(), "code": "locked_out"}, status=LOCKED_OUT
        )
    else:
        response = render(
            request,
            "accounts/locked_out.html",
            {"message": lockout_message(), "title": _("Sign-in paused")},
            status=LOCKED_OUT,
        )
    response["Retry-After"] = retry_after
    return response


def client_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The name axes counts failures against: the e-mail address as signed in with, in lower
    case, so that "A@x.org" and "a@x.org" share one count (sign-in ignores case too)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials is not None:
        name = credentials.get(field) or ""
    else:
        data = getattr(request, "data", None) or request.POST
        name = data.get(field) or ""
    return str(name).strip().lower()
