"""Reading and writing CSV and XLSX tables for imports and exports.

Every row read keeps the line number a person sees in a spreadsheet (the header is line 1),
so an import can name each bad row exactly.

No cell we write is ever a formula, whatever the text ("CSV injection", OWASP): in CSV, text
a spreadsheet program would run as a formula gets a leading quote (`guard_formula`), which
reading takes off again (`unguard_formula`); in XLSX such text is written as a text cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell

FORMATS = ("csv", "xlsx")
# A spreadsheet program runs a cell beginning with one of these as a formula; tab and carriage
# return are on OWASP's list because some programs skip them before looking.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0, and so an XLSX file, cannot hold: C0 control characters other than tab, line
# feed and carriage return (openpyxl's ILLEGAL_CHARACTERS_RE), the noncharacters U+FFFE and
# U+FFFF, and lone surrogates (which no UTF-8 text can carry either). PostgreSQL also refuses NUL.
UNSTORABLE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT_CHARACTER = "\ufffd"


class TableError(ValueError):
    """The file as a whole cannot be read (wrong format, encoding, missing columns, a cell the
    csv module refuses)."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]
    extra_cells: bool = False  # the row has filled cells beyond the header's columns


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()  # spreadsheets store dates as midnight datetimes
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def guard_formula(text: str) -> str:
    """CSV text a spreadsheet program will show as text: a leading quote before a formula.

    Text that already begins with quotes gets one more when a trigger follows them, so that
    `unguard_formula` can tell our quote from the text's own and give back exactly `text`.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_TRIGGERS) else text


def unguard_formula(text: str) -> str:
    """The text `guard_formula` was given (a CSV cell's leading quote before a formula goes).

    A file made elsewhere loses such a quote too, as a spreadsheet program would hide it.
    """
    guarded = text.startswith("'") and text[1:].lstrip("'").startswith(FORMULA_TRIGGERS)
    return text[1:] if guarded else text


def detect_format(name: str, head: bytes) -> str:
    if head.startswith(b"PK"):
        return "xlsx"
    if name.lower().endswith(".xlsx"):
        raise TableError(_("The file is named .xlsx but is not an Excel workbook."))
    return "csv"


def _numbered_records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """CSV records with their line numbers, the header being line 1.

    A spreadsheet shows one row per record even when a cell holds a line break, so rows are
    counted as records, not as lines of the file. A record the csv module cannot read (in
    practice a cell over its field size limit, often from a quotation mark never closed) is
    a TableError naming its line.
    """
    line = 0
    while True:
        line += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # The csv module has one exception class; its message is the only way to tell.
            if "field larger than field limit" in str(error):
                message = _(
                    "Line {line} has a cell longer than {limit} characters; check that every "
                    "quotation mark in it is closed."
                ).format(line=line, limit=csv.field_size_limit())
            else:
                message = _("Line {line} cannot be read as CSV.").format(line=line)
            raise TableError(message) from error
        yield line, record


def _read_csv(data: bytes) -> tuple[list[str], list[Row]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(
            _("The CSV file is not UTF-8 text (byte {position}). Save it as “CSV UTF-8”.").format(
                position=error.start
            )
        ) from error
    records = _numbered_records(csv.reader(io.StringIO(text, newline="")))
    try:
        _line, first = next(records)
    except StopIteration as error:
        raise TableError(_("The file is empty.")) from error
    header = [name.strip().lower() for name in first]
    rows: list[Row] = []
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        values = {
            h: (unguard_formula(record[i].strip()) if i < len(record) else "")
            for i, h in enumerate(header)
        }
        extra = any(cell.strip() for cell in record[len(header) :])
        rows.append(Row(line, values, extra_cells=extra))
    return header, rows


def _read_xlsx(data: bytes) -> tuple[list[str], list[Row]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise TableError(_("The Excel workbook cannot be read.")) from error
    sheet = workbook.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        header = [_cell(name).lower() for name in next(rows_iter)]
    except StopIteration as error:
        raise TableError(_("The file is empty.")) from error
    while header and not header[-1]:
        header.pop()
    rows: list[Row] = []
    for line, record in enumerate(rows_iter, start=2):
        values = [_cell(value) for value in record]
        if not any(values):
            continue
        named = {h: (values[i] if i < len(values) else "") for i, h in enumerate(header)}
        rows.append(Row(line, named, extra_cells=any(values[len(header) :])))
    workbook.close()
    return header, rows


def read_table(
    file: BinaryIO, *, name: str, required: Sequence[str], known: Sequence[str]
) -> list[Row]:
    """Rows of a CSV or XLSX upload, checked for required and unknown columns."""
    data = file.read()
    header, rows = (_read_xlsx if detect_format(name, data[:4]) == "xlsx" else _read_csv)(data)
    missing = [column for column in required if column not in header]
    if missing:
        raise TableError(_("Missing columns: {columns}.").format(columns=", ".join(missing)))
    unknown = [column for column in header if column and column not in known]
    if unknown:
        raise TableError(
            _("Unknown columns: {columns}. Known columns are: {known}.").format(
                columns=", ".join(unknown), known=", ".join(known)
            )
        )
    return rows


def _export_text(value: Any) -> str:
    return UNSTORABLE_CHARACTERS.sub(REPLACEMENT_CHARACTER, _cell(value))


def _csv_cell(value: Any) -> str:
    text = _export_text(value)
    return guard_formula(text) if isinstance(value, str) else text


def _xlsx_cell(sheet: Any, value: Any) -> str | Cell:
    text = _export_text(value)
    if not text.startswith(FORMULA_TRIGGERS):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl makes text beginning with "=" a formula
    cell.quotePrefix = True  # and Excel keeps the cell text when someone edits it
    return cell


def write_table(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, fmt: str) -> bytes:
    """A CSV (UTF-8 with BOM, which spreadsheet programs need) or XLSX file without formulas.

    CSV text that a spreadsheet would run as a formula is guarded by a leading quote
    (`guard_formula`; numbers and dates are left alone); in XLSX every cell is text, those
    beginning with a formula character with Excel's quote prefix. Characters an XLSX file
    cannot hold (`UNSTORABLE_CHARACTERS`, such as NUL in rows stored before imports refused
    them) are replaced by U+FFFD, the replacement character, in both formats: the export must
    not fail, and a visible mark shows where something was, where dropping it would silently
    join the text around it.
    """
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([_csv_cell(value) for value in row] for row in rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX file of several tables, one sheet each (title, columns, rows), with the same
    guards as `write_table`: text that looks like a formula stays text. Numbers stay
    numbers, so a spreadsheet can sum them."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(title))
        sheet.append([_xlsx_cell(sheet, column) for column in columns])
        for row in rows:
            sheet.append(
                [
                    value
                    if isinstance(value, int | float) and not isinstance(value, bool)
                    else _xlsx_cell(sheet, value)
                    for value in row
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\\[\]:*?/]", " ", title)[:31] or "Sheet"
