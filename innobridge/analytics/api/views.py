"""The cooperation network in the API: /api/v1/analytics/... Everyone may read; each
viewer gets the edition of their audience (selectors.audience_for), the same as the pages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from innobridge.analytics import selectors
from innobridge.analytics.api.serializers import (
    CountryNetworkSerializer,
    NetworkSerializer,
    OrganizationPositionSerializer,
    YearFiguresSerializer,
)
from innobridge.analytics.forms import NetworkFilterForm, YearForm
from innobridge.analytics.yearly import year_in_figures
from innobridge.organizations.selectors import organization_get

NETWORK_PARAMETERS = [
    OpenApiParameter("year_from", OpenApiTypes.INT, description="1900-2100"),
    OpenApiParameter("year_to", OpenApiTypes.INT, description="1900-2100, not before year_from"),
    OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166-1 alpha-2 code"),
    OpenApiParameter("sector", OpenApiTypes.STR, description="a sector's code"),
    OpenApiParameter("work_area", OpenApiTypes.STR, description="a work area's code"),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": selectors.GRAPH_NODES_MAX},
        description=f"members shown, {selectors.GRAPH_NODES_DEFAULT} by default",
    ),
]


class NetworkView(APIView):
    """Members and their ties, with every metric: filters `year_from`, `year_to` (a tie in
    those years), `country` (a tie touching it), `sector`, `work_area`; the `limit` members
    with the highest PageRank and the ties between them."""

    @extend_schema(parameters=NETWORK_PARAMETERS, responses=NetworkSerializer)
    def get(self, request):
        form = NetworkFilterForm(request.query_params, default_limit=selectors.GRAPH_NODES_DEFAULT)
        if not form.is_valid():
            raise ValidationError(form.errors)
        network = selectors.network_graph(user=request.user, **form.selector_filters())
        return Response(NetworkSerializer(network).data)


class OrganizationPositionView(APIView):
    """One organization's position: its metrics and ranks now and at the end of last year,
    its community's size and its strongest partners."""

    @extend_schema(responses=OrganizationPositionSerializer)
    def get(self, request, pk: int):
        organization = organization_get(user=request.user, pk=pk)
        card = selectors.organization_position(user=request.user, organization=organization)
        if card is None:
            raise NotFound(_("This organization has no position in the network yet."))
        return Response(OrganizationPositionSerializer(card).data)


class CountryNetworkView(APIView):
    """The network aggregated by country: members per country and ties between countries
    (a country with itself: ties inside it)."""

    @extend_schema(responses=CountryNetworkSerializer)
    def get(self, request):
        return Response(CountryNetworkSerializer(selectors.country_network(user=request.user)).data)


class YearFiguresView(APIView):
    """The year in figures (`year`, last year by default): members, agreements signed,
    events held, outcomes reported and the network at the year's end, counting what the
    viewer may see; the annual report prints the same."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year", {"type": "integer", "minimum": 1990, "maximum": 2100}, description="year"
            )
        ],
        responses=YearFiguresSerializer,
    )
    def get(self, request):
        form = YearForm(request.query_params if "year" in request.query_params else None)
        if form.is_bound and not form.is_valid():
            raise ValidationError(form.errors)
        figures = year_in_figures(
            year=form.chosen_year(), audience=selectors.audience_for(request.user)
        )
        return Response(YearFiguresSerializer(figures).data)
