"""Background jobs of search, run by the worker."""

from django_tasks import task

from innobridge.search import digests, services


@task()
def index_listings(listing_ids: list[int]) -> int:
    """Bring these listings' index entries up to date (indexed if published, else removed)."""
    return services.index_listings(listing_ids)


@task()
def refresh_suggestions(listing_ids: list[int]) -> int:
    """Recompute partner suggestions involving these listings (after they were indexed)."""
    return services.suggestions_refresh(listing_ids)


@task()
def send_match_digests() -> int:
    """E-mail each member the new suggestions for their listings, as often as they chose."""
    return digests.send_due_digests()
