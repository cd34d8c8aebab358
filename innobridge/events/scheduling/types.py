"""The scheduler's input and output: frozen dataclasses of ids, checked when they are made.

Everything the events app hands in (an `Event` and its parts) and gets back (a `Schedule`
with its `Changes`), the enums that explain an answer, and the value of a meeting. Bad input
raises `SchedulingInputError` here, before any array is built, so the rest of the package
can trust what it is given and never has to report a half-made schedule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

Id: TypeAlias = int | str


class SchedulingInputError(ValueError):
    """The event as given cannot be scheduled: the message names the offending item."""


class UnplacedReason(StrEnum):
    """Why a meeting got no place, the first that applies in this order."""

    NO_COMMON_SLOT = "no_common_slot"  # the two participants share no free slot
    NO_INTERPRETER = "no_interpreter"  # no interpreter covers their languages
    NO_INTERPRETER_FREE = "no_interpreter_free"  # none is free in a common free slot
    NO_TABLE = "no_table"  # no table is free in any slot that would otherwise do
    MEETING_LIMIT = "meeting_limit"  # a participant has the maximum number of meetings
    CAPACITY = "capacity"  # its slots went to others: moved meetings first, then by value


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # proved optimal (within the relative gap asked for)
    FEASIBLE = "feasible"  # follows every rule, not proved optimal: see the gap
    GREEDY = "greedy"  # the greedy schedule: asked for, or the solver found nothing better
    NOTHING_TO_SOLVE = "nothing_to_solve"  # every meeting was fixed or had no option


def _frozen_ids(values: Iterable[Id]) -> frozenset[Id]:
    if isinstance(values, str):  # a lone slot id would be read letter by letter
        raise SchedulingInputError(f"Expected a collection of slot ids, not {values!r}.")
    return frozenset(values)


def _language(code: str) -> str:
    """Language codes compare case-insensitively: "ZH" and "zh" are one language."""
    folded = str(code).strip().casefold()
    if not folded:
        raise SchedulingInputError("A language code is empty.")
    return folded


def _positive(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise SchedulingInputError(f"{what} must be a positive number, not {value!r}.")
    return number


@dataclass(frozen=True)
class Participant:
    """Someone who meets. `weight` > 0 scales the value of all their meetings (a sponsor or
    an invited delegation may count more)."""

    id: Id
    languages: frozenset[str]
    unavailable_slots: frozenset[Id] = frozenset()
    weight: float = 1.0

    def __post_init__(self) -> None:
        if isinstance(self.languages, str):
            raise SchedulingInputError(
                f"Participant {self.id!r}: languages must be a collection, not {self.languages!r}."
            )
        languages = frozenset(_language(code) for code in self.languages)
        if not languages:
            raise SchedulingInputError(f"Participant {self.id!r} speaks no language.")
        object.__setattr__(self, "languages", languages)
        object.__setattr__(self, "unavailable_slots", _frozen_ids(self.unavailable_slots))
        object.__setattr__(
            self, "weight", _positive(self.weight, f"Participant {self.id!r} weight")
        )


@dataclass(frozen=True)
class Slot:
    """A time slot; `order` ranks slots in time (the greedy pass fills early slots first)."""

    id: Id
    order: int


@dataclass(frozen=True)
class Table:
    """A table; one that is missing in some slots (a room used for a talk) says so."""

    id: Id
    unavailable_slots: frozenset[Id] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "unavailable_slots", _frozen_ids(self.unavailable_slots))


@dataclass(frozen=True)
class Interpreter:
    """Covers the unordered language pairs given: ("zh", "vi") also covers vi↔zh."""

    id: Id
    language_pairs: frozenset[frozenset[str]]
    unavailable_slots: frozenset[Id] = frozenset()

    def __post_init__(self) -> None:
        pairs = set()
        if isinstance(self.language_pairs, str):
            raise SchedulingInputError(f"Interpreter {self.id!r}: language pairs must be pairs.")
        for pair in self.language_pairs:
            if isinstance(pair, str):
                raise SchedulingInputError(
                    f"Interpreter {self.id!r}: {pair!r} is not a pair of languages."
                )
            languages = frozenset(_language(code) for code in pair)
            if len(languages) != 2 or len(tuple(pair)) != 2:
                raise SchedulingInputError(
                    f"Interpreter {self.id!r}: a language pair needs two different "
                    f"languages, not {tuple(pair)!r}."
                )
            pairs.add(languages)
        object.__setattr__(self, "language_pairs", frozenset(pairs))
        object.__setattr__(self, "unavailable_slots", _frozen_ids(self.unavailable_slots))

    def covers(self, first: frozenset[str], second: frozenset[str]) -> bool:
        """True when one pair has a language of each side."""
        return any(
            (a in first and b in second) or (b in first and a in second)
            for a, b in (tuple(pair) for pair in self.language_pairs)
        )


@dataclass(frozen=True)
class MeetingRequest:
    """An accepted request: the meeting it asks for has the same id. `priority_a` and
    `priority_b` (> 0, higher is more wanted) are each side's interest in this meeting."""

    id: Id
    participant_a: Id
    participant_b: Id
    score: float
    priority_a: float = 1.0
    priority_b: float = 1.0

    def __post_init__(self) -> None:
        if self.participant_a == self.participant_b:
            raise SchedulingInputError(
                f"Request {self.id!r} is a meeting of participant {self.participant_a!r} "
                "with themselves."
            )
        for name in ("score", "priority_a", "priority_b"):
            value = _positive(getattr(self, name), f"Request {self.id!r} {name}")
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class Placement:
    """Where and with whom a meeting takes place: the result, and the input of a re-plan."""

    slot: Id
    table: Id
    interpreter: Id | None = None


@dataclass(frozen=True)
class Event:
    """Everything the scheduler needs; built whole, checked whole (bad input raises
    SchedulingInputError on construction, so a Schedule is never made from it)."""

    participants: tuple[Participant, ...]
    slots: tuple[Slot, ...]
    tables: tuple[Table, ...]
    interpreters: tuple[Interpreter, ...]
    requests: tuple[MeetingRequest, ...]
    max_meetings_per_participant: int

    def __post_init__(self) -> None:
        for name in ("participants", "slots", "tables", "interpreters", "requests"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        limit = self.max_meetings_per_participant
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise SchedulingInputError(
                f"The maximum number of meetings per participant must be a whole number "
                f"of at least 0, not {limit!r}."
            )
        _check_event(self)


def _unique(ids: Iterable[Id], kind: str) -> set[Id]:
    seen: set[Id] = set()
    for item in ids:
        if item in seen:
            raise SchedulingInputError(f"Two {kind} have the id {item!r}.")
        seen.add(item)
    return seen


def _check_event(event: Event) -> None:
    participants = _unique((p.id for p in event.participants), "participants")
    slots = _unique((s.id for s in event.slots), "slots")
    _unique((t.id for t in event.tables), "tables")
    _unique((i.id for i in event.interpreters), "interpreters")
    _unique((r.id for r in event.requests), "requests")
    _unique((s.order for s in event.slots), "slots in order (slots run one after another)")
    holders = [
        *(("Participant", p.id, p.unavailable_slots) for p in event.participants),
        *(("Table", t.id, t.unavailable_slots) for t in event.tables),
        *(("Interpreter", i.id, i.unavailable_slots) for i in event.interpreters),
    ]
    for kind, holder, unavailable in holders:
        unknown = unavailable - slots
        if unknown:
            raise SchedulingInputError(
                f"{kind} {holder!r} is unavailable in unknown slots {sorted(map(str, unknown))}."
            )
    pairs: dict[frozenset[Id], Id] = {}
    for request in event.requests:
        for side in (request.participant_a, request.participant_b):
            if side not in participants:
                raise SchedulingInputError(
                    f"Request {request.id!r} names unknown participant {side!r}."
                )
        pair = frozenset((request.participant_a, request.participant_b))
        if pair in pairs:
            raise SchedulingInputError(
                f"Requests {pairs[pair]!r} and {request.id!r} ask for the same meeting of "
                f"participants {request.participant_a!r} and {request.participant_b!r}: "
                "merge them into one."
            )
        pairs[pair] = request.id


def meeting_value(event: Event, request: MeetingRequest) -> float:
    """The objective's weight for this meeting (formula in the module docstring)."""
    weights = {p.id: p.weight for p in event.participants}
    return request_value(request, weights)


def request_value(request: MeetingRequest, weights: Mapping[Id, float]) -> float:
    a = weights[request.participant_a] * request.priority_a
    b = weights[request.participant_b] * request.priority_b
    return request.score * (a + b) / 2


@dataclass(frozen=True)
class Changes:
    """Against the current placement: who must be told. `moved` means a different slot,
    table or interpreter; `removed` were placed before and are not now (cancelled, or no
    longer fit)."""

    added: frozenset[Id] = frozenset()
    moved: frozenset[Id] = frozenset()
    removed: frozenset[Id] = frozenset()
    unchanged: frozenset[Id] = frozenset()


@dataclass(frozen=True)
class Schedule:
    """The answer, in ids only, ready to be stored. `objective` is the summed value of the
    placed meetings (kept ones included; the priority of moved meetings is not counted);
    `bound` an upper bound on any schedule's value (HiGHS's dual bound of the selection
    model, or of the full model when that is lower, plus the kept meetings; on a re-plan
    that must move meetings, on any schedule that places at least as many of them), None
    for the greedy schedule; gap = (bound − objective) / bound. `changes` compare with the
    current placement given (with none, every placed meeting is added). `seconds` is the
    wall time of the whole call."""

    placements: dict[Id, Placement]
    unplaced: dict[Id, UnplacedReason]
    objective: float
    bound: float | None
    gap: float | None
    status: SolveStatus
    seconds: float
    changes: Changes = field(default_factory=Changes)

    @property
    def meetings_placed(self) -> int:
        return len(self.placements)
