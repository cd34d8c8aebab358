"""Background jobs of the events app, run by the worker."""

from django_tasks import task

from innobridge.events import services
from innobridge.events.choices import RunStatus
from innobridge.events.models import ScheduleRun


@task()
def run_schedule(run_id: int) -> int:
    """Place the accepted meetings of the run's event (re-planning what is placed); returns
    how many are placed. A run superseded by a newer queued one does nothing."""
    run = ScheduleRun.objects.select_related("event").get(pk=run_id)
    newer = ScheduleRun.objects.filter(event=run.event, pk__gt=run.pk, status=RunStatus.QUEUED)
    if newer.exists():
        run.status = RunStatus.SUPERSEDED
        run.save(update_fields=["status"])
        return 0
    return services.schedule_execute(run).placed


@task()
def expire_meeting_requests() -> int:
    """Expire meeting requests left unanswered past their event's deadline; returns how many."""
    return services.meeting_requests_expire()
