"""What search keeps per listing: its token stream (for the lexical index), its vector, and
the partners suggested to it."""

from __future__ import annotations

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """The indexed form of one listing. The lexical index (SQLite FTS5 table or PostgreSQL
    tsvector column, see migration 0002) is derived from `tokens`; `vector` is the listing's
    embedding in float16, with the name of the model that made it, so that changing the
    model re-embeds."""

    listing = models.OneToOneField(
        "marketplace.Listing",
        verbose_name=_("listing"),
        primary_key=True,
        related_name="search_entry",
        on_delete=models.CASCADE,
    )
    tokens = models.TextField(_("tokens"), blank=True)
    model_name = models.CharField(_("embedding model"), max_length=100, blank=True)
    vector = models.BinaryField(_("embedding"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["listing_id"]
        # Covers the vector index's freshness question (count and newest per model).
        indexes = [models.Index(fields=["model_name", "indexed_at"])]

    def __str__(self) -> str:
        return str(self.listing_id)

    def set_vector(self, vector: np.ndarray, model_name: str) -> None:
        self.vector = np.asarray(vector, dtype=np.float16).tobytes()
        self.model_name = model_name

    def get_vector(self) -> np.ndarray | None:
        if self.vector is None:
            return None
        return np.frombuffer(bytes(self.vector), dtype=np.float16).astype(np.float32)


class SuggestionStatus(models.TextChoices):
    NEW = "new", _("New")
    SEEN = "seen", _("Seen")
    DISMISSED = "dismissed", _("Dismissed")
    INTEREST_EXPRESSED = "interest_expressed", _("Interest expressed")


class MatchSuggestion(models.Model):
    """A suggested partner listing for a listing, kept current by the worker."""

    listing = models.ForeignKey(
        "marketplace.Listing",
        verbose_name=_("listing"),
        related_name="suggestions",
        on_delete=models.CASCADE,
    )
    candidate = models.ForeignKey(
        "marketplace.Listing",
        verbose_name=_("suggested listing"),
        related_name="suggested_to",
        on_delete=models.CASCADE,
    )
    score = models.FloatField(_("score"))
    status = models.CharField(
        _("status"), max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.NEW
    )
    notified_at = models.DateTimeField(_("sent in a digest"), null=True, blank=True)
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("match suggestion")
        verbose_name_plural = _("match suggestions")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "candidate"], name="suggestion_once_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} → {self.candidate_id}"
