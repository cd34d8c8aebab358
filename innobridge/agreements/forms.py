"""Forms of the agreements pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innobridge.agreements.choices import (
    AgreementStatus,
    MilestoneStatus,
    OutcomeIndicator,
    PartyRole,
)
from innobridge.agreements.models import EVIDENCE_NOTE_MAX_LENGTH, Agreement
from innobridge.agreements.services import PartyInput
from innobridge.core.countries import country_choices
from innobridge.core.forms import (
    ContentLanguageField,
    LabelledModelMultipleChoiceField,
    ServiceModelForm,
)
from innobridge.core.languages import (
    current_language,
    language_name,
    ui_language_codes,
)
from innobridge.core.models import FocusArea, Sector, WorkArea
from innobridge.marketplace.choices import InnovationStage
from innobridge.organizations.models import Organization

MAX_PARTIES = 6
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organizations by their name in the page's language; the names are content, which the
    page walk of every UI language skips (data-content)."""

    widget = forms.Select(attrs={"data-content": ""})

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class AgreementForm(ServiceModelForm):
    """Record or edit an agreement. On creation it carries up to MAX_PARTIES party rows."""

    language = ContentLanguageField(label=_("Language of the title"))
    stages = forms.MultipleChoiceField(
        label=_("Innovation-chain stages"),
        choices=InnovationStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = LabelledModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    work_areas = LabelledModelMultipleChoiceField(
        label=_("Alliance work areas"), queryset=WorkArea.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    focus_areas = LabelledModelMultipleChoiceField(
        label=_("Cooperation focus areas"), queryset=FocusArea.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Agreement
        fields = [
            "title", "language", "agreement_type", "status", "visibility", "signed_on",
            "signed_place", "signed_at_event", "starts_on", "ends_on", "stages", "sectors",
            "work_areas", "focus_areas", "summary", "full_text", "document",
        ]  # fmt: skip
        widgets = {"signed_on": DATE, "starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args: Any, with_parties: bool, own_organization_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_parties = with_parties
        self._add_title_translations()
        if not self.instance.pk:
            self.fields["status"].choices = [
                (AgreementStatus.SIGNED, AgreementStatus.SIGNED.label),
                (AgreementStatus.DRAFT, AgreementStatus.DRAFT.label),
            ]
        else:
            self.fields.pop("status")
        if not with_parties:
            return
        organizations = Organization.objects.order_by("name")
        for index in range(MAX_PARTIES):
            self.fields[f"party_{index}"] = OrganizationChoiceField(
                label=_("Party {number}").format(number=index + 1),
                queryset=organizations,
                required=False,
            )
            self.fields[f"role_{index}"] = forms.ChoiceField(
                label=_("Role of party {number}").format(number=index + 1),
                choices=PartyRole.choices,
                initial=PartyRole.LEAD if index == 0 else PartyRole.PARTNER,
            )
        if own_organization_id and not self.is_bound:
            self.initial["party_0"] = own_organization_id

    def _add_title_translations(self) -> None:
        """One optional "title in <language>" field per UI language, after the title."""
        fields = list(self.fields.items())
        position = [name for name, _field in fields].index("language") + 1
        extra = {}
        for code in ui_language_codes():
            extra[f"title_{code}"] = forms.CharField(
                label=_("Title in {language}").format(
                    language=language_name(code, current_language())
                ),
                max_length=300,
                required=False,
                initial=self.instance.translated_titles.get(code, ""),
            )
        self.fields = dict(fields[:position] + list(extra.items()) + fields[position:])

    def translated_titles(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"title_{code}"].strip()
            for code in ui_language_codes()
            if self.cleaned_data.get(f"title_{code}", "").strip()
        }

    def party_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"party_{i}"], self[f"role_{i}"]) for i in range(MAX_PARTIES)]

    def parties(self) -> list[PartyInput]:
        rows = [
            (self.cleaned_data.get(f"party_{i}"), self.cleaned_data.get(f"role_{i}"))
            for i in range(MAX_PARTIES)
        ]
        return [PartyInput(organization, role) for organization, role in rows if organization]

    def service_kwargs(self) -> dict[str, Any]:
        data = {
            field: self.cleaned_data[field]
            for field in self.Meta.fields
            if field in self.cleaned_data and field not in {"sectors", "work_areas", "focus_areas"}
        }
        if not data.get("document"):
            data.pop("document", None)
        data["translated_titles"] = self.translated_titles()
        return {
            "data": data,
            "sectors": self.cleaned_data["sectors"],
            "work_areas": self.cleaned_data["work_areas"],
            "focus_areas": self.cleaned_data["focus_areas"],
        }


class ConfirmOnBehalfForm(forms.Form):
    party = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why you confirm on the party's behalf"),
        max_length=1000,
        widget=forms.TextInput(attrs={"size": 40}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AgreementStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    responsible = OrganizationChoiceField(label=_("Responsible party"), queryset=None)

    def __init__(self, *args: Any, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Organization.objects.filter(
            agreement_parties__agreement=agreement
        ).order_by("name")


class MilestoneStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in MilestoneStatus.choices if c[0] != MilestoneStatus.DONE],
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE, required=False)


class MilestoneDoneForm(forms.Form):
    evidence_note = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=EVIDENCE_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was delivered; or give a link or a file."),
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(
        label=_("Evidence file"), required=False, help_text=_("A PDF document or an image.")
    )
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE, required=False)


class OutcomeForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), choices=OutcomeIndicator.choices)
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=16, decimal_places=2)
    currency = forms.CharField(
        label=_("Currency"), max_length=3, required=False, help_text=_("For investment: CNY, USD…")
    )
    recorded_on = forms.DateField(label=_("Date"), widget=DATE)
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
