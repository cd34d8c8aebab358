"""Write a benchmark's figures into bench/RESULTS.md, between its own markers."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    today = datetime.now(UTC).date().isoformat()  # Django sets the process to Asia/Shanghai
    return (
        f"{today} (UTC), machine `{platform.node()}` {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )


def write_section(name: str, markdown: str) -> None:
    """Replace (or append) the section `name` of RESULTS.md."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    text = (
        pattern.sub(lambda _m: block, text)
        if pattern.search(text)
        else f"{text.rstrip()}\n\n{block}\n"
    )
    RESULTS.write_text(text, encoding="utf-8")
