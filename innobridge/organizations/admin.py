from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innobridge.accounts.admin import SecretariatAdminMixin
from innobridge.organizations.models import ContactPerson, MembershipApplication, Organization


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "type", "country", "membership_status", "joined_on"]
    list_filter = ["type", "membership_status", "country", "sectors", "is_demo"]
    search_fields = ["name", "short_name", "search_text", "city"]
    filter_horizontal = ["sectors"]
    inlines = [ContactPersonInline]
    date_hierarchy = "joined_on"


@admin.register(ContactPerson)
class ContactPersonAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "organization", "position", "email", "is_primary"]
    list_filter = ["is_primary", "organization__country"]
    search_fields = ["name", "email", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["organization", "applicant", "status", "created_at", "decided_at"]
    list_filter = ["status", "organization__country"]
    search_fields = ["organization__name", "applicant__email"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]
