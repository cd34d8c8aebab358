from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from innobridge.core.api.exceptions import as_api_error
from innobridge.news import selectors, services
from innobridge.news.api.serializers import (
    ArticleSerializer,
    DocumentSerializer,
    ImportSerializer,
    PublishSerializer,
)
from innobridge.news.permissions import can_manage_news


class NewsPermission(permissions.BasePermission):
    """Everyone reads what they may see; only the secretariat writes."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or can_manage_news(request.user)


def _call(function, **kwargs):
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        raise as_api_error(error) from error


class ArticleViewSet(viewsets.ModelViewSet):
    """News articles: published ones for everyone, drafts for the secretariat."""

    serializer_class = ArticleSerializer
    permission_classes = [NewsPermission]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        queryset = selectors.articles_visible_to(self.request.user)
        if language := self.request.query_params.get("language"):
            queryset = queryset.filter(language=language)
        if status_value := self.request.query_params.get("status"):
            queryset = queryset.filter(status=status_value)
        return (
            selectors.with_list_relations(queryset)
            .prefetch_related("agreements", "flags_reviewed_by")
            .order_by("-published_at", "-pk")
        )

    def _relations(self, data: dict) -> dict:
        return {
            "organizations": data.pop("organizations", None),
            "agreements": data.pop("agreements", None),
        }

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        relations = self._relations(data)
        serializer.instance = _call(
            services.article_create, actor=self.request.user, data=data, **relations
        )

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        relations = self._relations(data)
        serializer.instance = _call(
            services.article_update,
            actor=self.request.user,
            article=serializer.instance,
            data=data,
            **relations,
        )

    def perform_destroy(self, instance) -> None:
        services.article_delete(actor=self.request.user, article=instance)

    def _answer(self, article, code=status.HTTP_200_OK):
        article.refresh_from_db()
        return Response(self.get_serializer(article).data, status=code)

    @extend_schema(request=PublishSerializer, responses=ArticleSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        article = self.get_object()
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _call(
            services.article_publish,
            actor=request.user,
            article=article,
            flags_reviewed=body.validated_data["flags_reviewed"],
        )
        return self._answer(article)

    @extend_schema(request=None, responses=ArticleSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        article = self.get_object()
        _call(services.article_withdraw, actor=request.user, article=article)
        return self._answer(article)

    @extend_schema(request={"multipart/form-data": ImportSerializer}, responses=ArticleSerializer)
    @action(detail=False, methods=["post"], url_path="import")
    def import_page(self, request):
        body = ImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        article = _call(
            services.article_import,
            actor=request.user,
            content=upload.read(),
            filename=upload.name,
            time_zone=body.validated_data.get("time_zone") or None,
        )
        return self._answer(article, status.HTTP_201_CREATED)


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """The library of alliance documents; `q`, `language` and `kind` filter it."""

    serializer_class = DocumentSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.documents(
            query=params.get("q", ""),
            language=params.get("language", ""),
            kind=params.get("kind", ""),
        )
