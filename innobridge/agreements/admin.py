"""The secretariat's admin for agreements: corrections of parties, milestones and outcomes
that the pages do not offer (e.g. replacing a party)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innobridge.accounts.admin import SecretariatAdminMixin
from innobridge.agreements.models import Agreement, AgreementParty, Milestone, Outcome
from innobridge.agreements.services import agreement_refresh_search_text


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["organization"]
    readonly_fields = ["confirmed_at", "confirmed_by", "confirmed_on_behalf_reason"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    autocomplete_fields = ["responsible"]
    fields = ["title", "due_on", "responsible", "status", "completed_on", "evidence_note",
              "evidence_url", "evidence_file"]  # fmt: skip


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["indicator", "value", "currency", "recorded_on", "country", "note"]


@admin.register(Agreement)
class AgreementAdmin(SecretariatAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "agreement_type", "status", "visibility", "signed_on", "is_demo"]
    list_filter = ["status", "agreement_type", "visibility", "is_demo", "sectors"]
    search_fields = ["title", "summary", "search_text"]
    filter_horizontal = ["sectors", "work_areas", "focus_areas"]
    raw_id_fields = ["origin_listings", "origin_interests", "origin_matches", "recorded_by",
                     "recorded_by_organization", "signed_at"]  # fmt: skip
    inlines = [AgreementPartyInline, MilestoneInline, OutcomeInline]
    date_hierarchy = "signed_on"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        agreement_refresh_search_text(form.instance)
