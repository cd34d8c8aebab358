"""The secretariat's admin for events: the event itself, its organizers and programme;
registrations, meeting slots, tables and interpreters are the organizers' pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innobridge.accounts.admin import SecretariatAdminMixin
from innobridge.events.models import (
    Event,
    EventOrganization,
    Interpreter,
    Meeting,
    Registration,
    Session,
    SessionPerson,
)
from innobridge.events.services import link_signed_agreements


class EventOrganizationInline(admin.TabularInline):
    model = EventOrganization
    extra = 0
    autocomplete_fields = ["organization"]


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    fields = ["title", "title_language", "kind", "starts_at", "ends_at", "room", "language",
              "interpretation"]  # fmt: skip


@admin.register(Event)
class EventAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "event_type", "status", "starts_at", "city", "country", "is_demo"]
    list_filter = ["status", "event_type", "country", "is_demo"]
    search_fields = ["name", "search_text", "city"]
    filter_horizontal = ["work_areas", "documents"]
    inlines = [EventOrganizationInline, SessionInline]
    date_hierarchy = "starts_at"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        link_signed_agreements(form.instance)


class SessionPersonInline(admin.TabularInline):
    model = SessionPerson
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Session)
class SessionAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "event", "kind", "starts_at", "room"]
    list_filter = ["kind"]
    search_fields = ["title", "event__name"]
    raw_id_fields = ["event"]
    inlines = [SessionPersonInline]


@admin.register(Registration)
class RegistrationAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "event", "organization", "status", "checked_in_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "event__name", "organization__name"]
    raw_id_fields = ["event", "user", "organization", "offers", "seeks", "sessions"]
    readonly_fields = ["code", "checked_in_at"]


@admin.register(Meeting)
class MeetingAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "event", "status", "slot", "table", "interpreter"]
    list_filter = ["status"]
    raw_id_fields = ["event", "requester", "recipient", "slot", "table", "interpreter",
                     "interest", "agreement"]  # fmt: skip


@admin.register(Interpreter)
class InterpreterAdmin(SecretariatAdminMixin, admin.ModelAdmin):
    list_display = ["name", "event"]
    raw_id_fields = ["event"]
