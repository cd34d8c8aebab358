"""A job for tests/test_worker_fleet.py: it notes each attempt in a folder, takes its time,
then notes that it finished, so that a test can kill its worker in the middle."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def note_attempts(folder: str, seconds: float) -> int:
    """Append this worker's pid to `attempts`, sleep, then write `done`; the attempt's
    number is the result."""
    here = Path(folder)
    with (here / "attempts").open("a") as attempts:
        attempts.write(f"{os.getpid()}\n")
    time.sleep(seconds)
    count = len((here / "attempts").read_text().split())
    (here / "done").write_text(str(count))
    return count
