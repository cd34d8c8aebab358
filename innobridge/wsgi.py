"""WSGI entry point for gunicorn: `gunicorn innobridge.wsgi`."""

import os
import threading

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobridge.settings")
application = get_wsgi_application()

if settings.SEARCH_WARM_UP:
    # In a thread: the web process answers at once; searches wait only for what they need.
    from innobridge.search.ranking import warm_up

    threading.Thread(target=warm_up, name="search-warm-up", daemon=True).start()
