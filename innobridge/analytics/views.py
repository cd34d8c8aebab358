"""The network dashboard: key figures, the world map of members, the cooperation network
with its filters, each chart beside the table it draws (the table is what a screen reader
and a keyboard user read; the chart is drawn from the same data by static/js/analytics.js)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from innobridge.accounts.permissions import is_secretariat
from innobridge.analytics import selectors, services
from innobridge.analytics.dashboard import dashboard_charts, outcome_totals
from innobridge.analytics.forms import NetworkFilterForm, ReportForm, YearForm
from innobridge.analytics.models import ReportRun
from innobridge.analytics.reports import amount, number
from innobridge.analytics.yearly import cached_key_figures
from innobridge.core.forms import add_validation_error
from innobridge.core.languages import current_language

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
        "countries": countries,
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


REPORTS_SHOWN = 20
REPORT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _require_secretariat(request: HttpRequest) -> None:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat writes the annual report."))


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
