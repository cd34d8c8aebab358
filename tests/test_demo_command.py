"""`innobridge demo` leaves an app that is ready: what it queued has run, so the first search
crosses languages and partner suggestions exist (issue 13, item 9)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.search.embedders import get_embedder
from innobridge.search.models import MatchSuggestion, SearchEntry
from innobridge.search.ranking import search


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_runs_what_it_queued_before_it_returns(settings, capsys, taxonomies):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.LISTING_CHANGE_TASKS = [
        "innobridge.search.tasks.index_listings",
        "innobridge.search.tasks.refresh_suggestions",
    ]

    call_command("demo")

    out = capsys.readouterr().out
    assert "Indexing the demo for search and suggestions..." in out
    assert DBTaskResult.objects.exclude(status="SUCCESSFUL").count() == 0
    published = Listing.objects.filter(status=ListingStatus.PUBLISHED).count()
    assert published == 343
    assert SearchEntry.objects.filter(model_name=get_embedder().name).count() == published
    assert MatchSuggestion.objects.count() > 0
    # An English query finds listings written in other languages at once.
    hits = search("salt-tolerant rice for coastal fields", limit=5).hits
    assert {hit.listing.language for hit in hits} - {"en"} != set()
