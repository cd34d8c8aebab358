from rest_framework import permissions, viewsets

from innobridge.accounts.permissions import (
    can_edit_organization,
    can_view_contacts,
    is_secretariat,
)
from innobridge.organizations import selectors, services
from innobridge.organizations.api.serializers import OrganizationSerializer
from innobridge.organizations.filtersets import OrganizationFilterSet


class OrganizationPermission(permissions.BasePermission):
    """Anyone reads; the secretariat creates and deletes; editors update their own."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action in {"create", "destroy"}:
            return is_secretariat(request.user)
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action == "destroy":
            return is_secretariat(request.user)
        return can_edit_organization(request.user, obj)


class OrganizationViewSet(viewsets.ModelViewSet):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    permission_classes = [OrganizationPermission]
    ordering_fields = ["name", "joined_on", "country", "created_at"]

    def get_queryset(self):
        queryset = selectors.directory_queryset(user=self.request.user)
        if can_view_contacts(self.request.user):
            queryset = queryset.prefetch_related("contacts")
        return queryset

    def perform_destroy(self, instance) -> None:
        services.organization_delete(organization=instance, actor=self.request.user)
