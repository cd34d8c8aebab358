from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from innobridge.accounts.models import User


class SignInForm(AuthenticationForm):
    """Sign-in with e-mail and password, labelled in the UI language."""

    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )
    error_messages = {
        "invalid_login": _("The e-mail address or the password is wrong."),
        "inactive": _("This account is inactive."),
    }


class PreferencesForm(forms.ModelForm):
    """What a signed-in user chooses for themselves: name, language, e-mail digests."""

    # Each language is offered in its own name (English, 简体中文, ...), as pickers do.
    preferred_language = forms.ChoiceField(
        label=_("Language of e-mails"),
        required=False,
        widget=forms.Select(attrs={"data-content": ""}),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_language", "match_digest"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = [("", "—"), *settings.LANGUAGES]


class EraseAccountForm(forms.Form):
    """Erasing an account asks for its password, so that an open session left behind
    cannot erase it."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
