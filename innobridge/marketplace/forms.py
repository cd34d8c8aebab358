"""Forms of the marketplace."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innobridge.core.countries import country_choices
from innobridge.core.forms import (
    ContentLanguageField,
    LabelledModelChoiceField,
    LabelledModelMultipleChoiceField,
    ServiceModelForm,
)
from innobridge.core.html import html_to_text
from innobridge.core.language_detection import detect_language
from innobridge.core.languages import content_language_choices
from innobridge.core.models import CooperationType, Sector, WorkArea
from innobridge.core.validators import KEYWORD_MAX_COUNT
from innobridge.marketplace.choices import ListingKind
from innobridge.marketplace.models import MESSAGE_MAX_LENGTH, Listing
from innobridge.organizations.models import ContactPerson

COMMON_FIELDS = [
    "title", "summary", "description", "keywords", "language", "sectors", "work_area",
    "stage", "trl", "ip_status", "cooperation_types", "target_countries", "valid_until",
    "contact_person",
]  # fmt: skip
KIND_FIELDS = {
    ListingKind.OFFER: [],
    ListingKind.NEED: ["budget_min", "budget_max", "budget_currency", "deadline"],
    ListingKind.RESOURCE: ["resource_type", "location", "capacity", "access_terms"],
    ListingKind.TALENT: ["programme_type", "starts_on", "ends_on", "seats", "eligibility"],
    ListingKind.CALL: ["call_type", "budget_min", "budget_max", "budget_currency", "deadline"],
}
ALL_KIND_FIELDS = sorted({field for fields in KIND_FIELDS.values() for field in fields})


def _language_choices() -> list[tuple[str, str]]:
    return [("", _("Detect automatically")), *content_language_choices()]


class ListingForm(ServiceModelForm):
    """Create or edit a listing; the fields shown depend on its kind."""

    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separated by commas."),
        max_length=1500,
    )
    language = ContentLanguageField(
        label=_("Language of the text"), choices=_language_choices, required=False
    )
    sectors = LabelledModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    work_area = LabelledModelChoiceField(
        label=_("Alliance work area"), queryset=WorkArea.objects.all(), required=False
    )
    cooperation_types = LabelledModelMultipleChoiceField(
        label=_("Cooperation sought"), queryset=CooperationType.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    target_countries = forms.MultipleChoiceField(
        label=_("Target countries"),
        choices=country_choices,
        required=False,
        help_text=_("Leave empty to address every country."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Listing
        fields = [*COMMON_FIELDS, *ALL_KIND_FIELDS]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "access_terms": forms.Textarea(attrs={"rows": 3}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
            # People's names are content, in whatever language they are written.
            "contact_person": forms.Select(attrs={"data-content": ""}),
        }

    def __init__(self, *args: Any, kind: str, owner_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for field in ALL_KIND_FIELDS:
            if field not in KIND_FIELDS[kind]:
                del self.fields[field]
        self.fields["contact_person"].queryset = ContactPerson.objects.filter(
            organization_id=owner_id
        )
        if self.instance.pk:
            self.initial["keywords"] = ", ".join(self.instance.keywords or [])
            self.initial["target_countries"] = list(
                self.instance.target_countries.values_list("country", flat=True)
            )
        # The model checks kind-specific rules; it needs to know the kind before validation.
        self.instance.kind = kind

    def clean_language(self) -> str:
        """Blank means "detect": done here so the model sees a language when it validates."""
        language = self.cleaned_data.get("language", "")
        if language:
            return language
        text = " ".join(
            self.cleaned_data.get(field, "") or "" for field in ("title", "summary", "description")
        )
        return detect_language(html_to_text(text))

    def clean_keywords(self) -> list[str]:
        raw = self.cleaned_data.get("keywords", "")
        keywords = [k.strip() for k in raw.replace("，", ",").replace("、", ",").split(",")]
        keywords = [k for k in keywords if k]
        if len(keywords) > KEYWORD_MAX_COUNT:
            raise forms.ValidationError(
                _("Give at most %(max)d keywords."), params={"max": KEYWORD_MAX_COUNT}
            )
        return keywords

    def service_kwargs(self) -> dict[str, Any]:
        """Cleaned data split into model fields and relations, for the services."""
        data = {**self.cleaned_data, "kind": self.kind}
        relations = {
            "sectors": data.pop("sectors"),
            "cooperation_types": data.pop("cooperation_types"),
            "target_countries": data.pop("target_countries"),
        }
        return {"data": data, **relations}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("PDF or image"))


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message to the owner"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Publish")), ("return", _("Return"))])
    reason = forms.CharField(
        label=_("Reason (sent to the author)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Tell the author what to change."))
        return cleaned
