"""`innobridge search "QUERY" [--kind --country --lang --limit] [--json]`."""

import json

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from innobridge.search import queries
from innobridge.search.queries import QueryError, SearchRequest


class Command(BaseCommand):
    help = "Search published listings, as a visitor would (same answer as the API)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("query")
        for name in ("kind", "country", "lang", "sector", "stage", "trl_min", "trl_max"):
            parser.add_argument(f"--{name}")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, query: str, json: bool, **options) -> None:
        params = {k: v for k, v in options.items() if v is not None and k in _PARAMS}
        try:
            request = SearchRequest.from_params({"q": query, **params})
            results = queries.search(request, user=AnonymousUser())
        except QueryError as error:
            raise CommandError(str(error)) from error
        print_payload(self.stdout, queries.payload(results), as_json=json)


_PARAMS = {"kind", "country", "lang", "sector", "stage", "trl_min", "trl_max", "limit"}


def print_payload(stdout, payload: dict, *, as_json: bool) -> None:
    if as_json:
        stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for rank, hit in enumerate(payload["results"], start=1):
        where = f"[{hit['kind']}/{hit['language']}]"
        stdout.write(f"{rank:>3}. {where} {hit['title']}  ({hit['score']:.4f}, #{hit['id']})")
