"""The query-count check every list page and list endpoint has (STYLE.md, habit 7).

A list costs a fixed number of queries however many rows it shows; a query per row (an
N+1) makes it grow. `assert_list_queries_do_not_grow` requests the list with a few rows,
adds more rows of the same kind (with their relations: owners, sectors, parties...), and
requests it again:

    result = assert_list_queries_do_not_grow(
        lambda: client.get(BROWSE_URL),
        add_rows=lambda count: ListingFactory.create_batch(count, sectors=sectors),
        shown=lambda response: len(response.context["page"].object_list),
    )
    assert result.shown == (2, 6)

It is a function rather than a fixture because it needs nothing set up or torn down; the
test's own fixtures (client, users, the database) are in the lambdas it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class ListQueries:
    """What the check saw: the two responses, the rows each showed and the query count
    (the same for both)."""

    few: Any
    many: Any
    shown: tuple[int, int] | None
    queries: int


def _sql(context: CaptureQueriesContext) -> str:
    return "\n".join(query["sql"] for query in context.captured_queries)


def assert_list_queries_do_not_grow(
    fetch: Callable[[], Any],
    *,
    add_rows: Callable[[int], object],
    shown: Callable[[Any], int] | None,
    few: int = 2,
    many: int = 6,
) -> ListQueries:
    """Request the list (`fetch`) with `few` rows and with `many` (`add_rows(count)` adds
    `count` rows), and assert that both answered 200 and cost the same number of queries.

    `shown(response)` counts the rows the response shows; it must be larger the second
    time, or the added rows never reached the list (another owner, hidden, filtered out)
    and the check would prove nothing. Pass None only where the page shows no rows of its
    own (the exchange page). A first request before counting fills the per-process caches
    (the user's organization, content types, the search index), which are not per row.
    """
    add_rows(few)
    warm_up = fetch()
    assert warm_up.status_code == 200, f"the list answered {warm_up.status_code}"
    with CaptureQueriesContext(connection) as with_few:
        few_response = fetch()
    assert few_response.status_code == 200, f"the list answered {few_response.status_code}"

    add_rows(many - few)
    with CaptureQueriesContext(connection) as with_many:
        many_response = fetch()
    assert many_response.status_code == 200, f"the list answered {many_response.status_code}"

    counts = None
    if shown is not None:
        counts = (shown(few_response), shown(many_response))
        assert counts[1] > counts[0], f"the added rows do not show (rows shown: {counts})"
    assert len(with_many) == len(with_few), (
        f"{len(with_few)} queries with {few} rows, {len(with_many)} with {many}.\n"
        f"With {few} rows:\n{_sql(with_few)}\n\nWith {many} rows:\n{_sql(with_many)}"
    )
    return ListQueries(few=few_response, many=many_response, shown=counts, queries=len(with_few))
