"""The meeting scheduler: hand-computed events with exact answers, and bad input. The
event builders here serve the other scheduling tests too: re-planning in
test_scheduling_replan.py, properties on many random small events in
test_scheduling_properties.py.

Pure Python: no database, so no django_db mark."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from innobridge.events.scheduling import (
    Event,
    Interpreter,
    MeetingRequest,
    Participant,
    Placement,
    SchedulingInputError,
    Slot,
    SolveStatus,
    Table,
    UnplacedReason,
    meeting_value,
    relaxation_bound,
    schedule_meetings,
    schedule_meetings_greedy,
)


def build_event(
    people: dict[str, set[str]],
    requests: list[tuple[str, str, str, float]],
    *,
    slots: int = 1,
    tables: int = 1,
    interpreters: tuple[Interpreter, ...] = (),
    limit: int = 8,
    away: dict[str, set[str]] | None = None,
) -> Event:
    """People by id with their languages; requests as (id, a, b, score); slots s1..sN
    and tables t1..tN; `away` gives a participant's unavailable slots."""
    away = away or {}
    return Event(
        participants=tuple(
            Participant(
                id=p, languages=frozenset(langs), unavailable_slots=frozenset(away.get(p, ()))
            )
            for p, langs in people.items()
        ),
        slots=tuple(Slot(id=f"s{n}", order=n) for n in range(1, slots + 1)),
        tables=tuple(Table(id=f"t{n}") for n in range(1, tables + 1)),
        interpreters=interpreters,
        requests=tuple(
            MeetingRequest(id=r, participant_a=a, participant_b=b, score=s)
            for r, a, b, s in requests
        ),
        max_meetings_per_participant=limit,
    )


def interpreter(id: str, *pairs: tuple[str, str], away: set[str] | None = None) -> Interpreter:
    return Interpreter(
        id=id,
        language_pairs=frozenset(frozenset(pair) for pair in pairs),
        unavailable_slots=frozenset(away or ()),
    )


# -- Hand-computed events ------------------------------------------------------------------


def test_schedule_shared_language_gets_no_interpreter():
    event = build_event(
        {"ana": {"en", "zh"}, "binh": {"en", "vi"}},
        [("r1", "ana", "binh", 0.8)],
        interpreters=(interpreter("i1", ("zh", "vi")),),
    )
    schedule = schedule_meetings(event=event)
    assert schedule.placements == {"r1": Placement("s1", "t1", None)}
    assert schedule.objective == pytest.approx(0.8)
    assert schedule.unplaced == {}
    assert schedule.status == SolveStatus.OPTIMAL


def test_schedule_zh_vi_meeting_gets_the_zh_vi_interpreter():
    # The pair is given as vi–zh: pairs are unordered.
    event = build_event(
        {"li": {"zh"}, "minh": {"vi"}},
        [("r1", "li", "minh", 0.7)],
        interpreters=(interpreter("en-ru", ("en", "ru")), interpreter("vi-zh", ("vi", "zh"))),
    )
    schedule = schedule_meetings(event=event)
    assert schedule.placements == {"r1": Placement("s1", "t1", "vi-zh")}
    assert schedule.objective == pytest.approx(0.7)


def test_schedule_tables_cap_meetings_per_slot():
    event = build_event(
        {"a": {"en"}, "b": {"en"}, "c": {"en"}, "d": {"en"}},
        [("r1", "a", "b", 0.9), ("r2", "c", "d", 0.5)],
        tables=1,
    )
    schedule = schedule_meetings(event=event)
    assert schedule.placements == {"r1": Placement("s1", "t1", None)}
    assert schedule.unplaced == {"r2": UnplacedReason.CAPACITY}
    assert schedule.objective == pytest.approx(0.9)
    assert schedule.bound == pytest.approx(0.9)
    assert schedule.gap == pytest.approx(0.0)


def test_schedule_meeting_limit_keeps_the_best_meetings():
    event = build_event(
        {"a": {"en"}, "b": {"en"}, "c": {"en"}, "d": {"en"}},
        [("r1", "a", "b", 0.9), ("r2", "a", "c", 0.4), ("r3", "a", "d", 0.6)],
        slots=3,
        tables=3,
        limit=2,
    )
    schedule = schedule_meetings(event=event)
    assert set(schedule.placements) == {"r1", "r3"}
    assert schedule.placements["r1"].slot != schedule.placements["r3"].slot
    assert schedule.unplaced == {"r2": UnplacedReason.MEETING_LIMIT}
    assert schedule.objective == pytest.approx(1.5)


def test_schedule_unavailable_slots_are_honoured():
    event = build_event(
        {"a": {"en"}, "b": {"en"}},
        [("r1", "a", "b", 1.0)],
        slots=3,
        away={"a": {"s1"}, "b": {"s2"}},
    )
    schedule = schedule_meetings(event=event)
    assert schedule.placements == {"r1": Placement("s3", "t1", None)}


def test_schedule_no_common_free_slot_is_reported():
    event = build_event(
        {"a": {"en"}, "b": {"en"}, "c": {"en"}},
        [("r1", "a", "b", 1.0), ("r2", "a", "c", 0.5)],
        slots=2,
        tables=2,
        away={"a": {"s1"}, "b": {"s2"}},
    )
    schedule = schedule_meetings(event=event)
    assert schedule.placements == {"r2": Placement("s2", "t1", None)}
    assert schedule.unplaced == {"r1": UnplacedReason.NO_COMMON_SLOT}


def test_schedule_meeting_without_any_covering_interpreter_is_reported():
    event = build_event(
        {"li": {"zh"}, "minh": {"vi"}},
        [("r1", "li", "minh", 1.0)],
        interpreters=(interpreter("i1", ("zh", "en")),),
    )
    schedule = schedule_meetings(event=event)
    assert schedule.placements == {}
    assert schedule.unplaced == {"r1": UnplacedReason.NO_INTERPRETER}
    assert schedule.status == SolveStatus.NOTHING_TO_SOLVE


def test_schedule_interpreter_away_in_the_only_common_slot_is_reported():
    event = build_event(
        {"li": {"zh"}, "minh": {"vi"}},
        [("r1", "li", "minh", 1.0)],
        slots=2,
        away={"li": {"s1"}},
        interpreters=(interpreter("i1", ("zh", "vi"), away={"s2"}),),
    )
    schedule = schedule_meetings(event=event)
    assert schedule.unplaced == {"r1": UnplacedReason.NO_INTERPRETER_FREE}


def test_schedule_no_free_table_is_reported():
    event = replace(
        build_event({"a": {"en"}, "b": {"en"}}, [("r1", "a", "b", 1.0)], slots=2),
        tables=(Table(id="t1", unavailable_slots=frozenset({"s1", "s2"})),),
    )
    schedule = schedule_meetings(event=event)
    assert schedule.unplaced == {"r1": UnplacedReason.NO_TABLE}


def test_schedule_interpreter_serves_one_meeting_per_slot():
    # Two zh–vi meetings, one interpreter, two slots: one meeting in each slot.
    event = build_event(
        {"li": {"zh"}, "wang": {"zh"}, "minh": {"vi"}, "lan": {"vi"}},
        [("r1", "li", "minh", 1.0), ("r2", "wang", "lan", 0.5)],
        slots=2,
        tables=2,
        interpreters=(interpreter("i1", ("zh", "vi")),),
    )
    schedule = schedule_meetings(event=event)
    assert {p.slot for p in schedule.placements.values()} == {"s1", "s2"}
    assert {p.interpreter for p in schedule.placements.values()} == {"i1"}
    assert schedule.objective == pytest.approx(1.5)


def test_schedule_beats_greedy_where_greedy_is_worse():
    # One slot, two tables. Greedy takes r1 (1.0) first, which blocks both others;
    # r2 + r3 (0.9 + 0.9) is the optimum.
    event = build_event(
        {"a": {"en"}, "b": {"en"}, "c": {"en"}, "d": {"en"}},
        [("r1", "a", "b", 1.0), ("r2", "a", "c", 0.9), ("r3", "b", "d", 0.9)],
        tables=2,
    )
    greedy = schedule_meetings_greedy(event=event)
    best = schedule_meetings(event=event)
    assert greedy.placements == {"r1": Placement("s1", "t1", None)}
    assert greedy.objective == pytest.approx(1.0)
    assert greedy.status == SolveStatus.GREEDY
    assert best.placements == {
        "r2": Placement("s1", "t1", None),
        "r3": Placement("s1", "t2", None),
    }
    assert best.objective == pytest.approx(1.8)
    assert best.status == SolveStatus.OPTIMAL
    assert best.unplaced == {"r1": UnplacedReason.CAPACITY}
    assert relaxation_bound(event=event) == pytest.approx(1.8)


def test_meeting_value_weighs_score_by_both_sides_priorities():
    event = Event(
        participants=(
            Participant(id=1, languages=frozenset({"en"}), weight=2.0),
            Participant(id=2, languages=frozenset({"en"})),
        ),
        slots=(Slot(id=1, order=1),),
        tables=(Table(id=1),),
        interpreters=(),
        requests=(MeetingRequest(1, 1, 2, score=0.8, priority_a=1.0, priority_b=3.0),),
        max_meetings_per_participant=1,
    )
    assert meeting_value(event, event.requests[0]) == pytest.approx(0.8 * (2 * 1 + 1 * 3) / 2)
    assert schedule_meetings(event=event).objective == pytest.approx(2.0)


def test_schedule_event_without_requests_is_empty():
    schedule = schedule_meetings(event=build_event({"a": {"en"}}, []))
    assert (schedule.placements, schedule.unplaced, schedule.objective) == ({}, {}, 0.0)
    assert schedule.status == SolveStatus.NOTHING_TO_SOLVE


def test_schedule_without_current_reports_every_meeting_added():
    event = build_event({"a": {"en"}, "b": {"en"}}, [("r1", "a", "b", 1.0)])
    changes = schedule_meetings(event=event).changes
    assert (changes.added, changes.moved, changes.removed) == ({"r1"}, set(), set())


# -- Bad input -------------------------------------------------------------------------------


def _two_people(**request_fields) -> dict:
    fields = {"id": "r1", "participant_a": "a", "participant_b": "b", "score": 1.0}
    return fields | request_fields


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: MeetingRequest(**_two_people(participant_b="a")), "with themselves"),
        (lambda: MeetingRequest(**_two_people(score=0)), "score must be a positive number"),
        (lambda: MeetingRequest(**_two_people(score=-1)), "score must be a positive number"),
        (lambda: MeetingRequest(**_two_people(score=math.nan)), "positive number"),
        (lambda: MeetingRequest(**_two_people(priority_b=0)), "priority_b must be"),
        (lambda: interpreter("i1", ("zh", "zh")), "two different languages"),
        (lambda: interpreter("i1", ("zh", "ZH")), "two different languages"),
        (lambda: Interpreter("i1", frozenset({"zh"})), "is not a pair"),
        (lambda: Participant(id="a", languages=frozenset()), "speaks no language"),
        (lambda: Participant(id="a", languages="en"), "must be a collection"),
        (lambda: Participant(id="a", languages={"en"}, weight=0), "weight must be"),
        (
            lambda: build_event({"a": {"en"}}, [("r1", "a", "ghost", 1.0)]),
            "unknown participant 'ghost'",
        ),
        (
            lambda: build_event(
                {"a": {"en"}, "b": {"en"}}, [("r1", "a", "b", 1), ("r2", "b", "a", 2)]
            ),
            "ask for the same meeting",
        ),
        (
            lambda: build_event(
                {"a": {"en"}, "b": {"en"}, "c": {"en"}}, [("r1", "a", "b", 1), ("r1", "a", "c", 1)]
            ),
            "Two requests have the id 'r1'",
        ),
        (
            lambda: replace(
                build_event({"a": {"en"}}, []), participants=(Participant("a", {"en"}),) * 2
            ),
            "Two participants have the id 'a'",
        ),
        (lambda: build_event({"a": {"en"}}, [], away={"a": {"s9"}}), "unknown slots"),
        (lambda: build_event({"a": {"en"}}, [], limit=-1), "at least 0"),
        (
            lambda: replace(
                build_event({"a": {"en"}}, []), slots=(Slot(1, order=1), Slot(2, order=1))
            ),
            "Two slots in order",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(make, message):
    with pytest.raises(SchedulingInputError, match=message):
        make()
    assert issubclass(SchedulingInputError, ValueError)
