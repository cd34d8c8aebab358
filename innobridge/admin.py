"""Admin pages of what no app above core owns: the shared taxonomies, registered here at
project level because who may change them (the secretariat) is a rule of accounts, which
core does not import."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innobridge.accounts.admin import SecretariatAdminMixin
from innobridge.core.models import CooperationType, FocusArea, Sector, WorkArea


@admin.register(Sector, WorkArea, FocusArea, CooperationType)
class TaxonomyAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "__str__", "sort_order"]
    list_filter = ["sort_order"]
    search_fields = ["code", "names"]
    ordering = ["sort_order", "code"]
