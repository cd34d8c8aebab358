from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innobridge.accounts.permissions import can_view_contacts, is_secretariat
from innobridge.core.api.serializers import (
    CodeRelatedField,
    ContentLanguageField,
    LanguageKeyedField,
    PageURLField,
)
from innobridge.core.models import Sector
from innobridge.organizations import services
from innobridge.organizations.models import (
    ContactPerson,
    Organization,
    validate_name_translations,
)
from innobridge.organizations.services import SECRETARIAT_ONLY_FIELDS


class ContactPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPerson
        fields = ["name", "position", "email", "phone", "is_primary"]


class OrganizationSerializer(serializers.ModelSerializer):
    """An organization. Contacts appear for signed-in members only; membership fields are
    writable by the secretariat only."""

    sectors = CodeRelatedField(many=True, queryset=Sector.objects.all(), required=False)
    name_language = ContentLanguageField(required=False)
    translated_names = LanguageKeyedField(required=False, validators=[validate_name_translations])
    display_name = serializers.CharField(read_only=True)
    country_name = serializers.CharField(read_only=True)
    contacts = serializers.SerializerMethodField()
    url = PageURLField()

    class Meta:
        model = Organization
        fields = [
            "id", "url", "type", "name", "name_language", "translated_names", "display_name",
            "short_name", "country", "country_name", "region", "city", "latitude",
            "longitude", "sectors", "website", "description", "logo", "membership_status",
            "joined_on", "roles", "publishes_without_review", "is_demo", "contacts",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["logo", "is_demo", "created_at", "updated_at"]
        # Uniqueness is checked by the model's constraint, inside the service.
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if not (request and is_secretariat(request.user)):
            for name in SECRETARIAT_ONLY_FIELDS & fields.keys():
                fields[name].read_only = True
        return fields

    @extend_schema_field(ContactPersonSerializer(many=True))
    def get_contacts(self, obj: Organization) -> list[dict]:
        request = self.context.get("request")
        if not (request and can_view_contacts(request.user)):
            return []
        return ContactPersonSerializer(obj.contacts.all(), many=True).data

    def create(self, validated_data: dict) -> Organization:
        sectors = validated_data.pop("sectors", [])
        return services.organization_create(
            actor=self.context["request"].user, data=validated_data, sectors=sectors
        )

    def update(self, instance: Organization, validated_data: dict) -> Organization:
        sectors = validated_data.pop("sectors", None)
        return services.organization_update(
            organization=instance,
            actor=self.context["request"].user,
            data=validated_data,
            sectors=sectors,
        )
