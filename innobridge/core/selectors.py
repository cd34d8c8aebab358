"""Reads shared by every app: the change log of any object kept by django-simple-history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _

CHANGE_TYPE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ChangeEntry:
    when: datetime
    who: str
    kind: str
    kind_label: str
    reason: str
    changes: list[FieldChange]


def _field_label(model: type, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field removed since the change was recorded
        return name


def change_log_for(instance: Any, *, page: int = 1, per_page: int = 25) -> Page:
    """A page of an object's history, newest first, each entry with what changed."""
    records = instance.history.select_related("history_user").order_by("-history_date", "-pk")
    page_obj = Paginator(records, per_page).get_page(page)
    entries: list[ChangeEntry] = []
    for record in page_obj.object_list:
        changes: list[FieldChange] = []
        previous = record.prev_record
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            changes = [
                FieldChange(_field_label(type(instance), c.field), c.old, c.new)
                for c in delta.changes
            ]
        user = record.history_user
        entries.append(
            ChangeEntry(
                when=record.history_date,
                who=str(user) if user else str(_("system")),
                kind=record.history_type,
                kind_label=str(CHANGE_TYPE_LABELS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    page_obj.object_list = entries
    return page_obj
