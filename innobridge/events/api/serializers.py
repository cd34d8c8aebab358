"""Events in the API. Writes go through innobridge.events.services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from innobridge.core.api.serializers import (
    CodeRelatedField,
    ContentLanguageField,
    PageURLField,
)
from innobridge.core.filters import MAX_ID
from innobridge.events.choices import Priority
from innobridge.events.models import (
    MESSAGE_MAX_LENGTH,
    Event,
    EventOrganization,
    Meeting,
    Registration,
    ScheduleRun,
    Session,
    SessionPerson,
)
from innobridge.marketplace.models import Listing


class OrganizerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organization.display_name", read_only=True)

    class Meta:
        model = EventOrganization
        fields = ["organization", "name", "role"]


class EventSerializer(serializers.ModelSerializer):
    url = PageURLField()
    type = serializers.CharField(source="event_type", read_only=True)
    work_areas = CodeRelatedField(many=True, read_only=True)
    organizers = OrganizerSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = ["id", "url", "name", "name_language", "translated_names", "type", "status",
                  "starts_at", "ends_at", "time_zone", "venue", "city", "country", "online_url",
                  "work_areas", "organizers", "capacity", "registration_deadline"]  # fmt: skip
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = SessionPerson
        fields = ["role", "name", "position", "organization"]


class SessionSerializer(serializers.ModelSerializer):
    people = PersonSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = ["id", "title", "title_language", "kind", "starts_at", "ends_at", "room",
                  "language", "interpretation", "people"]  # fmt: skip


class EventDetailSerializer(EventSerializer):
    sessions = SessionSerializer(many=True, read_only=True)
    documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    signed_agreements = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description", "sessions", "documents",
                  "signed_agreements"]  # fmt: skip
        read_only_fields = fields

    def get_signed_agreements(self, event: Event) -> list[int]:
        """Ids of the agreements signed at the event that the user may see."""
        return sorted(agreement.pk for agreement in self.context.get("signed_agreements", []))


class RegistrationSerializer(serializers.ModelSerializer):
    offers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    seeks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "event", "name", "organization", "role", "languages", "offers", "seeks",
                  "status", "code", "checked_in_at", "created_at"]  # fmt: skip
        read_only_fields = fields


class RegistrationInputSerializer(serializers.Serializer):
    languages = serializers.ListField(child=ContentLanguageField(), min_length=1)
    role = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    offers = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Listing.objects.all(), required=False, default=list
    )
    seeks = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Listing.objects.all(), required=False, default=list
    )


class MeetingSerializer(serializers.ModelSerializer):
    slot_starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)
    slot_ends_at = serializers.DateTimeField(source="slot.ends_at", read_only=True)
    table = serializers.CharField(source="table.name", read_only=True, allow_null=True)
    interpreter = serializers.CharField(source="interpreter.name", read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields = ["id", "requester", "recipient", "message", "status", "score",
                  "slot_starts_at", "slot_ends_at", "table", "interpreter",
                  "held_by_requester", "held_by_recipient", "follow_up_by_requester",
                  "follow_up_by_recipient", "interest", "agreement"]  # fmt: skip
        read_only_fields = fields


class MeetingRequestSerializer(serializers.Serializer):
    recipient = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The registration id of the person to meet."
    )
    message = serializers.CharField(
        required=False, allow_blank=True, max_length=MESSAGE_MAX_LENGTH, default=""
    )
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)


class MeetingAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)


class MeetingOutcomeSerializer(serializers.Serializer):
    held = serializers.BooleanField(help_text="Whether the meeting took place.")
    follow_up = serializers.BooleanField(default=False, help_text="Whether you will follow up.")


class MeetingFollowUpSerializer(serializers.Serializer):
    """Either an expression of interest (a message to the other side about their best-matching
    listing) or the id of an agreement the meeting led to, not both."""

    interest_message = serializers.CharField(
        required=False, max_length=MESSAGE_MAX_LENGTH, allow_blank=False
    )
    agreement = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def validate(self, attrs: dict) -> dict:
        if ("interest_message" in attrs) == ("agreement" in attrs):
            raise serializers.ValidationError(
                _("Give either interest_message or agreement, not both.")
            )
        return attrs


class SuggestionSerializer(serializers.Serializer):
    registration = serializers.IntegerField(source="registration.pk")
    name = serializers.CharField(source="registration.user.get_full_name")
    organization = serializers.IntegerField(source="registration.organization_id", allow_null=True)
    languages = serializers.ListField(
        child=serializers.CharField(), source="registration.languages"
    )
    score = serializers.FloatField(source="match.score")
    my_listing = serializers.IntegerField(source="match.my_listing.pk")
    their_listing = serializers.IntegerField(source="match.their_listing.pk")
    needs_interpreter = serializers.BooleanField()


class AgendaItemSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    session = serializers.IntegerField(source="session.pk", allow_null=True, default=None)
    meeting = serializers.IntegerField(source="meeting.pk", allow_null=True, default=None)


class ScheduleRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScheduleRun
        fields = ["id", "status", "solver_status", "placed", "unplaced", "moved", "objective",
                  "bound", "gap", "seconds", "created_at", "finished_at"]  # fmt: skip
        read_only_fields = fields


class CheckInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class CheckInResultSerializer(serializers.Serializer):
    registration = RegistrationSerializer()
    arrivals = serializers.IntegerField()
