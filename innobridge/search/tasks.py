"""Background jobs of search, run by the worker."""

from django_tasks import task

from innobridge.search import services


@task()
def index_listings(listing_ids: list[int]) -> int:
    """Bring these listings' index entries up to date (indexed if published, else removed)."""
    return services.index_listings(listing_ids)
