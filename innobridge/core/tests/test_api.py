"""The taxonomy endpoints of the API (/api/v1/sectors/ and the like): lists of fixed cost."""

from __future__ import annotations

import pytest

from innobridge.core.models import CooperationType, FocusArea, Sector, WorkArea
from innobridge.core.tests.query_counts import assert_list_queries_do_not_grow

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/api/v1/sectors/", Sector),
        ("/api/v1/work-areas/", WorkArea),
        ("/api/v1/focus-areas/", FocusArea),
        ("/api/v1/cooperation-types/", CooperationType),
    ],
)
def test_taxonomy_list_query_count_does_not_grow_with_rows(api_client, url, model):
    shipped = model.objects.count()  # loaded by the data migration

    def add_entries(count: int) -> None:
        start = model.objects.count()
        for number in range(start, start + count):
            model.objects.create(
                code=f"test-entry-{number}",
                names={"en": f"Test entry {number}", "vi": f"Mục thử {number}"},
                sort_order=number,
            )

    result = assert_list_queries_do_not_grow(
        lambda: api_client.get(url),
        add_rows=add_entries,
        shown=lambda response: len(response.json()["results"]),
    )

    assert result.shown == (shipped + 2, shipped + 6)
