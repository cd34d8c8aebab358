"""The annual report (reports.py, yearly.py and the `report` command): its PDF's text holds
the dashboard's figures for the same year, every character is covered by the fonts, the
public edition leaves out what the public may not see, and the XLSX holds every table."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from decimal import Decimal
from functools import cache

import pytest
from django.core.management import CommandError, call_command
from fontTools.ttLib import TTCollection, TTFont
from openpyxl import load_workbook

from innobridge.agreements.choices import AgreementType, Visibility
from innobridge.agreements.tests.factories import AgreementFactory, OutcomeFactory
from innobridge.analytics.choices import Audience
from innobridge.analytics.reports import font_families, report_build
from innobridge.analytics.tests.scenario import build_alliance
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
SECRET_TITLE = "Confidential licence of a desalination membrane"


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it (poppler-utils, installed by `make test`)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 (from PATH, as `make test` installs it)
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


@cache
def _cmap(family: str) -> frozenset[int]:
    path, families = subprocess.run(  # noqa: S603 (a family name of ours)
        ["fc-match", "--format=%{file}|%{family}", family],  # noqa: S607 (fontconfig, on PATH)
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("|", 1)
    assert family in families.split(","), f"{family} is not installed ({path} would stand in)"
    fonts = TTCollection(path).fonts if path.endswith(".ttc") else [TTFont(path)]
    return frozenset(code for font in fonts for code in font.getBestCmap())


@pytest.fixture
def alliance():
    """The scenario's alliance, and in 2025 agreements whose parties write in Vietnamese,
    Russian and Arabic, an investment, a parties-only licence and a title that looks like
    a spreadsheet formula."""
    alliance = build_alliance()
    hanoi = OrganizationFactory(name="Khu Công nghệ cao Hòa Lạc", name_language="vi", country="VN")
    kazan = OrganizationFactory(name="Технопарк «Идея»", name_language="ru", country="RU")
    dubai = OrganizationFactory(name="واحة دبي للسيليكون", name_language="ar", country="AE")
    invested = AgreementFactory(parties=[alliance.a, hanoi], agreement_type=AgreementType.JOINT_RD)
    OutcomeFactory(
        agreement=invested,
        indicator="investment",
        value=Decimal("24500000"),
        currency="CNY",
        recorded_on=date(YEAR, 9, 1),
        country="VN",
    )
    AgreementFactory(parties=[kazan, dubai], agreement_type=AgreementType.MOU)
    AgreementFactory(parties=[hanoi, kazan], title='=HYPERLINK("http://evil.example","x")')
    secret = AgreementFactory(
        parties=[dubai, alliance.b], title=SECRET_TITLE, visibility=Visibility.PARTIES
    )
    OutcomeFactory(agreement=secret, value=Decimal("7"), recorded_on=date(YEAR, 10, 1))
    return alliance


def _figures_block(text: str, heading: str, next_heading: str) -> list[int]:
    block = text[text.index(heading) : text.index(next_heading, text.index(heading) + 1)]
    return sorted(int(value.replace(",", "")) for value in re.findall(r"\d[\d,]*", block))


@pytest.mark.parametrize(
    ("language", "heading", "next_heading"),
    [("en", "The year in figures", "Members by country"), ("zh-hans", "年度数据", "各国成员")],
)
def test_the_pdf_prints_the_dashboard_figures_of_the_year(
    client, alliance, language, heading, next_heading
):
    dashboard = client.get(f"/{language}/network/", {"year": YEAR}).context["year_figures"]

    text = pdf_text(report_build(year=YEAR, language=language).pdf)

    for label, _value in dashboard:
        assert label in text
    assert _figures_block(text, heading, next_heading) == sorted(
        value for _label, value in dashboard
    )


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant", "vi"])
def test_the_fonts_cover_every_character_of_the_pdf(alliance, language):
    text = pdf_text(report_build(year=YEAR, language=language).pdf)

    covered = set().union(*(_cmap(family) for family in font_families(language)))
    missing = {char for char in text if not char.isspace() and ord(char) not in covered}
    assert missing == set()
    for name in ("Khu Công nghệ cao Hòa Lạc", "Технопарк «Идея»"):
        assert name in text


def test_amounts_are_formatted_for_the_language(alliance):
    assert "CN¥24,500,000.00" in pdf_text(report_build(year=YEAR, language="en").pdf)
    assert "24.500.000,00" in pdf_text(report_build(year=YEAR, language="vi").pdf)


def test_the_public_edition_leaves_out_parties_only_agreements(alliance):
    public = pdf_text(report_build(year=YEAR, language="en").pdf)
    secretariat = pdf_text(
        report_build(year=YEAR, language="en", audience=Audience.SECRETARIAT).pdf
    )

    # pdftotext wraps a title in its table cell; its first word is unique here
    assert "Confidential" not in public
    assert "Confidential" in secretariat
    # its seven people trained count in the secretariat's totals only
    assert re.search(r"People trained\s+people\s+7\b", secretariat)
    assert not re.search(r"People trained", public)


def test_the_xlsx_holds_every_table_with_numbers_and_no_formula(alliance):
    report = report_build(year=YEAR, language="en")

    workbook = load_workbook(io.BytesIO(report.xlsx))

    assert workbook.sheetnames == [
        "The year in figures",
        "Members by country",
        "Agreements by type",
        "Agreements by work area",
        "Agreements by country of a part",  # Excel's 31 characters
        "Outcomes reported",
        "Members with the most central p",
        "Countries that cooperate most",
        "Cooperation stories",
    ]
    figures = {
        row[0]: row[1]
        for row in workbook["The year in figures"].iter_rows(min_row=2, values_only=True)
    }
    assert figures["Agreements signed"] == report.figures.agreements
    assert isinstance(figures["Agreements signed"], int)
    titles = [row[0].value for row in workbook["Cooperation stories"].iter_rows(min_row=2)]
    formula = next(
        cell
        for cell in workbook["Cooperation stories"]["A"]
        if str(cell.value).startswith("=HYPER")
    )
    assert (formula.data_type, formula.quotePrefix) == ("s", True)
    assert SECRET_TITLE not in titles


def test_the_command_writes_the_pdf_and_the_xlsx(alliance, tmp_path):
    out = io.StringIO()

    call_command("report", year=YEAR, lang="zh-hans", output=tmp_path, stdout=out)

    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == [
        "innobridge-report-2025-public-zh-hans.pdf",
        "innobridge-report-2025-public-zh-hans.xlsx",
    ]
    assert out.getvalue().split() == [str(tmp_path / name) for name in written]
    assert (tmp_path / written[0]).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": YEAR, "lang": "klingon"}, "Unknown language 'klingon'"),
        ({"year": 3000, "lang": "en"}, "No report for 3000"),
    ],
)
def test_the_command_refuses_what_it_cannot_make(db, tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", output=tmp_path, **options)
    assert list(tmp_path.iterdir()) == []
