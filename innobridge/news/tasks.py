"""Background jobs of the news app, run by the worker."""

from django_tasks import task

from innobridge.news import services


@task()
def embed_articles(article_ids: list[int]) -> int:
    """Compute the vectors "related news" compares, for these published articles."""
    return services.articles_embed(article_ids)
