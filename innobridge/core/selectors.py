"""Reads shared by every app: the change log of any object kept by django-simple-history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

CHANGE_TYPE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Bookkeeping fields whose change is not news to a reader of the log.
UNLOGGED_FIELDS = {"updated_at", "created_at", "search_text"}


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


def _display(field: models.Field, value: Any) -> Any:
    """A value as a reader wants it: choice labels instead of codes."""
    choices = dict(field.flatchoices) if field.choices else None
    if choices is not None and value in choices:
        return choices[value]
    return value


def _m2m_labels_by_record(
    records: list[Any], m2m_fields: list[models.ManyToManyField]
) -> dict[tuple[str, int], list[str]]:
    """(field name, history id) -> sorted names of the related objects, one query per field."""
    labels: dict[tuple[str, int], list[str]] = {}
    if not records:
        return labels
    for field in m2m_fields:
        through = getattr(records[0], field.name).model  # the historical through model
        target = field.related_model._meta.model_name
        rows = through.objects.filter(
            history_id__in=[record.history_id for record in records]
        ).select_related(target)
        for row in rows:
            labels.setdefault((field.name, row.history_id), []).append(str(getattr(row, target)))
    return {key: sorted(names) for key, names in labels.items()}


def _changes_between(
    record: Any, previous: Any, history_model: type, m2m_labels: dict
) -> list[FieldChange]:
    changes = []
    for field in history_model.tracked_fields:
        if field.name in UNLOGGED_FIELDS or field.primary_key:
            continue
        old, new = getattr(previous, field.attname), getattr(record, field.attname)
        if old != new:
            changes.append(
                FieldChange(str(field.verbose_name), _display(field, old), _display(field, new))
            )
    for field in getattr(history_model, "_history_m2m_fields", []):
        old = m2m_labels.get((field.name, previous.history_id), [])
        new = m2m_labels.get((field.name, record.history_id), [])
        if old != new:
            changes.append(FieldChange(str(field.verbose_name), ", ".join(old), ", ".join(new)))
    return changes


def change_log_for(instance: Any, *, page: int | str = 1, per_page: int = 25) -> Page:
    """A page of an object's history, newest first, each entry with what changed.

    A fixed number of queries whatever the page holds: each record is compared with the next
    older one, fetched as one extra row, and many-to-many values come in one query per field.
    """
    history_model = instance.history.model
    m2m_fields = getattr(history_model, "_history_m2m_fields", [])
    records = instance.history.select_related("history_user").order_by("-history_date", "-pk")
    paginator = Paginator(records, per_page)
    page_obj = paginator.get_page(page)
    start = (page_obj.number - 1) * per_page
    window = list(records[start : start + per_page + 1])
    m2m_labels = _m2m_labels_by_record(window, m2m_fields)
    entries: list[ChangeEntry] = []
    for index, record in enumerate(window[:per_page]):
        previous = window[index + 1] if index + 1 < len(window) else None
        changes = (
            _changes_between(record, previous, history_model, m2m_labels)
            if previous is not None and record.history_type == "~"
            else []
        )
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
