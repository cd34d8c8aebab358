"""`innobridge reindex`: rebuild the lexical and semantic indexes of all published listings."""

from django.core.management.base import BaseCommand

from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing
from innobridge.search import services
from innobridge.search.embedders import get_embedder
from innobridge.search.progress import ProgressBar
from innobridge.search.semantic import reset_indexes


class Command(BaseCommand):
    help = "Rebuild the search indexes (tokens and embeddings) of every published listing."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--stale", action="store_true", help="Only listings not indexed with this model."
        )

    def handle(self, *args, stale: bool, **options) -> None:
        if stale:
            ids = services.stale_listing_ids()
            bar = ProgressBar(len(ids), "indexing")
            count = services.index_listings(ids, progress=bar.advance)
        else:
            total = Listing.objects.filter(status=ListingStatus.PUBLISHED).count()
            bar = ProgressBar(total, "indexing")
            count = services.reindex_all(progress=bar.advance)
        bar.close()
        reset_indexes()
        self.stdout.write(f"Indexed {count} listings with {get_embedder().name}.")
