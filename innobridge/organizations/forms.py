"""Forms of the member directory: editing an organization and applying for membership."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from innobridge.core.countries import country_choices
from innobridge.core.forms import ContentLanguageField, ServiceModelForm
from innobridge.core.languages import (
    current_language,
    language_name,
)
from innobridge.core.models import Sector
from innobridge.core.uploads import validate_image_upload
from innobridge.organizations.choices import MembershipRole
from innobridge.organizations.models import NAME_MAX_LENGTH, Organization

# Languages offered as separate "name in ..." fields; other translations stay as stored.
TRANSLATED_NAME_LANGUAGES = ("en", "zh-hans", "zh-hant", "vi", "ru", "ar")


def translated_name_field(code: str) -> str:
    return "name_" + code.replace("-", "_")


class SectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return obj.label()


class TranslatedNamesMixin:
    """Adds one 'name in <language>' field per common language, read from/written to JSON."""

    def add_translated_name_fields(self, initial: dict[str, str]) -> None:
        for code in TRANSLATED_NAME_LANGUAGES:
            field = forms.CharField(max_length=NAME_MAX_LENGTH, required=False)
            field.label = _("Name in %(language)s") % {
                "language": language_name(code, current_language())
            }
            self.fields[translated_name_field(code)] = field
            self.initial[translated_name_field(code)] = initial.get(code, "")

    def collect_translated_names(self, original: dict[str, str], name_language: str) -> dict:
        names = {k: v for k, v in original.items() if k not in TRANSLATED_NAME_LANGUAGES}
        for code in TRANSLATED_NAME_LANGUAGES:
            value = self.cleaned_data.get(translated_name_field(code), "").strip()
            if value and code != name_language:
                names[code] = value
        return names


class OrganizationForm(TranslatedNamesMixin, ServiceModelForm):
    """Edit form. Membership fields appear for the secretariat only."""

    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    name_language = ContentLanguageField(label=_("Language of the name"))
    sectors = SectorChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    roles = forms.MultipleChoiceField(
        label=_("Roles in the alliance"),
        choices=MembershipRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organization
        fields = [
            "type", "name", "name_language", "short_name", "country", "region", "city",
            "latitude", "longitude", "sectors", "website", "description", "logo",
            "membership_status", "joined_on", "roles", "publishes_without_review",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "joined_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, can_manage_membership: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_translated_name_fields(self.instance.translated_names or {})
        if not can_manage_membership:
            for name in ("membership_status", "joined_on", "roles", "publishes_without_review"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["translated_names"] = self.collect_translated_names(
            self.instance.translated_names or {}, cleaned.get("name_language", "en")
        )
        return cleaned

    def prepare_copy(self, instance: Organization) -> None:
        if "translated_names" in self.cleaned_data:
            instance.translated_names = self.cleaned_data["translated_names"]

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as keyword data for organization_update."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.Meta.fields and name != "sectors"
        }
        if data.get("logo") is False:  # the "clear" box was ticked
            data["logo"] = ""
        elif not data.get("logo"):  # no new upload: leave the stored logo alone
            data.pop("logo", None)
        data["translated_names"] = self.cleaned_data["translated_names"]
        return data


class MembershipApplicationForm(TranslatedNamesMixin, forms.Form):
    """Everything an organization gives to apply: itself, a contact and an account."""

    type = forms.ChoiceField(label=_("Type"), choices=Organization._meta.get_field("type").choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("In the organization's own language."),
    )
    name_language = ContentLanguageField(label=_("Language of the name"))
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    region = forms.CharField(label=_("Province / region"), max_length=120, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    sectors = SectorChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea
    )
    logo = forms.ImageField(label=_("Logo"), required=False, validators=[validate_image_upload])
    motivation = forms.CharField(
        label=_("Why do you want to join?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact_name = forms.CharField(label=_("Your full name"), max_length=120)
    contact_position = forms.CharField(label=_("Your position"), max_length=120, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, strip=False, min_length=8
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_translated_name_fields({})

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password

    def organization_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = ("type", "name", "name_language", "country", "region", "city", "website")
        return {
            **{field: data[field] for field in fields},
            "description": data["description"],
            "logo": data.get("logo") or "",
            "translated_names": self.collect_translated_names({}, data["name_language"]),
        }

    def contact_data(self) -> dict[str, Any]:
        return {
            "name": self.cleaned_data["contact_name"],
            "position": self.cleaned_data["contact_position"],
            "phone": self.cleaned_data["contact_phone"],
            "email": self.cleaned_data["email"],
        }


class ApplicationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the applicant a reason."))
        return cleaned
