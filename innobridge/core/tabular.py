"""Reading and writing CSV and XLSX tables for imports and exports.

Every row read keeps the line number a person sees in a spreadsheet (the header is line 1),
so an import can name each bad row exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

FORMATS = ("csv", "xlsx")


class TableError(ValueError):
    """The file as a whole cannot be read (wrong format, encoding, missing columns)."""


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


def detect_format(name: str, head: bytes) -> str:
    if head.startswith(b"PK"):
        return "xlsx"
    if name.lower().endswith(".xlsx"):
        raise TableError(_("The file is named .xlsx but is not an Excel workbook."))
    return "csv"


def _read_csv(data: bytes) -> tuple[list[str], list[Row]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TableError(
            _("The CSV file is not UTF-8 text (byte {position}). Save it as “CSV UTF-8”.").format(
                position=error.start
            )
        ) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration as error:
        raise TableError(_("The file is empty.")) from error
    rows: list[Row] = []
    # A spreadsheet shows one row per record even when a cell holds a line break, so rows
    # are counted as records, not as lines of the file.
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        values = {h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(header)}
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


def write_table(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, fmt: str) -> bytes:
    """A CSV (UTF-8 with BOM, which spreadsheet programs need) or XLSX file."""
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([_cell(value) for value in row] for row in rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
