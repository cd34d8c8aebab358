"""Form helpers shared by every app."""

from __future__ import annotations

import copy

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from innobridge.core.exchange import registered_datasets
from innobridge.core.languages import canonical_language, content_language_choices


def add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to a form, per field where the form has that field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        for message in messages:
            form.add_error(target, message)


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that validates and renders while a service writes.

    Django's ModelForm copies the cleaned values onto its instance as it validates
    (construct_instance in _post_clean), so a view handed the service an object already
    changed, or read it again from the database to avoid that. This form validates a copy:
    `instance` stays as stored, and the service receives it with the form's data. Values
    that are not form fields but must be validated with the model go onto the copy in
    `prepare_copy`.
    """

    def prepare_copy(self, instance) -> None:
        """Set on the copy what the model must validate beyond the form's own fields."""

    def _post_clean(self) -> None:
        stored = self.instance
        self.instance = copy.copy(stored)
        self.prepare_copy(self.instance)
        try:
            super()._post_clean()
        finally:
            self.instance = stored


class FastSelect(forms.Select):
    """A <select> that renders its options in Python.

    Django renders each option through a template include: a list page's filter form, with
    its countries, languages and taxonomies, made a hundred includes per request, most of
    the browse page's rendering time at 100,000 listings (bench/load.py). The HTML is the
    same as Django's templates give.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    ("" if o["value"] is None else str(o["value"]), flatatt(o["attrs"]), o["label"])
                    for o in options
                ),
            )
            if group_name:
                rendered = format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
            groups.append(rendered)
        options_html = mark_safe("".join(groups))  # noqa: S308 - each part is format_html  # nosec B308, B703
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            options_html,
        )


def use_fast_selects(form: forms.BaseForm) -> forms.BaseForm:
    """Give every plain single <select> of `form` the FastSelect renderer (same HTML)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            fast = FastSelect(attrs=field.widget.attrs)
            fast.choices = field.widget.choices
            fast.is_required = field.widget.is_required
            field.widget = fast
    return form


class ContentLanguageField(forms.ChoiceField):
    """A content language: the choices name them in the UI language, and a typed BCP 47 tag
    (`zh-TW`, `vi-VN`) counts as its canonical code."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("choices", content_language_choices)
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        value = super().to_python(value)
        return canonical_language(value) or value


class ContentLanguagesField(forms.MultipleChoiceField):
    """Several content languages, each as ContentLanguageField takes one."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("choices", content_language_choices)
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        return [canonical_language(item) or item for item in super().to_python(value)]


class LabelledModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Taxonomy entries (sectors, work areas, ...) named in the UI language."""

    def label_from_instance(self, obj) -> str:
        return obj.label()


class LabelledModelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label()


class TableImportForm(forms.Form):
    """An upload for the secretariat's import of one of the registered datasets."""

    dataset = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(label=_("CSV or Excel (XLSX) file"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = [
            (name, dataset.label) for name, dataset in registered_datasets().items()
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                },
            )
        return upload
