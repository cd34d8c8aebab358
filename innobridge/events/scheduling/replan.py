"""Re-planning: which current placements stay exactly as they are, and which meetings come
first among those that must move.

A meeting that may stay is fixed before anything is solved and its capacity is taken out
of the indexed event, so neither the greedy pass nor HiGHS can move it: nothing that
could stay is ever moved, by construction rather than by a penalty.

A meeting that was placed and must move (it is *displaced*) goes before every meeting that
was not placed: people already hold that appointment, so a new request must never take
the place of one that can still be placed somewhere. This is a lexicographic objective:
first as many displaced meetings as possible (each counts the same: an appointment kept
is someone's day left as planned, whatever its score), then the most value. It is
written as one objective: each displaced meeting's worth is its value plus a bonus
larger than the value of all open meetings together, so one more displaced meeting
outweighs any value the rest could add. One objective rather than two stages, because
every solving step (the greedy order, the selection model, the packing, the
neighbourhood repair, the exact solve) already compares one number; a second stage
would need every phase run twice, and a constraint on the number of displaced meetings
that the greedy pass and the neighbourhood repair cannot keep. The bonus is never
reported: the objective is the meetings' value, and the bound is turned back into value
(see solve.py). With nothing displaced the bonus is 0 and the worth is exactly the
value, so a first plan is solved exactly as before.

`prepare` is the one way in for every solve (index the event, fix what stays, give the
displaced their priority, list the options left), so the entry points cannot disagree
about what is fixed or what comes first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from innobridge.events.scheduling.indexed import Indexed, Options, feasible_options, index_event
from innobridge.events.scheduling.types import Event, Id, Placement


@dataclass
class _Taken:
    """Capacity used by the meetings fixed so far."""

    tables: set[tuple[Id, Id]] = field(default_factory=set)  # (slot, table)
    interpreters: set[tuple[Id, Id]] = field(default_factory=set)  # (slot, interpreter)
    people: set[tuple[int, Id]] = field(default_factory=set)  # (participant, slot)
    meetings: dict[int, int] = field(default_factory=dict)  # participant → count


def _fix_current(indexed: Indexed, current: Mapping[Id, Placement]) -> None:
    """Fix every current placement that is still valid; then, in the same slot and table,
    give a new interpreter (or none) to those that only lost theirs. Valid placements are
    fixed first so that a repair never takes an interpreter a valid one holds."""
    event = indexed.event
    position = {r.id: m for m, r in enumerate(event.requests)}
    placed = [
        (position[meeting], placement)
        for meeting, placement in current.items()
        if meeting in position
    ]
    placed.sort(key=lambda item: (-indexed.values[item[0]], item[0]))
    taken = _Taken()
    repairs = []
    for m, placement in placed:
        if not _room_for(indexed, taken, m, placement):
            continue
        if _interpreter_valid(indexed, taken, m, placement):
            _take(indexed, taken, m, placement)
        else:
            repairs.append((m, placement))
    for m, placement in repairs:
        if not _room_for(indexed, taken, m, placement):
            continue  # a valid placement, fixed after this one was looked at, took its place
        found, interpreter = _replacement_interpreter(indexed, taken, m, placement.slot)
        if found:
            _take(indexed, taken, m, Placement(placement.slot, placement.table, interpreter))
    _remove_taken(indexed, taken)


def _room_for(indexed: Indexed, taken: _Taken, m: int, placement: Placement) -> bool:
    """The slot, table and both participants are still available and not taken."""
    s = indexed.slot_position.get(placement.slot)
    if s is None:
        return False
    table = indexed.tables.get(placement.table)
    if table is None or placement.slot in table.unavailable_slots:
        return False
    if (placement.slot, placement.table) in taken.tables:
        return False
    limit = indexed.event.max_meetings_per_participant
    for p in (int(indexed.side_a[m]), int(indexed.side_b[m])):
        if not indexed.free[p, s] or (p, placement.slot) in taken.people:
            return False
        if taken.meetings.get(p, 0) >= limit:
            return False
    return True


def _interpreter_valid(indexed: Indexed, taken: _Taken, m: int, placement: Placement) -> bool:
    """The meeting still needs exactly this interpreter's help, and has it to itself."""
    if not indexed.needs_interpreter[m]:
        return placement.interpreter is None
    n = indexed.interpreter_position.get(placement.interpreter)
    if n is None or (placement.slot, placement.interpreter) in taken.interpreters:
        return False
    s = indexed.slot_position[placement.slot]
    return n in indexed.covering[m] and bool(indexed.interpreter_free[n, s])


def _replacement_interpreter(
    indexed: Indexed, taken: _Taken, m: int, slot: Id
) -> tuple[bool, Id | None]:
    """(found, interpreter): None when the meeting needs no interpreter any more, else the
    first free one that covers it; found is False when there is none."""
    if not indexed.needs_interpreter[m]:
        return True, None
    s = indexed.slot_position[slot]
    for n in indexed.covering[m]:
        interpreter = indexed.event.interpreters[n].id
        if indexed.interpreter_free[n, s] and (slot, interpreter) not in taken.interpreters:
            return True, interpreter
    return False, None


def _take(indexed: Indexed, taken: _Taken, m: int, placement: Placement) -> None:
    indexed.fixed[m] = placement
    taken.tables.add((placement.slot, placement.table))
    if placement.interpreter is not None:
        taken.interpreters.add((placement.slot, placement.interpreter))
    for p in (int(indexed.side_a[m]), int(indexed.side_b[m])):
        taken.people.add((p, placement.slot))
        taken.meetings[p] = taken.meetings.get(p, 0) + 1


def _remove_taken(indexed: Indexed, taken: _Taken) -> None:
    """Take the fixed meetings' capacity out of what the solver may use."""
    slot_position, interpreter_position = indexed.slot_position, indexed.interpreter_position
    for slot, _table in taken.tables:
        indexed.tables_left[slot_position[slot]] -= 1
    for slot, interpreter in taken.interpreters:
        indexed.interpreter_free[interpreter_position[interpreter], slot_position[slot]] = False
    for p, slot in taken.people:
        indexed.free[p, slot_position[slot]] = False
    for p, count in taken.meetings.items():
        indexed.meetings_left[p] -= count


def _give_priority(indexed: Indexed, options: Options, current: Mapping[Id, Placement]) -> None:
    """Mark the displaced meetings (placed in `current`, still requested, not fixed) and
    raise their worth by a bonus above the value V of all open meetings together: then a
    schedule with more displaced meetings is worth more than any with fewer, whatever
    their values. Only open meetings count, because only they are in a model. The bonus
    is 2 (1 + V) rather than just over V so that leaving out a displaced meeting that
    could be placed costs more than V, more than any relative gap below one half lets a
    solver or `_proved` in solve.py overlook."""
    displaced = np.array(
        [r.id in current and m not in indexed.fixed for m, r in enumerate(indexed.event.requests)],
        dtype=bool,
    ).reshape(-1)
    if not displaced[options.meeting].any():
        return  # worth stays the value itself, bit for bit
    indexed.displaced = displaced
    indexed.bonus = 2.0 * (1.0 + float(indexed.values[np.unique(options.meeting)].sum()))
    indexed.worth = indexed.values + indexed.bonus * displaced


def prepare(event: Event, current: Mapping[Id, Placement]) -> tuple[Indexed, Options]:
    """The event indexed, what stays of `current` fixed, the displaced meetings given
    priority, and the options left to solve."""
    indexed = index_event(event)
    _fix_current(indexed, current)
    options = feasible_options(indexed)
    _give_priority(indexed, options, current)
    return indexed, options
