"""Import and export of agreements as CSV or XLSX: all or nothing, each bad cell reported
with its spreadsheet line, and an export that imports back and holds no formulas."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import load_workbook

from innobridge.agreements import exchange, selectors
from innobridge.agreements.choices import (
    AgreementStatus,
    AgreementType,
    Health,
    MilestoneStatus,
    PartyRole,
    Visibility,
)
from innobridge.agreements.models import Agreement, AgreementParty, Milestone
from innobridge.agreements.tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    MilestoneFactory,
)
from innobridge.core.exchange import RowError
from innobridge.core.models import FocusArea, Sector, WorkArea
from innobridge.core.tabular import read_table, write_table
from innobridge.notifications.models import Notification
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 10)


@pytest.fixture
def hoa_lac():
    return OrganizationFactory(name="Hoa Lac Hi-Tech Park", country="VN")


@pytest.fixture
def guangxi():
    return OrganizationFactory(name="Guangxi Science Park", country="CN")


def counts() -> tuple[int, int, int]:
    return Agreement.objects.count(), AgreementParty.objects.count(), Milestone.objects.count()


def valid_row(**overrides) -> dict[str, str]:
    row = {
        "title": "Joint trial of salt-tolerant rice",
        "type": AgreementType.TRIAL_DEMONSTRATION,
        "parties": "Hoa Lac Hi-Tech Park; guangxi science park",
        "party_roles": "lead; partner",
        "signed_on": "2025-06-12",
        "starts_on": "2025-07-01",
        "ends_on": "2027-06-30",
        "visibility": Visibility.MEMBERS,
        "stages": "pilot_transformation",
    }
    row.update(overrides)
    return row


def import_rows(rows: list[dict[str, str]], actor, fmt: str = "csv", **kwargs):
    """The rows written to a file, read back as an upload and imported."""
    columns = exchange.IMPORT_COLUMNS
    data = write_table(
        columns, [[row.get(column, "") for column in columns] for row in rows], fmt=fmt
    )
    rows = read_table(
        io.BytesIO(data),
        name=f"agreements.{fmt}",
        required=exchange.REQUIRED_COLUMNS,
        known=columns,
    )
    return exchange.agreements_import(rows=rows, actor=actor, **kwargs)


# --- Import ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_agreements_import_records_every_party_as_confirmed(secretariat, hoa_lac, guangxi, fmt):
    sector = Sector.objects.get(code="green-energy")
    report = import_rows(
        [
            valid_row(sectors="green-energy", summary="Rice in coastal fields."),
            valid_row(
                title="Talent exchange",
                type=AgreementType.TALENT_EXCHANGE,
                parties=f"{guangxi.pk}; Hoa Lac Hi-Tech Park",
                party_roles="",
                status=AgreementStatus.DRAFT,
                visibility="",
                stages="",
            ),
        ],
        secretariat,
        fmt=fmt,
    )

    assert (report.created, report.errors) == (2, [])
    first = Agreement.objects.get(title="Joint trial of salt-tolerant rice")
    second = Agreement.objects.get(title="Talent exchange")
    assert (
        first.agreement_type,
        first.status,
        first.visibility,
        first.signed_on,
        first.starts_on,
        first.ends_on,
        first.stages,
        first.summary,
        list(first.sectors.all()),
        first.recorded_by,
        first.is_demo,
    ) == (
        AgreementType.TRIAL_DEMONSTRATION,
        AgreementStatus.SIGNED,
        Visibility.MEMBERS,
        date(2025, 6, 12),
        date(2025, 7, 1),
        date(2027, 6, 30),
        ["pilot_transformation"],
        "Rice in coastal fields.",
        [sector],
        secretariat,
        False,
    )
    assert (second.status, second.visibility) == (AgreementStatus.DRAFT, Visibility.PUBLIC)
    assert [
        (party.organization_id, party.role, party.is_confirmed)
        for party in AgreementParty.objects.order_by("agreement__title", "pk")
    ] == [
        (hoa_lac.pk, PartyRole.LEAD, True),
        (guangxi.pk, PartyRole.PARTNER, True),
        (guangxi.pk, PartyRole.PARTNER, True),
        (hoa_lac.pk, PartyRole.PARTNER, True),
    ]
    assert Notification.objects.count() == 0


def test_agreements_import_of_demo_data_marks_it(secretariat, hoa_lac, guangxi):
    report = import_rows([valid_row()], secretariat, is_demo=True)

    assert (report.created, list(Agreement.objects.values_list("is_demo", flat=True))) == (
        1,
        [True],
    )


def test_agreements_import_with_an_unknown_organization_creates_nothing(
    secretariat, hoa_lac, guangxi
):
    report = import_rows(
        [
            valid_row(title="Valid row"),
            valid_row(parties="Hoa Lac Hi-Tech Park; Nowhere Park"),
            valid_row(title="Another valid row"),
        ],
        secretariat,
    )

    assert (report.created, report.errors) == (
        0,
        [RowError(3, "parties", "No organization “Nowhere Park” in the directory.")],
    )
    assert counts() == (0, 0, 0)


def test_agreements_import_with_an_ambiguous_organization_name_is_refused(
    secretariat, hoa_lac, guangxi
):
    OrganizationFactory(name="Guangxi Science Park", country="LA")

    report = import_rows([valid_row()], secretariat)

    assert report.errors == [
        RowError(
            2,
            "parties",
            "“guangxi science park” names several organizations; give the organization's id.",
        )
    ]
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"type": "treaty"},
            (
                "type",
                "Unknown type “treaty”. Known: strategic_framework, technology_transfer, "
                "joint_rd, trial_demonstration, talent_exchange, resource_sharing, mou, other.",
            ),
        ),
        (
            {"party_roles": "lead; partner; witness"},
            ("parties", "3 roles given for 2 parties; give one role per party."),
        ),
        (
            {"party_roles": "lead; boss"},
            ("parties", "Unknown roles: boss. Known: lead, partner, witness, supporter."),
        ),
        (
            {"parties": "Hoa Lac Hi-Tech Park", "party_roles": ""},
            ("parties", "An agreement needs at least two parties."),
        ),
        (
            {"parties": "Hoa Lac Hi-Tech Park; hoa lac hi-tech park"},
            ("parties", "Each organization can be a party to an agreement only once."),
        ),
        (
            {"signed_on": "12/06/2025"},
            ("signed_on", "“12/06/2025” is not a date in the form YYYY-MM-DD."),
        ),
        (
            {"starts_on": "2027-01-01", "ends_on": "2026-12-31"},
            ("", "The term ends before it starts."),
        ),
        (
            {"visibility": "secret"},
            ("visibility", "Value 'secret' is not a valid choice."),
        ),
    ],
    ids=[
        "unknown_type",
        "roles_count_mismatch",
        "unknown_role",
        "one_party",
        "same_party_twice",
        "bad_date",
        "term_reversed",
        "unknown_visibility",
    ],
)
def test_agreements_import_with_bad_input_creates_nothing(
    secretariat, hoa_lac, guangxi, overrides, expected
):
    report = import_rows([valid_row(title="Valid row"), valid_row(**overrides)], secretariat)

    assert (report.created, report.errors) == (0, [RowError(3, *expected)])
    assert counts() == (0, 0, 0)


def test_agreements_import_with_an_unknown_sector_code_is_refused(secretariat, hoa_lac, guangxi):
    known = ", ".join(Sector.objects.values_list("code", flat=True))

    report = import_rows([valid_row(sectors="green-energy; moon-mining")], secretariat)

    assert report.errors == [RowError(2, "sectors", f"Unknown codes: moon-mining. Known: {known}.")]
    assert counts() == (0, 0, 0)


def test_agreements_import_by_a_member_is_refused(member, hoa_lac, guangxi):
    with pytest.raises(PermissionDenied):
        import_rows([valid_row()], member)

    assert counts() == (0, 0, 0)


# --- Export ---------------------------------------------------------------------------------


def export(user, **kwargs) -> list[dict]:
    rows = exchange.agreements_export_rows(selectors.agreement_list(user=user, on=ON, **kwargs))
    return [dict(zip(exchange.EXPORT_COLUMNS, row, strict=True)) for row in rows]


def test_agreements_export_rows_of_an_agreement(secretariat, hoa_lac, guangxi):
    agreement = AgreementFactory(
        title="Joint trial of salt-tolerant rice",
        agreement_type=AgreementType.TRIAL_DEMONSTRATION,
        status=AgreementStatus.IN_IMPLEMENTATION,
        visibility=Visibility.MEMBERS,
        signed_at_event="China-ASEAN Expo 2025",
        stages=["key_technology", "pilot_transformation"],
        sectors=[Sector.objects.get(code="green-energy")],
        parties=[hoa_lac],
    )
    AgreementPartyFactory(agreement=agreement, organization=guangxi, unconfirmed=True)
    agreement.work_areas.set([WorkArea.objects.first()])
    agreement.focus_areas.set([FocusArea.objects.first()])
    MilestoneFactory(agreement=agreement, done=True, due_on=date(2025, 12, 1))
    MilestoneFactory(agreement=agreement, due_on=date(2026, 9, 1))
    MilestoneFactory(
        agreement=agreement, due_on=date(2026, 10, 1), status=MilestoneStatus.CANCELLED
    )

    assert export(secretariat) == [
        {
            "id": agreement.pk,
            "title": "Joint trial of salt-tolerant rice",
            "language": "en",
            "type": AgreementType.TRIAL_DEMONSTRATION,
            "status": AgreementStatus.IN_IMPLEMENTATION,
            "visibility": Visibility.MEMBERS,
            "health": Health.ON_TRACK,
            "progress_percent": 50,
            "confirmed": False,
            "signed_on": date(2025, 6, 12),
            "signed_place": "Nanning",
            "signed_at_event": "China-ASEAN Expo 2025",
            "starts_on": date(2025, 1, 1),
            "ends_on": date(2027, 12, 31),
            "parties": "Hoa Lac Hi-Tech Park; Guangxi Science Park",
            "party_roles": "lead; partner",
            "party_countries": "VN; CN",
            "sectors": "green-energy",
            "work_areas": WorkArea.objects.first().code,
            "focus_areas": FocusArea.objects.first().code,
            "stages": "key_technology; pilot_transformation",
            "summary": "Two research parks trial rice varieties in coastal fields.",
        }
    ]


def test_agreements_export_rows_only_of_visible_agreements(hoa_lac, guangxi):
    public = AgreementFactory(title="Public", parties=[hoa_lac, guangxi])
    AgreementFactory(title="Members only", members_only=True)

    assert [
        (row["id"], row["health"], row["progress_percent"], row["confirmed"])
        for row in export(AnonymousUser())
    ] == [(public.pk, Health.NOT_PLANNED, None, True)]


IMPORTABLE_FIELDS = [
    "title", "language", "type", "status", "visibility", "signed_on", "signed_place",
    "signed_at_event", "starts_on", "ends_on", "parties", "party_roles", "party_countries",
    "sectors", "work_areas", "focus_areas", "stages", "summary",
]  # fmt: skip


def importable(rows: list[dict]) -> list[dict]:
    return sorted(
        ({field: row[field] for field in IMPORTABLE_FIELDS} for row in rows),
        key=lambda row: row["title"],
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_agreements_export_then_import_round_trips(secretariat, hoa_lac, guangxi, fmt):
    third = OrganizationFactory(name="Vientiane Innovation Hub", country="LA")
    first = AgreementFactory(
        title="Joint trial",
        parties=[hoa_lac, guangxi],
        stages=["basic_research"],
        sectors=[Sector.objects.get(code="green-energy")],
        signed_at_event="China-ASEAN Expo 2025",
    )
    first.work_areas.set([WorkArea.objects.first()])
    AgreementFactory(
        title="Talent exchange, 2026",
        agreement_type=AgreementType.TALENT_EXCHANGE,
        status=AgreementStatus.DRAFT,
        visibility=Visibility.PARTIES,
        signed_on=None,
        signed_place="",
        starts_on=None,
        ends_on=None,
        summary="Line one\nline two, with “quotes”",
        parties=[third, guangxi, hoa_lac],
    )
    AgreementPartyFactory(
        agreement=first, organization=third, role=PartyRole.WITNESS, unconfirmed=True
    )
    originals = importable(export(secretariat))
    data = write_table(
        exchange.EXPORT_COLUMNS,
        exchange.agreements_export_rows(selectors.agreement_list(user=secretariat, on=ON)),
        fmt=fmt,
    )
    Agreement.objects.all().delete()

    rows = read_table(
        io.BytesIO(data),
        name=f"agreements.{fmt}",
        required=exchange.REQUIRED_COLUMNS,
        known=exchange.EXPORT_COLUMNS,
    )
    report = exchange.agreements_import(rows=rows, actor=secretariat)

    assert (report.created, report.errors) == (2, [])
    assert importable(export(secretariat)) == originals
    assert [row["confirmed"] for row in export(secretariat)] == [True, True]


# --- Formulas and characters that cannot be stored ------------------------------------------

PUBLIC_EXPORT_URL = "/en/agreements/export"
EXCHANGE_URL = "/en/exchange/"
# Text a spreadsheet program would run as a formula, and text beginning with a quote of its own.
FORMULA_TEXTS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+2",
    "-3",
    "@SUM(A1)",
    "'=1+1",
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


@pytest.fixture
def formula_agreements(hoa_lac, guangxi) -> list[Agreement]:
    return [
        AgreementFactory(title=text, summary=text, signed_place=text, parties=[hoa_lac, guangxi])
        for text in FORMULA_TEXTS
    ]


def test_agreements_public_export_as_csv_guards_formula_text(client, formula_agreements):
    response = client.get(f"{PUBLIC_EXPORT_URL}.csv")

    assert response.status_code == 200
    assert sorted(exported_column(response.content, "csv", "title")) == sorted(
        [
            '\'=HYPERLINK("http://evil.example","x")',
            "'+1+2",
            "'-3",
            "'@SUM(A1)",
            "''=1+1",
        ]
    )


def test_agreements_public_export_as_xlsx_writes_formula_text_as_text(client, formula_agreements):
    response = client.get(f"{PUBLIC_EXPORT_URL}.xlsx")

    assert response.status_code == 200
    for column in ("title", "signed_place", "summary"):
        assert sorted(exported_column(response.content, "xlsx", column)) == sorted(
            (text, "s") for text in FORMULA_TEXTS
        )
    assert formula_elements(response.content) == []


@pytest.mark.parametrize("url", [f"{PUBLIC_EXPORT_URL}.", f"{EXCHANGE_URL}agreements."])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_agreements_export_then_upload_gives_formula_text_back(
    client, secretariat, formula_agreements, url, fmt
):
    client.force_login(secretariat)
    originals = importable(export(secretariat))
    data = client.get(f"{url}{fmt}").content
    Agreement.objects.all().delete()

    response = client.post(
        EXCHANGE_URL,
        {"dataset": "agreements", "file": SimpleUploadedFile(f"agreements.{fmt}", data)},
    )

    assert (response.context["report"].created, response.context["report"].errors) == (5, [])
    assert importable(export(secretariat)) == originals
    assert sorted(Agreement.objects.values_list("title", flat=True)) == sorted(FORMULA_TEXTS)


def test_agreements_import_of_cells_with_control_characters_names_each_and_creates_nothing(
    secretariat, hoa_lac, guangxi
):
    columns = exchange.IMPORT_COLUMNS
    rows = [
        valid_row(title="Valid row"),
        valid_row(title="Joint\x00trial"),
        valid_row(signed_place="Nan\x1bning", summary="Rice\x00 fields."),
    ]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # written as it is: write_table would replace the characters
    writer.writerow(columns)
    writer.writerows([row.get(column, "") for column in columns] for row in rows)

    report = exchange.agreements_import(
        rows=read_table(
            io.BytesIO(buffer.getvalue().encode()),
            name="agreements.csv",
            required=exchange.REQUIRED_COLUMNS,
            known=columns,
        ),
        actor=secretariat,
    )

    assert (report.created, report.errors) == (
        0,
        [
            RowError(3, "title", CONTROL_CHARACTER_ERROR.format(code="U+0000")),
            RowError(4, "signed_place", CONTROL_CHARACTER_ERROR.format(code="U+001B")),
            RowError(4, "summary", CONTROL_CHARACTER_ERROR.format(code="U+0000")),
        ],
    )
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "character", [pytest.param("\x00", id="nul"), pytest.param("\x07", id="bell")]
)
def test_agreements_public_export_of_text_stored_with_a_control_character_replaces_it(
    client, character, fmt
):
    if character == "\x00" and connection.vendor != "sqlite":
        pytest.skip("only SQLite stores NUL, as versions before imports refused it did")
    AgreementFactory(title=f"Old{character}title", summary=f"Old{character}summary")

    response = client.get(f"{PUBLIC_EXPORT_URL}.{fmt}")

    assert response.status_code == 200
    as_exported = (lambda text: text) if fmt == "csv" else (lambda text: (text, "s"))
    assert (
        exported_column(response.content, fmt, "title"),
        exported_column(response.content, fmt, "summary"),
    ) == ([as_exported("Old\ufffdtitle")], [as_exported("Old\ufffdsummary")])
