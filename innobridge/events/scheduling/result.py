"""Putting the answer together: concrete tables, why each request got no place, what
changed against the current placement, and the `Schedule` with its bound and gap.

Every path ends here (solved, greedy only, nothing to solve), so every `Schedule`
explains itself the same way whichever way it was found.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from innobridge.events.scheduling.indexed import Choice, Indexed, Options
from innobridge.events.scheduling.types import (
    Changes,
    Id,
    Placement,
    Schedule,
    SolveStatus,
    UnplacedReason,
)


def _tables(
    indexed: Indexed, options: Options, choice: Choice, current: Mapping[Id, Placement]
) -> dict[Id, Placement]:
    """Concrete tables: fixed meetings keep theirs; a meeting placed again in its old slot
    gets its old table back when that is still free (first, so no newcomer takes it); the
    rest take the free tables of their slot in input order."""
    event = indexed.event
    placements = {event.requests[m].id: placement for m, placement in indexed.fixed.items()}
    used = {(p.slot, p.table) for p in placements.values()}
    free = {
        slot.id: [t.id for t in event.tables if slot.id not in t.unavailable_slots]
        for slot in indexed.slots
    }
    free_sets = {slot: set(tables) for slot, tables in free.items()}
    waiting = []
    for k in sorted(choice.options.tolist(), key=lambda k: options.meeting[k]):
        m, n = options.meeting[k], choice.interpreters.get(k)
        meeting, slot = event.requests[m].id, indexed.slots[options.slot[k]].id
        interpreter = None if n is None else event.interpreters[n].id
        before = current.get(meeting)
        if (
            before is not None
            and before.slot == slot
            and before.table in free_sets[slot]
            and (slot, before.table) not in used
        ):
            used.add((slot, before.table))
            placements[meeting] = Placement(slot, before.table, interpreter)
        else:
            waiting.append((meeting, slot, interpreter))
    spare = {
        slot: iter([t for t in tables if (slot, t) not in used]) for slot, tables in free.items()
    }
    for meeting, slot, interpreter in waiting:
        placements[meeting] = Placement(slot, next(spare[slot]), interpreter)
    return placements


def _unplaced(indexed: Indexed, placements: Mapping[Id, Placement]) -> dict[Id, UnplacedReason]:
    """The first reason of UnplacedReason's list that holds, judged on the event as given
    (availability and tables), then on meeting counts in the final schedule."""
    event = indexed.event
    slot_ids = [slot.id for slot in indexed.slots]
    counts: dict[Id, int] = {}
    by_id = {r.id: r for r in event.requests}
    for meeting_id in placements:
        for side in (by_id[meeting_id].participant_a, by_id[meeting_id].participant_b):
            counts[side] = counts.get(side, 0) + 1
    participants = {p.id: p for p in event.participants}
    reasons = {}
    for m, request in enumerate(event.requests):
        if request.id in placements:
            continue
        a, b = participants[request.participant_a], participants[request.participant_b]
        away = a.unavailable_slots | b.unavailable_slots
        common = [s for s in slot_ids if s not in away]
        reasons[request.id] = _reason(indexed, m, common, counts, (a.id, b.id))
    return reasons


def _reason(
    indexed: Indexed, m: int, common: list[Id], counts: Mapping[Id, int], sides: tuple[Id, Id]
) -> UnplacedReason:
    event = indexed.event
    if not common:
        return UnplacedReason.NO_COMMON_SLOT
    if indexed.needs_interpreter[m]:
        if not indexed.covering[m]:
            return UnplacedReason.NO_INTERPRETER
        helpers = [event.interpreters[n] for n in indexed.covering[m]]
        common = [s for s in common if any(s not in i.unavailable_slots for i in helpers)]
        if not common:
            return UnplacedReason.NO_INTERPRETER_FREE
    if not any(s not in t.unavailable_slots for s in common for t in event.tables):
        return UnplacedReason.NO_TABLE
    limit = event.max_meetings_per_participant
    if any(counts.get(side, 0) >= limit for side in sides):
        return UnplacedReason.MEETING_LIMIT
    return UnplacedReason.CAPACITY


def _changes(current: Mapping[Id, Placement], placements: Mapping[Id, Placement]) -> Changes:
    before, after = set(current), set(placements)
    both = before & after
    return Changes(
        added=frozenset(after - before),
        moved=frozenset(m for m in both if current[m] != placements[m]),
        removed=frozenset(before - after),
        unchanged=frozenset(m for m in both if current[m] == placements[m]),
    )


def _gap(objective: float, bound: float | None) -> float | None:
    if bound is None:
        return None
    return max(bound - objective, 0.0) / bound if bound > 0 else 0.0


def finish(
    indexed: Indexed,
    options: Options,
    choice: Choice,
    current: Mapping[Id, Placement],
    solved: tuple[float | None, SolveStatus],
    started: float,
) -> Schedule:
    """The Schedule for `choice`, fixed meetings included; `solved` is the bound (on the
    value of the open meetings, None when there is none) and the status the solve earned.
    The objective is the value: the priority bonus never reaches a Schedule."""
    bound, status = solved
    placements = _tables(indexed, options, choice, current)
    objective = indexed.fixed_value + float(indexed.values[options.meeting[choice.options]].sum())
    if bound is not None:
        bound = max(bound + indexed.fixed_value, objective)  # never below what was found
    return Schedule(
        placements=placements,
        unplaced=_unplaced(indexed, placements),
        objective=objective,
        bound=bound,
        gap=_gap(objective, bound),
        status=status,
        seconds=time.perf_counter() - started,
        changes=_changes(current, placements),
    )
