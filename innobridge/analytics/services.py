"""Computing the cooperation network and storing it for the pages and the API.

The worker runs network_refresh every ANALYTICS_REFRESH_SECONDS (tasks.refresh_network). It
gathers the ties of each audience and skips an edition whose ties and members hash to the
fingerprint already stored, so a quiet day costs a few queries and a busy one is computed
once per interval rather than once per write (the debounce). A write shows in the network
after at most one interval.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobridge.accounts.permissions import is_secretariat
from innobridge.analytics import graph, selectors, sources
from innobridge.analytics.choices import Audience, Edition, ReportStatus
from innobridge.analytics.models import NetworkEdge, NetworkSnapshot, NodePosition, ReportRun
from innobridge.core.tasks import queue_after_commit

BULK_BATCH = 2_000
REPORT_FIRST_YEAR = 1990


def fingerprint(nodes: list[graph.Node], ties: list[graph.Tie], *, as_of_year: int) -> str:
    """A hash of everything a network is computed from: same hash, same network."""
    digest = hashlib.sha256(f"{as_of_year}\n".encode())
    for node in nodes:
        digest.update(f"n{node.id}|{node.country}|{node.city}\n".encode())
    for tie in sorted(ties, key=lambda t: (t.a, t.b, t.kind, t.year or 0, t.weight)):
        digest.update(
            f"t{tie.a}|{tie.b}|{tie.kind}|{tie.year}|{tie.weight:.9f}|"
            f"{','.join(tie.sectors)}|{','.join(tie.work_areas)}\n".encode()
        )
    return digest.hexdigest()


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh did: the editions computed and those left as they were."""

    computed: list[str]
    unchanged: list[str]


def network_refresh(*, force: bool = False, year: int | None = None) -> RefreshResult:
    """Compute each audience's network now and as of the end of last year, where its ties
    or members changed since the stored one (or always, with force)."""
    this_year = year or timezone.localdate().year
    computed, unchanged = [], []
    for audience in Audience.values:
        for is_current, as_of_year in ((True, this_year), (False, this_year - 1)):
            label = f"{audience}/{as_of_year}"
            if _refresh_edition(
                audience, is_current=is_current, as_of_year=as_of_year, force=force
            ):
                computed.append(label)
            else:
                unchanged.append(label)
    return RefreshResult(computed=computed, unchanged=unchanged)


def _refresh_edition(audience: str, *, is_current: bool, as_of_year: int, force: bool) -> bool:
    nodes = sources.network_nodes(audience)
    ties = sources.network_ties(audience, as_of_year=as_of_year)
    stamp = fingerprint(nodes, ties, as_of_year=as_of_year)
    stored = NetworkSnapshot.objects.filter(audience=audience, is_current=is_current).first()
    if stored is not None and stored.fingerprint == stamp and not force:
        return False
    started = time.perf_counter()
    network = graph.compute(nodes, ties)
    seconds = time.perf_counter() - started
    _store(
        audience=audience,
        is_current=is_current,
        as_of_year=as_of_year,
        stamp=stamp,
        network=network,
        seconds=seconds,
    )
    if is_current:
        stored = NetworkSnapshot.objects.get(audience=audience, is_current=True)
        transaction.on_commit(lambda: selectors.prepare_snapshot_reads(stored))
    return True


@transaction.atomic
def _store(
    *,
    audience: str,
    is_current: bool,
    as_of_year: int,
    stamp: str,
    network: graph.Network,
    seconds: float,
) -> NetworkSnapshot:
    """Replace the stored edition in one transaction: readers see the old network or the
    new one, never half of it."""
    NetworkSnapshot.objects.filter(audience=audience, is_current=is_current).delete()
    snapshot = NetworkSnapshot.objects.create(
        audience=audience,
        is_current=is_current,
        as_of_year=as_of_year,
        fingerprint=stamp,
        nodes=len(network.positions),
        edges=len(network.edges),
        communities=network.communities,
        betweenness_sources=network.betweenness_sources,
        seconds=seconds,
    )
    NodePosition.objects.bulk_create(
        (
            NodePosition(
                snapshot=snapshot,
                organization_id=organization_id,
                degree=position.degree,
                weighted_degree=position.weighted_degree,
                betweenness=position.betweenness,
                pagerank=position.pagerank,
                coreness=position.coreness,
                community=position.community,
                cross_border_share=position.cross_border_share,
                countries=list(position.countries),
                rank_degree=position.rank_degree,
                rank_pagerank=position.rank_pagerank,
                rank_betweenness=position.rank_betweenness,
            )
            for organization_id, position in network.positions.items()
        ),
        batch_size=BULK_BATCH,
    )
    NetworkEdge.objects.bulk_create(
        (
            NetworkEdge(
                snapshot=snapshot,
                source_id=edge.a,
                target_id=edge.b,
                weight=edge.weight,
                ties=edge.ties,
                years=sorted(edge.years),
                kinds=sorted(edge.kinds),
                sectors=sorted(edge.sectors),
                work_areas=sorted(edge.work_areas),
            )
            for edge in network.edges
        ),
        batch_size=BULK_BATCH,
    )
    return snapshot


# --- Annual reports --------------------------------------------------------------------


def report_request(*, actor: Any, year: int, language: str, edition: str) -> ReportRun:
    """Queue the annual report for the worker (the secretariat's button)."""
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat writes the annual report."))
    run = ReportRun(requested_by=actor, year=year, language=language, edition=edition)
    run.token = secrets.token_hex(16)
    run.full_clean(exclude=["pdf", "xlsx"])
    _check_report_choice(year=year, language=language)
    with transaction.atomic():
        run.save()
        queue_after_commit("innobridge.analytics.tasks.write_report", run.pk)
    return run


def _check_report_choice(*, year: int, language: str) -> None:
    errors = {}
    if language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = _("Choose one of the interface languages.")
    if not REPORT_FIRST_YEAR <= year <= timezone.localdate().year:
        errors["year"] = _("Choose a year from {first} to this year.").format(
            first=REPORT_FIRST_YEAR
        )
    if errors:
        raise ValidationError(errors)


def report_execute(run: ReportRun) -> ReportRun:
    """Write the run's PDF and XLSX, storing its progress as each step ends; a failure is
    stored with its reason (and raised, so the worker records the traceback)."""
    from innobridge.analytics import reports

    def progress(percent: int, step: str) -> None:
        run.progress = percent
        run.save(update_fields=["progress"])

    run.status = ReportStatus.RUNNING
    run.progress = 5
    run.save(update_fields=["status", "progress"])
    audience = Audience.SECRETARIAT if run.edition == Edition.SECRETARIAT else Audience.PUBLIC
    try:
        report = reports.report_build(
            year=run.year, language=run.language, audience=audience, progress=progress
        )
        run.pdf.save(report.file_name("pdf"), ContentFile(report.pdf), save=False)
        run.xlsx.save(report.file_name("xlsx"), ContentFile(report.xlsx), save=False)
    except Exception as error:
        run.status, run.message = ReportStatus.FAILED, str(error)[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    run.status, run.progress, run.finished_at = ReportStatus.DONE, 100, timezone.now()
    run.save(update_fields=["status", "progress", "finished_at", "pdf", "xlsx"])
    return run
