"""Project-level pages: what belongs to no single app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_http_methods

from innobridge.accounts.permissions import is_secretariat
from innobridge.core.exchange import import_rows, registered_datasets
from innobridge.core.forms import TableImportForm
from innobridge.core.tabular import FORMATS, TableError, read_table
from innobridge.core.views import table_download


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
