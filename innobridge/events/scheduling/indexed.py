"""The event as numpy arrays by position, its feasible (meeting, slot) options, and a
choice among them: the vocabulary shared by the greedy pass, the models and the phases.

Ids become positions once, here, so that the loops of the solver run over arrays rather
than over dictionaries of dataclasses; everything after this module speaks in positions
until `result` turns the answer back into ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from innobridge.events.scheduling.types import Event, Id, Placement, Slot, Table, request_value


@dataclass
class Indexed:
    """The event as arrays by position, with the re-planning state taken out of it."""

    event: Event
    slots: list[Slot]  # in time order
    free: np.ndarray  # (participants, slots) bool: available and not in a fixed meeting
    interpreter_free: np.ndarray  # (interpreters, slots) bool, same
    tables_left: np.ndarray  # (slots,) int: free tables not taken by fixed meetings
    meetings_left: np.ndarray  # (participants,) int: N minus fixed meetings
    side_a: np.ndarray  # (requests,) participant positions
    side_b: np.ndarray
    values: np.ndarray  # (requests,) float: the meeting's value, as reported
    worth: np.ndarray  # (requests,) float: what the solver maximizes (value + priority bonus)
    displaced: np.ndarray  # (requests,) bool: placed in `current`, not fixed: must move
    covering: list[list[int]]  # per request: interpreter positions that cover it, in order
    needs_interpreter: np.ndarray  # (requests,) bool
    interpreter_class: np.ndarray  # (requests,) position in `classes`, or -1
    classes: list[list[int]]  # the distinct non-empty `covering` lists
    fixed: dict[int, Placement]  # request position → placement kept (re-planning)
    slot_position: dict[Id, int] = field(default_factory=dict)
    interpreter_position: dict[Id, int] = field(default_factory=dict)
    tables: dict[Id, Table] = field(default_factory=dict)
    bonus: float = 0.0  # added to the worth of each displaced meeting (see replan.py)

    @property
    def fixed_value(self) -> float:
        return float(sum(self.values[m] for m in self.fixed))


def index_event(event: Event) -> Indexed:
    """The event as arrays, nothing fixed yet (re-planning fixes meetings afterwards)."""
    slots = sorted(event.slots, key=lambda slot: slot.order)
    slot_ids = [slot.id for slot in slots]
    person = {p.id: n for n, p in enumerate(event.participants)}
    weights = {p.id: p.weight for p in event.participants}
    free = np.array(
        [[s not in p.unavailable_slots for s in slot_ids] for p in event.participants], dtype=bool
    ).reshape(len(event.participants), len(slots))
    interpreter_free = np.array(
        [[s not in i.unavailable_slots for s in slot_ids] for i in event.interpreters], dtype=bool
    ).reshape(len(event.interpreters), len(slots))
    tables_left = np.array(
        [sum(s not in t.unavailable_slots for t in event.tables) for s in slot_ids], dtype=np.int64
    )
    languages = [p.languages for p in event.participants]
    side_a = np.array([person[r.participant_a] for r in event.requests], dtype=np.int64)
    side_b = np.array([person[r.participant_b] for r in event.requests], dtype=np.int64)
    needs = np.array(
        [not (languages[a] & languages[b]) for a, b in zip(side_a, side_b, strict=True)],
        dtype=bool,
    )
    covering = [
        [
            n
            for n, interpreter in enumerate(event.interpreters)
            if interpreter.covers(languages[a], languages[b])
        ]
        if need
        else []
        for a, b, need in zip(side_a, side_b, needs, strict=True)
    ]
    classes = list(dict.fromkeys(tuple(helpers) for helpers in covering if helpers))
    class_of = {helpers: c for c, helpers in enumerate(classes)}
    values = np.array([request_value(r, weights) for r in event.requests], dtype=np.float64)
    return Indexed(
        event=event,
        slots=slots,
        free=free,
        interpreter_free=interpreter_free,
        tables_left=tables_left,
        meetings_left=np.full(len(event.participants), event.max_meetings_per_participant),
        side_a=side_a,
        side_b=side_b,
        values=values,
        worth=values.copy(),
        displaced=np.zeros(len(event.requests), dtype=bool),
        covering=covering,
        needs_interpreter=needs,
        interpreter_class=np.array([class_of.get(tuple(h), -1) for h in covering], dtype=np.int64),
        classes=[list(helpers) for helpers in classes],
        fixed={},
        slot_position={slot.id: s for s, slot in enumerate(slots)},
        interpreter_position={i.id: n for n, i in enumerate(event.interpreters)},
        tables={t.id: t for t in event.tables},
    )


@dataclass
class Options:
    """Feasible (meeting, slot) pairs, sorted by meeting then slot: a meeting is feasible in
    a slot where both sides, a table and (if it needs one) a covering interpreter are free."""

    meeting: np.ndarray
    slot: np.ndarray

    def __len__(self) -> int:
        return len(self.meeting)


def feasible_options(indexed: Indexed) -> Options:
    """Every (meeting, slot) pair that fits the capacity left: the only columns any model
    gets, so a meeting cannot be placed where a rule already forbids it."""
    meetings = len(indexed.values)
    open_meetings = np.array(
        [
            m not in indexed.fixed
            and indexed.meetings_left[indexed.side_a[m]] > 0
            and indexed.meetings_left[indexed.side_b[m]] > 0
            for m in range(meetings)
        ],
        dtype=bool,
    ).reshape(-1)
    usable = (
        indexed.free[indexed.side_a]
        & indexed.free[indexed.side_b]
        & (indexed.tables_left > 0)[None, :]
        & open_meetings[:, None]
    )
    for m in np.flatnonzero(indexed.needs_interpreter):
        helpers = indexed.interpreter_free[indexed.covering[m]]
        usable[m] &= helpers.any(axis=0) if len(helpers) else False
    meeting, slot = np.nonzero(usable)  # row-major: by meeting, then slot
    return Options(meeting.astype(np.int64), slot.astype(np.int64))


@dataclass
class Choice:
    """Chosen options and, for meetings that need one, the interpreter's position."""

    options: np.ndarray
    interpreters: dict[int, int]  # option position → interpreter position


def value_of(indexed: Indexed, options: Options, choice: Choice) -> float:
    """The summed value of the chosen meetings (fixed ones not included): what is reported."""
    return float(indexed.values[options.meeting[choice.options]].sum())


def worth_of(indexed: Indexed, options: Options, choice: Choice) -> float:
    """The summed worth of the chosen meetings: what every solving step compares."""
    return float(indexed.worth[options.meeting[choice.options]].sum())


def bonus_of(indexed: Indexed, options: Options, choice: Choice) -> float:
    """The priority bonus in `worth_of`: the bonus times the displaced meetings chosen.
    Counted rather than taken as worth minus value, so that it is exact."""
    return indexed.bonus * int(indexed.displaced[options.meeting[choice.options]].sum())
