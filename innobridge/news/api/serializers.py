from __future__ import annotations

from rest_framework import serializers

from innobridge.accounts.permissions import is_secretariat
from innobridge.agreements.models import Agreement
from innobridge.core.api.serializers import ContentLanguageField, PageURLField
from innobridge.news.models import Article, Document
from innobridge.organizations.models import Organization

SECRETARIAT_ONLY = ("flags", "source_text", "source_file", "source_encoding",
                    "flags_reviewed_by", "flags_reviewed_at")  # fmt: skip


class ArticleSerializer(serializers.ModelSerializer):
    """An article. Writes go through the news services (the secretariat only)."""

    organizations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organization.objects.all(), required=False
    )
    agreements = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Agreement.objects.all(), required=False
    )
    language = ContentLanguageField(required=False, allow_blank=True)
    url = PageURLField()
    flags_reviewed_by = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = [
            "id", "url", "title", "subtitle", "lead", "body", "language", "source",
            "source_url", "author", "editor", "published_at", "time_zone", "tags",
            "organizations", "agreements", "status", "went_public_at", *SECRETARIAT_ONLY,
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "status", "went_public_at", *SECRETARIAT_ONLY, "created_at", "updated_at",
        ]  # fmt: skip
        restricted_fields = SECRETARIAT_ONLY  # documented; only the secretariat gets them

    def get_fields(self):
        """The page text and its flags are the secretariat's working material only."""
        fields = super().get_fields()
        request = self.context.get("request")
        view = self.context.get("view")
        if getattr(view, "swagger_fake_view", False):  # the schema documents them all
            return fields
        if request is None or not is_secretariat(request.user):
            for name in SECRETARIAT_ONLY:
                fields.pop(name, None)
        return fields


class PublishSerializer(serializers.Serializer):
    flags_reviewed = serializers.BooleanField(
        default=False, help_text="Required (true) when the article has flagged spans."
    )


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    time_zone = serializers.CharField(required=False, allow_blank=True, max_length=64)


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "kind", "title", "description", "language", "version", "issued_on",
                  "file"]  # fmt: skip
