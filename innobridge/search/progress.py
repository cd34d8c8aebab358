"""A plain progress bar on standard error, for long commands."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, total: int, label: str, stream=None, width: int = 30) -> None:
        self.total, self.label, self.width = max(total, 1), label, width
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done += count
        filled = int(self.width * self.done / self.total)
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} ({rate:.1f}/s)"
        )
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
