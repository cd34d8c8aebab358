"""The B2B schedule (services/schedule.py, tasks.py): asking for a run, the scheduler's input
read from the database, runs with the real HiGHS solver that store what they placed and
what they achieved, re-planning that keeps what need not move and tells only the people
whose meetings changed, and the worker's jobs, run once by the real worker too."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from innobridge.accounts.tests.factories import UserFactory
from innobridge.events import scheduling, services, tasks
from innobridge.events.choices import EventStatus, MeetingStatus, RegistrationStatus, RunStatus
from innobridge.events.models import Interpreter, Meeting, ScheduleRun
from innobridge.events.tests.factories import (
    EventFactory,
    InterpreterFactory,
    MeetingFactory,
    MeetingTableFactory,
    RegistrationFactory,
    organizer_of,
    slots,
)
from innobridge.marketplace.tests.test_worker import database_url, sent_subjects
from innobridge.notifications.models import Notification

pytestmark = pytest.mark.django_db

RUN_TASK = "innobridge.events.tasks.run_schedule"
EXPIRE_TASK = "innobridge.events.tasks.expire_meeting_requests"
CHANGED = (
    "Your meetings at Mekong Seed Matchmaking Day changed",
    "Your B2B meeting schedule at “Mekong Seed Matchmaking Day” changed: see your agenda.",
)


def placements() -> dict[int, tuple]:
    """Every meeting's (slot, table, interpreter)."""
    return {
        pk: (slot, table, interpreter)
        for pk, slot, table, interpreter in Meeting.objects.values_list(
            "pk", "slot", "table", "interpreter"
        )
    }


def database() -> tuple:
    """What a refused request must leave as it was."""
    return (
        list(ScheduleRun.objects.order_by("pk").values()),
        list(Meeting.objects.order_by("pk").values()),
        Notification.objects.count(),
    )


def told() -> list[tuple]:
    """Who was told what, in the order they were told."""
    return list(Notification.objects.order_by("pk").values_list("recipient_id", "subject", "body"))


@pytest.fixture
def event():
    return EventFactory(
        name="Mekong Seed Matchmaking Day", translated_names={"zh-hans": "湄公河种业对接日"}
    )


@pytest.fixture
def day(event):
    """Three slots, two tables, a Chinese–Vietnamese interpreter; Minh speaks Vietnamese,
    Fang Chinese, Anna English, Lan Vietnamese and English. Accepted meetings: Minh–Fang
    (needs the interpreter), Anna–Lan, Minh–Lan, and Fang–Anna, whom nobody can interpret."""
    people = SimpleNamespace(
        minh=RegistrationFactory(event=event, languages=["vi"]),
        fang=RegistrationFactory(event=event, languages=["zh-hans"]),
        anna=RegistrationFactory(event=event, languages=["en"]),
        lan=RegistrationFactory(event=event, languages=["vi", "en"]),
    )

    def accepted(a, b, score):
        return MeetingFactory(event=event, requester=a, recipient=b, accepted=True, score=score)

    return SimpleNamespace(
        event=event,
        slots=slots(event, 3),
        tables=[MeetingTableFactory(event=event, name=name) for name in ("A1", "A2")],
        interpreter=InterpreterFactory(event=event, language_pairs=[["zh-hans", "vi"]]),
        people=people,
        minh_fang=accepted(people.minh, people.fang, 0.9),
        anna_lan=accepted(people.anna, people.lan, 0.6),
        minh_lan=accepted(people.minh, people.lan, 0.5),
        fang_anna=accepted(people.fang, people.anna, 0.4),
    )


def run_now(event) -> ScheduleRun:
    """A run of the scheduler, as the worker makes it."""
    return services.schedule_execute(ScheduleRun.objects.create(event=event), time_limit=10)


# --- Asking for a run -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["organizer", "secretariat"])
def test_schedule_request_queues_a_run_that_the_worker_carries_out(
    day, who, secretariat, django_capture_on_commit_callbacks
):
    actor = organizer_of(day.event) if who == "organizer" else secretariat

    with django_capture_on_commit_callbacks() as queued:
        run = services.schedule_request(actor=actor, event=day.event)

    assert ScheduleRun.objects.values_list("pk", "status", "requested_by").get() == (
        run.pk,
        RunStatus.QUEUED,
        actor.pk,
    )
    assert placements()[day.minh_fang.pk] == (None, None, None)
    [enqueue] = queued
    enqueue()  # the transaction commits: the (immediate) worker runs it
    run.refresh_from_db()
    assert (run.status, run.placed, run.unplaced) == (RunStatus.DONE, 3, 1)


@pytest.mark.parametrize(
    "who",
    [
        lambda event: RegistrationFactory(event=event).user,
        lambda event: UserFactory(),
        lambda event: AnonymousUser(),
    ],
    ids=["participant", "another_member", "visitor"],
)
def test_schedule_request_by_anyone_but_the_organizers_is_refused_and_changes_nothing(day, who):
    actor = who(day.event)
    before = database()

    with pytest.raises(PermissionDenied) as error:
        services.schedule_request(actor=actor, event=day.event)

    assert str(error.value) == "Only the event's organizers and the secretariat can do this."
    assert database() == before


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (EventStatus.HELD, "The event has been held: its schedule no longer changes."),
        (EventStatus.CANCELLED, "The event was cancelled."),
    ],
)
def test_schedule_request_once_the_event_is_over_is_refused_and_changes_nothing(
    day, status, message
):
    day.event.status = status
    day.event.save()
    before = database()

    with pytest.raises(ValidationError) as error:
        services.schedule_request(actor=organizer_of(day.event), event=day.event)

    assert error.value.messages == [message]
    assert database() == before


def test_schedule_request_without_tables_is_refused_and_changes_nothing(event):
    slots(event, 2)
    before = database()

    with pytest.raises(ValidationError) as error:
        services.schedule_request(actor=organizer_of(event), event=event)

    assert error.value.messages == ["Add meeting slots and tables before scheduling."]
    assert database() == before


# --- The scheduler's input -------------------------------------------------------------------


def test_scheduling_input_reads_accepted_meetings_languages_and_who_is_unavailable(day):
    minh, fang, anna, lan = vars(day.people).values()
    first, second, third = day.slots
    minh.unavailable_slots.set([second])
    day.interpreter.unavailable_slots.set([third])
    anna.languages = []  # said nothing: her interface language is taken
    anna.user.preferred_language = "zh-hant"
    anna.user.save()
    anna.save()
    day.anna_lan.slot, day.anna_lan.table = first, day.tables[1]
    day.anna_lan.save()
    day.minh_fang.requester_priority, day.minh_fang.score = 3, 0.0
    day.minh_fang.save()
    MeetingFactory(event=day.event, requester=anna, recipient=minh)  # not answered
    MeetingFactory(event=day.event, requester=fang, recipient=lan, status=MeetingStatus.DECLINED)
    gone = RegistrationFactory(event=day.event, status=RegistrationStatus.CANCELLED)
    MeetingFactory(event=day.event, requester=gone, recipient=lan, accepted=True)

    problem, current = services.scheduling_input(day.event)

    assert sorted(problem.participants, key=lambda p: p.id) == [
        scheduling.Participant(id=minh.pk, languages={"vi"}, unavailable_slots={second.pk}),
        scheduling.Participant(id=fang.pk, languages={"zh-hans"}),
        scheduling.Participant(id=anna.pk, languages={"zh-hant"}),
        scheduling.Participant(id=lan.pk, languages={"vi", "en"}),
    ]
    assert problem.slots == tuple(
        scheduling.Slot(id=s.pk, order=n) for n, s in enumerate(day.slots)
    )
    assert problem.tables == tuple(scheduling.Table(id=table.pk) for table in day.tables)
    assert problem.interpreters == (
        scheduling.Interpreter(
            id=day.interpreter.pk,
            language_pairs={frozenset({"zh-hans", "vi"})},
            unavailable_slots={third.pk},
        ),
    )
    # A meeting both sides accepted counts even when the engine saw no match.
    assert sorted(problem.requests, key=lambda r: r.id) == [
        scheduling.MeetingRequest(day.minh_fang.pk, minh.pk, fang.pk, 0.01, 3, 2),
        scheduling.MeetingRequest(day.anna_lan.pk, anna.pk, lan.pk, 0.6, 2, 2),
        scheduling.MeetingRequest(day.minh_lan.pk, minh.pk, lan.pk, 0.5, 2, 2),
        scheduling.MeetingRequest(day.fang_anna.pk, fang.pk, anna.pk, 0.4, 2, 2),
    ]
    assert problem.max_meetings_per_participant == 6
    assert current == {day.anna_lan.pk: scheduling.Placement(first.pk, day.tables[1].pk, None)}


# --- Running the scheduler ----------------------------------------------------------------


def test_schedule_execute_places_meetings_with_an_interpreter_where_needed_and_reports(day):
    run = run_now(day.event)

    placed = {pk: at for pk, at in placements().items() if at[0] is not None}
    assert set(placed) == {day.minh_fang.pk, day.anna_lan.pk, day.minh_lan.pk}
    assert placed[day.minh_fang.pk][2] == day.interpreter.pk
    assert (placed[day.anna_lan.pk][2], placed[day.minh_lan.pk][2]) == (None, None)
    # Nobody is in two meetings at once and no table holds two.
    meetings = Meeting.objects.filter(slot__isnull=False)
    busy = [(m.slot_id, side) for m in meetings for side in (m.requester_id, m.recipient_id)]
    tables = [(m.slot_id, m.table_id) for m in meetings]
    assert (len(set(busy)), len(set(tables))) == (len(busy), len(tables))
    run.refresh_from_db()
    # Each placed meeting is worth its score × the mean of both sides' priorities (2).
    assert (
        run.status,
        run.solver_status,
        run.placed,
        run.unplaced,
        run.moved,
        run.gap,
        run.message,
    ) == (RunStatus.DONE, "optimal", 3, 1, 0, 0.0, "")
    assert run.objective == pytest.approx(2 * (0.9 + 0.6 + 0.5))
    assert run.bound == pytest.approx(run.objective)
    assert 0 < run.seconds < 10
    assert timezone.now() - run.finished_at < timedelta(minutes=1)


def test_schedule_execute_tells_each_person_with_a_new_meeting_once_in_their_language(day):
    day.people.fang.user.preferred_language = "zh-hans"
    day.people.fang.user.save()
    nobody = RegistrationFactory(event=day.event, languages=["th"])
    MeetingFactory(event=day.event, requester=nobody, recipient=day.people.anna, accepted=True)

    run_now(day.event)

    chinese = (
        "您在湄公河种业对接日的洽谈安排有变动",
        "您在“湄公河种业对接日”的 B2B 洽谈安排已更新，请查看您的日程。",
    )
    # Not the Thai speaker, whose only meeting could not be placed.
    assert sorted(told()) == sorted(
        [
            (day.people.minh.user_id, *CHANGED),
            (day.people.fang.user_id, *chinese),
            (day.people.anna.user_id, *CHANGED),
            (day.people.lan.user_id, *CHANGED),
        ]
    )


def test_re_plan_after_a_cancellation_keeps_the_other_meetings_and_tells_nobody_else(
    day, django_capture_on_commit_callbacks
):
    run_now(day.event)
    before = placements()
    Notification.objects.all().delete()
    day.minh_lan.refresh_from_db()  # as placed by the run

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=day.people.lan.user, meeting=day.minh_lan)

    replan = ScheduleRun.objects.order_by("pk").last()
    assert (replan.status, replan.placed, replan.moved, replan.requested_by) == (
        RunStatus.DONE,
        2,
        0,
        None,
    )
    assert placements() == {**before, day.minh_lan.pk: (None, None, None)}
    # Minh hears of the cancellation; the run itself tells nobody.
    assert [(user, subject) for user, subject, _body in told()] == [
        (day.people.minh.user_id, "Meeting cancelled at Mekong Seed Matchmaking Day")
    ]


def test_re_plan_after_someone_becomes_unavailable_moves_only_their_meeting_and_tells_them(
    day, django_capture_on_commit_callbacks
):
    run_now(day.event)
    before = placements()
    Notification.objects.all().delete()
    anna = day.people.anna
    its_slot = Meeting.objects.get(pk=day.anna_lan.pk).slot

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_update(
            actor=anna.user, registration=anna, unavailable_slots=[its_slot]
        )

    after = placements()
    assert after[day.anna_lan.pk][0] not in (None, its_slot.pk)
    assert {pk: at for pk, at in after.items() if pk != day.anna_lan.pk} == {
        pk: at for pk, at in before.items() if pk != day.anna_lan.pk
    }
    replan = ScheduleRun.objects.order_by("pk").last()
    assert (replan.status, replan.placed, replan.moved) == (RunStatus.DONE, 3, 1)
    assert sorted(told()) == sorted([(anna.user_id, *CHANGED), (day.people.lan.user_id, *CHANGED)])


def test_re_plan_after_a_new_acceptance_places_it_and_tells_only_its_two_sides(
    day, django_capture_on_commit_callbacks
):
    run_now(day.event)
    before = placements()
    Notification.objects.all().delete()
    hoa = RegistrationFactory(event=day.event, languages=["vi", "en"])
    meeting = services.meeting_request(actor=hoa.user, event=day.event, recipient=day.people.anna)

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_answer(actor=day.people.anna.user, meeting=meeting, accept=True)

    after = placements()
    assert after[meeting.pk][0] is not None
    assert {pk: at for pk, at in after.items() if pk != meeting.pk} == before
    changed = [(user, subject) for user, subject, _body in told() if subject == CHANGED[0]]
    assert sorted(changed) == sorted(
        [(hoa.user_id, CHANGED[0]), (day.people.anna.user_id, CHANGED[0])]
    )


def test_schedule_execute_with_input_the_scheduler_refuses_fails_the_run_and_places_nothing(day):
    # Data the model's validation would refuse, written past it (as a bad import could).
    Interpreter.objects.filter(pk=day.interpreter.pk).update(language_pairs=[["vi", "vi"]])
    run = ScheduleRun.objects.create(event=day.event)
    before = placements()

    with pytest.raises(scheduling.SchedulingInputError):
        services.schedule_execute(run, time_limit=10)

    run.refresh_from_db()
    message = (
        f"Interpreter {day.interpreter.pk}: a language pair needs two different languages, "
        "not ('vi',)."
    )
    assert (run.status, run.message, run.placed) == (RunStatus.FAILED, message, 0)
    assert run.finished_at is not None
    assert (placements(), told()) == (before, [])


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (EventStatus.HELD, "The event has been held: its schedule no longer changes."),
        (EventStatus.CANCELLED, "The event was cancelled."),
    ],
)
def test_run_queued_before_the_event_was_over_fails_and_changes_nothing(day, status, message):
    run = ScheduleRun.objects.create(event=day.event)
    day.event.status = status  # before the worker got to the run
    day.event.save()
    before = placements()

    result = tasks.run_schedule.enqueue(run.pk)

    run.refresh_from_db()
    assert (result.status, run.status, run.message) == (
        TaskResultStatus.FAILED,
        RunStatus.FAILED,
        message,
    )
    assert (placements(), told()) == (before, [])


# --- The worker's jobs ----------------------------------------------------------------------


def test_run_schedule_returns_how_many_it_placed(day):
    run = ScheduleRun.objects.create(event=day.event)

    result = tasks.run_schedule.enqueue(run.pk)

    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 3)
    assert ScheduleRun.objects.get(pk=run.pk).status == RunStatus.DONE


def test_run_schedule_superseded_by_a_newer_queued_run_does_nothing(day):
    older = ScheduleRun.objects.create(event=day.event)
    newer = ScheduleRun.objects.create(event=day.event)

    result = tasks.run_schedule.enqueue(older.pk)

    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 0)
    assert dict(ScheduleRun.objects.values_list("pk", "status")) == {
        older.pk: RunStatus.SUPERSEDED,
        newer.pk: RunStatus.QUEUED,
    }
    assert set(placements().values()) == {(None, None, None)}
    assert told() == []


def test_expire_meeting_requests_runs_on_a_schedule_and_returns_how_many_expired(event):
    event.meeting_request_deadline = timezone.now() - timedelta(hours=1)
    event.save()
    MeetingFactory(event=event)
    MeetingFactory(event=event, accepted=True)

    result = tasks.expire_meeting_requests.enqueue()

    assert (import_string(EXPIRE_TASK), EXPIRE_TASK in django_settings.PERIODIC_TASKS) == (
        tasks.expire_meeting_requests,
        True,
    )
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 1)
    assert sorted(Meeting.objects.values_list("status", flat=True)) == [
        MeetingStatus.ACCEPTED,
        MeetingStatus.EXPIRED,
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_runs_the_schedule_and_expires_meeting_requests(settings, tmp_path):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    event = EventFactory(name="Mekong Seed Matchmaking Day")
    slots(event, 2)
    MeetingTableFactory(event=event)
    first, second = (
        MeetingFactory(event=event, accepted=True),
        MeetingFactory(event=event, accepted=True),
    )
    past = EventFactory(meeting_request_deadline=timezone.now() - timedelta(hours=1))
    unanswered = MeetingFactory(event=past)
    run = services.schedule_request(actor=organizer_of(event), event=event)
    mail_folder = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "INNOBRIDGE_DATA_DIR": str(tmp_path / "data"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_folder),
        "DJANGO_SETTINGS_MODULE": "innobridge.settings",
    }

    result = subprocess.run(
        [sys.executable, "-m", "innobridge.cli", "worker", "--batch"],
        env=env,
        cwd=settings.BASE_DIR.parent,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert result.returncode == 0, f"worker failed:\n{result.stdout}\n{result.stderr}"
    run.refresh_from_db()
    assert (run.status, run.placed, run.unplaced) == (RunStatus.DONE, 2, 0)
    assert Meeting.objects.filter(pk__in=[first.pk, second.pk], slot__isnull=False).count() == 2
    assert Meeting.objects.get(pk=unanswered.pk).status == MeetingStatus.EXPIRED
    # Other periodic jobs run too; they are tested by their own apps.
    assert sorted(
        DBTaskResult.objects.filter(task_path__in=[RUN_TASK, EXPIRE_TASK]).values_list(
            "task_path", "status", "return_value"
        )
    ) == [(EXPIRE_TASK, "SUCCESSFUL", 1), (RUN_TASK, "SUCCESSFUL", 2)]
    assert sent_subjects(mail_folder).count(CHANGED[0]) == 4
    assert "Meeting request expired at " + past.name in sent_subjects(mail_folder)
