"""Background jobs of the news app, run by the worker."""

from django_tasks import task

from innobridge.core.workers import queue_continuation
from innobridge.news import services


@task()
def embed_articles(article_ids: list[int]) -> int:
    """Compute the vectors "related news" compares, for these published articles."""
    return services.articles_embed(article_ids)


# Articles a stale-vector job embeds before it hands over to the next one.
STALE_BATCH = 200


@task()
def embed_stale_articles() -> int:
    """Embed published articles the current search model has not (after a change of model,
    or a lost job), a batch at a time, queuing itself again while any remain. The worker
    queues it at start and at intervals."""
    ids = services.stale_article_ids(limit=STALE_BATCH + 1)
    embedded = services.articles_embed(ids[:STALE_BATCH])
    if len(ids) > STALE_BATCH and embedded:  # never loop on a batch that cannot be embedded
        queue_continuation(embed_stale_articles)
    return embedded
