"""Search and matchmaking in the API: /api/v1/search/ and /api/v1/listings/{id}/matches/."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from innobridge.marketplace import selectors as marketplace_selectors
from innobridge.search import queries
from innobridge.search.queries import MAX_QUERY_LENGTH, QueryError, SearchRequest

HITS = inline_serializer(
    "SearchHit",
    many=True,
    fields={
        "id": serializers.IntegerField(),
        "ref": serializers.CharField(),
        "kind": serializers.CharField(),
        "title": serializers.CharField(),
        "language": serializers.CharField(),
        "score": serializers.FloatField(),
    },
)
RESULTS = inline_serializer(
    "SearchResults",
    {
        "query": serializers.CharField(),
        "language": serializers.CharField(),
        "results": HITS,
    },
)


class SearchView(APIView):
    """Hybrid cross-lingual search over published listings."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH},
                required=True,
                description=f"The question, at most {MAX_QUERY_LENGTH} characters.",
            ),
            OpenApiParameter("kind", OpenApiTypes.STR),
            OpenApiParameter("country", OpenApiTypes.STR),
            OpenApiParameter("sector", OpenApiTypes.STR),
            OpenApiParameter("stage", OpenApiTypes.STR),
            OpenApiParameter("trl_min", OpenApiTypes.INT),
            OpenApiParameter("trl_max", OpenApiTypes.INT),
            OpenApiParameter("lang", OpenApiTypes.STR, description="language of the listings"),
            OpenApiParameter("limit", OpenApiTypes.INT),
        ],
        responses=RESULTS,
    )
    def get(self, request):
        try:
            search_request = SearchRequest.from_params(request.query_params)
            payload = queries.cached_payload(
                search_request, user=request.user, key=[request.get_full_path()]
            )
        except QueryError as error:  # bad parameters or filters, named per field
            raise ValidationError(error.errors) from error
        return Response(payload)


class MatchesView(APIView):
    """The best partners for a listing: complementary kinds, other organizations."""

    @extend_schema(parameters=[OpenApiParameter("limit", OpenApiTypes.INT)], responses=RESULTS)
    def get(self, request, pk: int):
        listing = marketplace_selectors.listing_get(user=request.user, pk=pk)
        try:
            limit = int(request.query_params.get("limit", 10))
        except ValueError as error:
            raise ValidationError({"limit": "A whole number, please."}) from error
        return Response(queries.payload(queries.matches(listing, limit=limit)))
