from django.urls import path

from innobridge.analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("world.geojson", views.world_map, name="world-map"),
    path("positions/", views.positions, name="positions"),
    path("positions/export.<str:fmt>", views.positions_export, name="positions-export"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/<str:kind>/", views.report_file, name="report-file"),
]
