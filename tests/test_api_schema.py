"""The whole API against its OpenAPI schema, by schemathesis (issue 12): generated requests,
valid and invalid, anonymous and with the tokens of a member editor (whose organization
owns the objects) and of the secretariat; no answer may be a server error,
and every answer must be one the schema documents, in status, content type and body.

In-process through WSGI, on the test database, with a few objects of every kind so that
detail operations find something. Examples per operation are bounded (SCHEMA_EXAMPLES) and
derandomized, so a run is repeatable and takes a few minutes.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from innobridge.accounts.services import token_issue
from innobridge.agreements.tests.factories import AgreementFactory, MilestoneFactory
from innobridge.marketplace.tests.factories import ExpressionOfInterestFactory, ListingFactory
from innobridge.news.tests.factories import ArticleFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Ten per operation and identity: about three minutes of the suite on two cores; set more
# (SCHEMA_EXAMPLES=200) for a deeper probe by hand.
EXAMPLES = int(os.environ.get("SCHEMA_EXAMPLES", "10"))
SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests through WSGI would close the database connection when they end, and with
    it the test's transaction; Django's own test client disconnects the same signals."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_objects(organization, other_organization, member):
    """One object of every kind the API serves."""
    listing = ListingFactory(owner=organization)
    ExpressionOfInterestFactory(listing=listing, organization=other_organization)
    agreement = AgreementFactory()
    MilestoneFactory(agreement=agreement)
    ArticleFactory()
    return listing


# Loaded when the module is collected (the schema view needs no database): one test per
# operation, which xdist spreads over its workers.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@schema.parametrize()
@SETTINGS
def test_api_answers_a_visitor_as_documented(case, api_objects):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@SETTINGS
def test_api_answers_the_secretariat_as_documented(case, api_objects, secretariat):
    _token, key = token_issue(user=secretariat)
    case.call_and_validate(headers={"Authorization": f"Token {key}"}, checks=CHECKS)


@schema.parametrize()
@SETTINGS
def test_api_answers_a_member_editor_as_documented(case, api_objects, member):
    """The owning organization's editor: `api_objects` belong to their organization."""
    _token, key = token_issue(user=member)
    case.call_and_validate(headers={"Authorization": f"Token {key}"}, checks=CHECKS)


# --- What schemathesis found, pinned (issue 12, defect 6) ----------------------------------


def schema_document(client) -> dict:
    return client.get("/api/v1/schema/", {"format": "json"}).json()


def test_url_fields_are_absolute_as_format_uri_says(client, api_objects):
    listing = api_objects
    row = client.get("/api/v1/listings/").json()["results"][0]
    assert row["url"] == f"http://testserver/en/marketplace/{listing.pk}/"


def test_blank_evidence_link_is_null_as_the_schema_says(client, api_objects):
    schema = schema_document(client)
    assert schema["components"]["schemas"]["Milestone"]["properties"]["evidence_url"] == {
        "type": "string",
        "format": "uri",
        "readOnly": True,
        "nullable": True,
    }
    agreement = client.get("/api/v1/agreements/").json()["results"][0]
    detail = client.get(f"/api/v1/agreements/{agreement['id']}/").json()
    assert [m["evidence_url"] for m in detail["milestones"]] == [None]


def test_moderation_fields_are_documented_nullable_and_not_required(client):
    article = schema_document(client)["components"]["schemas"]["Article"]
    assert article["properties"]["flags_reviewed_by"] == {
        "type": "string",
        "readOnly": True,
        "nullable": True,
    }
    assert "flags_reviewed_by" not in article["required"]


def test_operations_document_the_errors_they_answer(client):
    paths = schema_document(client)["paths"]
    codes = {
        (path, method): sorted(operation["responses"])
        for path, operations in paths.items()
        for method, operation in operations.items()
    }
    # 429 everywhere: every operation is rate-limited; 415 where a body is read.
    assert codes[("/api/v1/agreements/{id}/", "get")] == ["200", "401", "403", "404", "429"]
    assert codes[("/api/v1/sectors/", "get")] == ["200", "400", "404", "429"]  # query, pages
    assert codes[("/api/v1/agreements/", "post")] == ["201", "400", "401", "403", "415", "429"]
    assert codes[("/api/v1/auth/token/", "post")] == ["200", "400", "401", "403", "415", "429"]
    assert codes[("/api/v1/organizations/{id}/", "delete")] == [
        "204",
        "400",
        "401",
        "403",
        "404",
        "409",
        "429",
    ]
