"""The secretariat's exchange page at project level: every registered dataset offered."""

from __future__ import annotations

import pytest

from innobridge.core.exchange import registered_datasets

pytestmark = pytest.mark.django_db


def test_exchange_page_offers_an_export_of_every_registered_dataset(client, secretariat):
    client.force_login(secretariat)

    page = client.get("/en/exchange/")

    assert page.status_code == 200
    html = page.content.decode()
    for name in registered_datasets():
        for fmt in ("csv", "xlsx"):
            assert f'href="/en/exchange/{name}.{fmt}"' in html
    assert [value for value, _label in page.context["form"].fields["dataset"].choices] == [
        "organizations",
        "listings",
        "agreements",
    ]


@pytest.mark.parametrize("name", ["organizations", "listings", "agreements"])
def test_export_of_each_dataset_downloads_its_columns(client, secretariat, name):
    client.force_login(secretariat)

    response = client.get(f"/en/exchange/{name}.csv")

    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == list(registered_datasets()[name].columns_out)


def test_exchange_page_and_exports_are_the_secretariats_only(client, member):
    assert client.get("/en/exchange/").status_code == 302  # to sign in
    client.force_login(member)
    assert client.get("/en/exchange/").status_code == 403
    assert client.get("/en/exchange/listings.csv").status_code == 403


def test_unknown_dataset_or_format_is_404(client, secretariat):
    client.force_login(secretariat)
    assert client.get("/en/exchange/contacts.csv").status_code == 404
    assert client.get("/en/exchange/listings.pdf").status_code == 404


def test_the_old_address_of_the_page_leads_to_it(client, secretariat):
    client.force_login(secretariat)
    response = client.get("/en/marketplace/exchange/")
    assert (response.status_code, response.url) == (301, "/en/exchange/")
