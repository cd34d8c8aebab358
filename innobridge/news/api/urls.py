"""API routes of the news app, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from innobridge.news.api.views import ArticleViewSet, DocumentViewSet

router = SimpleRouter()
router.register("news/articles", ArticleViewSet, basename="news-article")
router.register("news/documents", DocumentViewSet, basename="news-document")

urlpatterns = router.urls
