from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innobridge.core.api.serializers import (
    CodeRelatedField,
    ContentLanguageField,
    PageURLField,
)
from innobridge.core.countries import is_country_code
from innobridge.core.models import CooperationType, Sector, WorkArea
from innobridge.marketplace import selectors, services
from innobridge.marketplace.models import ExpressionOfInterest, Listing, ListingTransition
from innobridge.organizations.models import Organization

KIND_SPECIFIC = [
    "resource_type", "location", "capacity", "access_terms", "programme_type", "starts_on",
    "ends_on", "seats", "eligibility", "call_type", "budget_min", "budget_max",
    "budget_currency", "deadline",
]  # fmt: skip


class ListingTransitionSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = ListingTransition
        fields = ["from_status", "to_status", "actor", "reason", "created_at"]


class ListingSerializer(serializers.ModelSerializer):
    """A listing. Writes go through the marketplace services (workflow, checks, history)."""

    owner = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False,
        help_text="Defaults to the signed-in member's organization.",
    )  # fmt: skip
    owner_name = serializers.CharField(source="owner.display_name", read_only=True)
    language = ContentLanguageField(required=False, allow_blank=True)
    sectors = CodeRelatedField(many=True, queryset=Sector.objects.all(), required=False)
    cooperation_types = CodeRelatedField(
        many=True, queryset=CooperationType.objects.all(), required=False
    )
    work_area = CodeRelatedField(queryset=WorkArea.objects.all(), required=False, allow_null=True)
    # Written as a list of codes; read back by to_representation from the child rows.
    target_countries = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, write_only=True
    )
    url = PageURLField()

    class Meta:
        model = Listing
        fields = [
            "id", "ref", "url", "kind", "language", "title", "summary", "description", "keywords",
            "owner", "owner_name", "status", "sectors", "work_area", "stage", "trl",
            "ip_status", "cooperation_types", "target_countries", "valid_until",
            "contact_person", *KIND_SPECIFIC, "moderation_flags", "published_at",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "status",
            "moderation_flags",
            "published_at",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance: Listing) -> dict:
        data = super().to_representation(instance)
        data["target_countries"] = sorted(c.country for c in instance.target_countries.all())
        return data

    def validate_target_countries(self, value: list[str]) -> list[str]:
        bad = [code for code in value if not is_country_code(code)]
        if bad:
            raise serializers.ValidationError(
                f"Not ISO 3166-1 alpha-2 country codes: {', '.join(bad)}."
            )
        return value

    def validate(self, attrs: dict) -> dict:
        if self.instance is not None and "kind" in attrs and attrs["kind"] != self.instance.kind:
            raise serializers.ValidationError({"kind": "The kind of a listing cannot change."})
        return attrs

    @staticmethod
    def _split(validated: dict) -> dict:
        """Model fields as `data`, relations as separate arguments of the services."""
        relations = {
            name: validated.pop(name)
            for name in ("sectors", "cooperation_types", "target_countries")
            if name in validated
        }
        return {"data": validated, **relations}

    def create(self, validated_data: dict) -> Listing:
        user = self.context["request"].user
        owner = validated_data.pop("owner", None) or getattr(user, "organization", None)
        if owner is None:
            raise serializers.ValidationError({"owner": "Say which organization owns it."})
        validated_data.setdefault("language", "")  # blank: detected from the text
        return services.listing_create(actor=user, owner=owner, **self._split(validated_data))

    def update(self, instance: Listing, validated_data: dict) -> Listing:
        validated_data.pop("owner", None)
        kwargs = self._split(validated_data)
        return services.listing_update(
            listing=instance, actor=self.context["request"].user, **kwargs
        )


class ListingDetailSerializer(ListingSerializer):
    history = serializers.SerializerMethodField()

    class Meta(ListingSerializer.Meta):
        fields = [*ListingSerializer.Meta.fields, "history"]

    @extend_schema_field(ListingTransitionSerializer(many=True))
    def get_history(self, obj: Listing) -> list[dict]:
        from innobridge.marketplace.permissions import can_manage_listing

        request = self.context.get("request")
        if not (request and can_manage_listing(request.user, obj)):
            return []
        return ListingTransitionSerializer(selectors.listing_transitions(obj), many=True).data


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class InterestSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.display_name", read_only=True)
    contacts = serializers.SerializerMethodField()

    class Meta:
        model = ExpressionOfInterest
        fields = [
            "id", "listing", "organization", "organization_name", "message", "status",
            "created_at", "decided_at", "contacts",
        ]  # fmt: skip
        read_only_fields = ["listing", "organization", "status", "created_at", "decided_at"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_contacts(self, obj: ExpressionOfInterest) -> list[dict]:
        """The other side's contact details, after acceptance only."""
        request = self.context.get("request")
        shared = (
            selectors.contacts_shared_with(user=request.user, interest=obj) if request else None
        )
        if shared is None:
            return []
        people = [
            {"name": p.name, "position": p.position, "email": p.email, "phone": p.phone}
            for p in shared.people
        ]
        if shared.sender_email:
            people.append({"name": "", "position": "", "email": shared.sender_email, "phone": ""})
        return people


class InterestCreateSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000)


class InterestAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
