"""What the spam and the damage checks share: the `Flag` they report, its kinds, the walk
over the lines of a text, and the Traditional-to-Simplified converter both fold with."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from opencc import OpenCC

SPAM = "spam"
DAMAGED = "damaged"

# The lexicon and the character list are package data of innobridge.core.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_LINE_RE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Flag:
    """A span of text that must not be published as it is.

    Offsets are character (code point) offsets into the text exactly as it was passed to
    `check_text`, so a template can cut the text around them to highlight the span.
    """

    kind: str
    start: int
    end: int
    text: str
    reason: str


def text_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each non-empty line with its offset: lines are scored and scanned one at a time."""
    for match in _LINE_RE.finditer(text):
        yield match.start(), match.group()


@lru_cache(maxsize=1)
def to_simplified() -> OpenCC:
    """The Traditional-to-Simplified converter, built once."""
    return OpenCC("t2s")
