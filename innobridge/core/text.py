"""Text folding shared by every search in the product.

One function is used both when a searchable field is stored and when a query arrives, so
that the two sides always agree: NFKC, Traditional-to-Simplified folding with OpenCC (so
綿陽 finds 绵阳), case folding and, for Latin letters only, accent folding (so "Ha Noi"
finds "Hà Nội" while Thai or Arabic marks, which change meaning, are kept).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from opencc import OpenCC


@lru_cache(maxsize=1)
def traditional_to_simplified() -> OpenCC:
    """The shared OpenCC converter (Traditional → Simplified characters)."""
    return OpenCC("t2s")


def _is_latin(char: str) -> bool:
    code = ord(char)
    return code < 0x0250 or 0x1E00 <= code <= 0x1EFF


def strip_latin_accents(text: str) -> str:
    """Drop combining marks that sit on Latin letters; keep all others."""
    out: list[str] = []
    base_is_latin = False
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char):
            if not base_is_latin:
                out.append(char)
            continue
        base_is_latin = _is_latin(char)
        out.append("d" if char in "đĐ" else char)
    return unicodedata.normalize("NFC", "".join(out))


def fold_for_search(text: str) -> str:
    """Fold text for script-, case- and accent-insensitive matching."""
    text = unicodedata.normalize("NFKC", text or "")
    text = traditional_to_simplified().convert(text)
    return " ".join(strip_latin_accents(text.casefold()).split())
