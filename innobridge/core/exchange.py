"""What every import shares: a report with each bad row and its line number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from innobridge.core.tabular import UNSTORABLE_CHARACTERS, Row

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


def unstorable_character_errors(row: Row) -> list[RowError]:
    """One error per cell holding a character that cannot be stored or exported (NUL and
    other control characters; see tabular.UNSTORABLE_CHARACTERS).

    Imports check this before anything else, and skip the row's other checks when it fails,
    since a database query with NUL in it fails on PostgreSQL.
    """
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


def errors_from(line: int, error: ValidationError) -> list[RowError]:
    """One RowError per message of a model or field ValidationError."""
    if hasattr(error, "error_dict"):
        return [
            RowError(line, "" if column == "__all__" else column, message)
            for column, messages in error.message_dict.items()
            for message in messages
        ]
    return [RowError(line, "", message) for message in error.messages]
