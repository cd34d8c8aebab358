"""The QR code of a registration's check-in code (segno), for its page and its e-mail."""

from __future__ import annotations

import base64
import io

import segno


def qr_png(code: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_data_uri(code: str) -> str:
    """For an <img> on the registration page: no file to serve, nothing to leak."""
    return "data:image/png;base64," + base64.b64encode(qr_png(code)).decode("ascii")


def qr_attachment(code: str) -> tuple[str, str, str]:
    """For the confirmation e-mail (notifications.services.Attachment)."""
    return (f"check-in-{code}.png", base64.b64encode(qr_png(code)).decode("ascii"), "image/png")
