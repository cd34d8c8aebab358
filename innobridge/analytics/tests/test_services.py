"""Computing and storing the networks (services.py) and the worker's job (tasks.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from innobridge.agreements.choices import Visibility
from innobridge.agreements.models import Agreement
from innobridge.analytics import services, sources
from innobridge.analytics.choices import Audience
from innobridge.analytics.models import NetworkEdge, NetworkSnapshot, NodePosition
from innobridge.analytics.tasks import refresh_network
from innobridge.analytics.tests.scenario import build_alliance

pytestmark = pytest.mark.django_db

EDITIONS = [
    "public/2026",
    "public/2025",
    "members/2026",
    "members/2025",
    "secretariat/2026",
    "secretariat/2025",
]


def _edges(audience: str, *, current: bool = True) -> dict[tuple[int, int], float]:
    return {
        (edge.source_id, edge.target_id): edge.weight
        for edge in NetworkEdge.objects.filter(
            snapshot__audience=audience, snapshot__is_current=current
        )
    }


def test_recency_halves_a_weight_every_three_years():
    assert [sources.recency(year, 2026) for year in (2026, 2023, 2020, None, 2027)] == [
        1.0,
        0.5,
        0.25,
        1.0,
        1.0,
    ]


def test_refresh_stores_every_edition_with_the_ties_its_audience_may_see():
    alliance = build_alliance()

    result = services.network_refresh(year=2026)

    assert (result.computed, result.unchanged) == (EDITIONS, [])
    joint_rd = 3.0 * 0.5 ** (1 / 3)  # signed in 2025, seen from 2026
    together = 0.5 * 0.5 ** (1 / 3)
    assert _edges(Audience.PUBLIC) == pytest.approx(
        {alliance.pair("a", "b"): joint_rd, alliance.pair("a", "c"): together}
    )
    assert set(_edges(Audience.MEMBERS)) == {
        alliance.pair("a", "b"),
        alliance.pair("a", "c"),
        alliance.pair("b", "c"),
    }
    assert set(_edges(Audience.SECRETARIAT)) == {
        alliance.pair(x, y)
        for x, y in (("a", "b"), ("a", "c"), ("b", "c"), ("a", "d"), ("c", "d"), ("b", "d"))
    } | {alliance.pair("a", "e")}


def test_an_applicant_is_a_node_of_the_secretariat_network_only():
    alliance = build_alliance()

    services.network_refresh(year=2026)

    members = {
        audience: set(
            NodePosition.objects.filter(
                snapshot__audience=audience, snapshot__is_current=True
            ).values_list("organization_id", flat=True)
        )
        for audience in Audience.values
    }
    everyone = {alliance.a.pk, alliance.b.pk, alliance.c.pk, alliance.d.pk}
    assert members == {
        "public": everyone,
        "members": everyone,
        "secretariat": everyone | {alliance.e.pk},
    }


def test_last_year_edition_leaves_out_this_year_ties_and_weighs_from_last_year():
    alliance = build_alliance()

    services.network_refresh(year=2026)

    assert _edges(Audience.SECRETARIAT, current=False) == pytest.approx(
        {
            alliance.pair("a", "b"): 3.0,
            alliance.pair("a", "c"): 0.5,
            alliance.pair("b", "c"): 1.0 * 0.5 ** (1 / 3),
            alliance.pair("b", "d"): 0.5,
            alliance.pair("a", "e"): 1.0,
        }
    )


def test_a_second_refresh_without_changes_computes_nothing():
    build_alliance()
    services.network_refresh(year=2026)
    stamps = dict(NetworkSnapshot.objects.values_list("pk", "fingerprint"))

    result = services.network_refresh(year=2026)

    assert (result.computed, result.unchanged) == ([], EDITIONS)
    assert dict(NetworkSnapshot.objects.values_list("pk", "fingerprint")) == stamps


def test_a_changed_visibility_recomputes_the_editions_it_touches_only():
    alliance = build_alliance()
    services.network_refresh(year=2026)
    memorandum = Agreement.objects.get(parties__organization=alliance.c, visibility="members")

    memorandum.visibility = Visibility.PUBLIC
    memorandum.save()
    result = services.network_refresh(year=2026)

    assert result.computed == ["public/2026", "public/2025"]
    assert alliance.pair("b", "c") in _edges(Audience.PUBLIC)


def test_a_new_year_recomputes_every_edition_for_its_recency():
    build_alliance()
    services.network_refresh(year=2026)

    result = services.network_refresh(year=2027)

    assert result.computed == [
        label.replace("2026", "2027").replace("2025", "2026") for label in EDITIONS
    ]


def test_the_stored_positions_are_the_computed_metrics():
    alliance = build_alliance()

    services.network_refresh(year=2026)

    a = NodePosition.objects.get(
        snapshot__audience=Audience.PUBLIC, snapshot__is_current=True, organization=alliance.a
    )
    d = NodePosition.objects.get(
        snapshot__audience=Audience.PUBLIC, snapshot__is_current=True, organization=alliance.d
    )
    # Public: a is the centre of the path b – a – c; d has no public tie.
    assert (a.degree, a.rank_degree, a.betweenness, a.coreness, a.countries) == (
        2,
        1,
        1 / 3,  # one of the three pairs of other members (b, c) passes through a
        1,
        ["VN"],
    )
    assert (a.cross_border_share, d.degree, d.cross_border_share, d.countries) == (
        1.0,
        0,
        None,
        [],
    )


def test_the_refresh_job_is_periodic_and_returns_the_editions_computed():
    build_alliance()

    assert "innobridge.analytics.tasks.refresh_network" in settings.PERIODIC_TASKS
    assert import_string("innobridge.analytics.tasks.refresh_network") is refresh_network
    assert refresh_network.call() == 6
    assert refresh_network.call() == 0
