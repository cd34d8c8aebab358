from rest_framework import viewsets

from innobridge.core.api import serializers
from innobridge.core.models import CooperationType, FocusArea, Sector, WorkArea


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Sector.objects.all()
    serializer_class = serializers.SectorSerializer
    lookup_field = "code"


class WorkAreaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = WorkArea.objects.all()
    serializer_class = serializers.WorkAreaSerializer
    lookup_field = "code"


class FocusAreaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = FocusArea.objects.all()
    serializer_class = serializers.FocusAreaSerializer
    lookup_field = "code"


class CooperationTypeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = CooperationType.objects.all()
    serializer_class = serializers.CooperationTypeSerializer
    lookup_field = "code"
