import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from innobridge.accounts import selectors, services
from innobridge.accounts.forms import EraseAccountForm, PreferencesForm
from innobridge.core.forms import add_validation_error


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything the platform holds about the signed-in user, as a JSON download."""
    data = selectors.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"innobridge-my-data-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request: HttpRequest) -> HttpResponse:
    """The user erases their own account's personal data (services.account_erase)."""
    form = EraseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_erase(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account was erased. Goodbye."))
            return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/erase.html", {"form": form}, status=status)
