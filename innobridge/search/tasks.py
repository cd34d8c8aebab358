"""Background jobs of search, run by the worker."""

from django_tasks import task

from innobridge.core.workers import queue_continuation
from innobridge.search import digests, services


@task()
def index_listings(listing_ids: list[int]) -> int:
    """Bring these listings' index entries up to date (indexed if published, else removed)."""
    return services.index_listings(listing_ids)


# Listings a stale-index job embeds before it hands over to the next one (about 20 s of
# embedding on 2 cores), so e-mails and other jobs queued meanwhile are not held up.
STALE_BATCH = 1000


@task()
def index_stale_listings() -> int:
    """Embed published listings the current model has not indexed: all of them after a
    change of model (a new SEARCH_EMBEDDER, or an upgrade that changes the vectors), or one
    whose indexing job was lost. The worker queues it at start and at intervals; it works a
    batch at a time and queues itself again while listings remain."""
    ids = services.stale_listing_ids(limit=STALE_BATCH + 1)
    batch = ids[:STALE_BATCH]
    indexed = services.index_listings(batch)
    if batch:
        refresh_suggestions.enqueue(batch)
    if len(ids) > STALE_BATCH and indexed:  # never loop on a batch that cannot be indexed
        queue_continuation(index_stale_listings)
    return indexed


@task()
def refresh_suggestions(listing_ids: list[int]) -> int:
    """Recompute partner suggestions involving these listings (after they were indexed)."""
    return services.suggestions_refresh(listing_ids)


@task()
def send_match_digests() -> int:
    """E-mail each member the new suggestions for their listings, as often as they chose."""
    return digests.send_due_digests()
