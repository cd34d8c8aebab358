from django.urls import path

from innobridge.events import views

app_name = "events"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("events.ics", views.calendar_ics, name="calendar-ics"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/registration/", views.registration, name="registration"),
    path("<int:pk>/registration/cancel/", views.registration_cancel, name="registration-cancel"),
    path("<int:pk>/partners/", views.partners, name="partners"),
    path(
        "<int:pk>/partners/<int:registration_pk>/request/",
        views.meeting_request,
        name="meeting-request",
    ),
    path("<int:pk>/meetings/", views.meetings, name="meetings"),
    path("<int:pk>/meetings/<int:meeting_pk>/answer/", views.meeting_answer, name="meeting-answer"),
    path("<int:pk>/meetings/<int:meeting_pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/outcome/",
        views.meeting_outcome,
        name="meeting-outcome",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/follow-up/interest/",
        views.meeting_follow_up_interest,
        name="meeting-follow-up-interest",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/follow-up/agreement/",
        views.meeting_follow_up_agreement,
        name="meeting-follow-up-agreement",
    ),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda.ics", views.agenda_ics, name="agenda-ics"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/participants.<str:fmt>", views.participants_export, name="participants-export"),
    path(
        "<int:pk>/participants/<int:registration_pk>/decide/",
        views.registration_decide,
        name="registration-decide",
    ),
    path("<int:pk>/check-in/", views.check_in, name="check-in"),
    path("<int:pk>/b2b/", views.b2b, name="b2b"),
    path("<int:pk>/report.<str:fmt>", views.report_export, name="report-export"),
]
