"""API routes of the analytics app, included under /api/v1/."""

from django.urls import path

from innobridge.analytics.api.views import (
    CountryNetworkView,
    NetworkView,
    OrganizationPositionView,
    YearFiguresView,
)

urlpatterns = [
    path("analytics/network/", NetworkView.as_view(), name="api-analytics-network"),
    path("analytics/countries/", CountryNetworkView.as_view(), name="api-analytics-countries"),
    path("analytics/figures/", YearFiguresView.as_view(), name="api-analytics-figures"),
    path(
        "analytics/organizations/<int:pk>/",
        OrganizationPositionView.as_view(),
        name="api-analytics-position",
    ),
]
