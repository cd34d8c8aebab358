"""What the views of every app share: uploaded files (private ones after their owner's
permission check, public ones as they are, both through `files.file_response`'s safe
headers), table downloads, filtered lists, and services run with their outcome as a
message."""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from innobridge.core.files import ProtectedFileMixin, download_name, file_response
from innobridge.core.tabular import write_table
from innobridge.core.uploads import detect_type


@require_safe
def protected_file(request: HttpRequest, model: str, pk: int, field: str) -> HttpResponse:
    """A file of a `ProtectedFileField`, if the field's permission lets the user see it.

    Every refusal is the same 404 as the object's page would give: unknown model, field or
    object, no file, or no permission.
    """
    try:
        model_class = apps.get_model(model)
        file_field = model_class._meta.get_field(field)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    if not isinstance(file_field, ProtectedFileMixin):
        raise Http404
    instance = model_class._default_manager.filter(pk=pk).first()
    if instance is None or not file_field.user_may_read(request.user, instance):
        raise Http404
    field_file = getattr(instance, field)
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404
    with field_file.open("rb") as handle:
        name = download_name(instance, detect_type(handle))
    return file_response(field_file, filename=name)


@require_safe
def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """Files anyone may see (settings.PUBLIC_MEDIA_PREFIXES: logos). Everything else under
    /media/ is private and answers 404 here; its objects' pages link to `protected_file`."""
    # "logos/../secret_key" must not pass the prefix test: only canonical paths do.
    if posixpath.normpath(path) != path or not path.startswith(settings.PUBLIC_MEDIA_PREFIXES):
        raise Http404
    try:
        exists = default_storage.exists(path)
    except SuspiciousFileOperation as error:  # "../" out of the media folder
        raise Http404 from error
    if not exists:
        raise Http404
    return file_response(_StoredFile(path))


class _StoredFile:
    """The little of a FieldFile that `file_response` uses, for a name in the storage."""

    def __init__(self, name: str) -> None:
        self.name = name

    def open(self, mode: str = "rb"):
        return default_storage.open(self.name, mode)


TABLE_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_download(columns, rows, *, fmt: str, name: str) -> HttpResponse:
    """A CSV or XLSX file to download, named innobridge-<name>-<date>.<fmt>."""
    response = HttpResponse(
        write_table(columns, rows, fmt=fmt), content_type=TABLE_CONTENT_TYPES[fmt]
    )
    filename = f"innobridge-{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filter_rows(filterset) -> tuple[QuerySet, bool]:
    """A list page's rows and whether its filters are valid. While they are not, there are
    no rows and the page answers 400 with the form's messages (a page of everything, or a
    500 on an id beyond any integer column, used to hide the mistake)."""
    if filterset.form.is_bound and not filterset.is_valid():
        return filterset.queryset.none(), False
    return filterset.qs, True


def list_status(valid: bool) -> int:
    return 200 if valid else 400


def run_with_messages(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Call a service; its ValidationError becomes error messages, success a message too.
    Returns whether it succeeded."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True
