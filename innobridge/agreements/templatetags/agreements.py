"""Agreement lists other apps' pages show: an organization's agreements, search results."""

from django import template

from innobridge.agreements import selectors
from innobridge.agreements.choices import INDICATOR_UNITS, UNIT_LABELS, OutcomeIndicator
from innobridge.core.countries import country_name

register = template.Library()

ORGANIZATION_PAGE_LIMIT = 10
SEARCH_PAGE_LIMIT = 5


@register.inclusion_tag("agreements/_organization_agreements.html", takes_context=True)
def organization_agreements(context, organization):
    """The agreements of an organization the viewer may see, newest first."""
    queryset = selectors.agreements_of_organization(
        user=context["request"].user, organization_id=organization.pk
    ).order_by("-signed_on", "-pk")
    return {
        "agreements": list(queryset[:ORGANIZATION_PAGE_LIMIT]),
        "total": queryset.count(),
        "organization": organization,
    }


@register.inclusion_tag("agreements/_search_agreements.html", takes_context=True)
def matching_agreements(context, query):
    """Agreements the viewer may see whose titles, summary or parties contain the query."""
    if not query:
        return {"agreements": [], "query": query}
    user = context["request"].user
    agreements = selectors.agreements_matching(user=user, query=query, limit=SEARCH_PAGE_LIMIT)
    return {"agreements": agreements, "query": query}


@register.simple_tag
def indicator_label(code: str) -> str:
    return str(dict(OutcomeIndicator.choices).get(code, code))


@register.simple_tag
def unit_label(indicator: str) -> str:
    unit = INDICATOR_UNITS.get(indicator, "")
    return str(UNIT_LABELS.get(unit, unit))


@register.simple_tag
def country_label(code: str) -> str:
    return country_name(code)
