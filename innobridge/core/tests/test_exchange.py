"""The import framework: every row validated first, then all written or none, with the
dataset's own permission; and the registry of datasets."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from innobridge.core.exchange import Dataset, RowError, import_rows, registered_datasets
from innobridge.core.models import Sector
from innobridge.core.tabular import Row


def toy_dataset(written: list[Any], *, may_import=lambda user: True) -> Dataset:
    """Rows of a number each; a number over 9 is an error; the context counts rows."""

    def parse(row: Row, context: dict[str, int]) -> tuple[int | None, list[RowError]]:
        context["rows"] += 1
        number = int(row.values["n"])
        if number > 9:
            return None, [RowError(row.line, "n", f"{number} is too big")]
        return number, []

    return Dataset(
        name="numbers",
        label="Numbers",
        columns=["n"],
        required=["n"],
        load_context=lambda: {"rows": 0},
        parse=parse,
        write=lambda prepared, *, actor, **options: written.append((prepared, actor, options)),
        export_queryset=Sector.objects.none,
        export_rows=lambda queryset: [],
        may_import=may_import,
    )


def rows(*numbers: str) -> list[Row]:
    return [Row(line, {"n": n}) for line, n in enumerate(numbers, start=2)]


@pytest.mark.django_db
def test_import_rows_writes_every_row_with_the_options():
    written: list[Any] = []

    report = import_rows(toy_dataset(written), rows=rows("1", "2"), actor="me", is_demo=True)

    assert (report.created, report.errors) == (2, [])
    assert written == [([1, 2], "me", {"is_demo": True})]


@pytest.mark.django_db
def test_import_rows_with_any_bad_row_writes_nothing_and_names_every_bad_line():
    written: list[Any] = []

    report = import_rows(toy_dataset(written), rows=rows("1", "12", "3", "40"), actor="me")

    assert report.created == 0
    assert report.errors == [RowError(3, "n", "12 is too big"), RowError(5, "n", "40 is too big")]
    assert written == []


@pytest.mark.django_db
def test_import_rows_reports_unstorable_characters_without_parsing_the_row():
    written: list[Any] = []

    report = import_rows(toy_dataset(written), rows=[Row(2, {"n": "1\x00"})], actor="me")

    assert [(e.line, e.column) for e in report.errors] == [(2, "n")]
    assert written == []


def test_import_rows_refuses_whom_the_dataset_does_not_let_import():
    written: list[Any] = []

    with pytest.raises(PermissionDenied):
        import_rows(toy_dataset(written, may_import=lambda user: False), rows=rows("1"), actor="me")
    assert written == []


def test_registered_datasets_are_the_settings_list_in_order():
    assert list(registered_datasets()) == ["organizations", "listings", "agreements"]
