"""Import and export of listings and organizations (CSV and XLSX), all or nothing, with
every bad row named by its line and column; exports never hold formulas."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from innobridge.core.exchange import RowError
from innobridge.core.models import Sector
from innobridge.core.tabular import TableError, read_table, write_table
from innobridge.marketplace import exchange
from innobridge.marketplace.choices import (
    CallType,
    InnovationStage,
    ListingKind,
    ListingStatus,
    ResourceType,
)
from innobridge.marketplace.models import Listing, ListingTransition
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.organizations import exchange as organization_exchange
from innobridge.organizations.models import Organization
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

EXCHANGE_URL = "/en/exchange/"
HEADER = [
    "kind", "owner", "status", "language", "title", "summary", "description", "keywords",
    "sectors", "cooperation_types", "target_countries", "stage", "trl", "valid_until",
    "resource_type", "call_type",
]  # fmt: skip


@pytest.fixture
def owners(db) -> dict[str, Organization]:
    return {
        "hoa lac": OrganizationFactory(name="Hoa Lac Hi-Tech Park", country="VN"),
        "zhongguancun": OrganizationFactory(name="Zhongguancun Science Park", country="CN"),
    }


def valid_rows(owners: dict[str, Organization]) -> list[dict[str, str]]:
    """Five listings of different kinds, owners named by name or by id."""
    valid_until = (timezone.localdate() + timedelta(days=300)).isoformat()
    base = {
        "status": "",
        "language": "en",
        "description": "",
        "keywords": "",
        "stage": "",
        "trl": "",
        "valid_until": valid_until,
        "resource_type": "",
        "call_type": "",
    }
    rows = [
        {
            "kind": "offer",
            "owner": "Hoa Lac Hi-Tech Park",
            "title": "Membrane wastewater filtration",
            "summary": "A low-energy membrane for industrial wastewater reuse.",
            "description": "Plain text & no markup.",
            "keywords": "membrane; wastewater",
            "sectors": "environment-water; new-materials",
            "cooperation_types": "licensing",
            "target_countries": "LA; KH",
            "stage": "industrialization",
            "trl": "7",
        },
        {
            "kind": "need",
            "owner": str(owners["zhongguancun"].pk),
            "title": "Partner for battery recycling",
            "summary": "We look for a partner to recycle lithium batteries.",
            "sectors": "green-energy",
            "cooperation_types": "joint_rnd; investment",
            "target_countries": "VN",
            "trl": "4",
        },
        {
            "kind": "resource",
            "owner": "zhongguancun science park",
            "title": "Electron microscope time",
            "summary": "Our cryo electron microscope is open to member researchers.",
            "sectors": "life-sciences",
            "cooperation_types": "equipment_sharing",
            "target_countries": "",
            "resource_type": "large_equipment",
        },
        {
            "kind": "call",
            "owner": "Hoa Lac Hi-Tech Park",
            "title": "Smart agriculture joint call",
            "summary": "Joint research call for sensor networks in rice farming.",
            "sectors": "agriculture; artificial-intelligence",
            "cooperation_types": "joint_rnd",
            "target_countries": "TH; VN; CN",
            "call_type": "joint_rnd",
            "status": "draft",
        },
        {
            "kind": "offer",
            "owner": str(owners["hoa lac"].pk),
            "language": "",
            "title": "Công nghệ xử lý nước thải",
            "summary": "Công nghệ xử lý nước thải cho các khu công nghiệp ở Việt Nam.",
            "sectors": "environment-water",
            "cooperation_types": "technical_cooperation",
            "target_countries": "",
            "trl": "6",
        },
    ]
    return [{**base, **row} for row in rows]


def table(rows: list[dict[str, str]], fmt: str, header: list[str] = HEADER) -> bytes:
    return write_table(
        header, [[row.get(column, "") for column in header] for row in rows], fmt=fmt
    )


def read(data: bytes, fmt: str, *, columns=exchange.COLUMNS, required=exchange.REQUIRED):
    return read_table(io.BytesIO(data), name=f"upload.{fmt}", required=required, known=columns)


def import_listings(data: bytes, fmt: str, actor):
    return exchange.listings_import(rows=read(data, fmt), actor=actor)


# --- listings: valid files -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_listings_import_of_valid_rows_creates_them_all(secretariat, owners, fmt):
    report = import_listings(table(valid_rows(owners), fmt), fmt, secretariat)

    assert (report.created, report.errors) == (5, [])
    listings = {listing.title: listing for listing in Listing.objects.all()}
    assert len(listings) == 5
    summary = {
        title: (
            listing.kind,
            listing.owner_id,
            listing.status,
            listing.language,
            sorted(listing.sectors.values_list("code", flat=True)),
            sorted(listing.cooperation_types.values_list("code", flat=True)),
            sorted(listing.target_countries.values_list("country", flat=True)),
        )
        for title, listing in listings.items()
    }
    hoa_lac, zgc = owners["hoa lac"].pk, owners["zhongguancun"].pk
    published = ListingStatus.PUBLISHED
    assert summary == {
        "Membrane wastewater filtration": (
            "offer", hoa_lac, published, "en", ["environment-water", "new-materials"],
            ["licensing"], ["KH", "LA"],
        ),
        "Partner for battery recycling": (
            "need", zgc, published, "en", ["green-energy"], ["investment", "joint_rnd"], ["VN"],
        ),
        "Electron microscope time": (
            "resource", zgc, published, "en", ["life-sciences"], ["equipment_sharing"], [],
        ),
        "Smart agriculture joint call": (
            "call", hoa_lac, ListingStatus.DRAFT, "en",
            ["agriculture", "artificial-intelligence"], ["joint_rnd"], ["CN", "TH", "VN"],
        ),
        "Công nghệ xử lý nước thải": (
            "offer", hoa_lac, published, "vi", ["environment-water"],
            ["technical_cooperation"], [],
        ),
    }  # fmt: skip
    membrane = listings["Membrane wastewater filtration"]
    assert (
        membrane.description,
        membrane.keywords,
        membrane.trl,
        membrane.stage,
        membrane.created_by_id,
    ) == (
        "<p>Plain text &amp; no markup.</p>",
        ["membrane", "wastewater"],
        7,
        InnovationStage.INDUSTRIALIZATION,
        secretariat.pk,
    )
    assert membrane.published_at is not None
    assert membrane.search_text == membrane.build_search_text()
    assert listings["Electron microscope time"].resource_type == ResourceType.LARGE_EQUIPMENT
    assert listings["Smart agriculture joint call"].call_type == CallType.JOINT_RND
    assert listings["Smart agriculture joint call"].published_at is None


def test_listings_import_turns_plain_text_paragraphs_into_html(secretariat, owners):
    rows = valid_rows(owners)[:1]
    rows[0]["description"] = "First paragraph,\nsame paragraph.\n\nSecond paragraph & more."

    import_listings(table(rows, "xlsx"), "xlsx", secretariat)

    assert Listing.objects.get().description == (
        "<p>First paragraph,<br>same paragraph.</p><p>Second paragraph &amp; more.</p>"
    )


def test_listings_import_records_a_published_transition_and_history(secretariat, owners):
    import_listings(table(valid_rows(owners), "csv"), "csv", secretariat)

    published = Listing.objects.filter(status=ListingStatus.PUBLISHED)
    assert sorted(
        ListingTransition.objects.values_list(
            "listing_id", "from_status", "to_status", "actor_id", "reason"
        )
    ) == sorted(
        (listing.pk, ListingStatus.DRAFT, ListingStatus.PUBLISHED, secretariat.pk, "Imported")
        for listing in published
    )
    assert published.count() == 4
    assert sorted(
        Listing.history.values_list(
            "id", "history_type", "history_user_id", "history_change_reason"
        )
    ) == sorted(
        (pk, "+", secretariat.pk, "import") for pk in Listing.objects.values_list("pk", flat=True)
    )


def test_listings_import_of_imported_listings_shows_them_on_the_browse_page(
    client, secretariat, owners
):
    import_listings(table(valid_rows(owners), "csv"), "csv", secretariat)

    response = client.get("/en/marketplace/", {"sector": "environment-water"})

    assert sorted(listing.title for listing in response.context["page"].object_list) == [
        "Công nghệ xử lý nước thải",
        "Membrane wastewater filtration",
    ]


# --- listings: one bad row -------------------------------------------------------------------

BAD_VALUES = {
    "unknown owner": ({"owner": "Nobody Park"}, "owner"),
    "bad date": ({"valid_until": "2026-13-45"}, "valid_until"),
    "unknown sector": ({"sectors": "green-energy; teleportation"}, "sectors"),
    "readiness level 12": ({"trl": "12"}, "trl"),
    "unknown kind": ({"kind": "foo"}, "kind"),
    "unknown kind with a readiness level": ({"kind": "foo", "trl": "5"}, "kind"),
    "missing title": ({"title": ""}, "title"),
    "unknown country": ({"target_countries": "VN; XX"}, "target_countries"),
    "unknown cooperation type": ({"cooperation_types": "barter"}, "cooperation_types"),
    "status not importable": ({"status": "closed"}, "status"),
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("case", BAD_VALUES.keys())
def test_listings_import_with_one_bad_row_imports_nothing_and_names_it(
    secretariat, owners, case, fmt
):
    overrides, column = BAD_VALUES[case]
    rows = valid_rows(owners)
    rows[2] = {**rows[2], **overrides}  # line 4: the header is line 1

    report = import_listings(table(rows, fmt), fmt, secretariat)

    assert [(error.line, error.column) for error in report.errors] == [(4, column)]
    assert report.created == 0
    assert Listing.objects.count() == 0
    assert ListingTransition.objects.count() == 0
    assert Listing.history.count() == 0


def test_listings_import_names_the_owner_error_exactly(secretariat, owners):
    rows = valid_rows(owners)
    rows[1] = {**rows[1], "owner": "Nobody Park"}

    report = import_listings(table(rows, "csv"), "csv", secretariat)

    assert report.errors == [
        RowError(3, "owner", "No organization “Nobody Park” in the directory.")
    ]
    assert str(report.errors[0]) == "line 3, owner: No organization “Nobody Park” in the directory."


def test_listings_import_names_every_bad_row(secretariat, owners):
    rows = valid_rows(owners)
    rows[0] = {**rows[0], "trl": "12"}
    rows[4] = {**rows[4], "sectors": "teleportation"}

    report = import_listings(table(rows, "csv"), "csv", secretariat)

    assert [(error.line, error.column) for error in report.errors] == [(2, "trl"), (6, "sectors")]
    assert Listing.objects.count() == 0


def test_listings_import_counts_lines_like_a_spreadsheet_when_a_cell_holds_a_line_break(
    secretariat, owners
):
    rows = valid_rows(owners)
    rows[0] = {**rows[0], "summary": "A membrane for wastewater.\nIt saves energy."}
    rows[2] = {**rows[2], "owner": "Nobody Park"}

    csv_report = import_listings(table(rows, "csv"), "csv", secretariat)
    xlsx_report = import_listings(table(rows, "xlsx"), "xlsx", secretariat)

    assert [(error.line, error.column) for error in xlsx_report.errors] == [(4, "owner")]
    assert [(error.line, error.column) for error in csv_report.errors] == [(4, "owner")]


def test_listings_import_with_an_ambiguous_owner_name_asks_for_the_id(secretariat, owners):
    OrganizationFactory(name="Hoa Lac Hi-Tech Park", country="TH")
    rows = valid_rows(owners)[:1]

    report = import_listings(table(rows, "csv"), "csv", secretariat)

    assert report.errors == [
        RowError(
            2,
            "owner",
            "“Hoa Lac Hi-Tech Park” names several organizations; give the organization's id.",
        )
    ]


def test_listings_import_by_a_member_is_denied_and_imports_nothing(member, owners):
    rows = read(table(valid_rows(owners), "csv"), "csv")

    with pytest.raises(PermissionDenied):
        exchange.listings_import(rows=rows, actor=member)

    assert Listing.objects.count() == 0


# --- whole-file errors -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_read_table_with_an_unknown_column_is_refused(owners, fmt):
    data = table(valid_rows(owners), fmt, header=[*HEADER, "colour"])

    with pytest.raises(TableError) as caught:
        read(data, fmt)

    assert str(caught.value) == (
        f"Unknown columns: colour. Known columns are: {', '.join(exchange.COLUMNS)}."
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_read_table_without_a_required_column_is_refused(owners, fmt):
    data = table(valid_rows(owners), fmt, header=[c for c in HEADER if c != "summary"])

    with pytest.raises(TableError) as caught:
        read(data, fmt)

    assert str(caught.value) == "Missing columns: summary."


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("latin-1", "kind,owner,title,summary\noffer,Hoa Lac,Café bench,Tests\n"),
        ("gbk", "kind,owner,title,summary\noffer,Hoa Lac,Bench,测试平台\n"),
    ],
)
def test_read_table_of_a_csv_that_is_not_utf8_is_refused(encoding, text):
    data = text.encode(encoding)
    first_non_ascii = next(index for index, byte in enumerate(data) if byte >= 0x80)

    with pytest.raises(TableError) as caught:
        read(data, "csv")

    assert str(caught.value) == (
        f"The CSV file is not UTF-8 text (byte {first_non_ascii}). Save it as “CSV UTF-8”."
    )


def test_read_table_of_a_file_named_xlsx_that_is_not_a_workbook_is_refused():
    with pytest.raises(TableError) as caught:
        read_table(
            io.BytesIO(b"kind,owner\n"),
            name="listings.xlsx",
            required=exchange.REQUIRED,
            known=exchange.COLUMNS,
        )

    assert str(caught.value) == "The file is named .xlsx but is not an Excel workbook."


def test_read_table_of_an_empty_file_is_refused():
    with pytest.raises(TableError) as caught:
        read(b"", "csv")

    assert str(caught.value) == "The file is empty."


# --- export and re-import --------------------------------------------------------------------


def _exported_fields(listing: Listing) -> tuple:
    return (
        listing.title,
        listing.kind,
        listing.owner_id,
        listing.status,
        listing.language,
        listing.summary,
        listing.description,
        listing.keywords,
        sorted(listing.sectors.values_list("code", flat=True)),
        sorted(listing.cooperation_types.values_list("code", flat=True)),
        sorted(listing.target_countries.values_list("country", flat=True)),
        listing.trl,
        listing.valid_until,
        listing.resource_type,
        listing.call_type,
        listing.budget_min,
        listing.budget_max,
        listing.budget_currency,
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_listings_export_then_import_round_trips(secretariat, owners, fmt):
    energy = Sector.objects.get(code="green-energy")
    ListingFactory(
        owner=owners["hoa lac"],
        title="Battery bench",
        description="<p>Line <strong>one</strong></p>",
        keywords=["battery", "bench"],
        trl=6,
        sectors=[energy],
        target_countries=["VN", "LA"],
    )
    ListingFactory(
        owner=owners["zhongguancun"],
        kind=ListingKind.CALL,
        call_type=CallType.INVESTMENT,
        title="Investment call, 2026",
        budget_min=Decimal("1000.00"),
        budget_max=Decimal("250000.50"),
        budget_currency="CNY",
    )
    originals = sorted(_exported_fields(listing) for listing in Listing.objects.all())
    data = write_table(
        exchange.COLUMNS, exchange.listings_export_rows(Listing.objects.all()), fmt=fmt
    )
    Listing.objects.all().delete()

    report = import_listings(data, fmt, secretariat)

    assert (report.created, report.errors) == (2, [])
    assert sorted(_exported_fields(listing) for listing in Listing.objects.all()) == originals


# --- organizations ---------------------------------------------------------------------------

ORGANIZATION_HEADER = ["type", "name", "name_language", "name_en", "country", "city", "sectors"]


def organization_table(rows: list[list[str]], fmt: str = "csv") -> bytes:
    return write_table(ORGANIZATION_HEADER, rows, fmt=fmt)


def import_organizations(data: bytes, actor, fmt: str = "csv"):
    rows = read(
        data,
        fmt,
        columns=organization_exchange.COLUMNS,
        required=organization_exchange.REQUIRED,
    )
    return organization_exchange.organizations_import(rows=rows, actor=actor)


VALID_ORGANIZATIONS = [
    ["science_park", "Hoa Lac Hi-Tech Park", "en", "", "VN", "Hanoi", "green-energy; marine"],
    ["university", "清华大学", "zh-hans", "Tsinghua University", "CN", "Beijing", "new-materials"],
    ["enterprise", "Siam Robotics", "en", "", "TH", "Bangkok", ""],
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_organizations_import_creates_them_with_their_sectors(secretariat, fmt):
    report = import_organizations(organization_table(VALID_ORGANIZATIONS, fmt), secretariat, fmt)

    assert (report.created, report.errors) == (3, [])
    created = {
        organization.name: (
            organization.type,
            organization.country,
            organization.translated_names,
            sorted(organization.sectors.values_list("code", flat=True)),
        )
        for organization in Organization.objects.all()
    }
    assert created == {
        "Hoa Lac Hi-Tech Park": ("science_park", "VN", {}, ["green-energy", "marine"]),
        "清华大学": ("university", "CN", {"en": "Tsinghua University"}, ["new-materials"]),
        "Siam Robotics": ("enterprise", "TH", {}, []),
    }
    assert Organization.history.filter(history_type="+").count() == 3


def test_organizations_import_with_a_duplicate_inside_the_file_imports_nothing(secretariat):
    rows = [*VALID_ORGANIZATIONS, ["enterprise", "HOA LAC HI-TECH PARK", "en", "", "VN", "", ""]]

    report = import_organizations(organization_table(rows), secretariat)

    assert report.errors == [RowError(5, "name", "The same organization is already on line 2.")]
    assert Organization.objects.count() == 0


def test_organizations_import_with_a_duplicate_of_the_directory_imports_nothing(secretariat):
    OrganizationFactory(name="Siam Robotics", country="TH")

    report = import_organizations(organization_table(VALID_ORGANIZATIONS), secretariat)

    assert [(error.line, error.message) for error in report.errors] == [
        (4, "An organization with this name is already registered in this country.")
    ]
    assert list(Organization.objects.values_list("name", flat=True)) == ["Siam Robotics"]


def test_organizations_import_with_an_unknown_sector_names_the_line(secretariat):
    rows = [*VALID_ORGANIZATIONS[:1], ["enterprise", "Robo", "en", "", "TH", "", "magic"]]

    report = import_organizations(organization_table(rows), secretariat)

    assert report.errors == [RowError(3, "sectors", "Unknown codes: magic.")]
    assert Organization.objects.count() == 0


def test_organizations_import_by_a_member_is_denied_and_imports_nothing(member):
    organizations_before = Organization.objects.count()
    rows = read(
        organization_table(VALID_ORGANIZATIONS),
        "csv",
        columns=organization_exchange.COLUMNS,
        required=organization_exchange.REQUIRED,
    )

    with pytest.raises(PermissionDenied):
        organization_exchange.organizations_import(rows=rows, actor=member)

    assert Organization.objects.count() == organizations_before


# --- the web upload --------------------------------------------------------------------------


def upload(client, dataset: str, name: str, data: bytes):
    return client.post(EXCHANGE_URL, {"dataset": dataset, "file": SimpleUploadedFile(name, data)})


def test_exchange_upload_shows_the_line_of_each_error(client, secretariat, owners):
    rows = valid_rows(owners)
    rows[1] = {**rows[1], "owner": "Nobody Park"}
    rows[3] = {**rows[3], "trl": "12"}
    client.force_login(secretariat)

    response = upload(client, "listings", "listings.csv", table(rows, "csv"))

    assert response.status_code == 200
    assert [(e.line, e.column) for e in response.context["report"].errors] == [
        (3, "owner"),
        (5, "trl"),
    ]
    content = response.content.decode()
    assert "line 3, owner: No organization “Nobody Park” in the directory." in content
    assert "line 5, trl: Ensure this value is less than or equal to 9." in content
    assert "Nothing was imported: 2 problems." in content
    assert Listing.objects.count() == 0


def test_exchange_upload_of_a_valid_xlsx_imports_it(client, secretariat, owners):
    client.force_login(secretariat)

    response = upload(client, "listings", "listings.xlsx", table(valid_rows(owners), "xlsx"))

    assert response.context["report"].created == 5
    assert "5 rows imported." in response.content.decode()
    assert Listing.objects.count() == 5


def test_exchange_upload_of_organizations_imports_them(client, secretariat):
    client.force_login(secretariat)

    response = upload(
        client, "organizations", "organizations.csv", organization_table(VALID_ORGANIZATIONS)
    )

    assert response.context["report"].created == 3
    assert Organization.objects.filter(name="Siam Robotics").exists()


def test_exchange_upload_with_an_unknown_column_shows_the_file_error(client, secretariat, owners):
    client.force_login(secretariat)
    data = table(valid_rows(owners), "csv", header=[*HEADER, "colour"])

    response = upload(client, "listings", "listings.csv", data)

    assert response.context["file_error"].startswith("Unknown columns: colour.")
    assert response.context["report"] is None
    assert Listing.objects.count() == 0


# --- formulas and characters that cannot be stored -------------------------------------------

# Text a spreadsheet program would run as a formula, and text beginning with a quote of its own.
FORMULA_TEXTS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+2",
    "-3",
    "@SUM(A1)",
    "'=1+1",
]
# In CSV each gets one more leading quote, which the import takes off again.
GUARDED_CSV_TEXTS = [
    '\'=HYPERLINK("http://evil.example","x")',
    "'+1+2",
    "'-3",
    "'@SUM(A1)",
    "''=1+1",
]
CONTROL_CHARACTER_ERROR = (
    "The cell contains an invisible character ({code}) that cannot be stored; remove it."
)


def exported_column(data: bytes, fmt: str, column: str) -> list:
    """A column of an export: CSV cells as written, or XLSX (value, data type) pairs."""
    if fmt == "csv":
        header, *records = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        return [record[header.index(column)] for record in records]
    header, *cells = load_workbook(io.BytesIO(data)).worksheets[0].iter_rows()
    index = [cell.value for cell in header].index(column)
    return [(row[index].value, row[index].data_type) for row in cells]


def formula_elements(data: bytes) -> list[str]:
    """The <f> elements (formulas) of an XLSX file's first sheet."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return re.findall(r"<f[\s>/]", archive.read("xl/worksheets/sheet1.xml").decode())


def raw_csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    """A CSV file written as it is, control characters included (write_table replaces them)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([row.get(column, "") for column in header] for row in rows)
    return buffer.getvalue().encode()


@pytest.fixture
def formula_listings(owners) -> list[Listing]:
    return [
        ListingFactory(owner=owners["hoa lac"], title=text, summary=text, keywords=[text, "x"])
        for text in FORMULA_TEXTS
    ]


def test_exchange_export_of_listings_as_csv_guards_formula_text(
    client, secretariat, formula_listings
):
    client.force_login(secretariat)

    response = client.get(f"{EXCHANGE_URL}listings.csv")

    assert response.status_code == 200
    for column in ("title", "summary"):
        assert exported_column(response.content, "csv", column) == GUARDED_CSV_TEXTS
    assert exported_column(response.content, "csv", "keywords") == [
        f"{text}; x" for text in GUARDED_CSV_TEXTS
    ]


def test_exchange_export_of_listings_as_xlsx_writes_formula_text_as_text(
    client, secretariat, formula_listings
):
    client.force_login(secretariat)

    response = client.get(f"{EXCHANGE_URL}listings.xlsx")

    assert response.status_code == 200
    for column in ("title", "summary"):
        assert exported_column(response.content, "xlsx", column) == [
            (text, "s") for text in FORMULA_TEXTS
        ]
    assert formula_elements(response.content) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exchange_export_then_upload_of_listings_gives_formula_text_back(
    client, secretariat, formula_listings, fmt
):
    client.force_login(secretariat)
    originals = sorted(_exported_fields(listing) for listing in Listing.objects.all())
    data = client.get(f"{EXCHANGE_URL}listings.{fmt}").content
    Listing.objects.all().delete()

    response = upload(client, "listings", f"listings.{fmt}", data)

    assert (response.context["report"].created, response.context["report"].errors) == (5, [])
    assert sorted(_exported_fields(listing) for listing in Listing.objects.all()) == originals
    assert sorted(Listing.objects.values_list("title", flat=True)) == sorted(FORMULA_TEXTS)


def _organization_fields(organization: Organization) -> tuple:
    return (
        organization.type,
        organization.name,
        organization.name_language,
        organization.translated_names,
        organization.short_name,
        organization.country,
        organization.city,
        organization.description,
        organization.membership_status,
        organization.joined_on,
    )


@pytest.fixture
def formula_organizations(db) -> list[Organization]:
    return [
        OrganizationFactory(name=text, short_name=text[:60], city=text, description=text)
        for text in FORMULA_TEXTS
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exchange_export_of_organizations_holds_no_formula(
    client, secretariat, formula_organizations, fmt
):
    client.force_login(secretariat)

    response = client.get(f"{EXCHANGE_URL}organizations.{fmt}")

    assert response.status_code == 200
    if fmt == "csv":
        assert exported_column(response.content, fmt, "name") == GUARDED_CSV_TEXTS
    else:
        assert exported_column(response.content, fmt, "name") == [
            (text, "s") for text in FORMULA_TEXTS
        ]
        assert formula_elements(response.content) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exchange_export_then_upload_of_organizations_gives_formula_text_back(
    client, secretariat, formula_organizations, fmt
):
    client.force_login(secretariat)
    originals = sorted(_organization_fields(o) for o in Organization.objects.all())
    data = client.get(f"{EXCHANGE_URL}organizations.{fmt}").content
    Organization.objects.all().delete()

    response = upload(client, "organizations", f"organizations.{fmt}", data)

    assert (response.context["report"].created, response.context["report"].errors) == (5, [])
    assert sorted(_organization_fields(o) for o in Organization.objects.all()) == originals


def test_listings_import_of_cells_with_control_characters_names_each_and_imports_nothing(
    secretariat, owners
):
    rows = valid_rows(owners)
    rows[1] = {**rows[1], "title": "Partner\x00for batteries"}
    rows[3] = {**rows[3], "title": "Smart\x1b agriculture", "summary": "Rice\x07 sensors."}

    report = import_listings(raw_csv(HEADER, rows), "csv", secretariat)

    assert (report.created, report.errors) == (
        0,
        [
            RowError(3, "title", CONTROL_CHARACTER_ERROR.format(code="U+0000")),
            RowError(5, "title", CONTROL_CHARACTER_ERROR.format(code="U+001B")),
            RowError(5, "summary", CONTROL_CHARACTER_ERROR.format(code="U+0007")),
        ],
    )
    assert Listing.objects.count() == 0
    assert ListingTransition.objects.count() == 0
    assert Listing.history.count() == 0


def test_listings_bulk_load_rejects_only_lines_with_control_characters(secretariat, owners):
    rows = valid_rows(owners)
    rows[1] = {**rows[1], "summary": "Lithium\x00 batteries."}

    report = exchange.listings_bulk_load(rows=read(raw_csv(HEADER, rows), "csv"), actor=secretariat)

    assert report.rejected == [
        RowError(3, "summary", CONTROL_CHARACTER_ERROR.format(code="U+0000"))
    ]
    assert sorted(Listing.objects.values_list("title", flat=True)) == sorted(
        row["title"] for index, row in enumerate(rows) if index != 1
    )


def test_organizations_import_of_cells_with_control_characters_names_each_and_imports_nothing(
    secretariat,
):
    organizations_before = list(Organization.objects.values_list("pk", "name"))
    rows = [
        dict(zip(ORGANIZATION_HEADER, row, strict=True))
        for row in [
            *VALID_ORGANIZATIONS,
            ["enterprise", "Siam\x00 Robotics", "en", "", "TH", "Bangkok", ""],
            ["enterprise", "Siam\x00 Robotics", "en", "", "TH", "Bang\x0ckok", ""],
        ]
    ]

    report = import_organizations(raw_csv(ORGANIZATION_HEADER, rows), secretariat)

    assert (report.created, report.errors) == (
        0,
        [
            RowError(5, "name", CONTROL_CHARACTER_ERROR.format(code="U+0000")),
            RowError(6, "name", CONTROL_CHARACTER_ERROR.format(code="U+0000")),
            RowError(6, "city", CONTROL_CHARACTER_ERROR.format(code="U+000C")),
        ],
    )
    assert list(Organization.objects.values_list("pk", "name")) == organizations_before


def test_exchange_upload_of_a_csv_with_nul_names_the_cell_and_imports_nothing(
    client, secretariat, owners
):
    rows = valid_rows(owners)
    rows[1] = {**rows[1], "title": "Partner\x00for batteries"}
    client.force_login(secretariat)

    response = upload(client, "listings", "listings.csv", raw_csv(HEADER, rows))

    assert response.status_code == 200
    content = response.content.decode()
    assert (
        "line 3, title: The cell contains an invisible character (U+0000) that cannot be stored;"
        " remove it." in content
    )
    assert "Nothing was imported: 1 problem." in content
    assert Listing.objects.count() == 0


def test_exchange_upload_of_a_csv_with_a_cell_over_the_field_limit_names_the_line(
    client, secretariat, owners
):
    limit = csv.field_size_limit()
    rows = valid_rows(owners)
    rows[2] = {**rows[2], "description": "x" * (limit + 1)}
    client.force_login(secretariat)

    response = upload(client, "listings", "listings.csv", table(rows, "csv"))

    assert response.status_code == 200
    assert response.context["file_error"] == (
        f"Line 4 has a cell longer than {limit} characters; check that every quotation mark in "
        "it is closed."
    )
    assert response.context["report"] is None
    assert Listing.objects.count() == 0


STORED_CONTROL_CHARACTERS = [pytest.param("\x00", id="nul"), pytest.param("\x07", id="bell")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("character", STORED_CONTROL_CHARACTERS)
def test_exchange_export_of_text_stored_with_a_control_character_replaces_it(
    client, secretariat, character, fmt
):
    if character == "\x00" and connection.vendor != "sqlite":
        pytest.skip("only SQLite stores NUL, as versions before imports refused it did")
    owner = OrganizationFactory(name=f"Old{character}park")
    ListingFactory(owner=owner, title=f"Old{character}title")
    client.force_login(secretariat)

    listings = client.get(f"{EXCHANGE_URL}listings.{fmt}")
    organizations = client.get(f"{EXCHANGE_URL}organizations.{fmt}")

    assert (listings.status_code, organizations.status_code) == (200, 200)
    as_exported = (lambda text: text) if fmt == "csv" else (lambda text: (text, "s"))
    assert (
        exported_column(listings.content, fmt, "title"),
        exported_column(listings.content, fmt, "owner_name"),
        exported_column(organizations.content, fmt, "name"),
    ) == (
        [as_exported("Old\ufffdtitle")],
        [as_exported("Old\ufffdpark")],
        [as_exported("Old\ufffdpark")],
    )
