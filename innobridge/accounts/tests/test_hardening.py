"""Sign-in lock-out (django-axes) on the web form and the API's token endpoint, Argon2 password
hashing with the upgrade of stored hashes, and the API's rate limits (issue 16)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from rest_framework.throttling import SimpleRateThrottle

from innobridge.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
TOKEN = "/api/v1/auth/token/"


def _web_sign_in(client, email: str, password: str):
    return client.post(LOGIN, {"username": email, "password": password})


def test_repeated_wrong_passwords_pause_web_sign_in_even_with_the_right_one(client, member):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _web_sign_in(client, member.email, "wrong password")
        assert response.status_code == 200  # the form again, with its message

    locked = _web_sign_in(client, member.email, "wrong password")
    right_one = _web_sign_in(client, member.email, PASSWORD)

    assert locked.status_code == 429
    assert right_one.status_code == 429
    assert "Too many failed sign-ins" in right_one.content.decode()
    assert int(right_one["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert client.get("/en/").context["user"].is_authenticated is False


def test_the_pause_is_per_address_and_name_so_others_still_sign_in(client, member, secretariat):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _web_sign_in(client, member.email, "wrong password")

    other_name = _web_sign_in(client, secretariat.email, PASSWORD)
    other_address = client.post(
        LOGIN, {"username": member.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )

    assert other_name.status_code == 302
    assert other_address.status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, member):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _web_sign_in(client, member.email, "wrong password")
    assert _web_sign_in(client, member.email, PASSWORD).status_code == 302
    client.post("/en/accounts/logout/")

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _web_sign_in(client, member.email, "wrong password")

    assert _web_sign_in(client, member.email, PASSWORD).status_code == 302


def test_the_token_endpoint_pauses_too_and_answers_json(api_client, member):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = api_client.post(TOKEN, {"username": member.email, "password": "nope"})
        assert response.status_code == 400

    last_wrong = api_client.post(TOKEN, {"username": member.email, "password": "nope"})
    locked = api_client.post(TOKEN, {"username": member.email, "password": PASSWORD})

    assert last_wrong.status_code == 429
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert "Too many failed sign-ins" in locked.json()["detail"]
    assert "token" not in locked.json()


def test_new_passwords_are_hashed_with_argon2(member):
    assert member.password.startswith("argon2$")


def test_a_stored_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(client, member):
    member.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    member.save(update_fields=["password"])

    assert _web_sign_in(client, member.email, PASSWORD).status_code == 302

    member.refresh_from_db()
    assert member.password.startswith("argon2$")
    assert member.check_password(PASSWORD)


def test_the_api_limits_anonymous_clients_and_users_separately(api_client, member, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "5/minute")

    anonymous = [api_client.get("/api/v1/sectors/").status_code for _ in range(4)]
    api_client.force_authenticate(member)
    signed_in = [api_client.get("/api/v1/sectors/").status_code for _ in range(6)]

    assert anonymous == [200, 200, 200, 429]
    assert signed_in == [200] * 5 + [429]
    throttled = api_client.get("/api/v1/sectors/")
    assert int(throttled["Retry-After"]) > 0
    assert "Request was throttled" in throttled.json()["detail"]


def test_production_rates_are_set():
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) == {"anon", "user"}
    assert settings.AXES_FAILURE_LIMIT >= 3


def test_changing_the_case_of_the_address_does_not_restart_the_count(client, member):
    for number in range(settings.AXES_FAILURE_LIMIT):
        email = member.email.upper() if number % 2 else member.email
        _web_sign_in(client, email, "wrong password")

    assert _web_sign_in(client, member.email, PASSWORD).status_code == 429


def test_the_pause_is_explained_in_the_ui_language(client, member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/zh-hans/accounts/login/", {"username": member.email, "password": "wrong"}
        )

    assert response.status_code == 429
    page = response.content.decode()
    assert "登录失败次数过多" in page and "15 分钟后重试" in page
