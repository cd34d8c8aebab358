from django.http import HttpResponse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from innobridge.marketplace import selectors, services
from innobridge.marketplace.api.serializers import (
    InterestAnswerSerializer,
    InterestCreateSerializer,
    InterestSerializer,
    ListingDetailSerializer,
    ListingSerializer,
    ReasonSerializer,
)
from innobridge.marketplace.filtersets import ListingFilterSet
from innobridge.marketplace.models import ExpressionOfInterest
from innobridge.marketplace.permissions import (
    can_edit_listing,
    can_manage_listing,
    can_view_interest,
)


class ListingPermission(permissions.BasePermission):
    """Anyone reads what they may see; writes are checked again by the services."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if view.action in {"update", "partial_update"}:
            return can_edit_listing(request.user, obj)
        if view.action in {"destroy", "submit", "close"}:
            return can_manage_listing(request.user, obj)
        return True  # approve/return/interest: the services decide


class ListingViewSet(viewsets.ModelViewSet):
    """Listings of the marketplace: visitors see published ones; owners also their drafts."""

    filterset_class = ListingFilterSet
    permission_classes = [ListingPermission]
    ordering_fields = ["published_at", "created_at", "valid_until", "title"]

    def get_queryset(self):
        return selectors.with_list_relations(
            selectors.listings_visible_to(self.request.user)
        ).order_by("-published_at", "-pk")

    def list(self, request, *args, **kwargs):
        """A page of listings. Visitors' pages (published listings only) are the same for
        all of them, so each is serialized once and kept while no published listing
        changes (`selectors.cached_published`): serializing 50 listings was a third of
        the request's time. In JSON the page is kept as the bytes sent, so a visitor's
        request does not encode 50 listings again either: 0.44 → 0.53 of the minimal
        view's throughput under saturation (bench/RESULTS.md, 2026-12-04)."""
        if not selectors.sees_published_only(request.user):
            return super().list(request, *args, **kwargs)

        def page() -> dict:
            return super(ListingViewSet, self).list(request, *args, **kwargs).data

        # The links to the next and previous pages are absolute: the key holds the host.
        parts = [get_language(), request.build_absolute_uri()]
        renderer = request.accepted_renderer
        if renderer.format != "json":  # the browsable API renders its page per request
            return Response(selectors.cached_published("api-list", parts, page))

        def body() -> bytes:
            context = self.get_renderer_context()
            return renderer.render(page(), request.accepted_media_type, context)

        # The media type's parameters (indent) change the bytes.
        key = [*parts, request.accepted_media_type]
        content = selectors.cached_published("api-list-json", key, body)
        return HttpResponse(content, content_type=renderer.media_type)

    def get_serializer_class(self):
        return ListingDetailSerializer if self.action == "retrieve" else ListingSerializer

    def perform_destroy(self, instance) -> None:
        services.listing_delete(listing=instance, actor=self.request.user)

    def _answer(self, listing):
        listing.refresh_from_db()
        return Response(ListingDetailSerializer(listing, context={"request": self.request}).data)

    @extend_schema(request=None, responses=ListingDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        listing = self.get_object()
        services.listing_submit(listing=listing, actor=request.user)
        return self._answer(listing)

    @extend_schema(request=ReasonSerializer, responses=ListingDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        listing = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.listing_approve(
            listing=listing,
            actor=request.user,
            note=body.validated_data.get("reason", ""),
        )
        return self._answer(listing)

    @extend_schema(request=ReasonSerializer, responses=ListingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_author(self, request, pk=None):
        listing = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.listing_return(
            listing=listing,
            actor=request.user,
            reason=body.validated_data.get("reason", ""),
        )
        return self._answer(listing)

    @extend_schema(request=None, responses=ListingDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        listing = self.get_object()
        services.listing_close(listing=listing, actor=request.user)
        return self._answer(listing)

    @extend_schema(request=InterestCreateSerializer, responses={201: InterestSerializer})
    @action(detail=True, methods=["post"])
    def interests(self, request, pk=None):
        listing = self.get_object()
        body = InterestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        interest = services.interest_express(
            listing=listing,
            actor=request.user,
            message=body.validated_data["message"],
        )
        return Response(
            InterestSerializer(interest, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class InterestPermission(permissions.BasePermission):
    def has_object_permission(self, request, view, obj) -> bool:
        return can_view_interest(request.user, obj)


class InterestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Expressions of interest the user's organization sent or received."""

    serializer_class = InterestSerializer
    permission_classes = [permissions.IsAuthenticated, InterestPermission]
    filterset_fields = ["status", "listing"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no real user
            return ExpressionOfInterest.objects.none()
        return (
            selectors.interests_visible_to(self.request.user)
            .select_related(
                "listing", "listing__owner", "listing__contact_person", "organization", "created_by"
            )
            .prefetch_related("organization__contacts", "listing__owner__contacts")
            .order_by("created_at", "pk")
        )

    @extend_schema(request=InterestAnswerSerializer, responses=InterestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        interest = self.get_object()
        body = InterestAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.interest_answer(
            interest=interest,
            actor=request.user,
            accept=body.validated_data["accept"],
        )
        return Response(InterestSerializer(interest, context={"request": request}).data)
