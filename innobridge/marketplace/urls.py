from django.urls import path
from django.views.generic import RedirectView

from innobridge.marketplace import views

app_name = "marketplace"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("new/<str:kind>/", views.create, name="create"),
    path("mine/", views.dashboard, name="dashboard"),
    path("moderation/", views.moderation, name="moderation"),
    # The exchange page moved to project level (/<language>/exchange/); old links follow.
    path("exchange/", RedirectView.as_view(pattern_name="exchange", permanent=True)),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/moderate/", views.moderate, name="moderate"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete,
        name="attachment-delete",
    ),
    path("<int:pk>/interest/", views.express_interest, name="express-interest"),
    path("interests/<int:pk>/answer/", views.answer_interest, name="answer-interest"),
]
