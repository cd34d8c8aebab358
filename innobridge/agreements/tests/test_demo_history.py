"""The demo's marketplace history: agreements cite the listing and the accepted interest
they came from, and other interests span 2021-2026 (agreements/demo_history.py).

The organizations', marketplace's and agreements' demos load once for the module and are
rolled back after its last test.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings

from innobridge.agreements import demo as agreements_demo
from innobridge.agreements import demo_history
from innobridge.agreements.models import Agreement
from innobridge.agreements.selectors import funnel_counts
from innobridge.marketplace import demo as marketplace_demo
from innobridge.marketplace.choices import InterestStatus
from innobridge.marketplace.models import ExpressionOfInterest
from innobridge.organizations import demo as organizations_demo

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with (
        override_settings(LISTING_CHANGE_TASKS=[], TASKS=IMMEDIATE),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        organizations_demo.demo_load()
        marketplace_demo.demo_load()
        agreements_demo.demo_load()
        yield demo_history.demo_load()
        transaction.set_rollback(True)


def test_agreements_cite_the_listing_and_interest_they_came_from(loaded):
    linked = Agreement.objects.filter(origin_interests__isnull=False).distinct()

    assert loaded.linked_agreements == linked.count()
    assert loaded.linked_agreements >= 60
    for agreement in linked.prefetch_related("origin_interests__listing", "parties"):
        (interest,) = agreement.origin_interests.all()
        parties = set(agreement.parties.values_list("organization_id", flat=True))
        assert interest.status == InterestStatus.ACCEPTED
        assert {interest.organization_id, interest.listing.owner_id} <= parties
        assert interest.organization_id != interest.listing.owner_id
        assert list(agreement.origin_listings.all()) == [interest.listing]
        assert interest.created_at.date() < interest.decided_at.date() < agreement.signed_on
        assert interest.listing.published_at < interest.created_at


def test_other_interests_span_the_years_and_every_answer(loaded):
    interests = ExpressionOfInterest.objects.all()

    assert loaded.interests == interests.count()
    years = {interest.created_at.year for interest in interests}
    assert {2021, 2022, 2023, 2024, 2025, 2026} <= years
    statuses = Counter(interests.values_list("status", flat=True))
    assert set(statuses) == {"accepted", "declined", "pending"}
    assert not interests.filter(status=InterestStatus.PENDING, decided_at__isnull=False).exists()


def test_the_funnel_is_no_longer_empty(loaded):
    funnel = funnel_counts()

    assert funnel.agreements_from_marketplace == loaded.linked_agreements
    assert funnel.listings_with_interest >= loaded.linked_agreements


def test_a_second_load_changes_nothing(loaded):
    before = ExpressionOfInterest.objects.count()

    again = demo_history.demo_load()

    assert (again.interests, again.linked_agreements) == (0, 0)
    assert ExpressionOfInterest.objects.count() == before
