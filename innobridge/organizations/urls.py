from django.urls import path

from innobridge.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/history/", views.history, name="history"),
    path("apply/", views.apply, name="apply"),
    path("apply/sent/", views.apply_sent, name="apply-sent"),
    path("apply/confirm/<str:token>/", views.apply_confirm, name="apply-confirm"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
]
