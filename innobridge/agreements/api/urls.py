"""API routes of the agreements app, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from innobridge.agreements.api.views import AgreementViewSet

router = SimpleRouter()
router.register("agreements", AgreementViewSet, basename="agreement")

urlpatterns = router.urls
