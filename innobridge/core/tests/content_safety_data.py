"""The shared test data the content-safety tests read: the damaged and spammed news page,
the runs of it that must be flagged, and the helpers that find them.

Helpers rather than fixtures: missing data must make each test fail, not error."""

import os
from pathlib import Path

import pytest
from django.conf import settings

NEWS_FIXTURE = Path("news") / "000_978f735f45030b14.txt"

# The damaged runs of the news page, as the README quotes them. The file also holds GBK
# user-defined characters (private-use code points) inside the runs, invisible on screen.
DAMAGED_RUNS = {
    25: ("?;顒又校\ue0f1型獯\ue300砉餐\ue0e4吓_", "?;顒又校型獯砉餐吓_"),
    39: ("?;顒又校\ue0d9d", "?;顒又校d"),
    49: ("?。ㄓ浾?", "?。ㄓ浾?"),
}


def shared_data_file(relative: Path) -> Path:
    """A file of the shared test data; its absence is a failure, never a skip."""
    folder = Path(
        os.environ.get(
            "INNOBRIDGE_SHARED_DATA", settings.BASE_DIR.parent.parent / "shared" / "data"
        )
    )
    path = folder / relative
    if not path.is_file():
        pytest.fail(
            f"Shared test data missing: {path} not found. Point INNOBRIDGE_SHARED_DATA at "
            "the folder holding news/ and ntrex128/."
        )
    return path


def news_page() -> str:
    return shared_data_file(NEWS_FIXTURE).read_text(encoding="utf-8")


def line_number_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def without_private_use(text: str) -> str:
    return "".join(char for char in text if not 0xE000 <= ord(char) <= 0xF8FF)
