import pytest
from django.core.validators import validate_email
from innobridge.organizations.tests.test_views import application_data, APPLY_URL
from innobridge.accounts.tests.factories import UserFactory, PASSWORD
pytestmark = pytest.mark.django_db
LONG = "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "example"
def test_probe(client):
    print(len(LONG)); validate_email(LONG)
    r = client.post(APPLY_URL, application_data(email=LONG))
    print(r.status_code, r.context and r.context["form"].errors)
def test_token(api_client):
    u = UserFactory(email="li.wei@example.org")
    r = api_client.post("/api/v1/auth/token/", {"username": "Li.Wei@example.org", "password": PASSWORD})
    print(r.status_code, r.json())
