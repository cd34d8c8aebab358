"""Metadata of an imported page (`news.importing.metadata`): the publish time's time zone."""

from __future__ import annotations

import pytest

from innobridge.news import services
from innobridge.news.tests.importing_data import PAGES

pytestmark = pytest.mark.django_db


def test_time_zone_given_by_the_importer_applies_to_times_without_offset(directory, secretariat):
    page = PAGES / "17_cp1256_ar_html_clean.html"
    article = services.article_import(
        actor=secretariat, content=page.read_bytes(), filename=page.name, time_zone="Asia/Dubai"
    )
    assert article.local_published_at.isoformat() == "2025-04-22T13:30:00+04:00"
    assert article.time_zone == "Asia/Dubai"
