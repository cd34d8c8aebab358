"""Background jobs of the analytics app, run by the worker."""

from django_tasks import task


@task()
def refresh_network() -> int:
    """Recompute the networks whose ties changed since the last run; returns how many
    editions were computed. Queued every ANALYTICS_REFRESH_SECONDS (the debounce)."""
    from innobridge.analytics import services

    return len(services.network_refresh().computed)


@task()
def write_report(run_id: int) -> int:
    """Write the annual report of the run (PDF and XLSX); returns the run's id."""
    from innobridge.analytics import services
    from innobridge.analytics.models import ReportRun

    return services.report_execute(ReportRun.objects.get(pk=run_id)).pk
