from django.urls import path

from innobridge.search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="page"),
    path("suggestions/<int:pk>/", views.suggestion_status, name="suggestion"),
]
