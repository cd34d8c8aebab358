"""Who may open every page, call every API operation and download every protected file:
each asked as each of five roles, and compared with the table in `tests/permission_matrix.py`.

The pages are every URL pattern of the project, found by walking the resolver (the language
prefixed ones and the admin's included), so that a new page without a row fails
`test_every_url_pattern_has_a_row`. The API is every operation of its OpenAPI schema, also
through the `.json` route a router adds. The admin's patterns follow one rule per app, asked
on a representative set of its pages.

The objects the URLs name are built once for the module (`world`), owned by or involving the
owning organization. Each case is one request of one role, in the test's own savepoint: a
write that goes through (a delete, a status change) is undone before the next case.
"""

from __future__ import annotations

import importlib
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern
from drf_spectacular.generators import SchemaGenerator
from PIL import Image
from rest_framework.test import APIClient

from innobridge.accounts.choices import Role
from innobridge.accounts.services import token_issue
from innobridge.accounts.tests.factories import UserFactory
from innobridge.agreements.tests.factories import AgreementFactory, MilestoneFactory
from innobridge.analytics.choices import ReportStatus
from innobridge.analytics.models import ReportRun
from innobridge.analytics.services import network_refresh
from innobridge.core.files import ProtectedFileMixin
from innobridge.core.models import CooperationType, FocusArea, Sector, WorkArea
from innobridge.events.tests.factories import EventFactory, MeetingFactory, RegistrationFactory
from innobridge.marketplace.choices import ListingKind
from innobridge.marketplace.models import Attachment
from innobridge.marketplace.tests.factories import ExpressionOfInterestFactory, ListingFactory
from innobridge.news.tests.factories import MINIMAL_PDF, ArticleFactory, DocumentFactory
from innobridge.organizations.tests.factories import (
    MembershipApplicationFactory,
    OrganizationFactory,
)
from innobridge.search.tests.factories import MatchSuggestionFactory
from tests.permission_matrix import (
    ADMIN,
    API,
    BAD,
    CONFLICT,
    DENY,
    HIDDEN,
    KNOWN_WRONG,
    LOGIN,
    METHOD,
    OK,
    PAGE_POSTS,
    PAGES,
    PROTECTED_FILES,
    REDIRECT,
    ROLES,
    Expect,
    admin_expectation,
)

# --- What there is to ask ------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One URL pattern: `route` is its whole route without the language prefix."""

    route: str
    name: str | None
    localized: bool

    @property
    def is_admin(self) -> bool:
        return self.localized and self.route.startswith("admin/")


def url_routes() -> list[Route]:
    """Every URL pattern, walking the resolver and every include (i18n_patterns too)."""
    routes = []

    def join(prefix: str, pattern) -> str:
        # As ResolverMatch.route joins them: a regex's "^" goes once it follows a prefix.
        part = str(pattern)
        return prefix + (part.removeprefix("^") if prefix else part)

    def walk(patterns, prefix: str, namespace: str | None, localized: bool) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if isinstance(entry.pattern, LocalePrefixPattern):
                    walk(entry.url_patterns, prefix, namespace, True)
                    continue
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, join(prefix, entry.pattern), inner, localized)
            else:
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                routes.append(Route(join(prefix, entry.pattern), name, localized))

    walk(get_resolver().url_patterns, "", None, False)
    return routes


ROUTES = url_routes()
_NAME_COUNTS = Counter(route.name for route in ROUTES)


def page_key(route: Route) -> str:
    """A pattern's row in PAGES: its name, or its route where it has none or shares it."""
    return route.name if route.name and _NAME_COUNTS[route.name] == 1 else route.route


# The API's operations, "METHOD /path/{param}/", as drf-spectacular describes them.
SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
OPERATIONS = sorted(
    f"{method.upper()} {path}" for path, methods in SCHEMA["paths"].items() for method in methods
)
# Every file field served by `protected-file`, "app.model.field".
PROTECTED_FIELDS = sorted(
    f"{model._meta.label_lower}.{field.name}"
    for model in apps.get_models()
    for field in model._meta.get_fields()
    if isinstance(field, ProtectedFileMixin)
)
FILE_ROUTE_NAME = "protected-file"


# --- The objects the URLs name -------------------------------------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def attachment_of(listing) -> Attachment:
    return Attachment.objects.create(
        listing=listing,
        file=ContentFile(MINIMAL_PDF, name="spec.pdf"),
        kind="pdf",
        original_name="spec.pdf",
        size=len(MINIMAL_PDF),
    )


def load_taxonomies() -> None:
    """As the `taxonomies` fixture does: a transactional test before this module may have
    emptied the tables the data migrations filled."""
    for module, function in (
        ("innobridge.core.migrations.0002_load_taxonomies", "load_taxonomies"),
        ("innobridge.core.migrations.0004_load_cooperation_types", "load"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


def build_world(media_root) -> SimpleNamespace:
    """One object of each kind, owned by (or involving) the owning organization; everything
    else involves a third organization, `partner`, so that the other organization's editor
    is a stranger to all of it."""
    load_taxonomies()
    organization = OrganizationFactory(name="Owning Science Park")
    other_organization = OrganizationFactory(name="Other Science Park")
    partner = OrganizationFactory(name="Partner Science Park")
    users = {
        "visitor": None,
        "other": UserFactory(organization=other_organization, role=Role.MEMBER_EDITOR),
        "owner": UserFactory(organization=organization, role=Role.MEMBER_EDITOR),
        "secretariat": UserFactory(role=Role.SECRETARIAT, is_staff=True),
        "site_admin": UserFactory(role=Role.SITE_ADMIN, is_staff=True, is_superuser=True),
    }
    partner_user = UserFactory(organization=partner, role=Role.MEMBER_EDITOR)

    listing = ListingFactory(owner=organization)
    event = EventFactory(organizers=[organization])
    own_registration = RegistrationFactory(event=event, user=users["owner"])
    partner_registration = RegistrationFactory(event=event, user=partner_user)
    agreement = AgreementFactory(parties=[organization, partner], members_only=True)
    agreement.parties.update(confirmed_at=None)  # to confirm, for themselves or on behalf
    agreement.document.save("signed.pdf", ContentFile(MINIMAL_PDF))
    world = SimpleNamespace(
        organization=organization,
        application=MembershipApplicationFactory(),
        listing=listing,
        draft_listing=ListingFactory(owner=organization, draft=True),
        submitted_listing=ListingFactory(owner=organization, submitted=True),
        # The page that removes an attachment deletes its file at once (the savepoint brings
        # back only the row): the file the protected-file case reads is another one's.
        attachment=attachment_of(listing),
        shown_attachment=attachment_of(listing),
        interest=ExpressionOfInterestFactory(
            listing=listing, organization=partner, created_by=partner_user
        ),
        suggestion=MatchSuggestionFactory(
            listing=listing, candidate=ListingFactory(owner=partner, kind=ListingKind.NEED)
        ),
        agreement=agreement,
        partner=partner,
        partner_party=agreement.parties.get(organization=partner),
        milestone=MilestoneFactory(
            agreement=agreement,
            responsible=organization,
            done=True,
            evidence_file=ContentFile(MINIMAL_PDF, name="minutes.pdf"),
        ),
        event=event,
        own_registration=own_registration,
        partner_registration=partner_registration,
        meeting=MeetingFactory(
            event=event, requester=partner_registration, recipient=own_registration
        ),
        article=ArticleFactory(organizations=[organization]),
        draft_article=ArticleFactory(
            draft=True, cover_image=ContentFile(png_bytes(), name="cover.png")
        ),
        document=DocumentFactory(),
        report=ReportRun.objects.create(
            year=2025,
            language="en",
            status=ReportStatus.DONE,
            token="matrix",
            pdf=ContentFile(MINIMAL_PDF, name="report.pdf"),
        ),
        logo=default_storage.save("logos/matrix.png", ContentFile(png_bytes())),
        group=Group.objects.create(name="Matrix"),
        site_admin=users["site_admin"],
        spare_token=token_issue(user=users["owner"], name="spare")[0],
        media_root=media_root,
        sessions={},
        tokens={},
    )
    network_refresh(force=True)  # the network's positions, for the analytics API
    for role, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            world.tokens[role] = token_issue(user=user)[1]
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once, in a transaction rolled back after the module; each test runs inside it
    in a savepoint of its own (pytest-django's `db`)."""
    media_root = tmp_path_factory.mktemp("permission-matrix-media")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(MEDIA_ROOT=media_root):
                built = build_world(media_root)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _world_settings(_isolated_files, settings, world):
    """The files `world` stored stay where it stored them (conftest gives each test a new
    media folder); /readyz does not wait for the search models, so that it answers alike
    whatever an earlier test loaded."""
    settings.MEDIA_ROOT = world.media_root
    settings.SEARCH_WARM_UP = False


# --- Filling in the URLs ---------------------------------------------------------------------

# Which object a page's `pk` is, by the page's namespace, then by page where it differs.
PK_BY_NAMESPACE = {
    "organizations": "organization",
    "marketplace": "listing",
    "agreements": "agreement",
    "events": "event",
    "news": "article",
    "search": "suggestion",
    "analytics": "report",
}
# A listing in the state where the action is possible for whoever may take it, so that an
# allowed role's answer differs from a refusal.
PK_BY_PAGE = {
    "organizations:decide": "application",
    "marketplace:submit": "draft_listing",
    "marketplace:delete": "draft_listing",
    "marketplace:moderate": "submitted_listing",
    "marketplace:answer-interest": "interest",
    "news:document": "document",
}


def page_kwargs(world, key: str) -> dict:
    namespace = key.split(":")[0]
    pk_object = PK_BY_PAGE.get(key) or PK_BY_NAMESPACE.get(namespace)
    kwargs = {
        "pk": pk_object and getattr(world, pk_object).pk,
        "milestone_pk": world.milestone.pk,
        "registration_pk": world.partner_registration.pk,
        "meeting_pk": world.meeting.pk,
        "attachment_pk": world.attachment.pk,
        "kind": ListingKind.OFFER,
        "fmt": "csv",
        "token": "not-a-link-we-sent",
        "language": "en",
        "dataset": "organizations",
        "path": world.logo,
        "format": ".json",  # DRF's drf_format_suffix takes the dot with it
    }
    if key == "analytics:report-file":
        kwargs["kind"] = "pdf"
    return kwargs


def page_url(world, route: Route) -> str:
    key = page_key(route)
    kwargs = page_kwargs(world, key)
    if route.name and _NAME_COUNTS[route.name] == 1:
        needed = re.findall(r"<(?:\w+:)?(\w+)>", route.route)
        return reverse(route.name, kwargs={name: kwargs[name] for name in needed})
    filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route.route)
    return ("/en/" if route.localized else "/") + filled


# What an API path's parameters stand for, by the path's start, then by operation.
API_ID_BY_PATH = {
    "/api/v1/agreements/": "agreement",
    "/api/v1/analytics/organizations/": "organization",
    "/api/v1/auth/tokens/": "spare_token",
    "/api/v1/events/": "event",
    "/api/v1/interests/": "interest",
    "/api/v1/listings/": "listing",
    "/api/v1/news/articles/": "article",
    "/api/v1/news/documents/": "document",
    "/api/v1/organizations/": "organization",
}
API_ID_BY_OPERATION = {
    "DELETE /api/v1/listings/{id}/": "draft_listing",
    "POST /api/v1/listings/{id}/submit/": "draft_listing",
    "POST /api/v1/listings/{id}/approve/": "submitted_listing",
    "POST /api/v1/listings/{id}/return/": "submitted_listing",
}
TAXONOMY_BY_PATH = {
    "/api/v1/sectors/": Sector,
    "/api/v1/work-areas/": WorkArea,
    "/api/v1/focus-areas/": FocusArea,
    "/api/v1/cooperation-types/": CooperationType,
}


def api_url(world, operation: str) -> str:
    path = operation.split(" ", 1)[1]
    start = path.split("{", 1)[0]
    name = API_ID_BY_OPERATION.get(operation) or API_ID_BY_PATH.get(start)
    values = {
        "id": name and getattr(world, name).pk,
        "milestone_pk": world.milestone.pk,
        "meeting_pk": world.meeting.pk,
        "code": start in TAXONOMY_BY_PATH and TAXONOMY_BY_PATH[start].objects.first().code,
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def with_format_suffix(url: str) -> str:
    return url.rstrip("/") + ".json"


# --- What the writes send --------------------------------------------------------------------
# Empty, unless a write validates its input before it asks who is writing: then an empty body
# is refused alike for everyone (400, or a page's message and redirect), and the answer would
# say nothing about authorization. These bodies are valid, so the role decides.

PAGE_BODIES = {
    "organizations:decide": lambda world: {"decision": "approve", "reason": "Welcome."},
    "marketplace:moderate": lambda world: {"decision": "approve"},
    "marketplace:attachment-upload": lambda world: {
        "file": SimpleUploadedFile("spec.pdf", MINIMAL_PDF)
    },
    "marketplace:express-interest": lambda world: {"message": "We would like to pilot it."},
    "marketplace:answer-interest": lambda world: {"decision": "accept"},
    "search:suggestion": lambda world: {"status": "seen"},
    "agreements:confirm-on-behalf": lambda world: {
        "party": world.partner_party.pk,
        "reason": "The partner signed in our presence.",
    },
    "agreements:status": lambda world: {"status": "in_implementation"},
    "agreements:milestone-add": lambda world: {
        "title": "Pilot report",
        "due_on": "2026-09-30",
        "responsible": world.organization.pk,
    },
    "agreements:milestone-update": lambda world: {"status": "planned", "due_on": "2026-10-31"},
    "agreements:outcome-add": lambda world: {
        "indicator": "people_trained",
        "value": "12",
        "recorded_on": "2026-03-01",
        "country": "VN",
    },
    "events:meeting-request": lambda world: {"message": "Shall we meet?", "priority": "2"},
    "events:registration-decide": lambda world: {"approve": "1"},
    "events:b2b": lambda world: {"action": "table", "table-name": "Table 9"},
}
API_BODIES = {
    "POST /api/v1/agreements/{id}/confirm-on-behalf/": lambda world: {
        "organization": world.partner.pk,
        "reason": "The partner signed in our presence.",
    },
    "POST /api/v1/agreements/{id}/status/": lambda world: {"status": "in_implementation"},
    "POST /api/v1/agreements/{id}/milestones/": lambda world: {
        "title": "Pilot report",
        "due_on": "2026-09-30",
        "responsible": world.organization.pk,
    },
    "POST /api/v1/agreements/{id}/outcomes/": lambda world: {
        "indicator": "people_trained",
        "value": "12",
        "recorded_on": "2026-03-01",
        "country": "VN",
    },
    "POST /api/v1/events/{id}/check-in/": lambda world: {"code": "NOT-A-CODE"},
    "POST /api/v1/events/{id}/register/": lambda world: {"languages": ["en"]},
    "POST /api/v1/events/{id}/meetings/": lambda world: {
        "recipient": world.partner_registration.pk,
        "message": "Shall we meet?",
    },
    "POST /api/v1/events/{id}/meetings/{meeting_pk}/answer/": lambda world: {"accept": True},
    "POST /api/v1/events/{id}/meetings/{meeting_pk}/outcome/": lambda world: {"held": True},
    "POST /api/v1/events/{id}/meetings/{meeting_pk}/follow-up/": lambda world: {
        "interest_message": "Let us follow up."
    },
    "POST /api/v1/interests/{id}/answer/": lambda world: {"accept": True},
    "POST /api/v1/listings/{id}/interests/": lambda world: {
        "message": "We would like to pilot it."
    },
    "POST /api/v1/listings/{id}/return/": lambda world: {"reason": "Please name a price."},
    "POST /api/v1/news/articles/{id}/publish/": lambda world: {"flags_reviewed": True},
}
API_QUERIES = {"GET /api/v1/search/": {"q": "membrane filtration"}}


# --- Asking, and naming the answer ---------------------------------------------------------

LOGIN_PAGES = ("/en/accounts/login/", "/en/admin/login/")
CODES = {400: BAD, 401: LOGIN, 403: DENY, 404: HIDDEN, 405: METHOD, 409: CONFLICT}


def outcome(response) -> str:
    status = response.status_code
    if 300 <= status < 400:
        return LOGIN if urlsplit(response["Location"]).path in LOGIN_PAGES else REDIRECT
    if 200 <= status < 300:
        return OK
    return CODES.get(status, str(status))


def describe(response) -> str:
    where = f" to {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{where}"


def page_client(world, role: str) -> Client:
    client = Client()
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def ask_page(world, role: str, method: str, key: str, url: str):
    client = page_client(world, role)
    if method == "GET":
        return client.get(url)
    body = PAGE_BODIES.get(key)
    return client.post(url, body(world) if body else {})


def ask_api(world, role: str, operation: str, url: str):
    client = APIClient()
    if role in world.tokens:
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[role]}")
    method = operation.split(" ")[0]
    if method == "GET":
        return client.get(url, API_QUERIES.get(operation, {}))
    body = API_BODIES.get(operation)
    return client.generic(
        method, url, json.dumps(body(world) if body else {}), content_type="application/json"
    )


# --- The admin: a representative set, every pattern under one rule ------------------------

# Models whose object pages are asked too: ours, the site administrator's own account, and
# one of Django's.
ADMIN_OBJECTS = {
    "organizations.organization": "organization",
    "accounts.user": "site_admin",
    "auth.group": "group",
}
ADMIN_CATCH_ALL = "admin/(?P<url>.*)$"


def admin_cases() -> list[str]:
    """Pattern names (with an app label for the app index, `_object` for the unnamed old
    address of a change page), and the catch-all's route."""
    cases = [
        "admin:index",
        "admin:login",
        "admin:logout",
        "admin:password_change",
        "admin:password_change_done",
        "admin:jsi18n",
        "admin:autocomplete",
        "admin:view_on_site",
        "admin:organizations_organization_simple_history",
        "admin:auth_user_password_change",
        ADMIN_CATCH_ALL,
    ]
    cases += [
        f"admin:app_list {label}"
        for label in sorted({model._meta.app_label for model in admin.site._registry})
    ]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        cases.append(f"{info}_changelist")
        if model._meta.label_lower in ADMIN_OBJECTS:
            cases += [f"{info}_{view}" for view in ("add", "change", "history", "delete")]
            cases.append(f"{info}_object")
    return cases


def admin_url(world, case: str) -> str:
    organization = world.organization
    if case == ADMIN_CATCH_ALL:
        return "/en/admin/no-such-page/"
    if case.startswith("admin:app_list "):
        return reverse("admin:app_list", args=[case.split(" ")[1]])
    if case == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(organization)
        return reverse(case, args=[content_type.pk, organization.pk])
    if case == "admin:organizations_organization_simple_history":
        return reverse(case, args=[organization.pk, organization.history.first().history_id])
    if case == "admin:auth_user_password_change":
        return reverse(case, args=[world.site_admin.pk])
    for label, attribute in ADMIN_OBJECTS.items():
        info = f"admin:{label.replace('.', '_')}"
        pk = getattr(world, attribute).pk
        if case == f"{info}_object":
            return reverse(f"{info}_changelist") + f"{pk}/"
        if case in {f"{info}_change", f"{info}_history", f"{info}_delete"}:
            return reverse(case, args=[pk])
    return reverse(case)


def admin_row(url: str) -> Expect:
    """The table's row for the admin pattern `url` resolves to."""
    match = resolve(url)
    route = match.route.removeprefix("en/")
    name = match.view_name if match.url_name else None
    return admin_expectation(name, route, app_label=urlsplit(url).path.split("/")[3])


# --- The cases: every row of the table, asked as every role -------------------------------


def placeholder_url(operation: str) -> str:
    """An operation's path with every parameter 1: enough to find its route."""
    return re.sub(r"\{\w+\}", "1", operation.split(" ", 1)[1])


def format_suffix_route(operation: str) -> str | None:
    """The route with a format suffix (`.json`) a router adds to the operation's path."""
    try:
        match = resolve(with_format_suffix(placeholder_url(operation)))
    except Resolver404:
        return None
    return match.route if "format" in match.kwargs else None


SUFFIXED_OPERATIONS = [op for op in OPERATIONS if format_suffix_route(op)]
API_ROUTES = {resolve(placeholder_url(op)).route for op in OPERATIONS} | {
    format_suffix_route(op) for op in SUFFIXED_OPERATIONS
}
# Every pattern that is not the admin's, an API operation's or the protected files' is a
# page of the PAGES table.
PAGE_ROUTES = [
    r for r in ROUTES if not r.is_admin and r.route not in API_ROUTES and r.name != FILE_ROUTE_NAME
]
ADMIN_KEYS = {key for r in ROUTES if r.is_admin for key in (r.name, r.route) if key}


def with_roles(cases: list[tuple[str, tuple]]) -> list:
    """One case per role, named "<case> as <role>". A row known to be wrong is a strict
    xfail: its fix fails the test until the KNOWN_WRONG entry goes."""
    params = []
    for label, values in cases:
        for role in ROLES:
            reason = KNOWN_WRONG.get((label, role))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(*values, role, id=f"{label} as {role}", marks=marks))
    return params


PAGE_CASES = [
    (f"{method} {page_key(route)}", (method, route))
    for method, table in (("GET", PAGES), ("POST", PAGE_POSTS))
    for route in PAGE_ROUTES
    if page_key(route) in table
]
FILE_CASES = [(f"GET {field}", (field,)) for field in PROTECTED_FIELDS if field in PROTECTED_FILES]
API_CASES = [(op, (op, False)) for op in OPERATIONS if op in API] + [
    (f"{op} (.json)", (op, True)) for op in SUFFIXED_OPERATIONS if op in API
]
ADMIN_CASES = [(f"GET {case}", (case,)) for case in admin_cases()]

# Which object holds each protected file.
FILE_OWNERS = {
    "agreements.agreement.document": "agreement",
    "agreements.milestone.evidence_file": "milestone",
    "marketplace.attachment.file": "shown_attachment",
    "news.article.cover_image": "draft_article",
    "news.document.file": "document",
}


def mismatch(label: str, url: str, role: str, expected: str, response) -> str:
    return f"{label} ({url}) as {role}: expected {expected}, got {describe(response)}"


@pytest.mark.parametrize(("method", "route", "role"), with_roles(PAGE_CASES))
def test_page_answers_each_role_as_the_table_says(world, db, method, route, role):
    key = page_key(route)
    expected = getattr((PAGES if method == "GET" else PAGE_POSTS)[key], role)
    url = page_url(world, route)

    response = ask_page(world, role, method, key, url)

    assert outcome(response) == expected, mismatch(f"{method} {key}", url, role, expected, response)


@pytest.mark.parametrize(("field", "role"), with_roles(FILE_CASES))
def test_protected_file_answers_each_role_as_the_table_says(world, db, field, role):
    expected = getattr(PROTECTED_FILES[field], role)
    url = getattr(getattr(world, FILE_OWNERS[field]), field.rsplit(".", 1)[1]).url
    assert resolve(url).url_name == FILE_ROUTE_NAME

    response = ask_page(world, role, "GET", FILE_ROUTE_NAME, url)

    assert outcome(response) == expected, mismatch(f"GET {field}", url, role, expected, response)


@pytest.mark.parametrize(("operation", "suffixed", "role"), with_roles(API_CASES))
def test_api_answers_each_role_as_the_table_says(world, db, operation, suffixed, role):
    expected = getattr(API[operation], role)
    url = api_url(world, operation)
    if suffixed:
        url = with_format_suffix(url)

    response = ask_api(world, role, operation, url)

    assert outcome(response) == expected, mismatch(operation, url, role, expected, response)


@pytest.mark.parametrize(("case", "role"), with_roles(ADMIN_CASES))
def test_admin_answers_each_role_as_its_rule_says(world, db, case, role):
    url = admin_url(world, case)
    expected = getattr(admin_row(url), role)

    response = ask_page(world, role, "GET", case, url)

    assert outcome(response) == expected, mismatch(f"GET {case}", url, role, expected, response)


# --- The table covers everything, and nothing that is gone --------------------------------


def test_every_url_pattern_has_a_row():
    missing = sorted({page_key(r) for r in PAGE_ROUTES} - set(PAGES))
    assert missing == [], f"URL patterns without a row in PAGES: {missing}"


def test_every_api_operation_has_a_row():
    missing = [op for op in OPERATIONS if op not in API]
    assert missing == [], f"API operations without a row in API: {missing}"


def test_every_protected_file_field_has_a_row():
    missing = [field for field in PROTECTED_FIELDS if field not in PROTECTED_FILES]
    assert missing == [], f"protected file fields without a row in PROTECTED_FILES: {missing}"
    assert sorted(FILE_OWNERS) == PROTECTED_FIELDS  # and an object to ask for


def test_every_page_that_refuses_get_has_a_post_row():
    """A page that takes only POST answers GET with 405: it shows who may use it only when
    posted to."""
    missing = [key for key, row in PAGES.items() if METHOD in row and key not in PAGE_POSTS]
    assert missing == [], f"pages answering GET with 405 without a row in PAGE_POSTS: {missing}"


def test_no_row_is_stale():
    labels = {label for label, _values in PAGE_CASES + FILE_CASES + API_CASES + ADMIN_CASES}
    stale = {
        "PAGES": sorted(set(PAGES) - {page_key(r) for r in PAGE_ROUTES}),
        "PAGE_POSTS": sorted(set(PAGE_POSTS) - set(PAGES)),
        "PROTECTED_FILES": sorted(set(PROTECTED_FILES) - set(PROTECTED_FIELDS)),
        "API": sorted(set(API) - set(OPERATIONS)),
        "ADMIN": sorted(set(ADMIN) - ADMIN_KEYS),
        "KNOWN_WRONG": sorted(str(key) for key in KNOWN_WRONG if key[0] not in labels),
        "PAGE_BODIES": sorted(set(PAGE_BODIES) - set(PAGE_POSTS)),
        "API_BODIES": sorted(set(API_BODIES) - set(OPERATIONS)),
    }
    stale = {table: rows for table, rows in stale.items() if rows}
    assert stale == {}, f"rows of tests/permission_matrix.py that match nothing: {stale}"
