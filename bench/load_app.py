"""The app as bench/load.py serves it: Innobridge's own WSGI application and URLs, plus
/bench/minimal/, the yardstick of the load benchmark: one ORM query and a small template,
behind the same middleware, settings and server. Not part of the product.

    gunicorn --pythonpath bench load_app:application
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobridge.settings")

from django.conf import settings

# This module is also the URL map; set before the first request resolves a URL.
settings.ROOT_URLCONF = __name__

# Sets Django up and starts the search warm-up, as in production; then the app's modules.
from innobridge.wsgi import application  # noqa: E402, F401, I001

from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402

from innobridge import urls as app_urls  # noqa: E402
from innobridge.organizations.models import Organization  # noqa: E402

MINIMAL = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><title>{{ title }}</title></head><body>'
    "<h1>{{ title }}</h1><ul>{% for organization in organizations %}"
    "<li>{{ organization.name }} ({{ organization.country }})</li>{% endfor %}</ul>"
    "</body></html>"
)


def minimal(request: HttpRequest) -> HttpResponse:
    """One query, a small template."""
    organizations = list(Organization.objects.order_by("pk")[:10])
    return HttpResponse(MINIMAL.render({"title": "Members", "organizations": organizations}))


urlpatterns = [path("bench/minimal/", minimal), *app_urls.urlpatterns]
handler404 = app_urls.handler404
handler500 = app_urls.handler500
