"""Agreements in the API. Writes go through innobridge.agreements.services."""

from __future__ import annotations

from rest_framework import serializers

from innobridge.agreements.choices import (
    AgreementStatus,
    Health,
    MilestoneStatus,
    OutcomeIndicator,
    PartyRole,
)
from innobridge.agreements.models import Agreement, AgreementParty, Milestone, Outcome
from innobridge.agreements.selectors import progress_percent
from innobridge.core.api.serializers import (
    CodeRelatedField,
    ContentLanguageField,
    LanguageKeyedField,
    OptionalURLField,
    PageURLField,
)
from innobridge.core.filters import MAX_ID
from innobridge.core.models import FocusArea, Sector, WorkArea
from innobridge.marketplace.choices import InnovationStage
from innobridge.organizations.models import Organization, validate_name_translations


class PartySerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    organization_name = serializers.CharField(source="organization.display_name", read_only=True)
    country = serializers.CharField(source="organization.country", read_only=True)
    confirmed = serializers.BooleanField(source="is_confirmed", read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["organization", "organization_name", "country", "role", "confirmed",
                  "confirmed_at", "confirmed_on_behalf_reason"]  # fmt: skip
        read_only_fields = ["confirmed_at", "confirmed_on_behalf_reason"]


class MilestoneSerializer(serializers.ModelSerializer):
    responsible = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    evidence_url = OptionalURLField()

    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "responsible", "status", "completed_on",
                  "evidence_note", "evidence_url"]  # fmt: skip
        read_only_fields = ["status", "completed_on", "evidence_note", "evidence_url"]


class OutcomeSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(read_only=True)

    class Meta:
        model = Outcome
        fields = ["id", "indicator", "value", "unit", "currency", "recorded_on", "country", "note"]


class AgreementSerializer(serializers.ModelSerializer):
    """An agreement in lists: its parties, health and progress."""

    type = serializers.CharField(source="agreement_type", read_only=True)
    parties = PartySerializer(many=True, read_only=True)
    health = serializers.ChoiceField(choices=Health.choices, read_only=True)
    progress_percent = serializers.SerializerMethodField()
    confirmed = serializers.SerializerMethodField()
    sectors = CodeRelatedField(many=True, read_only=True)
    url = PageURLField()

    class Meta:
        model = Agreement
        fields = ["id", "url", "title", "language", "translated_titles", "type", "status",
                  "visibility", "health", "progress_percent", "confirmed", "signed_on",
                  "signed_place", "signed_at_event", "starts_on", "ends_on", "stages", "sectors",
                  "summary", "parties"]  # fmt: skip

    def get_progress_percent(self, agreement) -> int | None:
        return progress_percent(agreement.milestones_planned, agreement.milestones_done)

    def get_confirmed(self, agreement) -> bool:
        return all(party.is_confirmed for party in agreement.parties.all())


class AgreementDetailSerializer(AgreementSerializer):
    """One agreement with its milestones, outcomes and origins."""

    milestones = MilestoneSerializer(many=True, read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)
    work_areas = CodeRelatedField(many=True, read_only=True)
    focus_areas = CodeRelatedField(many=True, read_only=True)

    class Meta(AgreementSerializer.Meta):
        fields = [*AgreementSerializer.Meta.fields, "work_areas", "focus_areas", "full_text",
                  "milestones", "outcomes", "origin_listings", "origin_interests",
                  "origin_matches"]  # fmt: skip


class PartyInputSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    role = serializers.ChoiceField(choices=PartyRole.choices, default=PartyRole.PARTNER)


class AgreementCreateSerializer(serializers.Serializer):
    """What recording an agreement takes; see services.agreement_create."""

    title = serializers.CharField(max_length=300)
    language = ContentLanguageField(default="en")
    translated_titles = LanguageKeyedField(required=False, validators=[validate_name_translations])
    type = serializers.ChoiceField(
        choices=Agreement._meta.get_field("agreement_type").choices, source="agreement_type"
    )
    status = serializers.ChoiceField(
        choices=[AgreementStatus.SIGNED, AgreementStatus.DRAFT], default=AgreementStatus.SIGNED
    )
    visibility = serializers.ChoiceField(
        choices=Agreement._meta.get_field("visibility").choices, default="public"
    )
    signed_on = serializers.DateField(required=False, allow_null=True)
    signed_place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signed_at_event = serializers.CharField(max_length=300, required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    stages = serializers.ListField(
        child=serializers.ChoiceField(choices=InnovationStage.choices), required=False
    )
    summary = serializers.CharField(required=False, allow_blank=True)
    full_text = serializers.CharField(required=False, allow_blank=True)
    parties = PartyInputSerializer(many=True)
    sectors = CodeRelatedField(many=True, queryset=Sector.objects.all(), required=False)
    work_areas = CodeRelatedField(many=True, queryset=WorkArea.objects.all(), required=False)
    focus_areas = CodeRelatedField(many=True, queryset=FocusArea.objects.all(), required=False)


class ConfirmOnBehalfSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The id of the party's organization."
    )
    reason = serializers.CharField(max_length=1000)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AgreementStatus.choices)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class MilestoneDoneSerializer(serializers.Serializer):
    evidence_note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    evidence_url = serializers.URLField(required=False, allow_blank=True)
    completed_on = serializers.DateField(required=False, allow_null=True)


class MilestoneUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[c for c in MilestoneStatus.choices if c[0] != MilestoneStatus.DONE],
        required=False,
    )
    due_on = serializers.DateField(required=False)
    title = serializers.CharField(max_length=300, required=False)


class OutcomeCreateSerializer(serializers.Serializer):
    indicator = serializers.ChoiceField(choices=OutcomeIndicator.choices)
    value = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    recorded_on = serializers.DateField()
    country = serializers.CharField(max_length=2)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
