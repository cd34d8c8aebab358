"""One entry point for search and matching, shared by the page, the API and the command
line: each parses its input into a SearchRequest, calls `search` (or `matches`) and gets
the engine's SearchResults back, which it only renders (the API and the command line as
`payload`). The same query thus gives the same hits through all three.

A request that cannot run raises QueryError, whose messages (translated, by parameter) each
interface shows the same way: the page beside the form, the API as a 400, the command line
as an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from innobridge.marketplace.filtersets import ListingFilterSet
from innobridge.marketplace.models import Listing
from innobridge.marketplace.selectors import cached_published, listings_visible_to
from innobridge.search import ranking

MAX_LIMIT = 100
# A search box question, not a document: a 2,000-character query cost 0.44 s on the demo
# (500 characters: 0.08 s), most of it embedding, and several seconds on a loaded machine.
# Whole listings are matched by `matches`, which has no such limit.
MAX_QUERY_LENGTH = 500
FILTERS = ("kind", "country", "sector", "stage", "trl_min", "trl_max", "cooperation_type")


class QueryError(ValueError):
    """A search request that cannot run: translated messages by parameter."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors

    def __str__(self) -> str:
        return " ".join(message for messages in self.errors.values() for message in messages)


@dataclass
class SearchRequest:
    query: str
    limit: int = 20
    filters: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: QueryDict | dict[str, Any]) -> SearchRequest:
        query = (params.get("q") or "").strip()
        if not query:
            raise QueryError({"q": [_("Give a query.")]})
        if len(query) > MAX_QUERY_LENGTH:
            raise QueryError(
                {
                    "q": [
                        _("A query has at most {limit} characters; this one has {length}.").format(
                            limit=MAX_QUERY_LENGTH, length=len(query)
                        )
                    ]
                }
            )
        try:
            limit = int(params.get("limit") or 20)
        except (TypeError, ValueError) as error:
            raise QueryError({"limit": [_("A whole number, please.")]}) from error
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError({"limit": [_("Between 1 and {max}.").format(max=MAX_LIMIT)]})
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
        raise QueryError({k: [str(e) for e in v] for k, v in filterset.errors.items()})
    return filterset.qs


def search(request: SearchRequest, *, user: Any) -> ranking.SearchResults:
    """The hits of a search request among what the user may see, best first."""
    results = ranking.search(
        request.query,
        candidates=candidates_for(request, user=user),
        limit=request.limit,
        filtered=bool(request.filters),
    )
    results.hits = [hit for hit in results.hits if hit.listing is not None]
    return results


def shared_search(request: SearchRequest, *, user: Any) -> ranking.SearchResults:
    """`search(request)`, its ranking shared by every request that asks the same question
    with the same filters, in any UI language, until a published listing changes or this
    process's index moves on; the hits' listings are fetched again for each page."""

    def rank() -> ranking.SearchResults:
        results = search(request, user=user)
        for hit in results.hits:
            hit.listing = None  # the cache keeps the ranking, not the rows
        return results

    parts = [request.query, sorted(request.filters.items()), request.limit]
    results = cached_published("search-ranking", [*parts, ranking.index_version()], rank)
    ranking.attach_listings(results.hits)
    results.hits = [hit for hit in results.hits if hit.listing is not None]
    return results


def cached_payload(request: SearchRequest, *, user: Any, key: list[Any]) -> dict[str, Any]:
    """`payload(search(request))`, shared by every request with the same `key` (the URL)
    until a published listing changes or this process's index moves on. Search reads
    published listings only, whoever asks, so one answer serves every user; at 100,000
    listings a sentence costs 50–70 ms of embedding and ranking, a cached answer 2 ms."""
    parts = [*key, ranking.index_version()]
    return cached_published("search", parts, lambda: payload(search(request, user=user)))


def matches(listing: Listing, *, limit: int = 10) -> ranking.SearchResults:
    """The best partners of a listing (its whole text is the query)."""
    results = ranking.matches_for(listing, limit=min(max(limit, 1), MAX_LIMIT))
    results.hits = [hit for hit in results.hits if hit.listing is not None]
    results.query = listing.title
    return results


def payload(results: ranking.SearchResults) -> dict[str, Any]:
    """Results as the API and `innobridge search --json` give them."""
    return {
        "query": results.query,
        "language": results.language,
        "results": [ranking.hit_as_dict(hit) for hit in results.hits],
    }
