"""Checks for uploaded files: the declared type is not trusted, the bytes are."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# SVG is left out on purpose: it can carry scripts.
ALLOWED_IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
MAX_IMAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class FileType:
    """What a file's bytes show it to be: the extension it is stored under and the type it
    is served as. Never taken from the uploaded name, which the uploader chose."""

    extension: str
    content_type: str


PDF = FileType("pdf", "application/pdf")
IMAGE_TYPES = {
    "PNG": FileType("png", "image/png"),
    "JPEG": FileType("jpg", "image/jpeg"),
    "WEBP": FileType("webp", "image/webp"),
    "GIF": FileType("gif", "image/gif"),
}
# Anything else is served for download only, never shown by the browser.
UNKNOWN = FileType("bin", "application/octet-stream")


def _check_size(file, limit: int) -> None:
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def validate_image_upload(file) -> None:
    """Reject files over the size limit and anything Pillow does not read as PNG/JPEG/WebP/GIF."""
    _check_size(file, settings.LOGO_MAX_BYTES)
    _check_image(file)


def _check_image(file) -> None:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError as exc:
        raise ValidationError(_("The image has too many pixels."), code="image_too_big") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("The file is not a readable PNG, JPEG, WebP or GIF image."), code="invalid_image"
        ) from exc
    finally:
        file.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Images must be PNG, JPEG, WebP or GIF; this file is %(format)s."),
            code="invalid_image_type",
            params={"format": image_format},
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("The image has too many pixels."), code="image_too_big")


def _starts_with(file, signature: bytes) -> bool:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        return file.read(len(signature)) == signature
    finally:
        file.seek(position)


def detect_type(file) -> FileType:
    """The type the bytes show: a PDF by its signature, an image Pillow recognizes among the
    allowed formats, else UNKNOWN. Only the header is read (Pillow opens lazily), so this is
    cheap enough to run each time a file is served."""
    if _starts_with(file, b"%PDF-"):
        return PDF
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file, formats=list(ALLOWED_IMAGE_FORMATS)) as image:
            return IMAGE_TYPES.get(image.format, UNKNOWN)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return UNKNOWN
    finally:
        file.seek(position)


def unguessable_name(folder: str, filename: str) -> str:
    """A storage name nobody can guess, keeping only the extension of `filename`: for
    `upload_to` functions of `files.SafeFileField`s, whose file names carry the extension
    of the content by then (`brochure.html` holding a PDF has become `upload.pdf`)."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else UNKNOWN.extension
    return f"{folder}/{secrets.token_urlsafe(18)}.{extension}"


def validate_attachment_upload(file) -> str:
    """A PDF (by its %PDF- signature) or an image Pillow reads; returns "pdf" or "image"."""
    _check_size(file, settings.ATTACHMENT_MAX_BYTES)
    if _starts_with(file, b"%PDF-"):
        return "pdf"
    try:
        _check_image(file)
    except ValidationError as error:
        if error.code == "image_too_big":  # an image, but one that would exhaust memory
            raise
        raise ValidationError(
            _("Attachments must be PDF documents or PNG, JPEG, WebP or GIF images."),
            code="invalid_attachment_type",
        ) from error
    return "image"


def validate_pdf_upload(file) -> None:
    """A PDF document (by its %PDF- signature and closing %%EOF) within the size limit
    (settings.DOCUMENT_MAX_BYTES, else ATTACHMENT_MAX_BYTES)."""
    limit = getattr(settings, "DOCUMENT_MAX_BYTES", settings.ATTACHMENT_MAX_BYTES)
    _check_size(file, limit)
    if not _starts_with(file, b"%PDF-") or not _ends_with_eof(file):
        raise ValidationError(_("The file is not a PDF document."), code="invalid_pdf")


def _ends_with_eof(file) -> bool:
    """A complete PDF ends with %%EOF (followed at most by line breaks and padding)."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(max(0, file.size - 1024))
        return b"%%EOF" in file.read()
    finally:
        file.seek(position)


# A library PDF's text beyond this many characters adds little to finding it and much to
# the database row.
PDF_TEXT_MAX_CHARS = 200_000


def pdf_text(file) -> str:
    """The text of a PDF's pages (for search), or "" when it has none that can be read:
    scanned pages, encryption or damage must not stop an upload that passed the checks."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        reader = PdfReader(file)
        parts, length = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length >= PDF_TEXT_MAX_CHARS:
                break
        return "\n".join(parts)[:PDF_TEXT_MAX_CHARS]
    except (PyPdfError, ValueError, KeyError, TypeError):
        return ""
    finally:
        file.seek(position)
