"""A test run keeps its data apart from a local app's (issue 13, item 8): `make run` then
`make test` must not share a database, uploads, static files, search index or key."""

from __future__ import annotations

import os
from pathlib import Path

from django.db import connection

from innobridge.settings import _default_data_dir

CHECKOUT = Path(__file__).resolve().parent.parent


def test_tests_use_a_data_folder_of_their_own(settings):
    expected = Path(os.environ.get("INNOBRIDGE_TEST_DATA_DIR") or CHECKOUT / ".test-data")

    assert Path(settings.DATA_DIR) == expected.resolve()
    # Worker processes that tests start inherit it.
    assert os.environ["INNOBRIDGE_DATA_DIR"] == str(settings.DATA_DIR)


def test_nothing_the_tests_write_lies_in_the_app_data_folder(settings):
    app_data = _default_data_dir().resolve()
    written = [
        Path(settings.DATA_DIR),
        Path(settings.STATIC_ROOT),
        Path(settings.MEDIA_ROOT),
        Path(settings.SEARCH_INDEX_DIR),
    ]
    if connection.vendor == "sqlite":
        written.append(Path(connection.settings_dict["NAME"]))

    assert [p for p in written if p.resolve() == app_data or app_data in p.resolve().parents] == []
