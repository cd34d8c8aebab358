"""The network dashboard: key figures, the world map of members, the cooperation network
with its filters, each chart beside the table it draws (the table is what a screen reader
and a keyboard user read; the chart is drawn from the same data by static/js/analytics.js)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from innobridge.accounts.permissions import is_secretariat
from innobridge.analytics import selectors, services
from innobridge.analytics.dashboard import dashboard_charts, outcome_totals
from innobridge.analytics.forms import (
    NetworkFilterForm,
    PositionFilterForm,
    ReportForm,
    YearForm,
)
from innobridge.analytics.models import ReportRun
from innobridge.analytics.reports import amount, number
from innobridge.analytics.yearly import cached_key_figures
from innobridge.core.countries import country_name
from innobridge.core.exchange import join_list
from innobridge.core.forms import add_validation_error
from innobridge.core.languages import current_language
from innobridge.core.tabular import FORMATS
from innobridge.core.views import table_download

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
    types = selectors.members_by_type()
    year = year_form.chosen_year()
    charts = dashboard_charts(user=request.user)
    language = current_language()
    context = {
        "charts": charts,
        "outcomes": [
            (
                label,
                currency,
                amount(total, currency, language) if currency else number(total, language),
            )
            for label, currency, total in outcome_totals(user=request.user)
        ],
        "form": form,
        "year_form": year_form,
        "year": year,
        "year_figures": cached_key_figures(
            year=year, audience=selectors.audience_for(request.user)
        ),
        "figures": selectors.key_figures(user=request.user),
        "countries": [
            (row, [row.types.get(code, 0) for code, _label, _count in types]) for row in countries
        ],
        "types": types,
        "network": network,
        "chart_data": {
            **_chart_data(network, countries),
            "bars": {
                chart.key: [{"name": label, "value": value} for label, value in chart.rows]
                for chart in charts
            },
        },
    }
    return render(request, "analytics/dashboard.html", context, status=200 if valid else 400)


def _chart_data(network: selectors.NetworkGraph, countries) -> dict:
    """What the charts draw, as JSON for json_script: the same rows as the tables."""
    return {
        "countries": [
            {"code": row.country, "name": row.name, "value": row.members, "types": row.types}
            for row in countries
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


REPORTS_SHOWN = 20
REPORT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _require_secretariat(request: HttpRequest, message: str | None = None) -> None:
    if not is_secretariat(request.user):
        raise PermissionDenied(message or _("Only the secretariat writes the annual report."))


POSITIONS_PAGE_SIZE = 50
COUNTRY_TIES_SHOWN = 30


def _positions(request: HttpRequest):
    _require_secretariat(request, _("Only the secretariat sees every member's position."))
    form = PositionFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    snapshot, positions = selectors.member_positions(
        user=request.user, **(form.selector_filters() if valid else {})
    )
    return form, valid, snapshot, positions


@login_required
@require_GET
def positions(request: HttpRequest) -> HttpResponse:
    """The secretariat's detail page: every member's position in the full network (sortable,
    filtered, exportable), the largest communities and the ties between countries."""
    form, valid, snapshot, rows = _positions(request)
    if not valid:
        rows = rows.none()
    page = Paginator(rows, POSITIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    country_ties = selectors.country_network(user=request.user).edges
    context = {
        "form": form,
        "snapshot": snapshot,
        "page": page,
        "query": _query_without_page(request),
        "communities": selectors.communities(user=request.user),
        "country_ties": [
            (country_name(edge.a), country_name(edge.b), edge.ties, edge.weight)
            for edge in sorted(country_ties, key=lambda edge: (-edge.weight, edge.a, edge.b))[
                :COUNTRY_TIES_SHOWN
            ]
        ],
    }
    return render(request, "analytics/positions.html", context, status=200 if valid else 400)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


POSITION_COLUMNS = [
    "rank_pagerank", "organization_id", "organization", "type", "country", "city", "partners",
    "tie_strength", "betweenness", "pagerank", "k_core", "community", "cross_border_share",
    "countries_reached", "rank_partners", "rank_betweenness",
]  # fmt: skip


@login_required
@require_GET
def positions_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered positions, every row, as CSV or XLSX: codes and English column names, as
    every export of Innobridge, so a script reads them whatever the UI language."""
    if fmt not in FORMATS:
        raise Http404
    form, valid, _snapshot, rows = _positions(request)
    if not valid:
        return HttpResponse(
            " ".join(str(m) for ms in form.errors.values() for m in ms),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return table_download(
        POSITION_COLUMNS, (_position_row(row) for row in rows), fmt=fmt, name="network-positions"
    )


def _position_row(position) -> list:
    organization = position.organization
    return [
        position.rank_pagerank,
        organization.pk,
        organization.display_name,
        organization.type,
        organization.country,
        organization.city,
        position.degree,
        round(position.weighted_degree, 4),
        round(position.betweenness, 6),
        round(position.pagerank, 6),
        position.coreness,
        position.community,
        None if position.cross_border_share is None else round(position.cross_border_share, 4),
        join_list(position.countries),
        position.rank_degree,
        position.rank_betweenness,
    ]


@login_required
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest) -> HttpResponse:
    """The secretariat's annual reports: ask for one (the worker writes it) and download
    the finished ones; the page follows the progress of those being written."""
    _require_secretariat(request)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_request(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("analytics:reports")
    runs = list(ReportRun.objects.select_related("requested_by")[:REPORTS_SHOWN])
    context = {"form": form, "runs": runs, "active": any(run.is_active for run in runs)}
    template = "analytics/_report_runs.html" if request.htmx else "analytics/reports.html"
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


@login_required
@require_GET
def report_file(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """A finished report's PDF or XLSX, for the secretariat only, always as a download."""
    _require_secretariat(request)
    run = get_object_or_404(ReportRun, pk=pk)
    field = getattr(run, kind, None) if kind in REPORT_TYPES else None
    if not field:
        raise Http404(_("This report has no such file (yet)."))
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=field.name.rsplit("/", 1)[-1],
        content_type=REPORT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
