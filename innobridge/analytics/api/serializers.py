"""The network in the API as plain JSON (its filters are forms.NetworkFilterForm, as on the
dashboard)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
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


class CountSerializer(serializers.Serializer):
    code = serializers.CharField()
    count = serializers.IntegerField()


class OutcomeTotalSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    currency = serializers.CharField(help_text="For investment; empty otherwise.")
    total = serializers.DecimalField(max_digits=20, decimal_places=2)


class YearFiguresSerializer(serializers.Serializer):
    """The year in figures, as the dashboard and the annual report show them."""

    year = serializers.IntegerField()
    audience = serializers.CharField()
    members = serializers.IntegerField(help_text="Members and observers at the end of the year.")
    new_members = serializers.IntegerField()
    countries = serializers.IntegerField()
    agreements = serializers.IntegerField(help_text="Signed in the year.")
    events = serializers.IntegerField(help_text="Held in the year.")
    participants = serializers.IntegerField()
    cooperating_members = serializers.IntegerField()
    ties = serializers.IntegerField(help_text="Cooperating pairs at the end of the year.")
    communities = serializers.IntegerField()
    members_by_country = serializers.SerializerMethodField()
    agreements_by_type = serializers.SerializerMethodField()
    agreements_by_work_area = serializers.SerializerMethodField()
    agreements_by_country = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()

    def _counts(self, rows) -> list[dict]:
        return [{"code": code, "count": count} for code, count in rows]

    @extend_schema_field(CountSerializer(many=True))
    def get_members_by_country(self, figures) -> list[dict]:
        return self._counts(figures.members_by_country)

    @extend_schema_field(CountSerializer(many=True))
    def get_agreements_by_type(self, figures) -> list[dict]:
        return self._counts(figures.agreements_by_type)

    @extend_schema_field(CountSerializer(many=True))
    def get_agreements_by_work_area(self, figures) -> list[dict]:
        return self._counts(figures.agreements_by_work_area)

    @extend_schema_field(CountSerializer(many=True))
    def get_agreements_by_country(self, figures) -> list[dict]:
        return self._counts(figures.agreements_by_country)

    @extend_schema_field(OutcomeTotalSerializer(many=True))
    def get_outcomes(self, figures) -> list[dict]:
        return OutcomeTotalSerializer(
            [
                {"indicator": indicator, "currency": currency, "total": total}
                for indicator, currency, total in figures.outcomes
            ],
            many=True,
        ).data
