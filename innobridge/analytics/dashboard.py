"""The dashboard's bar charts: listings, the funnel from listing to result, agreements,
events and outcomes, each a list of (label, value) rows that the page draws as a chart and
prints as the table beside it. Counted over what the viewer may see; kept in the cache for
CHARTS_CACHE_SECONDS per audience and language (a change shows after at most that long)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from innobridge.agreements.choices import AgreementStatus, OutcomeIndicator
from innobridge.agreements.models import Outcome
from innobridge.agreements.selectors import agreements_visible_to, funnel_counts
from innobridge.analytics.selectors import audience_for, members_by_type
from innobridge.core.countries import country_name
from innobridge.core.languages import current_language
from innobridge.core.models import WorkArea
from innobridge.events.choices import EventStatus, RegistrationStatus
from innobridge.events.models import Event
from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.marketplace.selectors import facet_counts

CHARTS_CACHE_SECONDS = 300
TOP_ROWS = 15


@dataclass(frozen=True)
class BarChart:
    """One chart of the dashboard and its table: `key` names it in the page's JSON."""

    key: str
    title: str
    label_heading: str
    value_heading: str
    rows: list[tuple[str, float]]


def dashboard_charts(*, user: Any) -> list[BarChart]:
    key = f"analytics:dashboard-charts:{audience_for(user)}:{current_language()}"
    charts = cache.get(key)
    if charts is None:
        charts = _charts(user)
        cache.set(key, charts, CHARTS_CACHE_SECONDS)
    return charts


def _charts(user: Any) -> list[BarChart]:
    facets = facet_counts(Listing.objects.filter(status=ListingStatus.PUBLISHED))
    visible = agreements_visible_to(user).exclude(status=AgreementStatus.DRAFT)
    listings = _("Listings")
    agreements = _("Agreements")
    charts = [
        BarChart("members-type", _("Members by type"), _("Type"), _("Members"),
                 [(label, count) for _code, label, count in members_by_type()]),
        BarChart("listings-kind", _("Listings by kind"), _("Kind"), listings,
                 [(f.label, f.count) for f in facets["kind"]]),
        BarChart("listings-sector", _("Listings by sector"), _("Sector"), listings,
                 [(f.label, f.count) for f in facets["sector"][:TOP_ROWS]]),
        BarChart("listings-stage", _("Listings by stage"), _("Stage"), listings,
                 [(f.label, f.count) for f in facets["stage"]]),
        BarChart("listings-country", _("Listings by country"), _("Country"), listings,
                 [(f.label, f.count) for f in facets["country"][:TOP_ROWS]]),
        BarChart("funnel", _("From listing to result"), _("Step"), _("Count"), _funnel(visible)),
        BarChart("agreements-year", _("Agreements by year of signing"), _("Year"), agreements,
                 _agreements_by_year(visible)),
        BarChart("agreements-area", _("Agreements by work area"), _("Work area"), agreements,
                 _agreements_by_work_area(visible)),
        BarChart("agreements-country", _("Agreements by country of a party"), _("Country"),
                 agreements, _agreements_by_country(visible)),
        BarChart("events-year", _("Participants at events held, by year"), _("Year"),
                 _("Participants"), _participants_by_year()),
    ]  # fmt: skip
    return [chart for chart in charts if any(value for _label, value in chart.rows)]


def _funnel(visible) -> list[tuple[str, float]]:
    funnel = funnel_counts(agreements=visible)
    return [
        (_("Listings with an expression of interest"), funnel.listings_with_interest),
        *[(str(step.label), step.count) for step in funnel.steps_between],
        (_("Agreements that came from the marketplace"), funnel.agreements_from_marketplace),
        (_("Agreements with an outcome reported"), funnel.agreements_with_outcomes),
    ]


def _agreements_by_year(visible) -> list[tuple[str, float]]:
    rows = (
        visible.filter(signed_on__isnull=False)
        .annotate(year=ExtractYear("signed_on"))
        .order_by("year")
        .values("year")
        .annotate(n=Count("pk"))
    )
    return [(str(row["year"]), row["n"]) for row in rows]


def _agreements_by_work_area(visible) -> list[tuple[str, float]]:
    names = {area.code: area.label() for area in WorkArea.objects.all()}
    rows = (
        visible.exclude(work_areas=None)
        .order_by()
        .values("work_areas__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "work_areas__code")
    )
    return [(names.get(row["work_areas__code"], row["work_areas__code"]), row["n"]) for row in rows]


def _agreements_by_country(visible) -> list[tuple[str, float]]:
    pairs = set(visible.values_list("pk", "parties__organization__country"))
    counted = Counter(country for _pk, country in pairs if country)
    return [(country_name(code), n) for code, n in counted.most_common(TOP_ROWS)]


def _participants_by_year() -> list[tuple[str, float]]:
    rows = (
        Event.objects.filter(status=EventStatus.HELD)
        .annotate(year=ExtractYear("starts_at"))
        .order_by("year")
        .values("year")
        .annotate(n=Count("registrations", filter=_confirmed()))
    )
    return [(str(row["year"]), row["n"]) for row in rows]


def _confirmed() -> Q:
    return Q(registrations__status=RegistrationStatus.CONFIRMED)


def outcome_totals(*, user: Any) -> list[tuple[str, str, float]]:
    """Outcomes summed by indicator (and currency) over the agreements the viewer may see:
    a table only, as the units differ."""
    visible = agreements_visible_to(user).exclude(status=AgreementStatus.DRAFT)
    labels = dict(OutcomeIndicator.choices)
    rows = (
        Outcome.objects.filter(agreement__in=visible)
        .order_by()
        .values("indicator", "currency")
        .annotate(total=Sum("value"))
        .order_by("indicator", "currency")
    )
    return [
        (str(labels.get(r["indicator"], r["indicator"])), r["currency"], r["total"]) for r in rows
    ]
