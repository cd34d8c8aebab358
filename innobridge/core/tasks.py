"""Queueing background work, one way everywhere.

Tasks are an interface, like views: each app's `tasks.py` imports its services and calls
them. Services queue tasks after their transaction commits with `queue_after_commit`,
naming the task by its dotted path, so that services never import tasks and the import
graph has no cycle (checked by the contracts in `.importlinter`). A misspelt path fails at
once, in the service, not after the commit.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.module_loading import import_string


def queue_after_commit(task_path: str, *args: Any) -> None:
    """Enqueue the task at `task_path` with `args` once the current transaction commits
    (at once outside a transaction); nothing is queued if it rolls back."""
    task = import_string(task_path)
    transaction.on_commit(lambda: task.enqueue(*args))
