from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from innobridge.news import selectors, services
from innobridge.news.api.serializers import (
    ArticleSerializer,
    DocumentSerializer,
    ImportSerializer,
    PublishSerializer,
)
from innobridge.news.filtersets import ArticleApiFilterSet, DocumentFilterSet
from innobridge.news.permissions import can_manage_news


class NewsPermission(permissions.BasePermission):
    """Everyone reads what they may see; only the secretariat writes."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or can_manage_news(request.user)


class ArticleViewSet(viewsets.ModelViewSet):
    """News articles: published ones for everyone, drafts for the secretariat."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleApiFilterSet
    permission_classes = [NewsPermission]

    def get_queryset(self):
        queryset = selectors.with_list_relations(selectors.articles_visible_to(self.request.user))
        if can_manage_news(self.request.user):  # the page text is in the secretariat's rows
            queryset = queryset.defer(None).defer("embedding")
        return queryset.prefetch_related("agreements", "flags_reviewed_by").order_by(
            "-published_at", "-pk"
        )

    def _relations(self, data: dict) -> dict:
        return {
            "organizations": data.pop("organizations", None),
            "agreements": data.pop("agreements", None),
        }

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        relations = self._relations(data)
        serializer.instance = services.article_create(
            actor=self.request.user, data=data, **relations
        )

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        relations = self._relations(data)
        serializer.instance = services.article_update(
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
        services.article_publish(
            actor=request.user,
            article=article,
            flags_reviewed=body.validated_data["flags_reviewed"],
        )
        return self._answer(article)

    @extend_schema(request=None, responses=ArticleSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        article = self.get_object()
        services.article_withdraw(actor=request.user, article=article)
        return self._answer(article)

    @extend_schema(
        request={"multipart/form-data": ImportSerializer}, responses={201: ArticleSerializer}
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_page(self, request):
        body = ImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        article = services.article_import(
            actor=request.user,
            content=upload.read(),
            filename=upload.name,
            time_zone=body.validated_data.get("time_zone") or None,
        )
        return self._answer(article, status.HTTP_201_CREATED)


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """The library of alliance documents; `q`, `language` and `kind` filter it."""

    serializer_class = DocumentSerializer

    filterset_class = DocumentFilterSet

    def get_queryset(self):
        return selectors.documents()
