"""The meeting scheduler's properties, checked on many random small events: every rule,
never below greedy, bounds that hold against brute force, nothing moved on a re-plan that
did not have to move, and as many moved meetings placed as can be.

Pure Python: no database, so no django_db mark."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innobridge.events.scheduling import (
    Event,
    Interpreter,
    MeetingRequest,
    Participant,
    Placement,
    Schedule,
    Slot,
    SolveStatus,
    Table,
    meeting_value,
    relaxation_bound,
    schedule_meetings,
    schedule_meetings_greedy,
)

PROPERTIES = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- Properties on random small events -------------------------------------------------------

LANGUAGES = ("en", "zh", "vi", "ru")


@st.composite
def small_events(draw, max_requests: int = 10, max_slots: int = 4) -> Event:
    """Random events small enough to solve in milliseconds."""
    slot_count = draw(st.integers(1, max_slots))
    slot_ids = [f"s{n}" for n in range(slot_count)]
    # Mostly available: an event where nobody can meet tests nothing.
    away = st.one_of(
        st.just(frozenset()), st.frozensets(st.sampled_from(slot_ids), max_size=slot_count)
    )
    people = [
        Participant(
            id=n,
            languages=draw(st.frozensets(st.sampled_from(LANGUAGES), min_size=1, max_size=2)),
            unavailable_slots=draw(away),
            weight=draw(st.sampled_from([1.0, 1.0, 2.0])),
        )
        for n in range(draw(st.integers(3, 7)))
    ]
    pairs = list(itertools.combinations(range(len(people)), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1, max_size=max_requests))
    language_pairs = [frozenset(p) for p in itertools.combinations(LANGUAGES, 2)]
    return Event(
        participants=tuple(people),
        slots=tuple(Slot(id=s, order=n) for n, s in enumerate(slot_ids)),
        tables=tuple(
            Table(id=f"t{n}", unavailable_slots=draw(away)) for n in range(draw(st.integers(1, 3)))
        ),
        interpreters=tuple(
            Interpreter(
                id=f"i{n}",
                language_pairs=draw(
                    st.frozensets(st.sampled_from(language_pairs), min_size=1, max_size=3)
                ),
                unavailable_slots=draw(away),
            )
            for n in range(draw(st.integers(0, 3)))
        ),
        requests=tuple(
            MeetingRequest(
                id=f"r{n}",
                participant_a=a,
                participant_b=b,
                score=draw(st.sampled_from([0.1, 0.3, 0.5, 0.7, 1.0])),
                priority_a=draw(st.sampled_from([1.0, 2.0])),
            )
            for n, (a, b) in enumerate(chosen)
        ),
        max_meetings_per_participant=draw(st.integers(1, 3)),
    )


def needs_interpreter(event: Event, request: MeetingRequest) -> bool:
    people = {p.id: p for p in event.participants}
    return not (people[request.participant_a].languages & people[request.participant_b].languages)


def assert_follows_every_rule(event: Event, schedule: Schedule) -> None:
    people = {p.id: p for p in event.participants}
    tables = {t.id: t for t in event.tables}
    helpers = {i.id: i for i in event.interpreters}
    requests = {r.id: r for r in event.requests}
    slot_ids = {s.id for s in event.slots}
    assert set(schedule.placements) <= set(requests)  # only accepted requests, each once
    assert set(schedule.unplaced) == set(requests) - set(schedule.placements)
    seats, helper_slots, person_slots, counts = [], [], [], Counter()
    for meeting, placement in schedule.placements.items():
        request = requests[meeting]
        sides = (people[request.participant_a], people[request.participant_b])
        assert placement.slot in slot_ids
        assert placement.slot not in tables[placement.table].unavailable_slots
        assert all(placement.slot not in side.unavailable_slots for side in sides)
        if needs_interpreter(event, request):
            helper = helpers[placement.interpreter]
            assert placement.slot not in helper.unavailable_slots
            assert helper.covers(sides[0].languages, sides[1].languages)
            helper_slots.append((placement.slot, placement.interpreter))
        else:
            assert placement.interpreter is None
        seats.append((placement.slot, placement.table))
        person_slots += [(side.id, placement.slot) for side in sides]
        counts.update(side.id for side in sides)
    assert len(seats) == len(set(seats))  # no table double-booked (so ≤ tables per slot)
    assert len(helper_slots) == len(set(helper_slots))
    assert len(person_slots) == len(set(person_slots))
    assert all(count <= event.max_meetings_per_participant for count in counts.values())
    value = sum(meeting_value(event, requests[m]) for m in schedule.placements)
    assert schedule.objective == pytest.approx(value)


@PROPERTIES
@given(small_events())
def test_property_schedule_follows_every_rule_and_never_loses_to_greedy(event):
    schedule = schedule_meetings(event=event, time_limit=5.0)
    greedy = schedule_meetings_greedy(event=event)
    assert_follows_every_rule(event, schedule)
    assert_follows_every_rule(event, greedy)
    assert schedule.objective >= greedy.objective - 1e-9
    assert schedule.bound is not None
    assert schedule.bound >= schedule.objective - 1e-9


def best_by_brute_force(event: Event) -> float:
    """The optimum by trying every way of placing every request (tiny events only)."""
    people = {p.id: p for p in event.participants}
    choices = []
    for request in event.requests:
        sides = (people[request.participant_a], people[request.participant_b])
        ways: list[tuple[str, str | None] | None] = [None]
        for slot in event.slots:
            if any(slot.id in side.unavailable_slots for side in sides):
                continue
            if not needs_interpreter(event, request):
                ways.append((slot.id, None))
                continue
            ways += [
                (slot.id, i.id)
                for i in event.interpreters
                if slot.id not in i.unavailable_slots
                and i.covers(sides[0].languages, sides[1].languages)
            ]
        choices.append(ways)
    free_tables = {
        s.id: sum(s.id not in t.unavailable_slots for t in event.tables) for s in event.slots
    }
    best = 0.0
    for combination in itertools.product(*choices):
        used = [(r, way) for r, way in zip(event.requests, combination, strict=True) if way]
        person_slots = [
            (side, w[0]) for r, w in used for side in (r.participant_a, r.participant_b)
        ]
        helper_slots = [(w[0], w[1]) for _r, w in used if w[1] is not None]
        per_slot = Counter(w[0] for _r, w in used)
        counts = Counter(side for r, _w in used for side in (r.participant_a, r.participant_b))
        if (
            len(person_slots) == len(set(person_slots))
            and len(helper_slots) == len(set(helper_slots))
            and all(per_slot[s] <= free_tables[s] for s in per_slot)
            and all(c <= event.max_meetings_per_participant for c in counts.values())
        ):
            best = max(best, sum(meeting_value(event, r) for r, _w in used))
    return best


@PROPERTIES
@given(small_events(max_requests=4, max_slots=2))
def test_property_objective_and_bound_hold_against_brute_force(event):
    schedule = schedule_meetings(event=event, time_limit=5.0)
    best = best_by_brute_force(event)
    assert schedule.objective <= best + 1e-9
    assert schedule.bound >= best - 1e-9
    if schedule.status == SolveStatus.OPTIMAL:
        assert schedule.objective == pytest.approx(best)
    assert relaxation_bound(event=event) >= best - 1e-6


def still_valid(event: Event, meeting: str, placement: Placement) -> bool:
    """Whether a placement from before the change could stay exactly as it is."""
    requests = {r.id: r for r in event.requests}
    if meeting not in requests:
        return False
    request = requests[meeting]
    people = {p.id: p for p in event.participants}
    tables = {t.id: t for t in event.tables}
    sides = (people[request.participant_a], people[request.participant_b])
    if placement.table not in tables or placement.slot in tables[placement.table].unavailable_slots:
        return False
    if any(placement.slot in side.unavailable_slots for side in sides):
        return False
    if not needs_interpreter(event, request):
        return placement.interpreter is None
    helpers = {i.id: i for i in event.interpreters}
    helper = helpers.get(placement.interpreter)
    return (
        helper is not None
        and placement.slot not in helper.unavailable_slots
        and helper.covers(sides[0].languages, sides[1].languages)
    )


@st.composite
def changed_events(draw) -> tuple[Event, Event]:
    """An event and the same event after cancellations, new requests, people and
    interpreters away in more slots, and tables gone."""
    event = draw(small_events())
    kept = [r for r in event.requests if draw(st.booleans()) or draw(st.booleans())]
    asked = {frozenset((r.participant_a, r.participant_b)) for r in event.requests}
    ids = [p.id for p in event.participants]
    new_pairs = [p for p in itertools.combinations(ids, 2) if frozenset(p) not in asked]
    added = draw(st.lists(st.sampled_from(new_pairs), unique=True, max_size=3)) if new_pairs else []
    slot_ids = [s.id for s in event.slots]
    more_away = st.frozensets(st.sampled_from(slot_ids), max_size=1)
    return event, replace(
        event,
        participants=tuple(
            replace(p, unavailable_slots=p.unavailable_slots | draw(more_away))
            for p in event.participants
        ),
        interpreters=tuple(
            replace(i, unavailable_slots=i.unavailable_slots | draw(more_away))
            for i in event.interpreters
        ),
        tables=tuple(t for t in event.tables if draw(st.integers(0, 4))) or event.tables[:1],
        requests=(
            *kept,
            *(MeetingRequest(f"new{n}", a, b, 0.9) for n, (a, b) in enumerate(added)),
        ),
    )


@PROPERTIES
@given(changed_events())
def test_property_replan_moves_nothing_that_did_not_have_to_move(events):
    before, after = events
    current = schedule_meetings(event=before, time_limit=5.0).placements
    again = schedule_meetings(event=after, current=current, time_limit=5.0)
    assert_follows_every_rule(after, again)
    staying = {m for m, placement in current.items() if still_valid(after, m, placement)}
    assert {m: again.placements.get(m) for m in staying} == {m: current[m] for m in staying}
    assert staying <= again.changes.unchanged
    assert again.changes.removed == set(current) - set(again.placements)
    assert again.changes.added == set(again.placements) - set(current)
    assert (
        again.objective >= schedule_meetings_greedy(event=after, current=current).objective - 1e-9
    )


@st.composite
def disrupted_replans(draw) -> tuple[Event, dict[str, Placement]]:
    """A tiny event's first plan, and the same event where the planned meetings must move
    (the first side of each is no longer free in its slot; one who is the first side of
    two loses only one of them) and new requests of the highest score were accepted to
    compete with them for the seats left: small enough to try every schedule."""
    event = draw(small_events(max_requests=3, max_slots=4))
    current = schedule_meetings(event=event, time_limit=5.0).placements
    requests = {r.id: r for r in event.requests}
    lost = {requests[m].participant_a: p.slot for m, p in current.items()}
    asked = {frozenset((r.participant_a, r.participant_b)) for r in event.requests}
    ids = [p.id for p in event.participants]
    new_pairs = [p for p in itertools.combinations(ids, 2) if frozenset(p) not in asked]
    added = draw(st.lists(st.sampled_from(new_pairs), unique=True, max_size=2)) if new_pairs else []
    return replace(
        event,
        participants=tuple(
            replace(p, unavailable_slots=p.unavailable_slots | {lost[p.id]}) if p.id in lost else p
            for p in event.participants
        ),
        requests=(
            *event.requests,
            *(MeetingRequest(f"new{n}", a, b, 1.0) for n, (a, b) in enumerate(added)),
        ),
    ), current


def best_replan_by_brute_force(
    event: Event, current: dict[str, Placement], displaced: set[str]
) -> tuple[int, float]:
    """(displaced meetings placed, value), the greatest in that order, over every schedule
    that leaves the meetings that could stay where they are (tiny events only)."""
    people = {p.id: p for p in event.participants}
    choices = []
    for request in event.requests:
        if request.id in current and request.id not in displaced:
            kept = current[request.id]
            choices.append([(kept.slot, kept.interpreter)])
            continue
        sides = (people[request.participant_a], people[request.participant_b])
        ways: list[tuple[str, str | None] | None] = [None]
        for slot in event.slots:
            if any(slot.id in side.unavailable_slots for side in sides):
                continue
            if not needs_interpreter(event, request):
                ways.append((slot.id, None))
                continue
            ways += [
                (slot.id, i.id)
                for i in event.interpreters
                if slot.id not in i.unavailable_slots
                and i.covers(sides[0].languages, sides[1].languages)
            ]
        choices.append(ways)
    free_tables = {
        s.id: sum(s.id not in t.unavailable_slots for t in event.tables) for s in event.slots
    }
    best = (0, 0.0)
    for combination in itertools.product(*choices):
        used = [(r, way) for r, way in zip(event.requests, combination, strict=True) if way]
        person_slots = [
            (side, w[0]) for r, w in used for side in (r.participant_a, r.participant_b)
        ]
        helper_slots = [(w[0], w[1]) for _r, w in used if w[1] is not None]
        per_slot = Counter(w[0] for _r, w in used)
        counts = Counter(side for r, _w in used for side in (r.participant_a, r.participant_b))
        if (
            len(person_slots) == len(set(person_slots))
            and len(helper_slots) == len(set(helper_slots))
            and all(per_slot[s] <= free_tables[s] for s in per_slot)
            and all(c <= event.max_meetings_per_participant for c in counts.values())
        ):
            moved = sum(r.id in displaced for r, _w in used)
            best = max(best, (moved, sum(meeting_value(event, r) for r, _w in used)))
    return best


@PROPERTIES
@given(disrupted_replans())
def test_property_replan_places_as_many_moved_meetings_as_can_be(replan):
    after, current = replan
    displaced = {m for m, placement in current.items() if not still_valid(after, m, placement)}
    again = schedule_meetings(event=after, current=current, time_limit=5.0)
    greedy = schedule_meetings_greedy(event=after, current=current)
    most_moved, best = best_replan_by_brute_force(after, current, displaced)
    assert_follows_every_rule(after, again)
    assert len(displaced & set(again.placements)) == most_moved
    assert len(displaced & set(greedy.placements)) <= most_moved
    assert again.status in {SolveStatus.OPTIMAL, SolveStatus.NOTHING_TO_SOLVE}
    assert again.objective == pytest.approx(best)
    assert again.bound >= best - 1e-9
