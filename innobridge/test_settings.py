"""Settings of the test suite: the project's settings with a data folder of the tests' own.

A test run must never read or change a local app's data (its SQLite file, uploads,
collected static files, search index or secret key): with a shared folder, `make run`
followed by `make test` failed a browser test on the app's collected static files. The
folder is INNOBRIDGE_TEST_DATA_DIR, by default `.test-data/` in the checkout; it is put in
the environment, so that the processes tests start (the real worker) use it too. The
README's `make run` and `make test` thus work in either order.
"""

import os
from pathlib import Path

TEST_DATA_DIR = Path(
    os.environ.get("INNOBRIDGE_TEST_DATA_DIR")
    or Path(__file__).resolve().parent.parent / ".test-data"
).resolve()
os.environ["INNOBRIDGE_DATA_DIR"] = str(TEST_DATA_DIR)

from innobridge.settings import *  # noqa: E402, F403

# The API's rate limits, high enough for the suites that send hundreds of requests in one
# test (schemathesis); tests of the throttle itself lower a rate where they need it.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}

# One process: its own memory is as shared as Redis (tests/test_search_processes.py starts
# web workers with the production default instead).
CACHE_PUBLISHED = True

# With a shared Redis cache (CACHE_URL, the PostgreSQL run of CI): one Redis database per
# xdist worker, since every test empties its cache (conftest.py) and must not empty
# another worker's.
if CACHE_URL:  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    _parts = urlsplit(CACHE_URL)  # noqa: F405
    _database = 1 + int(_worker.removeprefix("gw") or 0)
    CACHES["default"]["LOCATION"] = urlunsplit(_parts._replace(path=f"/{_database}"))  # noqa: F405
