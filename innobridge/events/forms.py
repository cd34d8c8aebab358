"""Forms of the events pages: they parse input; the services decide."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innobridge.agreements.models import Agreement
from innobridge.agreements.selectors import agreements_editable_by
from innobridge.core.forms import ContentLanguagesField
from innobridge.core.languages import canonical_language
from innobridge.events.choices import Priority
from innobridge.events.models import MESSAGE_MAX_LENGTH, Event, MeetingSlot
from innobridge.marketplace.choices import ListingKind, ListingStatus
from innobridge.marketplace.models import Listing

OFFERING_KINDS = (ListingKind.OFFER, ListingKind.RESOURCE, ListingKind.TALENT, ListingKind.CALL)


class _ListingChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Listing) -> str:
        return obj.title


class RegistrationForm(forms.Form):
    """Register, or change a registration: role, languages, what one offers and seeks,
    the sessions one attends."""

    role = forms.CharField(
        label=_("Your role at the event"),
        required=False,
        max_length=100,
        help_text=_("e.g. speaker, delegate, investor"),
    )
    languages = ContentLanguagesField(
        label=_("Languages you speak"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A meeting with someone who speaks none of them gets an interpreter."),
    )
    offers = _ListingChoice(
        label=_("What you offer"),
        queryset=Listing.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    seeks = _ListingChoice(
        label=_("What you seek"),
        queryset=Listing.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sessions = forms.ModelMultipleChoiceField(
        label=_("Sessions you attend"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, organization_id: int | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        published = Listing.objects.filter(
            owner_id=organization_id, status=ListingStatus.PUBLISHED
        ).order_by("title")
        self.fields["offers"].queryset = published.filter(kind__in=OFFERING_KINDS)
        self.fields["seeks"].queryset = published.filter(kind=ListingKind.NEED)
        self.fields["sessions"].queryset = event.sessions.order_by("starts_at", "pk")
        self.fields["sessions"].label_from_instance = lambda session: (
            f"{session.local_starts_at:%Y-%m-%d %H:%M} {session.title}"
        )
        if not event.sessions.exists():
            del self.fields["sessions"]


class MeetingRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you would like to discuss."),
    )
    priority = forms.TypedChoiceField(
        label=_("How much you want this meeting"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.NORMAL,
    )


class MeetingAnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("1", _("Accept")), ("0", _("Decline"))], coerce=lambda v: v == "1"
    )
    priority = forms.TypedChoiceField(
        label=_("How much you want this meeting"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.NORMAL,
        required=False,
        empty_value=Priority.NORMAL,
    )


class OutcomeForm(forms.Form):
    held = forms.TypedChoiceField(
        label=_("Did the meeting take place?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
    )
    follow_up = forms.BooleanField(label=_("We will follow up"), required=False)


class FollowUpInterestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message to them"), max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea
    )


class FollowUpAgreementForm(forms.Form):
    """Which of the agreements the user may edit the meeting led to."""

    agreement = forms.ModelChoiceField(label=_("Agreement"), queryset=Agreement.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements_editable_by(user).order_by("title")


class AvailabilityForm(forms.Form):
    unavailable_slots = forms.ModelMultipleChoiceField(
        label=_("Slots when you cannot meet"),
        queryset=MeetingSlot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unavailable_slots"].queryset = event.slots.order_by("starts_at")


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
        help_text=_("Scan the QR code or type the code."),
    )


class SlotForm(forms.Form):
    """A meeting slot, in the event's local time."""

    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        self.event = event
        super().__init__(*args, **kwargs)

    def _local(self, value: datetime) -> datetime:
        return value.replace(tzinfo=None).replace(tzinfo=self.event.zone)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in ("starts_at", "ends_at"):
            if cleaned.get(name):
                cleaned[name] = self._local(cleaned[name])
        return cleaned


class TableForm(forms.Form):
    name = forms.CharField(label=_("Table or room"), max_length=60)
    online_url = forms.URLField(label=_("Online room"), required=False, assume_scheme="https")


class InterpreterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    language_pairs = forms.CharField(
        label=_("Language pairs"),
        max_length=400,
    )
    unavailable_slots = forms.ModelMultipleChoiceField(
        label=_("Unavailable in"),
        queryset=MeetingSlot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unavailable_slots"].queryset = event.slots.order_by("starts_at")
        # The codes are typed as they are in every language: marked so that nobody
        # (translator or browser) translates them.
        self.fields["language_pairs"].help_text = format_html(
            _("Pairs of language codes, e.g. {example}."),
            example=format_html('<code translate="no">{}</code>', "zh-hans:vi, en:ru"),
        )

    def clean_language_pairs(self) -> list[list[str]]:
        pairs = []
        for chunk in self.cleaned_data["language_pairs"].split(","):
            parts = [canonical_language(part) or part.strip().lower() for part in chunk.split(":")]
            if len(parts) != 2 or not all(parts):
                raise ValidationError(
                    _("“%(pair)s” is not a pair such as zh-hans:vi."),
                    params={"pair": chunk.strip()},
                )
            pairs.append(parts)
        return pairs


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Decline"))], coerce=lambda v: v == "1"
    )
