"""The cooperation network in the API: /api/v1/analytics/... Everyone may read; each
viewer gets the edition of their audience (selectors.audience_for), the same as the pages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from innobridge.analytics import selectors
from innobridge.analytics.api.serializers import (
    CountryNetworkSerializer,
    NetworkQuerySerializer,
    NetworkSerializer,
    OrganizationPositionSerializer,
)
from innobridge.organizations.selectors import organization_get


class NetworkView(APIView):
    """Members and their ties, with every metric: filters `year_from`, `year_to` (a tie in
    those years), `country` (a tie touching it), `sector`, `work_area`; the `limit` members
    with the highest PageRank and the ties between them."""

    @extend_schema(parameters=[NetworkQuerySerializer], responses=NetworkSerializer)
    def get(self, request):
        query = NetworkQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        network = selectors.network_graph(user=request.user, **query.validated_data)
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
