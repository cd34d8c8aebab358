import pytest
from django.core.management import CommandError, call_command

from innobridge.accounts.choices import Role
from innobridge.accounts.models import User
from innobridge.accounts.permissions import (
    can_edit_organization,
    can_view_change_log,
    can_view_contacts,
    is_secretariat,
)
from innobridge.accounts.tests.factories import PASSWORD, UserFactory
from innobridge.organizations.choices import MembershipStatus
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_createsecretariat_creates_staff_account():
    call_command("createsecretariat", "Head@Example.org", password="a long enough passphrase")
    user = User.objects.get(email="head@example.org")
    assert (user.role, user.is_staff, user.is_superuser) == (Role.SECRETARIAT, True, False)
    assert user.check_password("a long enough passphrase")
    assert is_secretariat(user)


def test_createsecretariat_rejects_weak_password_and_saves_nothing():
    with pytest.raises(CommandError, match="too short"):
        call_command("createsecretariat", "head@example.org", password="abc")
    assert User.objects.count() == 0


def test_createsecretariat_rejects_duplicate():
    UserFactory(email="head@example.org")
    with pytest.raises(CommandError, match="already exists"):
        call_command("createsecretariat", "head@example.org", password="a long enough passphrase")
    assert User.objects.get(email="head@example.org").role == Role.MEMBER_EDITOR


def test_permissions_by_role(organization, other_organization, member, secretariat):
    admin = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    assert [can_edit_organization(u, organization) for u in (member, secretariat, admin)] == [
        True,
        True,
        True,
    ]
    assert can_edit_organization(member, other_organization) is False
    assert [can_view_change_log(u) for u in (member, secretariat, admin)] == [False, True, True]


def test_contacts_visible_to_members_not_applicants_or_visitors(member, secretariat):
    from django.contrib.auth.models import AnonymousUser

    applicant = UserFactory(
        organization=OrganizationFactory(membership_status=MembershipStatus.APPLICANT)
    )
    assert can_view_contacts(member) is True
    assert can_view_contacts(secretariat) is True
    assert can_view_contacts(applicant) is False
    assert can_view_contacts(AnonymousUser()) is False


def test_sign_in_with_email_and_sign_out(client, member):
    response = client.post("/en/accounts/login/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/en/").context["user"] == member
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/en/").context["user"].is_authenticated is False


def test_sign_in_wrong_password_is_explained(client, member):
    response = client.post("/en/accounts/login/", {"username": member.email, "password": "no"})
    assert response.status_code == 200
    assert "The e-mail address or the password is wrong." in response.content.decode()


def test_admin_open_to_secretariat_only(client, member, secretariat):
    client.force_login(member)
    assert client.get("/en/admin/organizations/organization/").status_code == 302  # to login
    client.force_login(secretariat)
    assert client.get("/en/admin/organizations/organization/").status_code == 200
    assert client.get("/en/admin/organizations/organization/?country=VN&q=park").status_code == 200


def test_admin_edit_is_recorded_in_change_log(client, secretariat, organization):
    client.force_login(secretariat)
    url = f"/en/admin/organizations/organization/{organization.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"logo", "sectors", "translated_names", "roles"}
    }
    data.update(
        {
            "name": "Renamed Science Park",
            "translated_names": "{}",
            "roles": "[]",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = organization.history.latest()
    assert (record.name, record.history_user) == ("Renamed Science Park", secretariat)


def test_secretariat_cannot_grant_superuser_in_admin(client, secretariat, member):
    client.force_login(secretariat)
    response = client.get(f"/en/admin/accounts/user/{member.pk}/change/")
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.fields
    assert "is_superuser" not in response.context["adminform"].form.fields


def test_the_secretariat_cannot_take_over_a_site_administrators_account(client, secretariat):
    """Changing a superuser's password, e-mail or activity would let the secretariat sign
    in as one: the account is read-only to it, and only to it."""
    admin = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    base = f"/en/admin/accounts/user/{admin.pk}"
    client.force_login(secretariat)

    password = client.post(
        f"{base}/password/", {"password1": "Takeover-2026!", "password2": "Takeover-2026!"}
    )
    change = client.post(f"{base}/change/", {"email": "mine@example.org", "is_active": "on"})
    delete = client.post(f"{base}/delete/", {"post": "yes"})
    view = client.get(f"{base}/change/")
    member_page = client.get(f"/en/admin/accounts/user/{secretariat.pk}/change/")

    assert (password.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    admin.refresh_from_db()
    assert admin.email == "root@example.org" and admin.is_active
    assert admin.check_password(PASSWORD)
    assert view.status_code == 200 and not view.context["has_change_permission"]
    assert member_page.context["has_change_permission"]  # other accounts as before
