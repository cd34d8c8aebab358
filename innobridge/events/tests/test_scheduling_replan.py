"""The meeting scheduler re-planning a current placement: what stays exactly where it is,
what moves and how little, and which meetings come first when there is not room for all:
a meeting that was placed before goes before any new request.

Pure Python: no database, so no django_db mark."""

from __future__ import annotations

from dataclasses import replace

import pytest

from innobridge.events.scheduling import (
    Event,
    MeetingRequest,
    Placement,
    Slot,
    SolveStatus,
    Table,
    UnplacedReason,
    schedule_meetings,
    schedule_meetings_greedy,
)
from innobridge.events.tests.test_scheduling import build_event, interpreter

# -- What stays and what moves --------------------------------------------------------------


def three_meetings() -> Event:
    return build_event(
        {"a": {"en"}, "b": {"en"}, "c": {"en"}, "li": {"zh"}, "minh": {"vi"}},
        [("r1", "a", "b", 1.0), ("r2", "b", "c", 0.8), ("r3", "li", "minh", 0.6)],
        slots=2,
        tables=2,
        interpreters=(interpreter("i1", ("zh", "vi")), interpreter("i2", ("zh", "vi"))),
    )


def test_replan_keeps_valid_meetings_and_places_new_ones():
    event = three_meetings()
    current = schedule_meetings(event=event).placements
    changed = replace(
        event,
        requests=(
            *[r for r in event.requests if r.id != "r2"],
            MeetingRequest("r4", "a", "c", 0.5),
        ),
    )
    again = schedule_meetings(event=changed, current=current)
    assert {m: again.placements[m] for m in ("r1", "r3")} == {m: current[m] for m in ("r1", "r3")}
    assert again.changes.unchanged == {"r1", "r3"}
    assert (again.changes.added, again.changes.removed, again.changes.moved) == (
        {"r4"},
        {"r2"},
        set(),
    )


def c_away_in_s2(event: Event) -> Event:
    away = replace(event.participants[2], unavailable_slots=frozenset({"s2"}))  # c
    return replace(event, participants=(*event.participants[:2], away, *event.participants[3:]))


CURRENT = {
    "r1": Placement("s1", "t1"),
    "r2": Placement("s2", "t1"),
    "r3": Placement("s1", "t2", "i1"),
}


def test_replan_moves_only_the_meeting_whose_participant_became_unavailable():
    event = c_away_in_s2(
        replace(three_meetings(), slots=tuple(Slot(f"s{n}", n) for n in (1, 2, 3)))
    )
    again = schedule_meetings(event=event, current=CURRENT)
    assert again.placements == {**CURRENT, "r2": Placement("s3", "t1")}
    assert (again.changes.moved, again.changes.unchanged) == ({"r2"}, {"r1", "r3"})
    assert (again.changes.added, again.changes.removed) == (set(), set())


def test_replan_drops_a_meeting_that_must_move_and_has_nowhere_to_go():
    # b meets a in s1, and c is away in s2: r2 cannot stay, nor go anywhere else.
    again = schedule_meetings(event=c_away_in_s2(three_meetings()), current=CURRENT)
    assert again.placements == {"r1": CURRENT["r1"], "r3": CURRENT["r3"]}
    assert again.unplaced == {"r2": UnplacedReason.CAPACITY}
    assert (again.changes.removed, again.changes.moved) == ({"r2"}, set())


def test_replan_gives_a_new_interpreter_in_the_same_slot_and_table():
    event = three_meetings()
    current = {"r1": Placement("s1", "t1"), "r3": Placement("s1", "t2", "i1")}
    i1_away = interpreter("i1", ("zh", "vi"), away={"s1"})
    changed = replace(event, interpreters=(i1_away, event.interpreters[1]))
    again = schedule_meetings(event=changed, current=current)
    assert again.placements["r3"] == Placement("s1", "t2", "i2")
    assert again.placements["r1"] == Placement("s1", "t1")
    assert again.changes.moved == {"r3"}
    assert again.changes.added == {"r2"}


def test_replan_drops_an_interpreter_no_longer_needed():
    event = three_meetings()
    current = {"r3": Placement("s1", "t2", "i1")}
    learned = replace(event.participants[4], languages=frozenset({"vi", "zh"}))  # minh
    changed = replace(event, participants=(*event.participants[:4], learned))
    again = schedule_meetings(event=changed, current=current)
    assert again.placements["r3"] == Placement("s1", "t2", None)


def test_replan_moves_a_meeting_off_a_removed_table_within_its_slot():
    event = three_meetings()
    current = {"r1": Placement("s1", "t2"), "r3": Placement("s2", "t1", "i1")}
    changed = replace(event, tables=(Table("t1"), Table("t3")))
    again = schedule_meetings(event=changed, current=current)
    assert again.placements["r1"] == Placement("s1", "t1")
    assert again.placements["r3"] == Placement("s2", "t1", "i1")
    assert again.changes.moved == {"r1"}


# -- Who comes first: a meeting placed before, over a new request -----------------------------


def one_seat_left(*, a_away: frozenset[str] = frozenset()) -> tuple[Event, dict[str, Placement]]:
    """One table in three slots. e–f keep s1; a–b (0.3) were in s2, where the table is now
    taken for a talk; c–d (1.0) were just accepted. s3 is the one seat left."""
    event = build_event(
        {p: {"en"} for p in ("a", "b", "c", "d", "e", "f")},
        [("r0", "e", "f", 0.5), ("r1", "a", "b", 0.3), ("r2", "c", "d", 1.0)],
        slots=3,
        away={"a": set(a_away)},
    )
    event = replace(event, tables=(Table("t1", unavailable_slots=frozenset({"s2"})),))
    return event, {"r0": Placement("s1", "t1"), "r1": Placement("s2", "t1")}


def test_replan_gives_the_last_free_seat_to_a_moved_meeting_over_a_new_request():
    event, current = one_seat_left()
    again = schedule_meetings(event=event, current=current)
    assert again.placements == {"r0": Placement("s1", "t1"), "r1": Placement("s3", "t1")}
    assert again.unplaced == {"r2": UnplacedReason.CAPACITY}
    assert (again.changes.moved, again.changes.added, again.changes.removed) == (
        {"r1"},
        set(),
        set(),
    )
    # The priority is not value: the objective and its bound count the meetings' value only.
    assert (again.objective, again.bound, again.gap) == (
        pytest.approx(0.8),
        pytest.approx(0.8),
        pytest.approx(0.0),
    )
    assert again.status == SolveStatus.OPTIMAL
    greedy = schedule_meetings_greedy(event=event, current=current)
    assert (greedy.placements, greedy.objective) == (again.placements, pytest.approx(0.8))


def test_replan_gives_the_seat_to_a_new_request_when_the_moved_meeting_cannot_use_it():
    event, current = one_seat_left(a_away=frozenset({"s3"}))
    again = schedule_meetings(event=event, current=current)
    assert again.placements == {"r0": Placement("s1", "t1"), "r2": Placement("s3", "t1")}
    assert again.unplaced == {"r1": UnplacedReason.CAPACITY}  # s1, shared, went to e–f
    assert (again.changes.added, again.changes.removed) == ({"r2"}, {"r1"})


def test_replan_keeps_a_moved_meeting_over_two_new_requests_worth_more_together():
    # b is away in s1 now, so a–b (0.2) must move to s2, where it takes both a and b:
    # the new a–c and b–d (1.0 each, c and d away in s1) could both have had s2 instead.
    # A bonus above one meeting's value would not be enough: it is above all of them.
    event = build_event(
        {p: {"en"} for p in ("a", "b", "c", "d")},
        [("r1", "a", "b", 0.2), ("r2", "a", "c", 1.0), ("r3", "b", "d", 1.0)],
        slots=2,
        tables=2,
        away={"b": {"s1"}, "c": {"s1"}, "d": {"s1"}},
    )
    current = {"r1": Placement("s1", "t1")}
    for schedule in (
        schedule_meetings(event=event, current=current),
        schedule_meetings_greedy(event=event, current=current),
    ):
        assert schedule.placements == {"r1": Placement("s2", "t1")}
        assert schedule.unplaced == {"r2": UnplacedReason.CAPACITY, "r3": UnplacedReason.CAPACITY}
        assert schedule.objective == pytest.approx(0.2)
    # Without the current placement nothing was placed before, and value decides.
    first_plan = schedule_meetings(event=event)
    assert set(first_plan.placements) == {"r2", "r3"}
