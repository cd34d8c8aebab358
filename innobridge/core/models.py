"""Shared taxonomies (sectors, the alliance's work areas and its cooperation focus areas)
and the folded search text that list filters match words against.

Taxonomies are data, not code: rows loaded by a data migration, each carrying its name in
every UI language (and more), so the secretariat can add or rename entries in the admin.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innobridge.core.languages import current_language, ui_language_codes
from innobridge.core.text import fold_for_search


class FoldedSearchText(models.Model):
    """A `search_text` column: the object's texts (`search_texts`) folded for script-, case-
    and accent-blind word filters, one line each. Every save keeps it in step; bulk writes,
    which skip save(), call `refresh_search_text` themselves."""

    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def search_texts(self) -> Iterable[str]:
        raise NotImplementedError

    def build_search_text(self) -> str:
        return "\n".join(fold_for_search(text) for text in self.search_texts() if text)

    def refresh_search_text(self) -> str:
        self.search_text = self.build_search_text()
        return self.search_text


def validate_translated_names(value: object) -> None:
    """A names map must be {language code: non-empty name} and cover every UI language."""
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise ValidationError(_("Names must map language codes to non-empty names."))
    missing = [code for code in ui_language_codes() if code not in value]
    if missing:
        raise ValidationError(
            _("A name is missing for: %(languages)s."),
            params={"languages": ", ".join(missing)},
            code="missing_translation",
        )


class Taxonomy(models.Model):
    """Base of every taxonomy: a stable code, names per language and a display order."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    names = models.JSONField(
        _("names"),
        default=dict,
        validators=[validate_translated_names],
        help_text=_('Name in each language, e.g. {"en": "Aerospace", "zh-hans": "航空航天"}.'),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The name in `language` (default: the active one), falling back to English."""
        language = language or current_language()
        return self.names.get(language) or self.names.get("en") or self.code


class Sector(Taxonomy):
    """An industry or technology sector, used to classify members and (later) listings."""

    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class WorkArea(Taxonomy):
    """One of the alliance's seven work areas named in its Construction Plan."""

    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = _("work area")
        verbose_name_plural = _("work areas")


class FocusArea(Taxonomy):
    """A cooperation focus area (collaborative innovation, industrial complementarity, ...)."""

    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = _("cooperation focus area")
        verbose_name_plural = _("cooperation focus areas")


class CooperationType(Taxonomy):
    """A form of cooperation a listing seeks (licensing, joint R&D, trial, investment...)."""

    history = HistoricalRecords()

    class Meta(Taxonomy.Meta):
        verbose_name = _("cooperation type")
        verbose_name_plural = _("cooperation types")


class PeriodicRun(models.Model):
    """One run of a periodic job, claimed by the worker that queues it.

    Every worker runs the schedule; the row, unique per job and interval slot (the number
    of whole intervals since the epoch), is the claim, so that a run is queued exactly
    once however many workers run (core/workers.py)."""

    task_path = models.CharField(max_length=200)
    slot = models.BigIntegerField()
    result_id = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task_path", "slot"], name="one_run_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.task_path} @ {self.slot}"
