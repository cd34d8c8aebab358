"""The network in the API as plain JSON (its filters are forms.NetworkFilterForm, as on the
dashboard)."""

from __future__ import annotations

from rest_framework import serializers


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
