"""The secretariat's exchange page at project level: every registered dataset offered."""

from __future__ import annotations

import csv
import io

import pytest

from innobridge.agreements.tests.factories import AgreementFactory, MilestoneFactory
from innobridge.core.exchange import registered_datasets
from innobridge.core.models import CooperationType, Sector
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.organizations.tests.factories import ContactPersonFactory, OrganizationFactory

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


def add_rows_of_every_dataset(count: int) -> None:
    """Organizations with sectors and contacts, listings with their taxonomies and target
    countries, agreements with three parties, sectors and a milestone."""
    sectors = list(Sector.objects.order_by("sort_order")[:2])
    cooperation = list(CooperationType.objects.order_by("sort_order")[:2])
    for _index in range(count):
        organization = OrganizationFactory(translated_names={"vi": "Công viên thử"})
        organization.sectors.set(sectors)
        ContactPersonFactory(organization=organization)
        ListingFactory(
            owner=organization,
            sectors=sectors,
            cooperation_types=cooperation,
            target_countries=["VN", "TH"],
        )
        agreement = AgreementFactory(
            parties=[organization, OrganizationFactory(), OrganizationFactory()], sectors=sectors
        )
        MilestoneFactory(agreement=agreement)


def csv_rows(response) -> int:
    return len(list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))))


def test_exchange_page_query_count_does_not_grow_with_rows(client, secretariat):
    client.force_login(secretariat)

    result = assert_list_queries_do_not_grow(
        lambda: client.get("/en/exchange/"), add_rows=add_rows_of_every_dataset, shown=None
    )

    assert [dataset.name for dataset in result.many.context["datasets"]] == [
        "organizations",
        "listings",
        "agreements",
    ]


@pytest.mark.parametrize(
    ("name", "rows_per_row"), [("organizations", 3), ("listings", 1), ("agreements", 1)]
)
def test_export_query_count_does_not_grow_with_rows(client, secretariat, name, rows_per_row):
    client.force_login(secretariat)

    result = assert_list_queries_do_not_grow(
        lambda: client.get(f"/en/exchange/{name}.csv"),
        add_rows=add_rows_of_every_dataset,
        shown=csv_rows,
    )

    assert result.shown == (2 * rows_per_row, 6 * rows_per_row)


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
