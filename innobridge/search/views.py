"""The search page: the same engine as the API and the command line, with facets."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobridge.core.countries import country_name
from innobridge.marketplace.choices import ListingKind
from innobridge.marketplace.filtersets import ListingFilterSet
from innobridge.marketplace.selectors import FacetValue, cached_published
from innobridge.search import queries, ranking, services
from innobridge.search.models import MatchSuggestion, SuggestionStatus
from innobridge.search.queries import MAX_QUERY_LENGTH, QueryError, SearchRequest


def _facets(hits: list[ranking.Hit]) -> dict[str, list[FacetValue]]:
    kinds = Counter(hit.listing.kind for hit in hits)
    countries = Counter(hit.listing.owner.country for hit in hits)
    sectors: Counter = Counter()
    labels: dict[str, str] = {}
    for hit in hits:
        for sector in hit.listing.sectors.all():
            sectors[sector.code] += 1
            labels[sector.code] = sector.label()
    kind_labels = dict(ListingKind.choices)
    return {
        "kind": [FacetValue(k, str(kind_labels[k]), n) for k, n in kinds.most_common()],
        "country": [FacetValue(c, country_name(c), n) for c, n in countries.most_common()],
        "sector": [FacetValue(s, labels[s], n) for s, n in sectors.most_common()],
    }


# The page ranks more hits than the API's default and counts facets over all of them; it
# shows them a page at a time, as the marketplace's list does.
PAGE_HITS = 50
HITS_PER_PAGE = 20
# Parameters that are not filters: the filter fields are the same for every query.
NOT_FILTERS = frozenset({"q", "page"})


def search_page(request: HttpRequest) -> HttpResponse:
    """The search form and its results. Both are the same for everyone who asks the same
    question (search reads published listings only), so they are rendered once and kept
    until a published listing changes or this process's index moves on; the filter fields
    are kept apart, once for all queries. Only the agreements that match (visibility
    differs by user) are looked up for each visitor."""
    query = request.GET.get("q", "").strip()
    language = get_language()
    parts = [language, sorted(request.GET.lists()), ranking.index_version() if query else ""]
    results = cached_published("search-results", parts, lambda: _render_results(request))
    if request.htmx:
        return HttpResponse(results)
    filters = cached_published("search-filters", [language, _filter_params(request)],
                               lambda: _render_filters(request))  # fmt: skip
    # Both are the SafeStrings render_to_string made (the cache keeps their class).
    context = {
        "query": query,
        "filters": filters,
        "results": results,
        "max_query_length": MAX_QUERY_LENGTH,
    }
    return render(request, "search/page.html", context)


def _filter_params(request: HttpRequest) -> list[tuple[str, list[str]]]:
    return sorted((k, v) for k, v in request.GET.lists() if k not in NOT_FILTERS)


def _render_filters(request: HttpRequest) -> str:
    """The filter fields, as the request set them (the query's own field is the page's)."""
    filterset = ListingFilterSet(request.GET or None, queryset=None)
    for internal in ("status", "owner", "ref", "q"):
        filterset.form.fields.pop(internal, None)
    return render_to_string("search/_filters.html", {"filterset": filterset}, request)


def _render_results(request: HttpRequest) -> str:
    """One page of hits with the facets of all of them, or the request's error."""
    query = request.GET.get("q", "").strip()
    context = {"query": query, "hits": [], "facets": {}, "error": "", "page": None}
    if query:
        try:
            search_request = SearchRequest.from_params({**request.GET.dict(), "limit": PAGE_HITS})
            results = queries.shared_search(search_request, user=request.user)
        except QueryError as error:
            context["error"] = str(error)
        else:
            page = Paginator(results.hits, HITS_PER_PAGE).get_page(request.GET.get("page"))
            others = request.GET.copy()
            others.pop("page", None)
            context.update(
                hits=page.object_list,
                page=page,
                page_query=others.urlencode(),
                facets=_facets(results.hits),
                language=results.language,
            )
    return render_to_string("search/_results.html", context, request)


@login_required
@require_POST
def suggestion_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner dismisses a suggestion (or marks it seen)."""
    suggestion = get_object_or_404(MatchSuggestion.objects.select_related("listing"), pk=pk)
    status = request.POST.get("status")
    if status not in {SuggestionStatus.SEEN, SuggestionStatus.DISMISSED}:
        messages.error(request, _("Unknown status."))
    else:
        services.suggestion_set_status(suggestion=suggestion, actor=request.user, status=status)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = suggestion.listing.get_absolute_url()
    return redirect(target)
