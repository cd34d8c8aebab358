"""Pages of the member directory. Each view parses input and calls a selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innobridge.accounts.permissions import (
    can_decide_applications,
    can_edit_organization,
    can_view_change_log,
)
from innobridge.core.forms import add_validation_error
from innobridge.core.selectors import change_log_for
from innobridge.core.views import filter_rows, list_status
from innobridge.organizations import selectors, services
from innobridge.organizations.filtersets import OrganizationFilterSet
from innobridge.organizations.forms import (
    ApplicationDecisionForm,
    MembershipApplicationForm,
    OrganizationForm,
)
from innobridge.organizations.models import MembershipApplication, Organization

DIRECTORY_PAGE_SIZE = 24


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organizations/home.html",
        {"counts": selectors.alliance_counts(), "newest": selectors.newest_members()},
    )


def directory(request: HttpRequest) -> HttpResponse:
    """The member directory: filters, name search, sorting and pagination; htmx-aware."""
    filterset = OrganizationFilterSet(
        request.GET or None, queryset=selectors.directory_queryset(user=request.user)
    )
    queryset, valid = filter_rows(filterset)
    page = Paginator(queryset, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filterset": filterset, "page": page, "query": query.urlencode()}
    template = "organizations/_results.html" if request.htmx else "organizations/directory.html"
    return render(request, template, context, status=list_status(valid))


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get(user=request.user, pk=pk)
    context = {
        "organization": organization,
        "contacts": selectors.contacts_visible_to(user=request.user, organization=organization),
        "can_edit": can_edit_organization(request.user, organization),
        "can_view_log": can_view_change_log(request.user),
        "application": (
            selectors.application_latest_for(organization)
            if can_edit_organization(request.user, organization)
            else None
        ),
    }
    return render(request, "organizations/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get(user=request.user, pk=pk)
    if not can_edit_organization(request.user, organization):
        raise PermissionDenied(_("You can only edit your own organization."))
    form = OrganizationForm(
        request.POST or None,
        request.FILES or None,
        instance=organization,
        can_manage_membership=request.user.is_secretariat,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                organization=organization,
                actor=request.user,
                data=form.service_data(),
                sectors=form.cleaned_data["sectors"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The organization was saved."))
            return redirect(organization)
    return render(request, "organizations/edit.html", {"form": form, "organization": organization})


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_view_change_log(request.user):
        raise PermissionDenied(_("Only the secretariat reads the change log."))
    organization = get_object_or_404(Organization, pk=pk)
    page = change_log_for(organization, page=request.GET.get("page", 1))
    return render(
        request, "organizations/history.html", {"organization": organization, "page": page}
    )


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """Membership application by a visitor; creates the applicant's account too."""
    if request.user.is_authenticated:
        messages.info(request, _("You are signed in: your organization is already registered."))
        return redirect("organizations:directory")
    form = MembershipApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                organization_data=form.organization_data(),
                sectors=form.cleaned_data["sectors"],
                contact=form.contact_data(),
                applicant_email=form.cleaned_data["email"],
                applicant_name=form.cleaned_data["contact_name"],
                password=form.cleaned_data["password"],
                motivation=form.cleaned_data["motivation"],
                confirm_url=_confirm_url(request),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            # The same answer whether or not the address had an account (services.py).
            return redirect("organizations:apply-sent")
    return render(request, "organizations/apply.html", {"form": form})


def _confirm_url(request: HttpRequest):
    return lambda token: request.build_absolute_uri(
        reverse("organizations:apply-confirm", args=[token])
    )


def apply_sent(request: HttpRequest) -> HttpResponse:
    """After applying: look for the link in your e-mail."""
    return render(request, "organizations/apply_sent.html")


@require_GET
def apply_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: the account opens, the applicant is signed in and the
    application goes to the secretariat."""
    try:
        application = services.application_confirm(token=token, confirm_url=_confirm_url(request))
    except ValidationError as error:
        return render(
            request, "organizations/apply_link.html", {"errors": error.messages}, status=400
        )
    login(request, application.applicant, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Thank you. The secretariat will review your application."))
    return redirect(application.organization)


@login_required
def applications(request: HttpRequest) -> HttpResponse:
    """The secretariat's queue of pending applications, oldest first."""
    if not can_decide_applications(request.user):
        raise PermissionDenied(_("Only the secretariat decides on applications."))
    page = Paginator(selectors.applications_pending(), 20).get_page(request.GET.get("page"))
    return render(request, "organizations/applications.html", {"page": page})


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_decide_applications(request.user):
        raise PermissionDenied(_("Only the secretariat decides on applications."))
    application = get_object_or_404(MembershipApplication, pk=pk)
    form = ApplicationDecisionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, error)
        return redirect("organizations:applications")
    try:
        if form.cleaned_data["decision"] == "approve":
            services.application_approve(
                application=application, actor=request.user, note=form.cleaned_data["reason"]
            )
            messages.success(request, _("The application was approved."))
        else:
            services.application_reject(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The application was rejected."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("organizations:applications")
