"""One entry point for search and matching, shared by the API, the command line and the
page, so the same query gives the same answer through all three."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from innobridge.marketplace.filtersets import ListingFilterSet
from innobridge.marketplace.models import Listing
from innobridge.marketplace.selectors import listings_visible_to
from innobridge.search import selectors

MAX_LIMIT = 100
MAX_QUERY_LENGTH = 2000
FILTERS = ("kind", "country", "sector", "stage", "trl_min", "trl_max", "cooperation_type")


@dataclass
class SearchRequest:
    query: str
    limit: int = 20
    filters: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: QueryDict | dict[str, Any]) -> SearchRequest:
        query = (params.get("q") or "").strip()
        if not query:
            raise ValueError({"q": "Give a query."})
        if len(query) > MAX_QUERY_LENGTH:
            raise ValueError({"q": f"At most {MAX_QUERY_LENGTH} characters."})
        try:
            limit = int(params.get("limit") or 20)
        except (TypeError, ValueError) as error:
            raise ValueError({"limit": "A whole number, please."}) from error
        if not 1 <= limit <= MAX_LIMIT:
            raise ValueError({"limit": f"Between 1 and {MAX_LIMIT}."})
        filters = {name: str(params[name]) for name in FILTERS if params.get(name)}
        if params.get("lang"):
            filters["language"] = str(params["lang"])
        return cls(query=query, limit=limit, filters=filters)


def candidates_for(request: SearchRequest, *, user: Any):
    """Published listings the user may see, narrowed by the request's filters."""
    data = QueryDict(mutable=True)
    data.update(request.filters)
    filterset = ListingFilterSet(data, queryset=listings_visible_to(user))
    if not filterset.is_valid():
        raise ValueError({k: [str(e) for e in v] for k, v in filterset.errors.items()})
    return filterset.qs


def _payload(results: selectors.SearchResults) -> dict[str, Any]:
    return {
        "query": results.query,
        "language": results.language,
        "results": [selectors.hit_as_dict(hit) for hit in results.hits if hit.listing],
    }


def run_search(request: SearchRequest, *, user: Any) -> dict[str, Any]:
    results = selectors.search(
        request.query,
        candidates=candidates_for(request, user=user),
        limit=request.limit,
        filtered=bool(request.filters),
    )
    return _payload(results)


def run_match(listing: Listing, *, limit: int = 10) -> dict[str, Any]:
    payload = _payload(selectors.matches_for(listing, limit=min(max(limit, 1), MAX_LIMIT)))
    payload["query"] = listing.title  # the matched text is the whole listing
    return payload
