"""Pages of the events app. Each view parses input and calls a selector or a service."""

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

from innobridge.agreements.selectors import agreements_visible_to
from innobridge.core.forms import add_validation_error
from innobridge.core.tabular import FORMATS
from innobridge.core.views import filter_rows, list_status, run_with_messages, table_download
from innobridge.events import ical, permissions, selectors, services
from innobridge.events.choices import EventStatus, MeetingStatus, RegistrationStatus
from innobridge.events.filtersets import EventFilterSet
from innobridge.events.forms import (
    AvailabilityForm,
    CheckInForm,
    DecisionForm,
    FollowUpAgreementForm,
    FollowUpInterestForm,
    InterpreterForm,
    MeetingAnswerForm,
    MeetingRequestForm,
    OutcomeForm,
    RegistrationForm,
    SlotForm,
    TableForm,
)
from innobridge.events.models import Meeting, Registration
from innobridge.events.qr import qr_data_uri

PAGE_SIZE = 20


def _calendar_response(ics: bytes, name: str) -> HttpResponse:
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


def _errors_as_messages(request: HttpRequest, form) -> None:
    """A form posted by a button on another page shows its errors there, as messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def calendar(request: HttpRequest) -> HttpResponse:
    """Upcoming and past events with filters; htmx-aware."""
    filterset = EventFilterSet(request.GET or None, queryset=selectors.calendar_queryset())
    queryset, valid = filter_rows(filterset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filterset": filterset, "page": page, "query": query.urlencode()}
    template = "events/_results.html" if request.htmx else "events/calendar.html"
    return render(request, template, context, status=list_status(valid))


def calendar_ics(request: HttpRequest) -> HttpResponse:
    events = selectors.calendar_queryset().order_by("starts_at", "pk")
    return _calendar_response(
        ical.events_calendar(events, name=_("Alliance events")), "innobridge-events"
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(pk=pk)
    user = request.user
    visible_agreements = agreements_visible_to(user)
    context = {
        "event": event,
        "days": selectors.timetable(event),
        "registration": selectors.registration_of(event, user),
        "can_manage": permissions.can_manage_event(user, event),
        "agreements": visible_agreements.filter(signed_at=event).order_by("title"),
        "report": selectors.report(event, agreements=visible_agreements)
        if event.status == EventStatus.HELD
        else None,
    }
    return render(request, "events/detail.html", context)


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(pk=pk)
    return _calendar_response(ical.event_calendar(event), f"innobridge-event-{event.pk}")


# --- Registration ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register (or change a registration): languages, what one offers and seeks."""
    event = selectors.event_get(pk=pk)
    registration = selectors.registration_of(event, request.user)
    initial = {}
    if registration is not None:
        initial = {
            "role": registration.role,
            "languages": registration.languages,
            "offers": list(registration.offers.all()),
            "seeks": list(registration.seeks.all()),
            "sessions": list(registration.sessions.all()),
        }
    form = RegistrationForm(
        request.POST or None,
        initial=initial,
        event=event,
        organization_id=request.user.organization_id,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if registration is not None and registration.is_active:
                services.registration_update(
                    actor=request.user,
                    registration=registration,
                    languages=data["languages"],
                    role=data["role"],
                    offers=data["offers"],
                    seeks=data["seeks"],
                    sessions=data.get("sessions"),
                )
                messages.success(request, _("Your registration was changed."))
            else:
                services.registration_create(
                    actor=request.user,
                    event=event,
                    languages=data["languages"],
                    role=data["role"],
                    offers=data["offers"],
                    seeks=data["seeks"],
                    sessions=data.get("sessions"),
                )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("events:registration", pk=event.pk)
    context = {"event": event, "form": form, "registration": registration}
    status = 400 if request.method == "POST" else 200
    return render(request, "events/register.html", context, status=status)


@login_required
def registration(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's registration: its status, the QR code of its check-in code."""
    event = selectors.event_get(pk=pk)
    registration = selectors.registration_of(event, request.user)
    if registration is None:
        raise Http404
    context = {
        "event": event,
        "registration": registration,
        "qr": qr_data_uri(registration.code)
        if registration.status == RegistrationStatus.CONFIRMED
        else "",
    }
    return render(request, "events/registration.html", context)


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(pk=pk)
    registration = selectors.registration_of(event, request.user)
    if registration is None:
        raise Http404
    run_with_messages(
        request,
        lambda: services.registration_cancel(actor=request.user, registration=registration),
        _("Your registration was cancelled."),
    )
    return redirect(event)


# --- B2B meetings --------------------------------------------------------------------------


def _own_registration(request: HttpRequest, event) -> Registration:
    registration = selectors.registration_of(event, request.user)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        raise PermissionDenied(_("Only confirmed participants meet others at this event."))
    return registration


def _meeting_title(registration: Registration):
    def title(meeting: Meeting) -> str:
        other = meeting.recipient if meeting.requester_id == registration.pk else meeting.requester
        return _("Meeting with {name}").format(name=other.user.get_full_name() or other.user.email)

    return title


@login_required
def partners(request: HttpRequest, pk: int) -> HttpResponse:
    """Suggested partners among the other participants, with the listings that matched."""
    event = selectors.event_get(pk=pk)
    registration = _own_registration(request, event)
    context = {
        "event": event,
        "registration": registration,
        "suggestions": selectors.suggested_partners(registration),
        "form": MeetingRequestForm(),
    }
    return render(request, "events/partners.html", context)


@login_required
@require_POST
def meeting_request(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = selectors.event_get(pk=pk)
    recipient = get_object_or_404(Registration, pk=registration_pk, event=event)
    form = MeetingRequestForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("events:partners", pk=event.pk)
    run_with_messages(
        request,
        lambda: services.meeting_request(
            actor=request.user,
            event=event,
            recipient=recipient,
            message=form.cleaned_data["message"],
            priority=form.cleaned_data["priority"],
        ),
        _("Your request was sent."),
    )
    return redirect("events:meetings", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's meetings (asked, asked of them, scheduled) and their availability."""
    event = selectors.event_get(pk=pk)
    registration = _own_registration(request, event)
    availability = AvailabilityForm(
        request.POST or None,
        event=event,
        initial={"unavailable_slots": list(registration.unavailable_slots.all())},
    )
    if request.method == "POST" and availability.is_valid():
        run_with_messages(
            request,
            lambda: services.registration_update(
                actor=request.user,
                registration=registration,
                unavailable_slots=availability.cleaned_data["unavailable_slots"],
            ),
            _("Your availability was saved."),
        )
        return redirect("events:meetings", pk=event.pk)
    agreement_form = FollowUpAgreementForm(user=request.user)
    context = {
        "event": event,
        "registration": registration,
        "meetings": selectors.meetings_of(registration),
        "availability": availability,
        "answer_form": MeetingAnswerForm(),
        "outcome_form": OutcomeForm(),
        "agreement_form": agreement_form,
        "can_link_agreement": agreement_form.fields["agreement"].queryset.exists(),
    }
    status = 400 if request.method == "POST" else 200  # the availability form was invalid
    return render(request, "events/meetings.html", context, status=status)


def _meeting(request: HttpRequest, pk: int, meeting_pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("event", "requester__user", "recipient__user"),
        pk=meeting_pk,
        event_id=pk,
    )
    if not permissions.can_take_part_in_meeting(request.user, meeting):
        raise Http404
    return meeting


@login_required
@require_POST
def meeting_answer(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_pk)
    form = MeetingAnswerForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["accept"]
        run_with_messages(
            request,
            lambda: services.meeting_answer(
                actor=request.user,
                meeting=meeting,
                accept=accept,
                priority=form.cleaned_data["priority"],
            ),
            _("You accepted the meeting.") if accept else _("You declined the meeting."),
        )
    else:
        _errors_as_messages(request, form)
    return redirect("events:meetings", pk=pk)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_pk)
    run_with_messages(
        request,
        lambda: services.meeting_cancel(actor=request.user, meeting=meeting),
        _("The meeting was cancelled."),
    )
    return redirect("events:meetings", pk=pk)


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.meeting_record_outcome(
                actor=request.user,
                meeting=meeting,
                held=form.cleaned_data["held"],
                follow_up=form.cleaned_data["follow_up"],
            ),
            _("Thank you: the meeting's outcome was saved."),
        )
    else:
        _errors_as_messages(request, form)
    return redirect("events:meetings", pk=pk)


@login_required
@require_POST
def meeting_follow_up_interest(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """A held meeting becomes an expression of interest in the other side's listing."""
    meeting = _meeting(request, pk, meeting_pk)
    form = FollowUpInterestForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("events:meetings", pk=pk)
    run_with_messages(
        request,
        lambda: services.meeting_follow_up_as_interest(
            actor=request.user, meeting=meeting, message=form.cleaned_data["message"]
        ),
        _("Your interest was sent: follow it in the marketplace."),
    )
    return redirect("events:meetings", pk=pk)


@login_required
@require_POST
def meeting_follow_up_agreement(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Record which agreement a held meeting led to."""
    meeting = _meeting(request, pk, meeting_pk)
    form = FollowUpAgreementForm(request.POST, user=request.user)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("events:meetings", pk=pk)
    run_with_messages(
        request,
        lambda: services.meeting_follow_up_as_agreement(
            actor=request.user, meeting=meeting, agreement=form.cleaned_data["agreement"]
        ),
        _("The meeting is linked to the agreement."),
    )
    return redirect("events:meetings", pk=pk)


@login_required
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(pk=pk)
    registration = _own_registration(request, event)
    context = {
        "event": event,
        "registration": registration,
        "items": selectors.agenda(registration),
    }
    return render(request, "events/agenda.html", context)


@login_required
def agenda_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(pk=pk)
    registration = _own_registration(request, event)
    ics = ical.agenda_calendar(
        event, selectors.agenda(registration), meeting_title=_meeting_title(registration)
    )
    return _calendar_response(ics, f"innobridge-agenda-{event.pk}")


# --- The organizer's pages -----------------------------------------------------------------


def _managed_event(request: HttpRequest, pk: int):
    event = selectors.event_get(pk=pk)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied(_("Only the event's organizers and the secretariat see this."))
    return event


@login_required
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    page = Paginator(selectors.participants(event), 50).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "page": page,
        "formats": FORMATS,
        "decision_form": DecisionForm(),
    }
    return render(request, "events/participants.html", context)


@login_required
def participants_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    event = _managed_event(request, pk)
    if fmt not in FORMATS:
        raise Http404
    return table_download(
        selectors.PARTICIPANT_COLUMNS,
        selectors.participant_rows(event),
        fmt=fmt,
        name=f"event-{event.pk}-participants",
    )


@login_required
@require_POST
def registration_decide(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    form = DecisionForm(request.POST)
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.registration_decide(
                actor=request.user, registration=registration, approve=form.cleaned_data["approve"]
            ),
            _("The registration was decided."),
        )
    else:
        _errors_as_messages(request, form)
    return redirect("events:participants", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The organizer scans or types a code; a wrong or reused code is refused and said."""
    event = _managed_event(request, pk)
    form = CheckInForm(request.POST or None)
    admitted = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            admitted = services.check_in(
                actor=request.user, event=event, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            form = CheckInForm()
    if form.errors:  # an empty or too long code, or one the service refused
        status = 400
    context = {
        "event": event,
        "form": form,
        "admitted": admitted,
        "arrivals": event.registrations.filter(checked_in_at__isnull=False).count(),
        "expected": event.registrations.filter(status=RegistrationStatus.CONFIRMED).count(),
    }
    template = (
        "events/_arrivals.html"
        if request.htmx and request.GET.get("count")
        else ("events/check_in.html")
    )
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def b2b(request: HttpRequest, pk: int) -> HttpResponse:
    """Slots, tables and interpreters of the B2B meetings, and the schedule."""
    event = _managed_event(request, pk)
    forms: dict[str, Any] = {
        "slot": SlotForm(event=event, prefix="slot"),
        "table": TableForm(prefix="table"),
        "interpreter": InterpreterForm(event=event, prefix="interpreter"),
    }
    status = 200
    if request.method == "POST":
        status = _b2b_post(request, event, forms)
        if status == 302:
            return redirect("events:b2b", pk=event.pk)
    context = {
        "event": event,
        "forms": forms,
        "slots": event.slots.all(),
        "tables": event.tables.all(),
        "interpreters": event.interpreters.prefetch_related("unavailable_slots"),
        "runs": event.schedule_runs.all()[:5],
        "scheduled": event.meetings.filter(status=MeetingStatus.ACCEPTED)
        .select_related("slot", "table", "interpreter", "requester__user", "recipient__user")
        .order_by("slot__starts_at", "table__pk", "pk"),
    }
    return render(request, "events/b2b.html", context, status=status)


def _b2b_post(request: HttpRequest, event, forms: dict[str, Any]) -> int:
    """Handle one of the B2B setup forms; 302 on success, 400 with the form's errors."""
    action = request.POST.get("action")
    try:
        if action == "slot":
            form = forms["slot"] = SlotForm(request.POST, event=event, prefix="slot")
            if form.is_valid():
                services.slot_add(actor=request.user, event=event, **form.cleaned_data)
                messages.success(request, _("The slot was added."))
                return 302
        elif action == "table":
            form = forms["table"] = TableForm(request.POST, prefix="table")
            if form.is_valid():
                services.table_add(actor=request.user, event=event, **form.cleaned_data)
                messages.success(request, _("The table was added."))
                return 302
        elif action == "interpreter":
            form = forms["interpreter"] = InterpreterForm(
                request.POST, event=event, prefix="interpreter"
            )
            if form.is_valid():
                services.interpreter_save(actor=request.user, event=event, **form.cleaned_data)
                messages.success(request, _("The interpreter was added."))
                return 302
        elif action == "schedule":
            services.schedule_request(actor=request.user, event=event)
            messages.success(request, _("The schedule is being computed."))
            return 302
        else:
            raise Http404
    except ValidationError as error:
        if action == "schedule":
            for message in error.messages:
                messages.error(request, message)
            return 302
        add_validation_error(form, error)
    return 400


def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The post-event report's tables as one CSV or XLSX (section, item, count)."""
    event = selectors.event_get(pk=pk)
    if fmt not in FORMATS:
        raise Http404
    if event.status != EventStatus.HELD and not permissions.can_manage_event(request.user, event):
        raise Http404
    figures = selectors.report(event, agreements=agreements_visible_to(request.user))
    rows = selectors.report_rows(figures)
    return table_download(
        ["section", "item", "count"], rows, fmt=fmt, name=f"event-{event.pk}-report"
    )
