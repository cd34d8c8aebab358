"""The import and export framework every dataset shares.

An app describes a table it can import and export as a `Dataset` and lists it in
settings.EXCHANGE_DATASETS; the secretariat's exchange page offers every registered one.
An import reads the rows (core.tabular keeps their spreadsheet line numbers), validates
every row first, and writes all of them in one transaction, or, with any error, none:
the report names each bad row with its line and reason (`import_rows`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from innobridge.core.models import CooperationType, FocusArea, Sector, WorkArea
from innobridge.core.tabular import UNSTORABLE_CHARACTERS, Row

Prepared = TypeVar("Prepared")
Context = TypeVar("Context")

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("line {line}").format(line=self.line)
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass
class ImportReport:
    """An import either created every row or, with any error, nothing at all."""

    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def __str__(self) -> str:
        if self.errors:
            return _("{count} errors").format(count=len(self.errors))
        return _("{count} created").format(count=self.created)


@dataclass(frozen=True)
class Dataset(Generic[Prepared, Context]):
    """A table the secretariat imports and exports, registered by the app that owns it.

    `load_context` runs once per file (look-up tables, and state for checks across rows
    such as duplicates inside the file); `parse` turns one row into something to write or
    into its errors; `write` stores every prepared row, inside the import's transaction.
    An export writes `export_columns` (by default `columns`), one row per object of
    `export_queryset()` as `export_rows` gives them; an export can be imported again.
    """

    name: str
    label: str | Promise
    columns: Sequence[str]
    required: Sequence[str]
    load_context: Callable[[], Context]
    parse: Callable[[Row, Context], tuple[Prepared | None, list[RowError]]]
    write: Callable[..., None]
    export_queryset: Callable[[], QuerySet]
    export_rows: Callable[[QuerySet], Iterable[Sequence[Any]]]
    # Who may import it (a permission function of accounts: core does not import it).
    may_import: Callable[[Any], bool]
    export_columns: Sequence[str] = ()

    @property
    def columns_out(self) -> Sequence[str]:
        return self.export_columns or self.columns


def registered_datasets() -> dict[str, Dataset]:
    """Every dataset of settings.EXCHANGE_DATASETS, by name, in the order listed there."""
    datasets = [import_string(path) for path in settings.EXCHANGE_DATASETS]
    return {dataset.name: dataset for dataset in datasets}


def import_rows(
    dataset: Dataset, *, rows: Iterable[Row], actor: Any, **options: Any
) -> ImportReport:
    """Validate every row, then write all of them in one transaction, or none.

    Rows holding characters that cannot be stored are reported and not parsed further (a
    uniqueness query with NUL in it fails on PostgreSQL). `options` go to `write` (e.g.
    is_demo). PermissionDenied unless the dataset's `may_import` lets `actor` import.
    """
    if not dataset.may_import(actor):
        raise PermissionDenied(
            _("You may not import {dataset}.").format(dataset=str(dataset.label).lower())
        )
    context = dataset.load_context()
    report = ImportReport()
    prepared: list[Any] = []
    for row in rows:
        errors = unstorable_character_errors(row)
        item = None
        if not errors:
            item, errors = dataset.parse(row, context)
        report.errors.extend(errors)
        if item is not None:
            prepared.append(item)
    if report.errors:
        return report
    if prepared:
        with transaction.atomic():
            dataset.write(prepared, actor=actor, **options)
    report.created = len(prepared)
    return report


def unstorable_character_errors(row: Row) -> list[RowError]:
    """One error per cell holding a character that cannot be stored or exported (NUL and
    other control characters; see tabular.UNSTORABLE_CHARACTERS)."""
    errors = []
    for column, value in row.values.items():
        found = UNSTORABLE_CHARACTERS.search(value)
        if found:
            errors.append(
                RowError(
                    row.line,
                    column,
                    _(
                        "The cell contains an invisible character ({code}) that cannot be "
                        "stored; remove it."
                    ).format(code=f"U+{ord(found.group()):04X}"),
                )
            )
    return errors


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.replace("；", ";").split(LIST_SEPARATOR) if item.strip()]


def join_list(values) -> str:
    return f"{LIST_SEPARATOR} ".join(str(value) for value in values)


def parse_date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise ValidationError(
            _("“{value}” is not a date in the form YYYY-MM-DD.").format(value=value)
        ) from error


def parse_int(value: str) -> int | None:
    if not value:
        return None
    try:
        return int(Decimal(value))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(_("“{value}” is not a whole number.").format(value=value)) from error


def parse_decimal(value: str) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation as error:
        raise ValidationError(_("“{value}” is not a number.").format(value=value)) from error


Coded = TypeVar("Coded")


def by_code(model: type[Coded]) -> dict[str, Coded]:
    """The rows of a taxonomy (sectors, work areas, ...) by code, for look-ups per file."""
    return {item.code: item for item in model._default_manager.all()}


def parse_codes(values: list[str], known: dict[str, Coded]) -> list[Coded]:
    """The taxonomy entries a list cell names by code; ValidationError naming the unknown."""
    unknown = [value for value in values if value not in known]
    if unknown:
        raise ValidationError(
            _("Unknown codes: {codes}. Known: {known}.").format(
                codes=", ".join(unknown), known=", ".join(known)
            )
        )
    return [known[value] for value in values]


@dataclass(frozen=True)
class Taxonomies:
    """Every taxonomy by code, loaded once for a whole import file."""

    sectors: dict[str, Sector]
    work_areas: dict[str, WorkArea]
    focus_areas: dict[str, FocusArea]
    cooperation_types: dict[str, CooperationType]

    @classmethod
    def load(cls) -> Taxonomies:
        return cls(
            sectors=by_code(Sector),
            work_areas=by_code(WorkArea),
            focus_areas=by_code(FocusArea),
            cooperation_types=by_code(CooperationType),
        )


def errors_from(line: int, error: ValidationError) -> list[RowError]:
    """One RowError per message of a model or field ValidationError."""
    if hasattr(error, "error_dict"):
        return [
            RowError(line, "" if column == "__all__" else column, message)
            for column, messages in error.message_dict.items()
            for message in messages
        ]
    return [RowError(line, "", message) for message in error.messages]
