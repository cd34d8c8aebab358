"""The network dashboard: key figures, the world map of members, the cooperation network
with its filters, each chart beside the table it draws (the table is what a screen reader
and a keyboard user read; the chart is drawn from the same data by static/js/analytics.js)."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from innobridge.analytics import selectors
from innobridge.analytics.forms import NetworkFilterForm, YearForm
from innobridge.analytics.yearly import cached_key_figures

MAP_CACHE_SECONDS = 24 * 3600


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = NetworkFilterForm(request.GET or None)
    year_form = YearForm(request.GET if "year" in request.GET else None)
    valid = (form.is_valid() if form.is_bound else True) and (
        year_form.is_valid() if year_form.is_bound else True
    )
    filters = form.selector_filters() if form.is_bound and valid else {"limit": form.default_limit}
    network = selectors.network_graph(user=request.user, **filters)
    countries = selectors.members_by_country()
    year = year_form.chosen_year()
    context = {
        "form": form,
        "year_form": year_form,
        "year": year,
        "year_figures": cached_key_figures(
            year=year, audience=selectors.audience_for(request.user)
        ),
        "figures": selectors.key_figures(user=request.user),
        "countries": countries,
        "network": network,
        "chart_data": _chart_data(network, countries),
    }
    return render(request, "analytics/dashboard.html", context, status=200 if valid else 400)


def _chart_data(network: selectors.NetworkGraph, countries) -> dict:
    """What the charts draw, as JSON for json_script: the same rows as the tables."""
    return {
        "countries": [
            {"code": row.country, "name": row.name, "value": row.members} for row in countries
        ],
        "nodes": [
            {
                "id": str(node.organization_id),
                "name": node.organization.display_name,
                "country": node.organization.country,
                "community": node.community,
                "pagerank": node.pagerank,
                "degree": node.degree,
            }
            for node in network.nodes
        ],
        "edges": [
            {"source": str(edge.source_id), "target": str(edge.target_id), "weight": edge.weight}
            for edge in network.edges
        ],
    }


@require_GET
@cache_control(public=True, max_age=MAP_CACHE_SECONDS)
def world_map(request: HttpRequest) -> FileResponse:
    """The country boundaries the map draws: settings.ANALYTICS_MAP_FILE, so that a
    deployment can ship the officially approved map its country requires."""
    return FileResponse(
        open(settings.ANALYTICS_MAP_FILE, "rb"),
        content_type="application/geo+json",
    )
