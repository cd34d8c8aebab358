"""The network position card on the organization page (templatetags/analytics.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innobridge.analytics import services
from innobridge.analytics.tests.scenario import build_alliance

pytestmark = pytest.mark.django_db


def _page(client, organization) -> str:
    response = client.get(reverse("organizations:detail", args=[organization.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_card_says_when_the_network_is_not_computed_yet(client, organization):
    page = _page(client, organization)

    assert "Network position" in page
    assert "The cooperation network has not been computed yet" in page


def test_a_visitor_sees_ranks_partners_and_countries_of_the_public_network(client):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    page = _page(client, alliance.a)

    assert "1 of 4" in page  # first by partners among the four directory members
    assert "Hoa Lac Hi-Tech Park" in page
    assert "Vietnam Academy of Science" in page
    assert '<svg viewBox="0 0 240 240"' in page
    assert "Skolkovo Innovation Centre" not in page  # a parties-only partner


def test_the_secretariat_sees_every_partner_and_the_change(client, secretariat):
    alliance = build_alliance()
    services.network_refresh(year=2026)
    client.force_login(secretariat)

    page = _page(client, alliance.d)

    assert "Skolkovo Innovation Centre" in page
    assert "Chengdu Hi-Tech Zone" in page
    assert "+2 since the end of last year" in page
    assert "accepted expressions of interest and meetings held" in page


def test_a_member_without_ties_is_told_so(client):
    alliance = build_alliance()
    services.network_refresh(year=2026)

    page = _page(client, alliance.d)  # d's ties are all private

    assert "No cooperation with other members is recorded yet." in page
