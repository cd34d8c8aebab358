"""The Django admin serves the secretariat: every model gets list filters, search and history."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from innobridge.accounts.permissions import is_secretariat
from innobridge.core.models import CooperationType, FocusArea, Sector, WorkArea


class SecretariatAdminMixin:
    """Admin pages open to the secretariat and site administrators, nobody else."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request) -> bool:
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_secretariat(request.user)


@admin.register(Sector, WorkArea, FocusArea, CooperationType)
class TaxonomyAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "__str__", "sort_order"]
    list_filter = ["sort_order"]
    search_fields = ["code", "names"]
    ordering = ["sort_order", "code"]
