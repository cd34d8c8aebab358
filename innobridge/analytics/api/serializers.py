"""The network in the API: query parameters checked like a form, results as plain JSON."""

from __future__ import annotations

from rest_framework import serializers

from innobridge.analytics.selectors import GRAPH_NODES_DEFAULT, GRAPH_NODES_MAX


class NetworkQuerySerializer(serializers.Serializer):
    year_from = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
    year_to = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
    country = serializers.CharField(required=False, max_length=2, min_length=2)
    sector = serializers.SlugField(required=False, max_length=60)
    work_area = serializers.SlugField(required=False, max_length=60)
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=GRAPH_NODES_MAX, default=GRAPH_NODES_DEFAULT
    )

    def validate_country(self, value: str) -> str:
        return value.upper()

    def validate(self, attrs):
        low, high = attrs.get("year_from"), attrs.get("year_to")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"year_to": "The last year comes after the first."})
        return attrs


class SnapshotSerializer(serializers.Serializer):
    audience = serializers.CharField()
    as_of_year = serializers.IntegerField()
    computed_at = serializers.DateTimeField()
    nodes = serializers.IntegerField()
    edges = serializers.IntegerField()
    communities = serializers.IntegerField()
    betweenness_sources = serializers.IntegerField(
        allow_null=True, help_text="Sources sampled for betweenness; null: exact."
    )


class PositionSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization_id")
    degree = serializers.IntegerField()
    weighted_degree = serializers.FloatField()
    betweenness = serializers.FloatField()
    pagerank = serializers.FloatField()
    coreness = serializers.IntegerField()
    community = serializers.IntegerField(allow_null=True)
    cross_border_share = serializers.FloatField(allow_null=True)
    countries = serializers.ListField(child=serializers.CharField())
    rank_degree = serializers.IntegerField()
    rank_pagerank = serializers.IntegerField()
    rank_betweenness = serializers.IntegerField()


class NodeSerializer(PositionSerializer):
    name = serializers.CharField(source="organization.display_name")
    country = serializers.CharField(source="organization.country")
    city = serializers.CharField(source="organization.city")


class EdgeSerializer(serializers.Serializer):
    source = serializers.IntegerField(source="source_id")
    target = serializers.IntegerField(source="target_id")
    weight = serializers.FloatField()
    ties = serializers.IntegerField()
    years = serializers.ListField(child=serializers.IntegerField())
    kinds = serializers.ListField(child=serializers.CharField())
    sectors = serializers.ListField(child=serializers.CharField())
    work_areas = serializers.ListField(child=serializers.CharField())


class NetworkSerializer(serializers.Serializer):
    network = SnapshotSerializer(source="snapshot", allow_null=True)
    total_nodes = serializers.IntegerField(help_text="Members with a tie that passed the filters.")
    nodes = NodeSerializer(many=True)
    edges = EdgeSerializer(many=True)


class PartnerSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization.pk")
    name = serializers.CharField(source="organization.display_name")
    country = serializers.CharField(source="organization.country")
    weight = serializers.FloatField()
    ties = serializers.IntegerField()
    kinds = serializers.ListField(child=serializers.CharField())


class OrganizationPositionSerializer(serializers.Serializer):
    network = SnapshotSerializer(source="snapshot")
    position = PositionSerializer()
    previous_year = serializers.IntegerField(allow_null=True)
    previous = PositionSerializer(
        allow_null=True, help_text="At the end of last year; null: no ties then."
    )
    community_size = serializers.IntegerField()
    partners = PartnerSerializer(many=True, help_text="The strongest partners, at most 12.")


class CountryNodeSerializer(serializers.Serializer):
    country = serializers.CharField()
    name = serializers.CharField()
    members = serializers.IntegerField()
    partners_abroad = serializers.IntegerField(
        help_text="Countries reached, summed over the country's members."
    )


class CountryEdgeSerializer(serializers.Serializer):
    a = serializers.CharField()
    b = serializers.CharField()
    weight = serializers.FloatField()
    ties = serializers.IntegerField()


class CountryNetworkSerializer(serializers.Serializer):
    network = SnapshotSerializer(source="snapshot", allow_null=True)
    countries = CountryNodeSerializer(many=True)
    edges = CountryEdgeSerializer(many=True)
