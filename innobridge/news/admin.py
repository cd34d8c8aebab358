from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innobridge.accounts.admin import SecretariatAdminMixin
from innobridge.news import services
from innobridge.news.models import Article, Document


@admin.register(Article)
class ArticleAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "language", "status", "source", "published_at", "flags_reviewed_at"]
    list_filter = ["status", "language", "is_demo"]
    search_fields = ["title", "subtitle", "search_text", "source"]
    autocomplete_fields = ["organizations"]
    filter_horizontal = ["agreements"]
    readonly_fields = [
        "status", "went_public_at", "source_file", "source_encoding", "flags",
        "flags_reviewed_by", "flags_reviewed_at",
    ]  # fmt: skip
    date_hierarchy = "created_at"


@admin.register(Document)
class DocumentAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "language", "version", "issued_on"]
    list_filter = ["kind", "language"]
    search_fields = ["title", "description", "search_text"]

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            services.document_extract_text(obj)
        super().save_model(request, obj, form, change)
