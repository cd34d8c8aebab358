"""Pages of the marketplace. Each view parses input and calls a selector or a service."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innobridge.accounts.permissions import is_member_user, is_secretariat
from innobridge.core.countries import country_name
from innobridge.core.forms import add_validation_error
from innobridge.core.views import filter_rows, list_status, run_with_messages
from innobridge.marketplace import permissions, selectors, services
from innobridge.marketplace.choices import ListingKind, ListingStatus
from innobridge.marketplace.filtersets import ListingFilterSet
from innobridge.marketplace.forms import AttachmentForm, InterestForm, ListingForm, ModerationForm
from innobridge.marketplace.models import Attachment, Listing
from innobridge.organizations.models import Organization

PAGE_SIZE = 20


class _BrowseFilters(NamedTuple):
    """What a browse page shows the same on each of its pages: rendered once per query
    (without its page number) and UI language."""

    form: str  # the filter fields
    facets: str  # the facet links
    count: int  # listings the filters select
    status: int  # 400 while the filters are not valid


def browse(request: HttpRequest) -> HttpResponse:
    """Published listings with filters, facet counts and pagination; htmx-aware.

    The page is the same for everyone who asks the same query in the same UI language, so
    it is rendered once and kept while no published listing changes
    (`selectors.cached_published`): rendering the cards and the filters' options was most
    of the page's time. It is kept in two parts, so that turning to another page of the
    same query renders its cards alone: the filters, facets and count are shared by all its
    pages (at 100,000 listings on PostgreSQL, an uncached page whose filters are known took
    84 ms in one part, 53 ms in two; bench/load.py's corpus, 2026-12-04)."""
    language = get_language()
    filters_query = sorted((k, v) for k, v in request.GET.lists() if k != "page")
    filters = selectors.cached_published(
        "browse-filters", [language, filters_query], lambda: _render_browse_filters(request)
    )
    results = selectors.cached_published(
        "browse-page", [language, sorted(request.GET.lists())],
        lambda: _render_browse_page(request, filters),
    )  # fmt: skip
    if request.htmx:
        return HttpResponse(results, status=filters.status)
    # Both are the SafeStrings render_to_string made (the cache keeps their class).
    context = {"filters": filters.form, "results": results}
    return render(request, "marketplace/browse.html", context, status=filters.status)


def _browse_filterset(request: HttpRequest) -> ListingFilterSet:
    published = Listing.objects.filter(status=ListingStatus.PUBLISHED)
    filterset = ListingFilterSet(request.GET or None, queryset=published)
    for internal in ("status", "owner", "ref"):
        filterset.form.fields.pop(internal, None)
    return filterset


def _render_browse_filters(request: HttpRequest) -> _BrowseFilters:
    filterset = _browse_filterset(request)
    queryset, valid = filter_rows(filterset)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "facets": selectors.cached_facet_counts(queryset, list(query.lists())) if valid else {},
    }
    return _BrowseFilters(
        form=render_to_string("marketplace/_filters.html", context, request),
        facets=render_to_string("marketplace/_facets.html", context, request),
        count=queryset.count(),
        status=list_status(valid),
    )


def _render_browse_page(request: HttpRequest, filters: _BrowseFilters) -> str:
    """The results of one page: the facets and count already rendered, the cards."""
    queryset, _valid = filter_rows(_browse_filterset(request))
    paginator = Paginator(
        selectors.with_list_relations(queryset).order_by("-published_at", "-pk"), PAGE_SIZE
    )
    paginator.count = filters.count  # counted once for all the query's pages
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"facets_html": filters.facets, "page": page, "query": query.urlencode()}
    return render_to_string("marketplace/_results.html", context, request)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_get(user=request.user, pk=pk)
    user = request.user
    interests = selectors.interests_for_listing(user=user, listing=listing)
    own_interest = next(
        (i for i in interests if i.organization_id == getattr(user, "organization_id", None)),
        None,
    )
    can_manage = permissions.can_manage_listing(user, listing)
    context = {
        "listing": listing,
        "target_countries": [country_name(c) for c in selectors.target_country_codes(listing)],
        "can_manage": can_manage,
        "can_edit": permissions.can_edit_listing(user, listing),
        "can_moderate": permissions.can_moderate(user)
        and listing.status == ListingStatus.SUBMITTED,
        "show_history": can_manage or is_secretariat(user),
        "transitions": selectors.listing_transitions(listing) if can_manage else [],
        "interests": interests,
        "own_interest": own_interest,
        "shared_contacts": {
            interest.pk: selectors.contacts_shared_with(user=user, interest=interest)
            for interest in interests
        },
        "interest_form": (
            InterestForm()
            if own_interest is None and permissions.can_express_interest(user, listing)
            else None
        ),
        "moderation_form": ModerationForm(),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "marketplace/detail.html", context)


def _owner_for_new_listing(request: HttpRequest) -> Organization:
    """Members create for their organization; the secretariat may pick one with ?owner=."""
    if is_secretariat(request.user) and request.GET.get("owner"):
        return get_object_or_404(Organization, pk=request.GET["owner"])
    if is_member_user(request.user):
        return request.user.organization
    raise PermissionDenied(_("Only members of the alliance can create listings."))


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ListingKind.values:
        raise Http404
    owner = _owner_for_new_listing(request)
    form = ListingForm(request.POST or None, kind=kind, owner_id=owner.pk)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(
                actor=request.user, owner=owner, **form.service_kwargs()
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Draft saved. Submit it when it is ready."))
            return redirect(listing)
    return render(
        request,
        "marketplace/form.html",
        {"form": form, "kind_label": ListingKind(kind).label, "listing": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_get(user=request.user, pk=pk)
    if not permissions.can_edit_listing(request.user, listing):
        raise PermissionDenied(_("You cannot edit this listing."))
    form = ListingForm(
        request.POST or None, instance=listing, kind=listing.kind, owner_id=listing.owner_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(listing=listing, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The listing was saved."))
            return redirect(listing)
    return render(
        request,
        "marketplace/form.html",
        {"form": form, "kind_label": listing.get_kind_display(), "listing": listing},
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_get(user=request.user, pk=pk)
    run_with_messages(
        request,
        lambda: services.listing_submit(listing=listing, actor=request.user),
        _("The listing was sent to the secretariat."),
    )
    return redirect(listing)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_get(user=request.user, pk=pk)
    run_with_messages(
        request,
        lambda: services.listing_close(listing=listing, actor=request.user),
        _("The listing was closed."),
    )
    return redirect(listing)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_get(user=request.user, pk=pk)
    services.listing_delete(listing=listing, actor=request.user)
    messages.success(request, _("The listing was deleted."))
    return redirect("marketplace:dashboard")


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_get(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        run_with_messages(
            request,
            lambda: services.attachment_add(
                listing=listing, actor=request.user, file=form.cleaned_data["file"]
            ),
            _("The file was attached."),
        )
    else:
        for error in form.errors.get("file", []):
            messages.error(request, error)
    return redirect(listing)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    listing = selectors.listing_get(user=request.user, pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, listing=listing)
    services.attachment_remove(attachment=attachment, actor=request.user)
    messages.success(request, _("The file was removed."))
    return redirect(listing)


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied(_("Only the secretariat moderates listings."))
    page = Paginator(selectors.moderation_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "marketplace/moderation.html", {"page": page})


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied(_("Only the secretariat moderates listings."))
    listing = get_object_or_404(Listing, pk=pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    elif form.cleaned_data["decision"] == "approve":
        run_with_messages(
            request,
            lambda: services.listing_approve(
                listing=listing, actor=request.user, note=form.cleaned_data["reason"]
            ),
            _("The listing was published."),
        )
    else:
        run_with_messages(
            request,
            lambda: services.listing_return(
                listing=listing, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            _("The listing was returned to its author."),
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "marketplace:moderation"
    return redirect(target)


@login_required
@require_POST
def express_interest(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_get(user=request.user, pk=pk)
    form = InterestForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, error)
        return redirect(listing)
    run_with_messages(
        request,
        lambda: services.interest_express(
            listing=listing, actor=request.user, message=form.cleaned_data["message"]
        ),
        _("Your interest was sent to the owner."),
    )
    return redirect(listing)


@login_required
@require_POST
def answer_interest(request: HttpRequest, pk: int) -> HttpResponse:
    interest = selectors.interest_get(user=request.user, pk=pk)
    decision = request.POST.get("decision")
    if decision not in {"accept", "decline"}:
        messages.error(request, _("Choose to accept or decline."))
        return redirect(interest.listing)
    accept = decision == "accept"
    run_with_messages(
        request,
        lambda: services.interest_answer(interest=interest, actor=request.user, accept=accept),
        _("You accepted the interest.") if accept else _("You declined the interest."),
    )
    return redirect(interest.listing)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My organization: its listings by status and the interests it received and sent."""
    if not request.user.organization_id:
        raise PermissionDenied(_("Your account belongs to no organization."))
    data = selectors.organization_dashboard(organization_id=request.user.organization_id)
    return render(
        request,
        "marketplace/dashboard.html",
        {
            "dashboard": data,
            "kinds": ListingKind.choices,
            "can_create": is_member_user(request.user),
        },
    )
