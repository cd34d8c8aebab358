"""Pages of the agreements. Each view parses input and calls a selector or a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innobridge.accounts.permissions import is_secretariat
from innobridge.agreements import exchange, permissions, selectors, services
from innobridge.agreements.choices import ALLOWED_STATUS_CHANGES, AgreementStatus
from innobridge.agreements.filtersets import AgreementFilterSet
from innobridge.agreements.forms import (
    AgreementForm,
    ConfirmOnBehalfForm,
    MilestoneDoneForm,
    MilestoneForm,
    MilestoneStatusForm,
    OutcomeForm,
    StatusForm,
)
from innobridge.agreements.models import Milestone
from innobridge.core.forms import add_validation_error
from innobridge.core.selectors import change_log_for
from innobridge.core.tabular import FORMATS
from innobridge.core.views import filter_rows, list_status, run_with_messages, table_download

PAGE_SIZE = 25


def _filtered(request: HttpRequest) -> tuple[AgreementFilterSet, tuple[Any, bool]]:
    visible = selectors.agreement_list(user=request.user)
    filterset = AgreementFilterSet(request.GET or None, queryset=visible)
    return filterset, filter_rows(filterset)


def agreement_list(request: HttpRequest) -> HttpResponse:
    """The agreements the user may see, with filters and pagination; htmx-aware."""
    filterset, (queryset, valid) = _filtered(request)
    page = Paginator(queryset.order_by("-signed_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "query": query.urlencode(),
        "formats": FORMATS,
        "can_record": permissions.can_record_agreement(request.user),
    }
    template = "agreements/_results.html" if request.htmx else "agreements/list.html"
    return render(request, template, context, status=list_status(valid))


def results(request: HttpRequest) -> HttpResponse:
    """What the agreements the user may see delivered: outcome totals by year and country,
    and the funnel from listing to result."""
    visible = selectors.agreements_visible_to(request.user)
    context = {
        "by_year": selectors.outcome_totals(by="year", agreements=visible),
        "by_country": selectors.outcome_totals(by="country", agreements=visible),
        "funnel": selectors.funnel_counts(agreements=visible),
    }
    return render(request, "agreements/results.html", context)


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list as CSV or XLSX; only what the user may see."""
    if fmt not in FORMATS:
        raise Http404
    filterset, (queryset, valid) = _filtered(request)
    if not valid:
        return HttpResponse(
            " ".join(str(m) for ms in filterset.errors.values() for m in ms),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = exchange.agreements_export_rows(
        queryset.prefetch_related("work_areas", "focus_areas").order_by("-signed_on", "-pk")
    )
    return table_download(exchange.EXPORT_COLUMNS, rows, fmt=fmt, name="agreements")


def detail(request: HttpRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    user = request.user
    can_edit = permissions.can_edit_agreement(user, agreement)
    own_party = next(
        (
            party
            for party in agreement.parties.all()
            if party.organization_id == getattr(user, "organization_id", None)
        ),
        None,
    )
    forms = forms or {}
    context = {
        "agreement": agreement,
        "progress": selectors.progress_percent(
            agreement.milestones_planned, agreement.milestones_done
        ),
        "unconfirmed": selectors.unconfirmed_parties(agreement),
        "timeline": selectors.agreement_timeline(agreement),
        "can_edit": can_edit,
        "can_confirm": own_party is not None
        and not own_party.is_confirmed
        and permissions.can_confirm_for(user, own_party),
        "can_confirm_on_behalf": permissions.can_confirm_on_behalf(user),
        "can_view_evidence": permissions.can_view_private_details(user, agreement),
        "next_statuses": [
            AgreementStatus(s) for s in sorted(ALLOWED_STATUS_CHANGES[agreement.status])
        ]
        if can_edit
        else [],
        "milestone_form": forms.get("milestone") or MilestoneForm(agreement=agreement),
        "done_forms": forms.get("done", {}),
        "outcome_form": forms.get("outcome") or OutcomeForm(),
        "milestone_statuses": MilestoneStatusForm.base_fields["status"].choices,
        "behalf_form": ConfirmOnBehalfForm(),
        "history": change_log_for(agreement, page=request.GET.get("history_page", 1))
        if can_edit
        else None,
    }
    return render(request, "agreements/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_record_agreement(request.user):
        raise PermissionDenied(_("Only members and the secretariat can record agreements."))
    own = None if is_secretariat(request.user) else request.user.organization_id
    form = AgreementForm(
        request.POST or None, request.FILES or None, with_parties=True, own_organization_id=own
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                actor=request.user, parties=form.parties(), **form.service_kwargs()
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, _("Agreement recorded. The other parties are asked to confirm it.")
            )
            return redirect(agreement)
    return render(request, "agreements/form.html", {"form": form, "agreement": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    if not permissions.can_edit_agreement(request.user, agreement):
        raise PermissionDenied(_("Only the parties' editors and the secretariat can change it."))
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        instance=agreement,
        with_parties=False,
        own_organization_id=None,
    )
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        try:
            services.agreement_update(actor=request.user, agreement=agreement, **kwargs)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Agreement saved."))
            return redirect(agreement)
    return render(request, "agreements/form.html", {"form": form, "agreement": agreement})


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    run_with_messages(
        request,
        lambda: services.agreement_confirm(actor=request.user, agreement=agreement),
        _("You confirmed the agreement for your organization."),
    )
    return redirect(agreement)


@login_required
@require_POST
def confirm_on_behalf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    form = ConfirmOnBehalfForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you confirm on the party's behalf."))
        return redirect(agreement)
    party = get_object_or_404(agreement.parties, pk=form.cleaned_data["party"])
    run_with_messages(
        request,
        lambda: services.agreement_confirm_on_behalf(
            actor=request.user, party=party, reason=form.cleaned_data["reason"]
        ),
        _("Confirmed on behalf of {organization}.").format(organization=party.organization),
    )
    return redirect(agreement)


@login_required
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        run_with_messages(
            request,
            lambda: services.agreement_set_status(
                actor=request.user,
                agreement=agreement,
                status=status,
                reason=form.cleaned_data["reason"],
            ),
            _("The agreement is now “{status}”.").format(status=AgreementStatus(status).label),
        )
    else:
        messages.error(request, _("Choose a status."))
    return redirect(agreement)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    form = MilestoneForm(request.POST, agreement=agreement)
    if form.is_valid():
        try:
            services.milestone_add(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Milestone added."))
            return redirect(agreement)
    return detail(request, pk, forms={"milestone": form})


def _milestone(request: HttpRequest, pk: int, milestone_pk: int) -> Milestone:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    return get_object_or_404(agreement.milestones.select_related("agreement"), pk=milestone_pk)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    milestone = _milestone(request, pk, milestone_pk)
    form = MilestoneDoneForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.milestone_complete(
                actor=request.user,
                milestone=milestone,
                note=data["evidence_note"],
                url=data["evidence_url"],
                file=data["evidence_file"],
                completed_on=data["completed_on"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Milestone marked done."))
            return redirect(milestone.agreement)
    return detail(request, pk, forms={"done": {milestone.pk: form}})


@login_required
@require_POST
def milestone_update(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    milestone = _milestone(request, pk, milestone_pk)
    form = MilestoneStatusForm(request.POST)
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.milestone_update(
                actor=request.user,
                milestone=milestone,
                status=form.cleaned_data["status"],
                due_on=form.cleaned_data["due_on"],
            ),
            _("Milestone updated."),
        )
    else:
        messages.error(request, _("Choose a status and a valid date."))
    return redirect(milestone.agreement)


@login_required
@require_POST
def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_add(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect(agreement)
    return detail(request, pk, forms={"outcome": form})
