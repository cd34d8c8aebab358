"""Step 1 of the import: a saved page's bytes to text, in whatever charset it came.

A byte-order mark or a charset the page declares wins when it decodes cleanly, then strict
UTF-8, then charset-normalizer's guess. GB2312 and Big5 declarations are read with their
supersets (GB18030, CP950), which is what sites really send. Vietnamese in Windows-1258
stacks tone marks, so the text is NFC-normalized, and ftfy undoes the mojibake it can undo
(`content_safety.repair_text`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes
from django.conf import settings
from django.utils.translation import gettext as _

from innobridge.core.content_safety import repair_text
from innobridge.news.importing.errors import PageError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Declared names that real sites use for a superset of what they name.
CHARSET_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "cp950",
    "big5-tw": "cp950",
    "x-x-big5": "cp950",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}
SINGLE_BYTE_CHARSETS = (
    "koi8_r", "koi8_u", "cp1251", "cp1256", "cp1258", "cp1252", "cp1254", "cp874", "cp1250",
    "cp1253", "cp1255", "cp1257", "iso8859_5", "iso8859_6", "mac_cyrillic",
)  # fmt: skip
BINARY_SIGNATURES = (
    b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b",
    b"Rar!", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0", b"RIFF", b"\x7fELF", b"MZ",
)  # fmt: skip
_DECLARED_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str


def max_page_bytes() -> int:
    return int(getattr(settings, "NEWS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _codec_name(name: str) -> str | None:
    name = name.strip().lower()
    name = CHARSET_SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET_RE.search(data[:8192])
    if not match:
        return None
    return _codec_name((match.group(1) or match.group(2)).decode("ascii"))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    return head.startswith(BINARY_SIGNATURES) or b"\x00" in head


def decode_page(data: bytes) -> DecodedPage:
    """The text of a saved page, in whatever charset it came; PageError when it is no text."""
    limit = max_page_bytes()
    if len(data) > limit:
        raise PageError(
            _("The page is {size} bytes; the limit is {limit} bytes.").format(
                size=len(data), limit=limit
            ),
            "too_large",
        )
    if not data.strip():
        raise PageError(_("The page is empty."), "empty")
    text, encoding = _decode(data)
    text = repair_text(unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")))
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise PageError(_("The page is empty."), "empty")
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\n\t")
    if controls > len(text) * 0.05:
        raise PageError(_("The file is not an HTML page or a text file."), "not_text")
    return DecodedPage(text, encoding)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is not None:
                return text, "utf-8" if encoding == "utf-8-sig" else encoding
    if _looks_binary(data):
        raise PageError(_("The file is not an HTML page or a text file."), "not_text")
    declared = _declared_charset(data)
    if declared:
        text = _strict(data, declared)
        if text is not None:
            return text, declared
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    # charset-normalizer stops at the first multi-byte charset that decodes without error,
    # so a short KOI8-R page can come out as Shift-JIS; the single-byte charsets of the
    # alliance's languages compete too, and the least chaotic, most coherent reading wins.
    matches = [*from_bytes(data), *from_bytes(data, cp_isolation=list(SINGLE_BYTE_CHARSETS))]
    if not matches:
        raise PageError(
            _("The character set of the page could not be recognised."), "unknown_charset"
        )
    best = min(matches, key=lambda match: (match.chaos, -match.coherence))
    encoding = _codec_name(best.encoding) or best.encoding
    return _strict(data, encoding) or str(best), encoding
