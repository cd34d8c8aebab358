"""`innobridge match LISTING_ID [--limit N] [--json]`: the best partners for a listing."""

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from innobridge.marketplace import selectors as marketplace_selectors
from innobridge.search import queries
from innobridge.search.management.commands.search import print_payload


class Command(BaseCommand):
    help = "Suggest partner listings for a published listing (same answer as the API)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("listing_id", type=int)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, listing_id: int, limit: int, json: bool, **options) -> None:
        try:
            listing = marketplace_selectors.listing_get(user=AnonymousUser(), pk=listing_id)
        except Http404 as error:
            raise CommandError(f"No published listing {listing_id}.") from error
        print_payload(
            self.stdout, queries.payload(queries.matches(listing, limit=limit)), as_json=json
        )
