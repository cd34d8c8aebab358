"""A member downloads what the platform holds about them, and erases their account (issue
16): the user is anonymized, their organization's records and the change log stay."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from innobridge.accounts.models import ApiToken, User
from innobridge.accounts.services import token_issue
from innobridge.accounts.tests.factories import PASSWORD
from innobridge.agreements.tests.factories import AgreementFactory
from innobridge.marketplace.tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

MY_DATA = "/en/accounts/my-data/"
ERASE = "/en/accounts/erase/"


def test_my_data_holds_the_account_and_what_refers_to_it_but_no_secret(client, member):
    token, key = token_issue(user=member, name="nightly import")
    client.force_login(member)

    response = client.get(MY_DATA)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="innobridge-my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["account"]["organization_id"] == member.organization_id
    assert "password" not in data["account"]
    tokens = data["records"]["accounts.apitoken (user)"]
    assert [(row["id"], row["name"]) for row in tokens] == [(token.pk, "nightly import")]
    assert "key_hash" not in tokens[0] and key not in response.content.decode()


def test_my_data_needs_a_signed_in_user(client):
    response = client.get(MY_DATA)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_erasing_anonymizes_the_user_and_keeps_the_organizations_records(client, member):
    _token, key = token_issue(user=member)
    listing = ListingFactory(owner=member.organization)
    AgreementFactory(parties=[member.organization])
    email = member.email
    client.force_login(member)

    response = client.post(ERASE, {"password": PASSWORD})

    assert (response.status_code, response.url) == (302, "/en/")
    member.refresh_from_db()
    assert (member.email, member.first_name, member.last_name, member.is_active) == (
        f"erased-{member.pk}@erased.invalid",
        "",
        "",
        False,
    )
    assert not member.has_usable_password()
    assert not member.history.filter(email=email).exists()  # the change log's copies too
    assert ApiToken.objects.get(user=member).revoked_at is not None
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/auth/tokens/").status_code == 401
    listing.refresh_from_db()
    assert listing.owner == member.organization
    assert client.get("/en/").context["user"].is_authenticated is False
    assert (
        client.post("/en/accounts/login/", {"username": email, "password": PASSWORD}).status_code
        == 200
    )
    assert User.objects.filter(pk=member.pk).exists()


def test_a_wrong_password_erases_nothing(client, member):
    client.force_login(member)

    response = client.post(ERASE, {"password": "not mine"})

    assert response.status_code == 400
    assert "The password is wrong; nothing was erased." in response.content.decode()
    member.refresh_from_db()
    assert member.is_active and member.check_password(PASSWORD)
