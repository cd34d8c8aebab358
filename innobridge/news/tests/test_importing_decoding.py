"""Decoding a saved page (`news.importing.decoding`): what it refuses before any text is read."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from innobridge.news import services
from innobridge.news.models import Article

pytestmark = pytest.mark.django_db


def test_too_large_page_is_refused(secretariat, settings):
    settings.NEWS_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.article_import(actor=secretariat, content=b"a" * 101, filename="big.txt")
    assert error.value.messages == ["The page is 101 bytes; the limit is 100 bytes."]
    assert Article.objects.count() == 0
