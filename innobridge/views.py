"""Project-level pages: what belongs to no single app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from innobridge import health
from innobridge.accounts.permissions import is_secretariat
from innobridge.core import workers
from innobridge.core.exchange import import_rows, registered_datasets
from innobridge.core.forms import TableImportForm
from innobridge.core.tabular import FORMATS, TableError, read_table
from innobridge.core.views import table_download


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up (nothing else is touched)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Whether this process can serve requests: 200, or 503 naming what is not ready. The
    answer is public, so it says only "ok" or "not ready" per part; the secretariat's status
    page shows the checks' own words (which may name hosts or errors)."""
    ready, answers = health.readiness()
    parts = {
        name: "not ready" if answers[name].startswith("not ready") else "ok"
        for name in health.CHECKS
    }
    return JsonResponse({"ready": ready, **parts}, status=200 if ready else 503)


@login_required
@require_GET
def system_status(request: HttpRequest) -> HttpResponse:
    """The secretariat's view of the background queue and of this process's readiness."""
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat sees the system's status."))
    ready, answers = health.readiness()
    context = {
        "queue": workers.queue_summary(),
        "ready": ready,
        "checks": [(label, answers[name]) for name, label in _check_labels().items()],
    }
    return render(request, "system_status.html", context)


def _check_labels() -> dict[str, str]:
    return {
        "database": _("Database"),
        "cache": _("Cache"),
        "tasks": _("Task queue"),
        "search_index": _("Search models and index"),
    }


def _require_secretariat(request: HttpRequest) -> None:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat imports and exports data."))


@login_required
@require_http_methods(["GET", "POST"])
def exchange(request: HttpRequest) -> HttpResponse:
    """The secretariat's import and export of every registered dataset
    (settings.EXCHANGE_DATASETS)."""
    _require_secretariat(request)
    datasets = registered_datasets()
    form = TableImportForm(request.POST or None, request.FILES or None)
    report, file_error = None, ""
    if request.method == "POST" and form.is_valid():
        dataset = datasets[form.cleaned_data["dataset"]]
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(
                upload, name=upload.name, required=dataset.required, known=dataset.columns
            )
        except TableError as error:
            file_error = str(error)
        else:
            report = import_rows(dataset, rows=rows, actor=request.user)
    context = {
        "form": form,
        "report": report,
        "file_error": file_error,
        "formats": FORMATS,
        "datasets": datasets.values(),
    }
    return render(request, "exchange.html", context)


@login_required
def export(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    _require_secretariat(request)
    datasets = registered_datasets()
    if dataset not in datasets or fmt not in FORMATS:
        raise Http404
    chosen = datasets[dataset]
    rows = chosen.export_rows(chosen.export_queryset())
    return table_download(chosen.columns_out, rows, fmt=fmt, name=dataset)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The API answers in JSON even for an address no route matches (`/api/v1/x/abc/`)."""
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return defaults.server_error(request)
