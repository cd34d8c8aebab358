"""The visitors and members of bench/load.py, for locust (headless, started by load.py).

Everything a run needs comes from the JSON file named by LOAD_CONFIG, which load.py writes:
the mix of endpoints and their weights, the think time, the published listings' id range,
the search queries (short and sentences in eight languages), the taxonomy codes and the
member's API token. Every answer other than the expected status is a failure named
"status <code>" (0: no answer), so that load.py can tell server errors from the rest.
Each API write is logged (time, status, marker, id) to LOAD_WRITES, so that load.py can
count accepted writes and check that every one of them is in the database afterwards;
with LOAD_TRACE, every answer (time, endpoint, status, milliseconds) too.

    LOAD_CONFIG=... locust -f bench/locustfile.py --headless -u 16 -r 16 --run-time 60s \
        --host http://127.0.0.1:8765
"""

from __future__ import annotations

import json
import os
import random
import time
import uuid
from urllib.parse import urlencode

from locust import between, constant, events
from locust.contrib.fasthttp import FastHttpUser

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
WRITES = open(os.environ["LOAD_WRITES"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
# The fault runs also want every answer in time order: LOAD_TRACE names the file.
TRACE = (
    open(os.environ["LOAD_TRACE"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
    if os.environ.get("LOAD_TRACE")
    else None
)
LANGUAGES = CONFIG["page_languages"]


def _request(user, method: str, path: str, name: str, expected: int = 200, **kwargs):
    """One request; any other status than `expected` is a failure named after it."""
    with user.client.request(method, path, name=name, catch_response=True, **kwargs) as answer:
        if answer.status_code == expected:
            answer.success()
        else:
            answer.failure(f"status {answer.status_code}")
        return answer


@events.request.add_listener
def _trace(name, response_time, response=None, **_kwargs) -> None:
    if TRACE is not None:
        status = getattr(response, "status_code", 0) or 0
        TRACE.write(json.dumps([time.time(), name, status, round(response_time, 1)]) + "\n")


def _language() -> str:
    return random.choice(LANGUAGES)


def browse(user) -> None:
    """The marketplace's list page: the first pages mostly, half of them filtered."""
    params = [f"page={min(int(random.expovariate(0.3)) + 1, 50)}"]
    choice = random.random()
    if choice < 0.2:
        params.append(f"kind={random.choice(CONFIG['kinds'])}")
    elif choice < 0.35:
        params.append(f"country={random.choice(CONFIG['countries'])}")
    elif choice < 0.5:
        params.append(f"sector={random.choice(CONFIG['sectors'])}")
    _request(user, "GET", f"/{_language()}/marketplace/?{'&'.join(params)}", "browse page")


def detail(user) -> None:
    low, high = CONFIG["listing_ids"]
    _request(user, "GET", f"/{_language()}/marketplace/{random.randint(low, high)}/", "detail")


def api_list(user) -> None:
    """The API's first pages mostly; a third filtered by kind (a page past the end is a
    404 in the API, so filtered pages stay within a kind's share of the listings)."""
    page = min(int(random.expovariate(0.3)) + 1, 50)
    kind = ""
    if random.random() < 0.3:
        kind = f"&kind={random.choice(CONFIG['kinds'])}"
        page = min(page, CONFIG["last_kind_page"])
    _request(user, "GET", f"/api/v1/listings/?page={page}{kind}", "API list")


def _search(user, length: str, where: str) -> None:
    query = urlencode({"q": random.choice(CONFIG["queries"][length])})
    path = f"/{_language()}/search/" if where == "page" else "/api/v1/search/"
    _request(user, "GET", f"{path}?{query}", f"search {length} ({where})")


def search_short_page(user) -> None:
    _search(user, "short", "page")


def search_sentence_page(user) -> None:
    _search(user, "sentence", "page")


def search_short_api(user) -> None:
    _search(user, "short", "API")


def search_sentence_api(user) -> None:
    _search(user, "sentence", "API")


def api_write(user) -> None:
    """A member creates a draft listing through the API; the marker in its title finds it
    in the database even when the answer was lost."""
    marker = uuid.uuid4().hex
    body = {
        "kind": random.choice(CONFIG["write_kinds"]),
        "title": f"Load write {marker}",
        "summary": random.choice(CONFIG["queries"]["sentence"])[:500],
        "sectors": random.sample(CONFIG["sectors"], 2),
        "cooperation_types": random.sample(CONFIG["cooperation_types"], 1),
        "target_countries": random.sample(CONFIG["countries"], 2),
    }
    headers = {"Authorization": f"Token {CONFIG['token']}"}
    answer = _request(
        user, "POST", "/api/v1/listings/", "API write", expected=201, json=body, headers=headers
    )
    listing_id = None
    if answer.status_code == 201:
        try:
            listing_id = json.loads(answer.text)["id"]
        except (ValueError, KeyError, TypeError):
            listing_id = None
    WRITES.write(json.dumps([time.time(), answer.status_code, marker, listing_id]) + "\n")


def minimal(user) -> None:
    _request(user, "GET", "/bench/minimal/", "minimal view")


ENDPOINTS = {
    "browse page": browse,
    "detail": detail,
    "API list": api_list,
    "search short (page)": search_short_page,
    "search sentence (page)": search_sentence_page,
    "search short (API)": search_short_api,
    "search sentence (API)": search_sentence_api,
    "API write": api_write,
    "minimal view": minimal,
}


class Visitor(FastHttpUser):
    """One concurrent user: picks an endpoint by the mix's weights, then thinks."""

    tasks = {ENDPOINTS[name]: weight for name, weight in CONFIG["mix"].items()}
    wait_time = between(*CONFIG["think"]) if CONFIG["think"][1] > 0 else constant(0)
    network_timeout = 60.0
    connection_timeout = 60.0
