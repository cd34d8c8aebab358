"""Reads of agreements: who may see which, health and progress derived from milestones,
outcome totals, and the funnel from listing to result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string

from innobridge.accounts.permissions import is_member_user, is_secretariat, is_signed_in
from innobridge.agreements.choices import (
    OPEN_MILESTONE_STATUSES,
    AgreementStatus,
    Health,
    MilestoneStatus,
    Visibility,
)
from innobridge.agreements.filtersets import containing_words
from innobridge.agreements.models import Agreement, AgreementParty, Milestone, Outcome
from innobridge.marketplace.models import Listing

# An open milestone due within this many days (today included) puts the agreement at risk.
AT_RISK_DAYS = 14


def today() -> date:
    return timezone.localdate()


# --- Visibility ---------------------------------------------------------------------------


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """The query form of permissions.can_view_agreement."""
    if is_secretariat(user):
        return Agreement.objects.all()
    not_draft = ~Q(status=AgreementStatus.DRAFT)
    visible = not_draft & Q(visibility=Visibility.PUBLIC)
    if is_member_user(user):
        visible |= not_draft & Q(visibility=Visibility.MEMBERS)
    if is_signed_in(user) and user.organization_id:
        visible |= Exists(
            AgreementParty.objects.filter(
                agreement=OuterRef("pk"), organization_id=user.organization_id
            )
        )
    return Agreement.objects.filter(visible)


def agreements_editable_by(user: Any) -> QuerySet[Agreement]:
    """The query form of permissions.can_edit_agreement."""
    if is_secretariat(user):
        return Agreement.objects.all()
    if not (is_member_user(user) and user.organization_id):
        return Agreement.objects.none()
    return Agreement.objects.filter(
        Exists(
            AgreementParty.objects.filter(
                agreement=OuterRef("pk"), organization_id=user.organization_id
            )
        )
    )


def with_health(queryset: QuerySet[Agreement], *, on: date | None = None) -> QuerySet[Agreement]:
    """Annotate `health`, `milestones_planned` and `milestones_done` (see derive_health)."""
    on = on or today()
    milestones = Milestone.objects.filter(agreement=OuterRef("pk"))
    open_milestones = milestones.filter(status__in=OPEN_MILESTONE_STATUSES)
    return queryset.annotate(
        health=Case(
            When(Exists(open_milestones.filter(due_on__lt=on)), then=Value(Health.OVERDUE)),
            When(
                Exists(
                    open_milestones.filter(
                        Q(status=MilestoneStatus.SLIPPED)
                        | Q(due_on__lte=on + timedelta(days=AT_RISK_DAYS))
                    )
                ),
                then=Value(Health.AT_RISK),
            ),
            When(
                Exists(milestones.exclude(status=MilestoneStatus.CANCELLED)),
                then=Value(Health.ON_TRACK),
            ),
            default=Value(Health.NOT_PLANNED),
            output_field=CharField(),
        ),
        milestones_planned=Count(
            "milestones", filter=~Q(milestones__status=MilestoneStatus.CANCELLED), distinct=True
        ),
        milestones_done=Count(
            "milestones", filter=Q(milestones__status=MilestoneStatus.DONE), distinct=True
        ),
    )


def derive_health(milestones: Iterable[Milestone], *, on: date | None = None) -> Health:
    """An agreement's health from its milestones, as of `on` (default today).

    Overdue: an open milestone's due date has passed (due yesterday is overdue, due today
    is not yet). At risk: an open milestone has slipped or falls due within AT_RISK_DAYS.
    No milestones planned: none, or all cancelled. Otherwise on track.
    with_health computes the same in the database, for lists and filters.
    """
    on = on or today()
    planned = [m for m in milestones if m.status != MilestoneStatus.CANCELLED]
    if not planned:
        return Health.NOT_PLANNED
    still_open = [m for m in planned if m.status in OPEN_MILESTONE_STATUSES]
    if any(m.due_on < on for m in still_open):
        return Health.OVERDUE
    horizon = on + timedelta(days=AT_RISK_DAYS)
    if any(m.status == MilestoneStatus.SLIPPED or m.due_on <= horizon for m in still_open):
        return Health.AT_RISK
    return Health.ON_TRACK


def progress_percent(planned: int, done: int) -> int | None:
    """Share of the planned (not cancelled) milestones that are done; None with none planned."""
    return round(100 * done / planned) if planned else None


def with_list_relations(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """What a list row shows (and an export row), in a fixed number of queries."""
    return queryset.select_related("signed_at").prefetch_related(
        Prefetch(
            "parties",
            queryset=AgreementParty.objects.select_related("organization").order_by("pk"),
        ),
        "sectors",
    )


def agreement_list(*, user: Any, on: date | None = None) -> QuerySet[Agreement]:
    return with_list_relations(with_health(agreements_visible_to(user), on=on))


def agreements_matching(*, user: Any, query: str, limit: int) -> list[Agreement]:
    """The newest `limit` agreements `user` may see whose titles, summary or parties
    contain every word of `query`, as list rows. The search page asks this for every
    query and most match none: their ids are found first, so that the rows' health and
    counts (a query whose building alone cost about 8 ms) are built only for a match.
    The filter set's form is not built either (its fields are copied for every use)."""
    matching = containing_words(agreements_visible_to(user), query)  # the filter set's "q"
    ids = list(matching.order_by("-signed_on", "-pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return []
    return list(agreement_list(user=user).filter(pk__in=ids).order_by("-signed_on", "-pk"))


def agreement_get(*, user: Any, pk: int) -> Agreement:
    """A visible agreement, or 404 (an invisible one is not admitted to exist)."""
    queryset = with_health(
        agreements_visible_to(user).select_related("signed_at")
    ).prefetch_related(
        Prefetch(
            "parties",
            queryset=AgreementParty.objects.select_related("organization", "confirmed_by"),
        ),
        Prefetch("milestones", queryset=Milestone.objects.select_related("responsible")),
        "outcomes",
        "sectors",
        "work_areas",
        "focus_areas",
        "origin_listings",
    )
    try:
        return queryset.get(pk=pk)
    except Agreement.DoesNotExist as exc:
        raise Http404 from exc


def agreements_of_organization(*, user: Any, organization_id: int) -> QuerySet[Agreement]:
    visible = agreements_visible_to(user).filter(parties__organization_id=organization_id)
    return with_list_relations(with_health(visible)).distinct()


def unconfirmed_parties(agreement: Agreement) -> list[AgreementParty]:
    return [party for party in agreement.parties.all() if not party.is_confirmed]


# --- Outcomes -------------------------------------------------------------------------------

GROUPINGS = {
    "agreement": "agreement_id",
    "organization": "agreement__parties__organization_id",
    "country": "country",
    "year": "year",
}


@dataclass(frozen=True)
class OutcomeTotal:
    key: Any
    indicator: str
    currency: str
    total: Decimal


def outcome_totals(*, by: str, agreements: QuerySet[Agreement] | None = None) -> list[OutcomeTotal]:
    """Outcome values summed per indicator (and currency) for each agreement, party
    organization, country where achieved, or year recorded.

    Per organization, an outcome counts for every party of its agreement, so those totals
    add up to more than the alliance's total.
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; one of {', '.join(GROUPINGS)}")
    outcomes = Outcome.objects.all()
    if agreements is not None:
        outcomes = outcomes.filter(agreement__in=agreements.values("pk"))
    if by == "year":
        outcomes = outcomes.annotate(year=ExtractYear("recorded_on"))
    key = GROUPINGS[by]
    rows = (
        outcomes.values(key, "indicator", "currency")
        .annotate(total=Sum("value"))
        .order_by(key, "indicator", "currency")
    )
    return [OutcomeTotal(row[key], row["indicator"], row["currency"], row["total"]) for row in rows]


# --- The funnel -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelStep:
    label: str
    count: int


@dataclass(frozen=True)
class Funnel:
    listings_with_interest: int
    agreements: int
    agreements_from_marketplace: int
    agreements_with_outcomes: int
    # Steps between interest and agreement that other apps add (events: B2B meetings).
    steps_between: tuple[FunnelStep, ...] = ()


def funnel_steps_between(agreements: QuerySet[Agreement]) -> tuple[FunnelStep, ...]:
    """The steps settings.AGREEMENT_FUNNEL_STEPS name (callables taking the agreements in
    view): apps above this one add their stages without agreements importing them."""
    steps: list[FunnelStep] = []
    for path in settings.AGREEMENT_FUNNEL_STEPS:
        steps += import_string(path)(agreements)
    return tuple(steps)


def funnel_counts(*, agreements: QuerySet[Agreement] | None = None) -> Funnel:
    """From offer to result: how many listings drew interest, what happened between (B2B
    meetings), and how many agreements cite a listing, an interest or a match, and report
    an outcome."""
    agreements = Agreement.objects.all() if agreements is None else agreements
    from_marketplace = agreements.filter(
        Q(origin_listings__isnull=False)
        | Q(origin_interests__isnull=False)
        | Q(origin_matches__isnull=False)
    ).distinct()
    return Funnel(
        listings_with_interest=Listing.objects.filter(interests__isnull=False).distinct().count(),
        agreements=agreements.count(),
        agreements_from_marketplace=from_marketplace.count(),
        agreements_with_outcomes=agreements.filter(outcomes__isnull=False).distinct().count(),
        steps_between=funnel_steps_between(agreements),
    )


# --- Timeline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineBar:
    milestone: Milestone
    left: float  # percent of the timeline's width
    width: float
    overdue: bool


@dataclass(frozen=True)
class Timeline:
    """A Gantt-like view: one bar per milestone from the previous step (or the start of the
    term) to its due date, on an axis spanning the term, every milestone and today."""

    starts: date
    ends: date
    bars: list[TimelineBar]
    today_at: float | None
    years: list[tuple[int, float]]


def _position(day: date, starts: date, span_days: int) -> float:
    return round(100 * (day - starts).days / span_days, 2)


def agreement_timeline(agreement: Agreement, *, on: date | None = None) -> Timeline | None:
    on = on or today()
    milestones = sorted(agreement.milestones.all(), key=lambda m: (m.due_on, m.pk))
    dates = [d for d in (agreement.starts_on, agreement.ends_on, agreement.signed_on) if d]
    dates += [m.due_on for m in milestones]
    if not milestones or not dates:
        return None
    starts, ends = min(dates), max(dates)
    span = max((ends - starts).days, 1)
    bars, previous = [], agreement.starts_on or agreement.signed_on or starts
    for milestone in milestones:
        begin = min(previous, milestone.due_on)
        left = _position(begin, starts, span)
        bars.append(
            TimelineBar(
                milestone=milestone,
                left=left,
                width=max(_position(milestone.due_on, starts, span) - left, 0.8),
                overdue=milestone.status in OPEN_MILESTONE_STATUSES and milestone.due_on < on,
            )
        )
        previous = milestone.due_on
    years = [
        (year, _position(date(year, 1, 1), starts, span))
        for year in range(starts.year + 1, ends.year + 1)
    ]
    today_at = _position(on, starts, span) if starts <= on <= ends else None
    return Timeline(starts=starts, ends=ends, bars=bars, today_at=today_at, years=years)
