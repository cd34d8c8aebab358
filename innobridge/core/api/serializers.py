from rest_framework import serializers

from innobridge.core.models import CooperationType, FocusArea, Sector, WorkArea


class TaxonomySerializer(serializers.ModelSerializer):
    """A taxonomy entry: its code, its name in the request's language, and all names."""

    name = serializers.SerializerMethodField()

    class Meta:
        fields = ["code", "name", "names"]

    def get_name(self, obj) -> str:
        return obj.label()


class SectorSerializer(TaxonomySerializer):
    class Meta(TaxonomySerializer.Meta):
        model = Sector


class WorkAreaSerializer(TaxonomySerializer):
    class Meta(TaxonomySerializer.Meta):
        model = WorkArea


class FocusAreaSerializer(TaxonomySerializer):
    class Meta(TaxonomySerializer.Meta):
        model = FocusArea


class CooperationTypeSerializer(TaxonomySerializer):
    class Meta(TaxonomySerializer.Meta):
        model = CooperationType
