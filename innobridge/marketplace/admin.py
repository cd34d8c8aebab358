from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innobridge.accounts.admin import SecretariatAdminMixin
from innobridge.marketplace.models import (
    Attachment,
    ExpressionOfInterest,
    Listing,
    ListingCountry,
    ListingTransition,
)


class ListingCountryInline(admin.TabularInline):
    model = ListingCountry
    extra = 0


class ListingTransitionInline(admin.TabularInline):
    model = ListingTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "reason", "created_at"]
    can_delete = False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["kind", "size", "uploaded_by", "created_at"]


@admin.register(Listing)
class ListingAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "owner", "language", "status", "valid_until", "published_at"]
    list_filter = ["status", "kind", "language", "stage", "sectors", "owner__country", "is_demo"]
    search_fields = ["title", "summary", "search_text", "owner__name"]
    autocomplete_fields = ["owner", "contact_person"]
    filter_horizontal = ["sectors", "cooperation_types"]
    readonly_fields = ["moderation_flags", "published_at", "status_changed_at"]
    inlines = [ListingCountryInline, AttachmentInline, ListingTransitionInline]
    date_hierarchy = "created_at"


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["listing", "organization", "status", "created_at", "decided_at"]
    list_filter = ["status", "organization__country"]
    search_fields = ["listing__title", "organization__name", "message"]
    raw_id_fields = ["listing", "organization", "created_by", "decided_by"]


@admin.register(ListingTransition)
class ListingTransitionAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    list_display = ["listing", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["listing__title", "reason"]
    raw_id_fields = ["listing", "actor"]
