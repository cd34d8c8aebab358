"""Background jobs of the agreements, run by `innobridge worker`."""

from django_tasks import task

from innobridge.agreements import services


@task()
def notify_overdue_milestones() -> int:
    """Tell responsible parties and the secretariat of milestones past due, once each."""
    return services.milestones_notify_overdue()
