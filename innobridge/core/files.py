"""Uploaded files: named by their content, checked against their owner's visibility rules,
and served so that they cannot run in the browser.

Every upload field of the project is a `SafeFileField` / `SafeImageField`: whatever the
uploader called the file, it reaches the field's `upload_to` named `upload.<extension>`,
the extension being what its bytes are (uploads.detect_type).

A `ProtectedFileField` names the permission function of its model's page (`permission`, a
dotted path to `f(user, obj) -> bool`). Its `.url` is not a path under /media/ but the
address of `core.views.protected_file`, which asks that function before it sends a byte; a
refusal is a 404, as on the page, so a private file's existence is not admitted. Templates,
the admin and serializers keep using `.url` and can never link past the rule.

Every response for an uploaded file (`file_response`) has its type from the file's bytes,
`X-Content-Type-Options: nosniff`, and is shown in the browser only for PDF and raster
images; anything else is a download. Behind nginx (`settings.MEDIA_ACCEL_REDIRECT_PREFIX`)
the view answers with `X-Accel-Redirect` to an internal location, so nginx still streams
the bytes (docs/DEPLOY.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, Protocol
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.module_loading import import_string

from innobridge.core.uploads import IMAGE_TYPES, PDF, FileType, detect_type, unguessable_name

# Types a browser may show inline: they cannot run scripts in the site's origin.
INLINE_TYPES = frozenset({PDF.content_type, *(t.content_type for t in IMAGE_TYPES.values())})
DOWNLOAD_NAME_MAX_LENGTH = 100
# What `uploads.unguessable_name` gives: 18 random bytes, URL-safe, and a content extension.
UNGUESSABLE_NAME_RE = re.compile(r"[A-Za-z0-9_-]{24}\.[a-z]{3,4}")


class ContentNamedFieldFileMixin:
    """Names the file after its content before `upload_to` sees it."""

    def save(self, name: str, content: Any, save: bool = True) -> None:
        super().save(f"upload.{detect_type(content).extension}", content, save)


class SafeFieldFile(ContentNamedFieldFileMixin, FieldFile):
    pass


class SafeImageFieldFile(ContentNamedFieldFileMixin, ImageFieldFile):
    pass


class SafeFileField(models.FileField):
    """A file field whose stored names carry the content's extension, never the uploader's."""

    attr_class = SafeFieldFile


class SafeImageField(models.ImageField):
    attr_class = SafeImageFieldFile


class ProtectedFieldFileMixin:
    """`.url` points at the permission-checking view instead of the storage."""

    @property
    def url(self) -> str:
        self._require_file()
        return reverse(
            "protected-file",
            kwargs={
                "model": self.instance._meta.label_lower,
                "pk": self.instance.pk,
                "field": self.field.name,
            },
        )


class ProtectedFieldFile(ProtectedFieldFileMixin, SafeFieldFile):
    pass


class ProtectedImageFieldFile(ProtectedFieldFileMixin, SafeImageFieldFile):
    pass


class ProtectedFileMixin:
    """Keeps the permission out of migrations: it is a rule of the code, not of the schema."""

    def __init__(self, *args: Any, permission: str = "", **kwargs: Any) -> None:
        self.permission = permission
        super().__init__(*args, **kwargs)

    def user_may_read(self, user: Any, instance: models.Model) -> bool:
        if not self.permission:
            return False
        return bool(import_string(self.permission)(user, instance))


class ProtectedFileField(ProtectedFileMixin, SafeFileField):
    attr_class = ProtectedFieldFile


class ProtectedImageField(ProtectedFileMixin, SafeImageField):
    attr_class = ProtectedImageFieldFile


def download_name(instance: models.Model, file_type: FileType) -> str:
    """A readable file name for the download: the uploaded name's stem where the model keeps
    it (`original_name`), else the object's own name, with the extension of the content."""
    label = getattr(instance, "original_name", "") or str(instance)
    stem = PurePosixPath(label.replace("\\", "/")).name.rsplit(".", 1)[0]
    stem = "".join(c for c in stem if c.isprintable() and c not in '"/\\').strip()
    return f"{stem[:DOWNLOAD_NAME_MAX_LENGTH] or 'file'}.{file_type.extension}"


class StoredFile(Protocol):
    """A name in the default storage that can be opened: a FieldFile, or a bare name."""

    name: str

    def open(self, mode: str = "rb") -> Any: ...


def file_response(field_file: StoredFile, *, filename: str | None = None) -> HttpResponse:
    """The response for one stored upload, safe whatever its bytes are.

    The type is read from the bytes (so a file stored before names were derived from the
    content is served as what it is); only PDF and raster images are shown inline.
    """
    with field_file.open("rb") as handle:
        file_type = detect_type(handle)
    filename = filename or f"file.{file_type.extension}"
    inline = file_type.content_type in INLINE_TYPES
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=file_type.content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
    else:
        response = FileResponse(field_file.open("rb"), content_type=file_type.content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def move_to_unguessable_names(
    model: type[models.Model], field_name: str, folder: Callable[[Any], str]
) -> int:
    """Give files stored under an older, predictable scheme (the uploaded name's extension,
    dates, ids) an unguessable name with their content's extension; for data migrations.
    Rows whose file is missing from the storage are left as they are. Returns how many
    files moved."""
    storage = model._meta.get_field(field_name).storage
    moved = 0
    for instance in model._default_manager.exclude(**{field_name: ""}).iterator():
        old_name = getattr(instance, field_name).name
        if UNGUESSABLE_NAME_RE.fullmatch(PurePosixPath(old_name).name):
            continue
        if not storage.exists(old_name):
            continue
        with storage.open(old_name, "rb") as content:
            extension = detect_type(content).extension
            new_name = storage.save(unguessable_name(folder(instance), f"x.{extension}"), content)
        model._default_manager.filter(pk=instance.pk).update(**{field_name: new_name})
        storage.delete(old_name)
        moved += 1
    return moved
