"""API routes of the events app, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

from innobridge.events.api.views import EventViewSet

router = SimpleRouter()
router.register("events", EventViewSet, basename="event")

urlpatterns = router.urls
