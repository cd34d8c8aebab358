"""Events in the API: the calendar for everyone; registration, partners, meetings and
the agenda for participants; registrations, check-in and the schedule for organizers. The
same permissions and services as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from innobridge.agreements.selectors import agreements_visible_to
from innobridge.events import permissions as event_permissions
from innobridge.events import selectors, services
from innobridge.events.api.serializers import (
    AgendaItemSerializer,
    CheckInResultSerializer,
    CheckInSerializer,
    EventDetailSerializer,
    EventSerializer,
    MeetingAnswerSerializer,
    MeetingFollowUpSerializer,
    MeetingOutcomeSerializer,
    MeetingRequestSerializer,
    MeetingSerializer,
    RegistrationInputSerializer,
    RegistrationSerializer,
    ScheduleRunSerializer,
    SuggestionSerializer,
)
from innobridge.events.choices import RegistrationStatus
from innobridge.events.filtersets import EventFilterSet
from innobridge.events.models import Event, Meeting, Registration


class EventPermission(permissions.BasePermission):
    """Anyone reads the calendar; everything else needs a signed-in user (and the services
    check the rest: a confirmed registration, or managing the event)."""

    def has_permission(self, request, view) -> bool:
        if view.action in {"list", "retrieve"}:
            return True
        return bool(request.user and request.user.is_authenticated)


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """The alliance's events: filters `q`, `when` (upcoming, past), `type`, `country`,
    `year`, `work_area`."""

    filterset_class = EventFilterSet
    permission_classes = [EventPermission]
    ordering_fields = ["starts_at", "name"]

    def get_queryset(self):
        if self.action == "retrieve":
            return Event.objects.prefetch_related(
                "work_areas", "documents", "organizers__organization", "sessions__people"
            )
        return selectors.calendar_queryset()

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve" and "pk" in self.kwargs:
            context["signed_agreements"] = agreements_visible_to(self.request.user).filter(
                signed_at_id=self.kwargs["pk"]
            )
        return context

    def _confirmed(self, event: Event) -> Registration:
        registration = selectors.registration_of(event, self.request.user)
        if registration is None or registration.status != RegistrationStatus.CONFIRMED:
            raise PermissionDenied(_("Only confirmed participants meet others at this event."))
        return registration

    def _managed(self, event: Event) -> None:
        if not event_permissions.can_manage_event(self.request.user, event):
            raise PermissionDenied(_("Only the event's organizers and the secretariat see this."))

    @extend_schema(request=RegistrationInputSerializer, responses={201: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        event = self.get_object()
        body = RegistrationInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        registration = services.registration_create(
            actor=request.user, event=event, **body.validated_data
        )
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=RegistrationSerializer)
    @action(detail=True, methods=["get"])
    def registration(self, request, pk=None):
        registration = selectors.registration_of(self.get_object(), request.user)
        if registration is None:
            raise NotFound
        return Response(RegistrationSerializer(registration).data)

    @extend_schema(responses=SuggestionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def suggestions(self, request, pk=None):
        registration = self._confirmed(self.get_object())
        return Response(
            SuggestionSerializer(selectors.suggested_partners(registration), many=True).data
        )

    @extend_schema(methods=["get"], responses=MeetingSerializer(many=True), request=None)
    @extend_schema(
        methods=["post"], request=MeetingRequestSerializer, responses={201: MeetingSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def meetings(self, request, pk=None):
        event = self.get_object()
        registration = self._confirmed(event)
        if request.method == "GET":
            return Response(MeetingSerializer(selectors.meetings_of(registration), many=True).data)
        body = MeetingRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        recipient = event.registrations.filter(pk=body.validated_data["recipient"]).first()
        if recipient is None:
            raise NotFound(_("No such participant of this event."))
        meeting = services.meeting_request(
            actor=request.user,
            event=event,
            recipient=recipient,
            message=body.validated_data["message"],
            priority=body.validated_data["priority"],
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    def _meeting(self, event: Event, meeting_pk: int) -> Meeting:
        meeting = get_object_or_404(
            Meeting.objects.select_related("event", "requester__user", "recipient__user"),
            pk=meeting_pk,
            event=event,
        )
        if not event_permissions.can_take_part_in_meeting(self.request.user, meeting):
            raise NotFound
        return meeting

    @extend_schema(request=MeetingAnswerSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], url_path=r"meetings/(?P<meeting_pk>\d+)/answer")
    def answer(self, request, pk=None, meeting_pk=None):
        meeting = self._meeting(self.get_object(), int(meeting_pk))
        body = MeetingAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.meeting_answer(actor=request.user, meeting=meeting, **body.validated_data)
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], url_path=r"meetings/(?P<meeting_pk>\d+)/cancel")
    def cancel(self, request, pk=None, meeting_pk=None):
        meeting = self._meeting(self.get_object(), int(meeting_pk))
        services.meeting_cancel(actor=request.user, meeting=meeting)
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(request=MeetingOutcomeSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], url_path=r"meetings/(?P<meeting_pk>\d+)/outcome")
    def outcome(self, request, pk=None, meeting_pk=None):
        """After the meeting: did it take place, and will you follow up?"""
        meeting = self._meeting(self.get_object(), int(meeting_pk))
        body = MeetingOutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.meeting_record_outcome(actor=request.user, meeting=meeting, **body.validated_data)
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(request=MeetingFollowUpSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], url_path=r"meetings/(?P<meeting_pk>\d+)/follow-up")
    def follow_up(self, request, pk=None, meeting_pk=None):
        """A held meeting becomes an expression of interest, or is linked to its agreement."""
        meeting = self._meeting(self.get_object(), int(meeting_pk))
        body = MeetingFollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if "agreement" in body.validated_data:
            agreement = (
                agreements_visible_to(request.user)
                .filter(pk=body.validated_data["agreement"])
                .first()
            )
            if agreement is None:
                raise NotFound(_("No such agreement."))
            services.meeting_follow_up_as_agreement(
                actor=request.user, meeting=meeting, agreement=agreement
            )
        else:
            services.meeting_follow_up_as_interest(
                actor=request.user,
                meeting=meeting,
                message=body.validated_data["interest_message"],
            )
        meeting.refresh_from_db()
        return Response(MeetingSerializer(meeting).data)

    @extend_schema(responses=AgendaItemSerializer(many=True))
    @action(detail=True, methods=["get"])
    def agenda(self, request, pk=None):
        registration = self._confirmed(self.get_object())
        return Response(AgendaItemSerializer(selectors.agenda(registration), many=True).data)

    @extend_schema(responses=RegistrationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def registrations(self, request, pk=None):
        event = self.get_object()
        self._managed(event)
        page = self.paginate_queryset(
            selectors.participants(event).prefetch_related("offers", "seeks")
        )
        return self.get_paginated_response(RegistrationSerializer(page, many=True).data)

    @extend_schema(request=CheckInSerializer, responses=CheckInResultSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        event = self.get_object()
        body = CheckInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = services.check_in(
            actor=request.user, event=event, code=body.validated_data["code"]
        )
        return Response(CheckInResultSerializer(result).data)

    @extend_schema(methods=["get"], responses=MeetingSerializer(many=True), request=None)
    @extend_schema(methods=["post"], request=None, responses={202: ScheduleRunSerializer})
    @action(detail=True, methods=["get", "post"])
    def schedule(self, request, pk=None):
        """GET: every accepted meeting with its place; POST: compute the schedule (queued
        for the worker; the run's figures follow in its result)."""
        event = self.get_object()
        self._managed(event)
        if request.method == "GET":
            meetings = event.meetings.filter(status="accepted").select_related(
                "slot", "table", "interpreter"
            )
            return Response(MeetingSerializer(meetings, many=True).data)
        run = services.schedule_request(actor=request.user, event=event)
        run.refresh_from_db()
        return Response(ScheduleRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
