"""The secretariat's import and export page for organizations, listings and agreements."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from innobridge.accounts.permissions import is_secretariat
from innobridge.agreements import exchange as agreement_exchange
from innobridge.agreements.models import Agreement
from innobridge.core.tabular import FORMATS, TableError, read_table, write_table
from innobridge.marketplace import exchange as listing_exchange
from innobridge.marketplace.forms import ImportForm
from innobridge.marketplace.models import Listing
from innobridge.organizations import exchange as organization_exchange
from innobridge.organizations.models import Organization

DATASETS = {
    "listings": (
        listing_exchange.COLUMNS,
        listing_exchange.REQUIRED,
        listing_exchange.listings_import,
        lambda: listing_exchange.listings_export_rows(Listing.objects.all()),
    ),
    "organizations": (
        organization_exchange.COLUMNS,
        organization_exchange.REQUIRED,
        organization_exchange.organizations_import,
        lambda: organization_exchange.organizations_export_rows(Organization.objects.all()),
    ),
    "agreements": (
        agreement_exchange.EXPORT_COLUMNS,
        agreement_exchange.REQUIRED_COLUMNS,
        agreement_exchange.agreements_import,
        lambda: agreement_exchange.agreements_export_rows(
            agreement_exchange.export_queryset(Agreement.objects.all())
        ),
    ),
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _require_secretariat(request: HttpRequest) -> None:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat imports and exports data."))


@login_required
@require_http_methods(["GET", "POST"])
def exchange(request: HttpRequest) -> HttpResponse:
    _require_secretariat(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report, file_error = None, ""
    if request.method == "POST" and form.is_valid():
        columns, required, import_rows, _export = DATASETS[form.cleaned_data["dataset"]]
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(upload, name=upload.name, required=required, known=columns)
        except TableError as error:
            file_error = str(error)
        else:
            report = import_rows(rows=rows, actor=request.user)
    return render(
        request,
        "marketplace/exchange.html",
        {"form": form, "report": report, "file_error": file_error, "formats": FORMATS},
    )


@login_required
def export(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    _require_secretariat(request)
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404
    columns, _required, _import, rows = DATASETS[dataset]
    response = HttpResponse(write_table(columns, rows(), fmt=fmt), content_type=CONTENT_TYPES[fmt])
    filename = f"innobridge-{dataset}-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
