"""The REST API, version 1: /api/v1/..."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from innobridge.accounts.api.views import ObtainToken, TokenViewSet
from innobridge.core.api.views import (
    CooperationTypeViewSet,
    FocusAreaViewSet,
    SectorViewSet,
    WorkAreaViewSet,
)
from innobridge.marketplace.api.views import InterestViewSet, ListingViewSet
from innobridge.organizations.api.views import OrganizationViewSet
from innobridge.search.api.views import MatchesView, SearchView


class Router(DefaultRouter):
    """The API root and the viewsets' routes, without DRF's `.json` suffix routes: the
    custom actions take no `format` argument (their `.json` addresses answered 500), the
    other routers (agreements, news, events) have none, and the schema never listed them.
    JSON is the default; `Accept` chooses otherwise."""

    include_format_suffixes = False


router = Router()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("sectors", SectorViewSet, basename="sector")
router.register("work-areas", WorkAreaViewSet, basename="workarea")
router.register("focus-areas", FocusAreaViewSet, basename="focusarea")
router.register("cooperation-types", CooperationTypeViewSet, basename="cooperationtype")
router.register("listings", ListingViewSet, basename="listing")
router.register("interests", InterestViewSet, basename="interest")
router.register("auth/tokens", TokenViewSet, basename="api-token-entry")

urlpatterns = [
    path("search/", SearchView.as_view(), name="api-search"),
    path("listings/<int:pk>/matches/", MatchesView.as_view(), name="api-listing-matches"),
    path("", include("innobridge.agreements.api.urls")),
    path("", include("innobridge.news.api.urls")),
    path("", include("innobridge.events.api.urls")),
    path("", include("innobridge.analytics.api.urls")),
    path("", include(router.urls)),
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
