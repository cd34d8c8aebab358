"""Reading and writing CSV and XLSX tables: no cell written is a formula, text comes back
exactly, and a file the csv module cannot read is a clear error naming its line."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from innobridge.core.tabular import (
    UNSTORABLE_CHARACTERS,
    TableError,
    guard_formula,
    read_table,
    unguard_formula,
    write_table,
)

COLUMNS = ["title", "summary"]
# Text a spreadsheet program would run as a formula, and text beginning with quotes of its own.
FORMULA_TEXTS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+2",
    "-3",
    "@SUM(A1)",
    "'=1+1",
    "''-2",
]


def read(data: bytes, fmt: str) -> list[tuple[int, dict[str, str]]]:
    rows = read_table(io.BytesIO(data), name=f"upload.{fmt}", required=COLUMNS, known=COLUMNS)
    return [(row.line, row.values) for row in rows]


def csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def formula_elements(data: bytes) -> list[str]:
    """The <f> elements (formulas) of an XLSX file's first sheet."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    return re.findall(r"<f[\s>/]", sheet)


# --- the CSV guard ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+2", "'+1+2"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1+1", "''=1+1"),
        ("''-2", "'''-2"),
        ("'quoted", "'quoted"),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
    ],
)
def test_guard_formula_quotes_formulas_and_unguard_formula_undoes_it(text, guarded):
    assert (guard_formula(text), unguard_formula(guarded)) == (guarded, text)


@pytest.mark.parametrize(
    ("cell", "text"),
    [("'=1", "=1"), ("'quoted", "'quoted"), ("'", "'"), ("=1", "=1"), ("''x", "''x")],
)
def test_unguard_formula_of_cells_written_elsewhere(cell, text):
    assert unguard_formula(cell) == text


# --- writing ----------------------------------------------------------------------------------


def test_write_table_csv_guards_formula_text():
    data = write_table(COLUMNS, [[text, "ok"] for text in FORMULA_TEXTS], fmt="csv")

    assert csv_cells(data) == [
        COLUMNS,
        ['\'=HYPERLINK("http://evil.example","x")', "ok"],
        ["'+1+2", "ok"],
        ["'-3", "ok"],
        ["'@SUM(A1)", "ok"],
        ["''=1+1", "ok"],
        ["'''-2", "ok"],
    ]


def test_write_table_csv_leaves_numbers_and_dates_alone():
    data = write_table(
        ["trl", "budget", "on", "title"],
        [[-3, Decimal("-2.50"), date(2026, 3, 10), "-3"]],
        fmt="csv",
    )

    assert csv_cells(data) == [
        ["trl", "budget", "on", "title"],
        ["-3", "-2.50", "2026-03-10", "'-3"],
    ]


def test_write_table_xlsx_writes_formula_text_as_text_cells():
    data = write_table(COLUMNS, [[text, "ok"] for text in FORMULA_TEXTS], fmt="xlsx")

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [(cell.value, cell.data_type) for cell in sheet["A"][1:]] == [
        (text, "s") for text in FORMULA_TEXTS
    ]
    assert [cell.quotePrefix for cell in sheet["A"][1:]] == [True, True, True, True, False, False]
    assert formula_elements(data) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_write_table_then_read_table_gives_formula_text_back_exactly(fmt):
    data = write_table(COLUMNS, [[text, text] for text in FORMULA_TEXTS], fmt=fmt)

    assert read(data, fmt) == [
        (line, {"title": text, "summary": text}) for line, text in enumerate(FORMULA_TEXTS, start=2)
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_write_table_replaces_characters_a_workbook_cannot_hold(fmt):
    rows = [
        ["Bad\x00title", "Bell\x07 and form\x0cfeed\ufffe"],
        ["Lone\ud800surrogate", "Tab\tand\nline"],
    ]

    data = write_table(COLUMNS, rows, fmt=fmt)

    assert read(data, fmt) == [
        (2, {"title": "Bad\ufffdtitle", "summary": "Bell\ufffd and form\ufffdfeed\ufffd"}),
        (3, {"title": "Lone\ufffdsurrogate", "summary": "Tab\tand\nline"}),
    ]


def test_unstorable_characters_cover_what_openpyxl_refuses():
    refused = [chr(code) for code in range(0x20) if ILLEGAL_CHARACTERS_RE.match(chr(code))]

    assert [c for c in map(chr, range(0x20)) if UNSTORABLE_CHARACTERS.match(c)] == refused


# --- reading ----------------------------------------------------------------------------------


def test_read_table_of_a_csv_with_a_cell_over_the_field_limit_names_its_line():
    limit = csv.field_size_limit()
    data = f'title,summary\nFirst,ok\n"Second\nrow",ok\nThird,{"x" * (limit + 1)}\n'.encode()

    with pytest.raises(TableError) as caught:
        read(data, "csv")

    assert str(caught.value) == (
        f"Line 4 has a cell longer than {limit} characters; check that every quotation mark in "
        "it is closed."
    )


def test_read_table_of_a_csv_with_an_unclosed_quotation_mark_names_its_line():
    limit = csv.field_size_limit()
    data = ('title,summary\nFirst,ok\n"Second,ok\n' + "Third,ok\n" * (limit // 9 + 1)).encode()

    with pytest.raises(TableError) as caught:
        read(data, "csv")

    assert str(caught.value) == (
        f"Line 3 has a cell longer than {limit} characters; check that every quotation mark in "
        "it is closed."
    )


def test_read_table_of_a_csv_header_over_the_field_limit_names_line_1():
    data = f"title,{'x' * (csv.field_size_limit() + 1)}\n".encode()

    with pytest.raises(TableError) as caught:
        read(data, "csv")

    assert str(caught.value).startswith("Line 1 has a cell longer than")


def test_read_table_keeps_control_characters_for_the_import_to_report():
    data = b"title,summary\nBad\x00title,ok\n"

    assert read(data, "csv") == [(2, {"title": "Bad\x00title", "summary": "ok"})]


def test_write_workbook_has_a_sheet_per_table_numbers_as_numbers_and_no_formula():
    from innobridge.core.tabular import write_workbook

    data = write_workbook(
        [
            ("Figures: 2025/2026 [draft]", ["Figure", "Value"], [["Members", 97], ["Share", 0.5]]),
            ("Stories", ["Title"], [['=HYPERLINK("http://evil.example","x")'], [True]]),
        ]
    )

    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Figures  2025 2026  draft ", "Stories"]
    figures = workbook["Figures  2025 2026  draft "]
    assert [[cell.value for cell in row] for row in figures.iter_rows()] == [
        ["Figure", "Value"],
        ["Members", 97],
        ["Share", 0.5],
    ]
    formula, flag = workbook["Stories"]["A2"], workbook["Stories"]["A3"]
    assert (formula.value, formula.data_type, formula.quotePrefix) == (
        '=HYPERLINK("http://evil.example","x")',
        "s",
        True,
    )
    assert flag.value == "True"  # a boolean is text, not a number to sum
