"""Forms of the news app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innobridge.core.forms import ContentLanguageField, ServiceModelForm
from innobridge.core.languages import content_language_choices
from innobridge.core.validators import KEYWORD_MAX_COUNT
from innobridge.news.models import Article


def _language_choices() -> list[tuple[str, str]]:
    return [("", _("Detect automatically")), *content_language_choices()]


class ArticleForm(ServiceModelForm):
    """Write or edit an article; the services sanitize the text and detect the language."""

    language = ContentLanguageField(
        label=_("Language of the text"), choices=_language_choices, required=False
    )
    source_url = forms.URLField(
        label=_("Address of the source"), required=False, max_length=500, assume_scheme="https"
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=1500, help_text=_("Separated by commas.")
    )

    class Meta:
        model = Article
        fields = [
            "title", "subtitle", "lead", "body", "language", "source", "source_url", "author",
            "editor", "published_at", "time_zone", "cover_image", "tags", "organizations",
            "agreements",
        ]  # fmt: skip
        # Organization names and agreement titles are content (the page walk skips them).
        widgets = {
            "body": forms.Textarea(attrs={"rows": 16}),
            "lead": forms.Textarea(),
            "organizations": forms.SelectMultiple(attrs={"data-content": ""}),
            "agreements": forms.SelectMultiple(attrs={"data-content": ""}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["tags"] = ", ".join(self.instance.tags)

    def clean_tags(self) -> list[str]:
        tags = [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        if len(tags) > KEYWORD_MAX_COUNT:
            raise forms.ValidationError(
                _("Give at most %(max)d tags."), params={"max": KEYWORD_MAX_COUNT}
            )
        return tags

    def service_kwargs(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in {"organizations", "agreements"}
        }
        return {
            "data": data,
            "organizations": self.cleaned_data["organizations"],
            "agreements": self.cleaned_data["agreements"],
        }


class PublishForm(forms.Form):
    flags_reviewed = forms.BooleanField(
        label=_("I reviewed the flagged spans: none of them is in the text to publish."),
        required=False,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Saved web page"), help_text=_("An HTML page or a text file, in any charset.")
    )
    time_zone = forms.CharField(
        label=_("Time zone of the publish time"),
        required=False,
        max_length=64,
        help_text=_("Only used when the page gives a time without one, e.g. Asia/Bangkok."),
    )
