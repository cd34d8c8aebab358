"""Background jobs of the marketplace, run by `innobridge worker`."""

from django_tasks import task

from innobridge.marketplace import services


@task()
def expire_listings() -> int:
    """Expire published listings past their `valid until` date; returns how many."""
    return services.listings_expire()
