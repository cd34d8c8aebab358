"""Background jobs of the analytics app, run by the worker."""

from django_tasks import task


@task()
def refresh_network() -> int:
    """Recompute the networks whose ties changed since the last run; returns how many
    editions were computed. Queued every ANALYTICS_REFRESH_SECONDS (the debounce)."""
    from innobridge.analytics import services

    return len(services.network_refresh().computed)
