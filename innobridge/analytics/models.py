"""The cooperation network as the worker last computed it: one snapshot per audience and
edition (now, and as of the end of last year, for the change), each with every member's
position and the edges between members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innobridge.analytics.choices import Audience, Edition, ReportStatus
from innobridge.core.languages import current_language, language_name


class NetworkSnapshot(models.Model):
    """One computed network: what it holds and how it was computed."""

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    is_current = models.BooleanField(
        _("current"), help_text=_("False: the network as it stood at the end of last year.")
    )
    as_of_year = models.PositiveSmallIntegerField(_("as of year"))
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        help_text=_("Hash of the ties and members it was computed from."),
    )
    nodes = models.PositiveIntegerField(_("members"))
    edges = models.PositiveIntegerField(_("ties"))
    communities = models.PositiveIntegerField(_("communities"))
    betweenness_sources = models.PositiveIntegerField(
        _("betweenness sources"), null=True, blank=True, help_text=_("Empty: exact.")
    )
    seconds = models.FloatField(_("seconds"))
    computed_at = models.DateTimeField(_("computed"), auto_now_add=True)

    class Meta:
        verbose_name = _("network snapshot")
        verbose_name_plural = _("network snapshots")
        ordering = ["audience", "-is_current"]
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "is_current"],
                name="network_snapshot_one_per_edition",
                violation_error_message=_("This audience already has a network of this edition."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.audience} {self.as_of_year}"


class NodePosition(models.Model):
    """A member's place in one network."""

    snapshot = models.ForeignKey(
        NetworkSnapshot,
        verbose_name=_("network"),
        related_name="positions",
        on_delete=models.CASCADE,
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        related_name="+",
        on_delete=models.CASCADE,
    )
    degree = models.PositiveIntegerField(_("partners"))
    weighted_degree = models.FloatField(_("tie strength"))
    betweenness = models.FloatField(_("betweenness"))
    pagerank = models.FloatField(_("PageRank"))
    coreness = models.PositiveIntegerField(_("k-core"))
    community = models.PositiveIntegerField(_("community"), null=True, blank=True)
    cross_border_share = models.FloatField(_("cross-border share"), null=True, blank=True)
    countries = models.JSONField(_("countries reached"), default=list)
    rank_degree = models.PositiveIntegerField(_("rank by partners"))
    rank_pagerank = models.PositiveIntegerField(_("rank by PageRank"))
    rank_betweenness = models.PositiveIntegerField(_("rank by betweenness"))

    class Meta:
        verbose_name = _("network position")
        verbose_name_plural = _("network positions")
        ordering = ["snapshot", "rank_pagerank", "organization"]
        # The top of a network (the dashboard, the positions page) and a community's members
        # are read by these, out of up to tens of thousands of positions per snapshot.
        indexes = [
            models.Index(fields=["snapshot", "rank_pagerank"], name="position_by_pagerank"),
            models.Index(fields=["snapshot", "community"], name="position_by_community"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "organization"],
                name="network_position_once_per_snapshot",
                violation_error_message=_("This member already has a position in this network."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} in {self.snapshot}"


class NetworkEdge(models.Model):
    """All ties between two members in one network, merged (source < target by id)."""

    snapshot = models.ForeignKey(
        NetworkSnapshot,
        verbose_name=_("network"),
        related_name="edges_set",
        on_delete=models.CASCADE,
    )
    source = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("one side"),
        related_name="+",
        on_delete=models.CASCADE,
    )
    target = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("other side"),
        related_name="+",
        on_delete=models.CASCADE,
    )
    weight = models.FloatField(_("weight"))
    ties = models.PositiveIntegerField(_("ties"))
    years = models.JSONField(_("years"), default=list)
    kinds = models.JSONField(_("kinds"), default=list)
    sectors = models.JSONField(_("sectors"), default=list)
    work_areas = models.JSONField(_("work areas"), default=list)

    class Meta:
        verbose_name = _("network edge")
        verbose_name_plural = _("network edges")
        ordering = ["snapshot", "source", "target"]
        indexes = [
            models.Index(fields=["snapshot", "source"]),
            models.Index(fields=["snapshot", "target"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "source", "target"],
                name="network_edge_once_per_pair",
                violation_error_message=_("These two members already have an edge here."),
            ),
            models.CheckConstraint(
                condition=models.Q(source__lt=models.F("target")),
                name="network_edge_ordered",
                violation_error_message=_("An edge's first member has the lower id."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}–{self.target_id}"


def report_upload_path(run: ReportRun, filename: str) -> str:
    """Under reports/, which /media/ never serves (settings.PUBLIC_MEDIA_PREFIXES): the
    secretariat downloads through views.report_file, after its permission check."""
    return f"reports/{run.token}/{filename}"


class ReportRun(models.Model):
    """An annual report the secretariat asked for: written by the worker, step by step."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=10)
    edition = models.CharField(
        _("edition"), max_length=20, choices=Edition.choices, default=Edition.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=2000, blank=True)
    token = models.CharField(max_length=32, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=report_upload_path, blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to=report_upload_path, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.language} {self.edition}"

    @property
    def language_label(self) -> str:
        return language_name(self.language, current_language())

    @property
    def is_active(self) -> bool:
        return self.status in {ReportStatus.QUEUED, ReportStatus.RUNNING}
