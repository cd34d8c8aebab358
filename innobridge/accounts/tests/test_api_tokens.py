"""API tokens (issue 16): they expire, their owner revokes them, the secretariat revokes
any; only a hash is stored; DRF's old keys were carried over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from innobridge.accounts.models import ApiToken
from innobridge.accounts.services import hash_key, token_issue
from innobridge.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
TOKENS = "/api/v1/auth/tokens/"


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _whoami(client: APIClient) -> int:
    """Status of a call that needs a signed-in user."""
    return client.get(TOKENS).status_code


def test_a_token_is_issued_with_its_expiry_and_stored_only_as_a_hash(api_client, member, settings):
    response = api_client.post(
        TOKEN, {"username": member.email, "password": PASSWORD, "name": "nightly import"}
    )

    assert response.status_code == 200
    body = response.json()
    stored = ApiToken.objects.get(pk=body["id"])
    assert stored.key_hash == hash_key(body["token"]) and body["token"] not in stored.key_hash
    assert body["token"].startswith(stored.prefix + ".")
    assert stored.name == "nightly import"
    lasts = stored.expires_at - stored.created_at
    assert abs(lasts - timedelta(days=settings.API_TOKEN_DAYS)) < timedelta(minutes=1)
    assert _whoami(_client(body["token"])) == 200


def test_an_expired_token_is_refused_and_says_so(member):
    token, key = token_issue(user=member)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = _client(key).get(TOKENS)

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_the_owner_revokes_a_token_and_it_stops_working_at_once(member):
    token, key = token_issue(user=member)
    _other, other_key = token_issue(user=member)
    client = _client(other_key)

    response = client.post(f"{TOKENS}{token.pk}/revoke/")

    assert response.status_code == 200 and response.json()["is_active"] is False
    refused = _client(key).get(TOKENS)
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    assert _whoami(client) == 200  # the other token still works


def test_others_tokens_are_invisible_and_cannot_be_revoked(member):
    stranger = UserFactory()
    theirs, their_key = token_issue(user=stranger)
    _mine, my_key = token_issue(user=member)
    client = _client(my_key)

    listed = client.get(TOKENS).json()["results"]
    response = client.post(f"{TOKENS}{theirs.pk}/revoke/")

    assert [row["user"] for row in listed] == [member.email]
    assert response.status_code == 404
    assert _whoami(_client(their_key)) == 200


def test_the_secretariat_sees_and_revokes_any_token(member, secretariat):
    theirs, their_key = token_issue(user=member)
    _mine, secretariat_key = token_issue(user=secretariat)
    client = _client(secretariat_key)

    listed = {row["user"] for row in client.get(TOKENS).json()["results"]}
    response = client.post(f"{TOKENS}{theirs.pk}/revoke/")

    assert listed == {member.email, secretariat.email}
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.revoked_by == secretariat
    assert _whoami(_client(their_key)) == 401


def test_listing_tokens_needs_a_signed_in_user(api_client):
    assert api_client.get(TOKENS).status_code == 401


def test_a_key_is_never_shown_again(member):
    token, key = token_issue(user=member)

    row = _client(key).get(f"{TOKENS}{token.pk}/").json()

    assert key not in str(row)
    assert row["prefix"] == token.prefix and row["is_active"] is True


def test_use_is_recorded_at_most_once_a_minute(member, django_assert_max_num_queries):
    token, key = token_issue(user=member)
    client = _client(key)
    client.get(TOKENS)
    token.refresh_from_db()
    first_use = token.last_used_at

    client.get(TOKENS)

    token.refresh_from_db()
    assert first_use is not None and token.last_used_at == first_use


def test_keys_issued_before_are_carried_over_as_hashes(member):
    from importlib import import_module

    from django.apps import apps
    from rest_framework.authtoken.models import Token

    old = Token.objects.create(user=member)
    migration = import_module("innobridge.accounts.migrations.0005_carry_over_drf_tokens")

    migration.carry_over(apps, None)

    assert Token.objects.count() == 0
    assert ApiToken.objects.get(user=member).key_hash == hash_key(old.key)
    assert _whoami(_client(old.key)) == 200


def test_revoking_a_token_that_is_not_a_number_is_404(member):
    _token, key = token_issue(user=member)

    assert _client(key).post(f"{TOKENS}source_url/revoke/").status_code == 404
