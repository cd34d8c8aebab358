"""The shared query-count check itself: it passes a list of constant cost and fails an N+1,
an error page and rows that never show."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from innobridge.core.models import Sector
from innobridge.core.tests.query_counts import ListQueries, assert_list_queries_do_not_grow

pytestmark = pytest.mark.django_db


@dataclass
class FakeResponse:
    status_code: int
    rows: int


class FakeList:
    """A list endpoint over `rows` that asks the database once, plus `per_row` times a row."""

    def __init__(self, *, per_row: int = 0, status_code: int = 200, shows_new_rows=True) -> None:
        self.rows = 0
        self.per_row = per_row
        self.status_code = status_code
        self.shows_new_rows = shows_new_rows

    def add_rows(self, count: int) -> None:
        self.rows += count if self.shows_new_rows else 0

    def fetch(self) -> FakeResponse:
        list(Sector.objects.all()[:1])
        for _row in range(self.rows * self.per_row):
            Sector.objects.exists()
        return FakeResponse(self.status_code, self.rows)


def check(fake: FakeList) -> ListQueries:
    return assert_list_queries_do_not_grow(
        fake.fetch, add_rows=fake.add_rows, shown=lambda response: response.rows
    )


def test_check_passes_a_list_of_constant_cost_and_returns_what_it_saw():
    result = check(FakeList())

    assert (result.few.rows, result.many.rows, result.shown, result.queries) == (2, 6, (2, 6), 1)


def test_check_fails_a_query_per_row_and_shows_the_queries():
    with pytest.raises(AssertionError) as error:
        check(FakeList(per_row=1))

    lines = str(error.value).splitlines()
    sql = [line for line in lines if line.startswith("SELECT")]
    assert [line for line in lines if line not in sql] == [
        "3 queries with 2 rows, 7 with 6.",
        "With 2 rows:",
        "",
        "With 6 rows:",
    ]
    assert len(sql) == 3 + 7


def test_check_fails_an_error_page_even_at_constant_cost():
    with pytest.raises(AssertionError) as error:
        check(FakeList(status_code=404))

    assert str(error.value).splitlines()[0] == "the list answered 404"


def test_check_fails_when_the_added_rows_do_not_show():
    with pytest.raises(AssertionError) as error:
        check(FakeList(shows_new_rows=False))

    assert str(error.value).splitlines()[0] == "the added rows do not show (rows shown: (0, 0))"
