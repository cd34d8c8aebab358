"""The annual report: a PDF (WeasyPrint) with the year's figures, charts, map, network and
cooperation stories, and an XLSX with every table behind it, in any UI language.

`innobridge report --year 2025 --lang zh-hans` writes both. The figures come from
yearly.year_in_figures, which the dashboard shows for the same year; numbers, amounts and
dates are formatted for the language by babel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from innobridge.agreements.choices import (
    INDICATOR_UNITS,
    UNIT_LABELS,
    AgreementType,
    OutcomeIndicator,
)
from innobridge.analytics import charts
from innobridge.analytics.choices import Audience
from innobridge.analytics.yearly import YearFigures, key_figures, year_in_figures
from innobridge.core.countries import country_name
from innobridge.core.languages import babel_locale
from innobridge.core.models import WorkArea
from innobridge.core.tabular import write_workbook

# The fonts the PDF is set in, first match wins per character: Latin, Vietnamese and
# Cyrillic (Noto Sans), Chinese (Noto Sans CJK, Simplified or Traditional forms), Arabic.
# `make test` and `make run` install them (scripts/ensure-system-packages).
FONT_FAMILIES = {
    "zh-hans": ["Noto Sans CJK SC", "Noto Sans", "Noto Sans Arabic"],
    "zh-hant": ["Noto Sans CJK TC", "Noto Sans", "Noto Sans Arabic"],
    "ar": ["Noto Sans Arabic", "Noto Sans", "Noto Sans CJK SC"],
    "default": ["Noto Sans", "Noto Sans CJK SC", "Noto Sans Arabic"],
}


def font_families(language: str) -> list[str]:
    return FONT_FAMILIES.get(language, FONT_FAMILIES["default"])


@dataclass(frozen=True)
class Report:
    figures: YearFigures
    language: str
    pdf: bytes
    xlsx: bytes

    def file_name(self, extension: str) -> str:
        figures = self.figures
        return f"innobridge-report-{figures.year}-{figures.audience}-{self.language}.{extension}"


def report_build(
    *,
    year: int,
    language: str,
    audience: str = Audience.PUBLIC,
    progress: Callable[[int, str], None] | None = None,
) -> Report:
    """The year's report in `language`, counting what `audience` may see (the public edition
    by default). `progress(percent, step)` is told as each step ends (the worker stores it
    for the page that waits)."""
    tell = progress or (lambda percent, step: None)
    figures = year_in_figures(year=year, audience=audience)
    tell(30, "figures")
    with translation.override(language):
        tables = report_tables(figures, language)
        pdf = _pdf(figures, tables, language)
        tell(80, "pdf")
        xlsx = write_workbook(
            [(table.title, table.columns, table.raw_rows) for table in tables.values()]
        )
        tell(95, "xlsx")
    return Report(figures=figures, language=language, pdf=pdf, xlsx=xlsx)


def report_write(report: Report, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for extension, content in (("pdf", report.pdf), ("xlsx", report.xlsx)):
        path = folder / report.file_name(extension)
        path.write_bytes(content)
        written.append(path)
    return written


@dataclass(frozen=True)
class Table:
    """A table of the report: shown formatted in the PDF, raw (numbers as numbers) in the XLSX."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    raw_rows: list[list]


def number(value: int | float | Decimal, language: str) -> str:
    return format_decimal(value, locale=babel_locale(language))


def amount(value: Decimal, currency: str, language: str) -> str:
    return format_currency(value, currency, locale=babel_locale(language))


def _table(title: str, columns: list[str], raw_rows: list[list], language: str) -> Table:
    rows = [
        [
            number(value, language) if isinstance(value, int | float | Decimal) else str(value)
            for value in row
        ]
        for row in raw_rows
    ]
    return Table(title=title, columns=columns, rows=rows, raw_rows=raw_rows)


def report_tables(figures: YearFigures, language: str) -> dict[str, Table]:
    types = dict(AgreementType.choices)
    areas = {area.code: area.label() for area in WorkArea.objects.all()}
    indicators = dict(OutcomeIndicator.choices)
    outcome_rows = []
    for indicator, currency, total in figures.outcomes:
        unit = currency or str(UNIT_LABELS.get(INDICATOR_UNITS.get(indicator, ""), ""))
        outcome_rows.append([str(indicators.get(indicator, indicator)), unit, float(total)])
    tables = {
        "figures": _table(
            _("The year in figures"),
            [_("Figure"), _("Value")],
            [[label, value] for label, value in key_figures(figures)],
            language,
        ),
        "members": _table(
            _("Members by country"),
            [_("Country"), _("Members")],
            [[country_name(code, language), count] for code, count in figures.members_by_country],
            language,
        ),
        "types": _table(
            _("Agreements by type"),
            [_("Type"), _("Agreements")],
            [[str(types.get(code, code)), count] for code, count in figures.agreements_by_type],
            language,
        ),
        "areas": _table(
            _("Agreements by work area"),
            [_("Work area"), _("Agreements")],
            [[areas.get(code, code), count] for code, count in figures.agreements_by_work_area],
            language,
        ),
        "countries": _table(
            _("Agreements by country of a party"),
            [_("Country"), _("Agreements")],
            [
                [country_name(code, language), count]
                for code, count in figures.agreements_by_country
            ],
            language,
        ),
        "outcomes": _table(
            _("Outcomes reported"), [_("Indicator"), _("Unit"), _("Total")], outcome_rows, language
        ),
        "top": _table(
            _("Members with the most central position"),
            [_("Rank"), _("Organization"), _("Country"), _("Partners"), _("Countries reached")],
            [
                [
                    member.rank,
                    member.organization.name_in(language)[0],
                    country_name(member.organization.country, language),
                    member.partners,
                    member.countries,
                ]
                for member in figures.top_members
            ],
            language,
        ),
        "pairs": _table(
            _("Countries that cooperate most"),
            [_("Country"), _("Country"), _("Ties")],
            [
                [country_name(edge.a, language), country_name(edge.b, language), edge.ties]
                for edge in figures.country_ties
            ],
            language,
        ),
        "stories": _table(
            _("Cooperation stories"),
            [_("Agreement"), _("Parties"), _("Signed"), _("Outcomes")],
            [
                [
                    story.title,
                    ", ".join(
                        party.organization.name_in(language)[0] for party in story.parties.all()
                    ),
                    format_date(story.signed_on, format="long", locale=babel_locale(language)),
                    story.outcome_count,
                ]
                for story in figures.stories
            ],
            language,
        ),
    }
    # Investment amounts read as money in the PDF, in the language's way.
    for row, (_indicator, currency, total) in zip(
        tables["outcomes"].rows, figures.outcomes, strict=True
    ):
        if currency:
            row[2] = amount(total, currency, language)
    return tables


def _pdf(figures: YearFigures, tables: dict[str, Table], language: str) -> bytes:
    from weasyprint import HTML  # imported when a report is made: it loads Pango

    labels = {
        member.organization.pk: member.organization.name_in(language)[0]
        for member in figures.top_members
    }
    fonts = ", ".join(f'"{font}"' for font in font_families(language))
    context = {
        "figures": figures,
        "tables": tables,
        "language": language,
        "fonts": fonts,
        "edition": _("Public edition")
        if figures.audience == Audience.PUBLIC
        else _("Secretariat edition"),
        "generated": format_date(date.today(), format="long", locale=babel_locale(language)),
        "key_figures": [(label, number(value, language)) for label, value in key_figures(figures)],
        "map_svg": charts.world_map(
            dict(figures.members_by_country), map_file=settings.ANALYTICS_MAP_FILE
        ),
        "types_svg": charts.bar_chart(
            [(row[0], row[1]) for row in tables["types"].raw_rows], font=fonts
        ),
        "areas_svg": charts.bar_chart(
            [(row[0], row[1]) for row in tables["areas"].raw_rows], font=fonts
        ),
        "network_svg": charts.network(figures.network, labels=labels, font=fonts)
        if figures.network
        else "",
    }
    html = render_to_string("analytics/report.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
