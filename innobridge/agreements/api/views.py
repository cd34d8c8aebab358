"""Agreements in the API: the same visibility and the same services as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from innobridge.agreements import selectors, services
from innobridge.agreements.api.serializers import (
    AgreementCreateSerializer,
    AgreementDetailSerializer,
    AgreementSerializer,
    ConfirmOnBehalfSerializer,
    MilestoneDoneSerializer,
    MilestoneSerializer,
    MilestoneUpdateSerializer,
    OutcomeCreateSerializer,
    OutcomeSerializer,
    StatusSerializer,
)
from innobridge.agreements.filtersets import AgreementFilterSet


class ReadOrSignedIn(permissions.BasePermission):
    """Anyone reads what they may see; writes need a signed-in user and are checked again by
    the services (party editor or secretariat)."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)


class AgreementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Agreements the user may see: public ones for everyone, members-only ones for members,
    parties-only ones and drafts for the parties (and the secretariat)."""

    filterset_class = AgreementFilterSet
    permission_classes = [ReadOrSignedIn]

    def get_queryset(self):
        queryset = selectors.agreement_list(user=self.request.user).order_by("-signed_on", "-pk")
        if self.action != "list":
            queryset = queryset.prefetch_related(
                "milestones", "outcomes", "work_areas", "focus_areas", "origin_listings",
                "origin_interests", "origin_matches",
            )  # fmt: skip
        return queryset

    def get_serializer_class(self):
        return AgreementSerializer if self.action == "list" else AgreementDetailSerializer

    def _answer(self, agreement, code=status.HTTP_200_OK):
        agreement = self.get_queryset().get(pk=agreement.pk)
        serializer = AgreementDetailSerializer(agreement, context={"request": self.request})
        return Response(serializer.data, status=code)

    @extend_schema(request=AgreementCreateSerializer, responses={201: AgreementDetailSerializer})
    def create(self, request):
        body = AgreementCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        parties = [services.PartyInput(p["organization"], p["role"]) for p in data.pop("parties")]
        relations = {key: data.pop(key, []) for key in ("sectors", "work_areas", "focus_areas")}
        agreement = services.agreement_create(
            actor=request.user, data=data, parties=parties, **relations
        )
        return self._answer(agreement, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AgreementDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        agreement = self.get_object()
        services.agreement_confirm(actor=request.user, agreement=agreement)
        return self._answer(agreement)

    @extend_schema(request=ConfirmOnBehalfSerializer, responses=AgreementDetailSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-on-behalf")
    def confirm_on_behalf(self, request, pk=None):
        agreement = self.get_object()
        body = ConfirmOnBehalfSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        party = get_object_or_404(
            agreement.parties.all(), organization_id=body.validated_data["organization"]
        )
        services.agreement_confirm_on_behalf(
            actor=request.user,
            party=party,
            reason=body.validated_data["reason"],
        )
        return self._answer(agreement)

    @extend_schema(request=StatusSerializer, responses=AgreementDetailSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        agreement = self.get_object()
        body = StatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.agreement_set_status(
            actor=request.user,
            agreement=agreement,
            status=body.validated_data["status"],
            reason=body.validated_data.get("reason", ""),
        )
        return self._answer(agreement)

    @extend_schema(request=MilestoneSerializer, responses={201: MilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        agreement = self.get_object()
        body = MilestoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        milestone = services.milestone_add(
            actor=request.user,
            agreement=agreement,
            title=body.validated_data["title"],
            due_on=body.validated_data["due_on"],
            responsible=body.validated_data["responsible"],
        )
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    def _milestone(self, milestone_pk):
        return get_object_or_404(self.get_object().milestones.all(), pk=milestone_pk)

    @extend_schema(request=MilestoneDoneSerializer, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"], url_path=r"milestones/(?P<milestone_pk>\d+)/done")
    def milestone_done(self, request, pk=None, milestone_pk=None):
        milestone = self._milestone(milestone_pk)
        body = MilestoneDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.milestone_complete(
            actor=request.user,
            milestone=milestone,
            note=data.get("evidence_note", ""),
            url=data.get("evidence_url", ""),
            completed_on=data.get("completed_on"),
        )
        return Response(MilestoneSerializer(milestone).data)

    @extend_schema(request=MilestoneUpdateSerializer, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"], url_path=r"milestones/(?P<milestone_pk>\d+)/update")
    def milestone_update(self, request, pk=None, milestone_pk=None):
        milestone = self._milestone(milestone_pk)
        body = MilestoneUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.milestone_update(actor=request.user, milestone=milestone,
              **body.validated_data)  # fmt: skip
        return Response(MilestoneSerializer(milestone).data)

    @extend_schema(request=OutcomeCreateSerializer, responses={201: OutcomeSerializer})
    @action(detail=True, methods=["post"])
    def outcomes(self, request, pk=None):
        agreement = self.get_object()
        body = OutcomeCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        outcome = services.outcome_add(
            actor=request.user, agreement=agreement, **body.validated_data
        )
        return Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)
