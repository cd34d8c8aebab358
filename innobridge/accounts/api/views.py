"""The API's tokens: issued for an e-mail address and password, listed and revoked."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from innobridge.accounts import selectors, services
from innobridge.accounts.api.serializers import (
    ApiTokenSerializer,
    IssuedTokenSerializer,
    TokenRequestSerializer,
)
from innobridge.accounts.lockout import lockout_response
from innobridge.accounts.models import ApiToken


class ObtainToken(APIView):
    """Exchange an e-mail address (as `username`) and password for a new API token, which
    expires after API_TOKEN_DAYS. After repeated failed attempts for one address from one
    client, sign-in pauses: 429, with the seconds to wait in Retry-After."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=TokenRequestSerializer, responses=IssuedTokenSerializer)
    def post(self, request: Request) -> Response:
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        name = TokenRequestSerializer(data=request.data)
        name.is_valid(raise_exception=True)
        token, key = services.token_issue(
            user=credentials.validated_data["user"], name=name.validated_data.get("name", "")
        )
        return Response({"token": key, "id": token.pk, "expires_at": token.expires_at})

    def finalize_response(self, request: Request, response: Response, *args, **kwargs):
        # django-axes marks a locked-out attempt on the request it is given, here DRF's
        # Request, not the Django request its middleware reads: answer the lock-out here.
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request._request)
        return super().finalize_response(request, response, *args, **kwargs)


class TokenViewSet(ReadOnlyModelViewSet):
    """The user's API tokens (the secretariat's: everyone's), newest first; `revoke` ends
    one at once. Keys are never shown again, only their prefix."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no real user
            return ApiToken.objects.none()
        return selectors.tokens_visible_to(self.request.user)

    @extend_schema(request=None, responses=ApiTokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        token = self.get_object()
        services.token_revoke(token=token, actor=request.user)
        return Response(ApiTokenSerializer(token).data, status=status.HTTP_200_OK)
