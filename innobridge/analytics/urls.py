from django.urls import path

from innobridge.analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("world.geojson", views.world_map, name="world-map"),
]
