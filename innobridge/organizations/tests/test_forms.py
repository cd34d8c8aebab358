"""The organization form (a core.forms.ServiceModelForm) validates without changing the
organization the edit service will write."""

from __future__ import annotations

import pytest

from innobridge.organizations.forms import OrganizationForm
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_validating_leaves_the_instance_as_stored():
    organization = OrganizationFactory(name="Hoa Lac Hi-Tech Park", country="VN", city="Hanoi")
    form = OrganizationForm(
        {"type": organization.type, "name": "Renamed Park", "name_language": "en",
         "country": "VN", "city": "Da Nang", "name_vi": "Khu công nghệ cao"},
        instance=organization,
    )  # fmt: skip

    assert form.is_valid(), form.errors
    assert (organization.name, organization.city, organization.translated_names) == (
        "Hoa Lac Hi-Tech Park",
        "Hanoi",
        {},
    )
    data = form.service_data()
    assert (data["name"], data["city"], data["translated_names"]) == (
        "Renamed Park",
        "Da Nang",
        {"vi": "Khu công nghệ cao"},
    )


def test_model_validation_still_sees_the_form_values():
    organization = OrganizationFactory(country="VN")
    form = OrganizationForm(
        {"type": organization.type, "name": organization.name, "name_language": "en",
         "country": "VN", "latitude": "95"},
        instance=organization,
    )  # fmt: skip

    assert not form.is_valid()
    assert "latitude" in form.errors
