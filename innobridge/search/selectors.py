"""Reads of search for pages: stored partner suggestions. The engine itself (retrieval,
fusion, ranking) is `ranking`; the entry point of every interface is `queries`."""

from __future__ import annotations

from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import ExpressionOfInterest, Listing
from innobridge.search.models import MatchSuggestion, SuggestionStatus


def suggestions_for(listing: Listing, *, limit: int = 10) -> list[MatchSuggestion]:
    """Stored partner suggestions of a listing, best first, without dismissed ones; each
    marked when the listing's organization already expressed interest in the candidate."""
    suggestions = list(
        MatchSuggestion.objects.filter(listing=listing, candidate__status=ListingStatus.PUBLISHED)
        .exclude(status=SuggestionStatus.DISMISSED)
        .select_related("candidate", "candidate__owner")
        .order_by("-score", "pk")[:limit]
    )
    interested = set(
        ExpressionOfInterest.objects.filter(
            organization_id=listing.owner_id,
            listing_id__in=[s.candidate_id for s in suggestions],
        ).values_list("listing_id", flat=True)
    )
    for suggestion in suggestions:
        if suggestion.candidate_id in interested:
            suggestion.status = SuggestionStatus.INTEREST_EXPRESSED
    return suggestions


def organization_suggestions(organization_id: int, *, limit: int = 20) -> list[MatchSuggestion]:
    """The best new or seen suggestions across an organization's published listings."""
    return list(
        MatchSuggestion.objects.filter(
            listing__owner_id=organization_id,
            listing__status=ListingStatus.PUBLISHED,
            candidate__status=ListingStatus.PUBLISHED,
            status__in=[SuggestionStatus.NEW, SuggestionStatus.SEEN],
        )
        .select_related("listing", "candidate", "candidate__owner")
        .order_by("-score", "pk")[:limit]
    )
