from django.urls import path

from innobridge.agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.create, name="create"),
    path("results/", views.results, name="results"),
    path("export.<str:fmt>", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/confirm-on-behalf/", views.confirm_on_behalf, name="confirm-on-behalf"),
    path("<int:pk>/status/", views.set_status, name="status"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone-add"),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone-done"
    ),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/update/",
        views.milestone_update,
        name="milestone-update",
    ),
    path("<int:pk>/outcomes/", views.outcome_add, name="outcome-add"),
]
