"""Request ids and structured logs (issue 16): each answer carries its request's id, the
proxy's id is kept, and each log line of the request holds it (as JSON with LOG_FORMAT=json)."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_an_answer_carries_a_new_request_id(client):
    response = client.get("/healthz")

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_the_proxys_request_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="4f1c0d2e9a8b7c6d5e4f3a2b1c0d9e8f")

    assert response["X-Request-ID"] == "4f1c0d2e9a8b7c6d5e4f3a2b1c0d9e8f"


def test_log_lines_of_a_request_hold_its_id_as_json(client, monkeypatch):
    stream = io.StringIO()
    config = {**settings.LOGGING, "handlers": {"console": {
        **settings.LOGGING["handlers"]["console"], "formatter": "json", "stream": stream,
    }}}  # fmt: skip
    logging.config.dictConfig(config)
    try:
        # A page that logs: a 404 is logged by django.request as a warning.
        client.get(
            "/en/organizations/999999/", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef"
        )
    finally:
        logging.config.dictConfig(settings.LOGGING)

    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    assert lines, "the request logged nothing"
    line = lines[-1]
    assert line["request_id"] == "0123456789abcdef0123456789abcdef"
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert "Not Found" in line["message"]
