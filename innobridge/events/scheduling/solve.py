"""The entry points, and the two HiGHS phases behind `schedule_meetings` (see "Solving" in
the package docstring): phase 1 chooses the meetings, phase 2 packs them into slots and
repairs what is left over by solving small neighbourhoods of the full model exactly.

Every step maximizes and compares the worth (the value plus the priority bonus of the
displaced meetings, see replan.py); what is reported and proved is the value. A dual
bound on the worth is turned into one on the value by taking out the bonus of the
schedule found (`_value_bound`), and HiGHS is asked for a gap that still means the gap
asked for in value once the bonus inflates its objective (`_solver_gap`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

import highspy
import numpy as np

from innobridge.events.scheduling.greedy import by_worth, fill_greedily, most_constrained
from innobridge.events.scheduling.highs import new_solver, pass_model, place_exactly, run_highs
from innobridge.events.scheduling.indexed import (
    Choice,
    Indexed,
    Options,
    bonus_of,
    value_of,
    worth_of,
)
from innobridge.events.scheduling.model import (
    full_programme,
    interpreter_flows,
    selection_programme,
)
from innobridge.events.scheduling.replan import prepare
from innobridge.events.scheduling.result import finish
from innobridge.events.scheduling.types import Event, Id, Placement, Schedule, SolveStatus

SELECTION_SHARE = 0.5  # of the time limit, at most, for choosing the meetings
FINISHING_SHARE = 0.05  # of the time limit, kept for tables, reasons and changes
SMALL_MODEL = 5_000  # meeting columns: up to this many, the full model is tried whole


# -- Phase 1: which meetings ----------------------------------------------------------------


@dataclass
class _Selection:
    """Phase 1's answer: the meetings to place and the bound it proved."""

    meetings: np.ndarray  # request positions chosen
    bound: float  # upper bound on the worth of any schedule of the open meetings
    optimal: bool


def _select(
    indexed: Indexed, options: Options, start: Choice, seconds: float, gap: float
) -> _Selection | None:
    """The selection model (see selection_programme) from the greedy start."""
    candidates = np.unique(options.meeting)
    programme = selection_programme(indexed, candidates)
    initial = np.zeros(len(programme.values))
    initial[np.searchsorted(candidates, options.meeting[start.options])] = 1.0
    _start_flows(indexed, candidates, initial)
    solved = run_highs(programme, initial, seconds, gap)
    if solved is None:
        return None
    chosen = candidates[solved.values[: len(candidates)] > 0.5]
    return _Selection(chosen, solved.bound, solved.optimal)


def _start_flows(indexed: Indexed, candidates: np.ndarray, initial: np.ndarray) -> None:
    """Interpreter columns for a start that fixes the meeting columns: each class's
    meetings spread over its interpreters' free slots, in order."""
    count = len(candidates)
    helped = indexed.needs_interpreter[candidates]
    classes = np.unique(indexed.interpreter_class[candidates[helped]])
    left = indexed.interpreter_free.sum(axis=1).astype(np.float64)
    column = count
    for c in classes:
        members = candidates[helped & (indexed.interpreter_class[candidates] == c)]
        demand = initial[np.searchsorted(candidates, members)].sum()
        for n in indexed.classes[c]:
            served = min(demand, left[n])
            initial[column] = served
            left[n] -= served
            demand -= served
            column += 1


# -- Phase 2: placing the chosen meetings ---------------------------------------------------


def _restricted(options: Options, keep: np.ndarray) -> tuple[Options, np.ndarray]:
    """Options where `keep` holds, and their positions among all options."""
    positions = np.flatnonzero(keep)
    return Options(options.meeting[positions], options.slot[positions]), positions


def _widen(choice: Choice, positions: np.ndarray) -> Choice:
    """A choice over restricted options, in positions of the full option list."""
    return Choice(
        positions[choice.options],
        {int(positions[k]): n for k, n in choice.interpreters.items()},
    )


def _narrow(choice: Choice, positions: np.ndarray) -> Choice:
    """The part of a choice that lies in `positions`, renumbered to them."""
    inside = np.isin(choice.options, positions)
    renumber = {int(k): r for r, k in enumerate(positions)}
    return Choice(
        np.array([renumber[int(k)] for k in choice.options[inside]], dtype=np.int64),
        {renumber[k]: n for k, n in choice.interpreters.items() if k in renumber},
    )


def _place(
    indexed: Indexed,
    options: Options,
    selection: _Selection,
    deadline: float,
    gap: float,
    solver_gap: float,
) -> Choice:
    """Slots for the selected meetings: packed most-constrained first, then the ones left
    over are fitted in by re-solving small neighbourhoods exactly (see _refit), until the
    schedule is within the gap of the bound or the time is up."""
    chosen_meeting = np.zeros(len(indexed.values), dtype=bool)
    chosen_meeting[selection.meetings] = True
    sub, positions = _restricted(options, chosen_meeting[options.meeting])
    choice = fill_greedily(indexed, sub, most_constrained(indexed, sub))
    placed = set(sub.meeting[choice.options].tolist())
    for hops in (1, 2):
        for m in by_worth(indexed, sub):
            enough = _value_bound(indexed, sub, choice, selection.bound) * (1 - gap)
            if time.perf_counter() >= deadline or value_of(indexed, sub, choice) >= enough:
                return _widen(choice, positions)
            if m not in placed:
                seconds = deadline - time.perf_counter()
                choice = _refit(indexed, sub, choice, m, seconds, solver_gap, hops)
                placed = set(sub.meeting[choice.options].tolist())
    return _widen(choice, positions)


def _refit(
    indexed: Indexed,
    options: Options,
    choice: Choice,
    m: int,
    seconds: float,
    gap: float,
    hops: int = 1,
) -> Choice:
    """Large-neighbourhood step for unplaced meeting m: free every meeting of its two
    participants and of their partners (and of theirs, for two hops), keep all others
    where they are, and solve that neighbourhood exactly. The result is taken only if it
    is worth more (so a repair never gives a displaced meeting's place to a new one)."""
    chosen = options.meeting[choice.options]
    around = np.zeros(indexed.free.shape[0], dtype=bool)
    around[[indexed.side_a[m], indexed.side_b[m]]] = True
    for _hop in range(hops):
        touching = around[indexed.side_a[chosen]] | around[indexed.side_b[chosen]]
        around[indexed.side_a[chosen[touching]]] = True
        around[indexed.side_b[chosen[touching]]] = True
    loose = around[indexed.side_a[options.meeting]] | around[indexed.side_b[options.meeting]]
    staying = choice.options[~loose[choice.options]]
    residual = _residual(indexed, options, staying, choice.interpreters)
    around_options, candidates = _restricted(options, loose)
    positions = candidates[_feasible(residual, around_options)]
    sub = Options(options.meeting[positions], options.slot[positions])
    start = _narrow(choice, positions)
    exact = place_exactly(residual, sub, start, seconds, gap)
    better = None if exact is None else exact[0]
    if better is None or worth_of(indexed, sub, better) <= worth_of(indexed, sub, start) + 1e-9:
        return choice
    still = set(staying.tolist())
    kept = Choice(staying, {k: n for k, n in choice.interpreters.items() if k in still})
    widened = _widen(better, positions)
    return Choice(
        np.sort(np.concatenate([kept.options, widened.options])),
        {**kept.interpreters, **widened.interpreters},
    )


def _residual(
    indexed: Indexed, options: Options, staying: np.ndarray, interpreters: Mapping[int, int]
) -> Indexed:
    """The event with the capacity of the `staying` options taken out."""
    a, b = indexed.side_a[options.meeting[staying]], indexed.side_b[options.meeting[staying]]
    s = options.slot[staying]
    free = indexed.free.copy()
    free[a, s] = False
    free[b, s] = False
    interpreter_free = indexed.interpreter_free.copy()
    for k in staying.tolist():
        if k in interpreters:
            interpreter_free[interpreters[k], options.slot[k]] = False
    tables_left = indexed.tables_left - np.bincount(s, minlength=len(indexed.tables_left))
    meetings_left = indexed.meetings_left - np.bincount(
        np.concatenate([a, b]), minlength=len(indexed.meetings_left)
    )
    return replace(
        indexed,
        free=free,
        interpreter_free=interpreter_free,
        tables_left=tables_left,
        meetings_left=meetings_left,
    )


def _feasible(indexed: Indexed, options: Options) -> np.ndarray:
    """Which options still fit the (residual) event."""
    a, b, s = indexed.side_a[options.meeting], indexed.side_b[options.meeting], options.slot
    fits = indexed.free[a, s] & indexed.free[b, s] & (indexed.tables_left[s] > 0)
    fits &= (indexed.meetings_left[a] > 0) & (indexed.meetings_left[b] > 0)
    for k in np.flatnonzero(fits & indexed.needs_interpreter[options.meeting]):
        fits[k] = indexed.interpreter_free[indexed.covering[options.meeting[k]], s[k]].any()
    return fits


# -- The entry points -----------------------------------------------------------------------


def schedule_meetings(
    *,
    event: Event,
    current: Mapping[Id, Placement] | None = None,
    time_limit: float = 10.0,
    relative_gap: float = 1e-4,
) -> Schedule:
    """The best schedule found within about `time_limit` seconds (model building
    included), never worse than the greedy one. With `current` (meeting id → placement),
    re-plans: placements that are still valid stay exactly as they are.

    Solving the full model at once is too slow (its LP relaxation is highly degenerate:
    slots are nearly interchangeable; on 3,000 requests HiGHS had not finished the root LP
    after 40 s). So, in two phases, both with HiGHS: (1) the selection model picks the
    meetings, summing the slots out, and its optimum is an upper bound on any schedule;
    (2) the chosen meetings are packed into slots, and any left over are fitted in by
    re-solving small neighbourhoods of the full model exactly. Free capacity is then
    filled greedily. When every chosen meeting is placed, the schedule is optimal.

    On re-planning, a displaced meeting (placed in `current`, and must move) goes before
    any other: as many of them as can be are placed, and only then the most value."""
    started = time.perf_counter()
    deadline = started + time_limit * (1 - FINISHING_SHARE)
    current = current or {}
    indexed, options = prepare(event, current)
    greedy = fill_greedily(indexed, options, by_worth(indexed, options))
    if len(options) == 0:
        nothing = (0.0, SolveStatus.NOTHING_TO_SOLVE)
        return finish(indexed, options, greedy, current, nothing, started)
    solver_gap = _solver_gap(indexed, options, greedy, relative_gap)
    remaining = deadline - time.perf_counter()
    selection = _select(indexed, options, greedy, remaining * SELECTION_SHARE, solver_gap)
    if selection is None:
        return finish(indexed, options, greedy, current, (None, SolveStatus.GREEDY), started)
    placed = _place(indexed, options, selection, deadline, relative_gap, solver_gap)
    filled = fill_greedily(indexed, options, by_worth(indexed, options), start=placed)
    best, bound = max(filled, greedy, key=lambda c: worth_of(indexed, options, c)), selection.bound
    if not _proved(indexed, options, best, bound, relative_gap) and len(options) <= SMALL_MODEL:
        exact = place_exactly(
            indexed, options, best, deadline - time.perf_counter(), solver_gap, current
        )
        if exact is not None:
            bound = min(bound, exact[1])
            best = max(best, exact[0], key=lambda c: worth_of(indexed, options, c))
    if _proved(indexed, options, best, bound, relative_gap):
        status = SolveStatus.OPTIMAL
    else:
        status = SolveStatus.GREEDY if best is greedy else SolveStatus.FEASIBLE
    solved = (_value_bound(indexed, options, best, bound), status)
    return finish(indexed, options, best, current, solved, started)


def _value_bound(indexed: Indexed, options: Options, choice: Choice, bound: float) -> float:
    """A dual bound on the worth, as a bound on the value: of every schedule that places at
    least as many displaced meetings as `choice` (each of them brings the bonus, so the
    rest can be worth at most the bound minus that). With none displaced, the bound."""
    return bound - bonus_of(indexed, options, choice)


def _proved(indexed: Indexed, options: Options, choice: Choice, bound: float, gap: float) -> bool:
    """Within the relative gap of the bound (a dual bound on the worth, valid whether or not
    the model that gave it was solved to the end), measured in value. When a displaced
    meeting is left out that could be placed, the bound keeps a whole bonus, more than
    twice any value (replan._give_priority): so `choice` is proved only if it places as
    many displaced meetings as can be."""
    return (
        value_of(indexed, options, choice)
        >= _value_bound(indexed, options, choice, bound) * (1 - gap) - 1e-9
    )


def _solver_gap(indexed: Indexed, options: Options, greedy: Choice, gap: float) -> float:
    """The relative gap to ask of HiGHS, which measures it on the worth, bonus included:
    `gap` shrunk by the share of value in the worth, estimated low (the greedy schedule's
    value, with every displaced meeting placed). So HiGHS does not stop while the value
    is further than about `gap` from its bound; with nothing displaced, `gap` itself."""
    if indexed.bonus == 0:
        return gap
    value = value_of(indexed, options, greedy)
    displaced = int(indexed.displaced[np.unique(options.meeting)].sum())
    return gap * value / (value + indexed.bonus * displaced)


def schedule_meetings_greedy(
    *, event: Event, current: Mapping[Id, Placement] | None = None
) -> Schedule:
    """The greedy schedule alone (highest worth first: displaced meetings, then the rest by
    value; first feasible slot, interpreter and table): the solver's starting point and
    fallback, and a baseline to compare with."""
    started = time.perf_counter()
    current = current or {}
    indexed, options = prepare(event, current)
    greedy = fill_greedily(indexed, options, by_worth(indexed, options))
    return finish(indexed, options, greedy, current, (None, SolveStatus.GREEDY), started)


def relaxation_bound(
    *, event: Event, current: Mapping[Id, Placement] | None = None, time_limit: float = 120.0
) -> float:
    """The optimum of the full model's LP relaxation in value (plus the fixed meetings'
    value; the priority of displaced meetings plays no part): no schedule can score more.
    Solved by interior point (simplex stalls on this LP's degeneracy); for reporting how
    close a schedule is, not needed to make one."""
    indexed, options = prepare(event, current or {})
    if len(options) == 0:
        return indexed.fixed_value
    solver = new_solver(time_limit, 0.0)
    solver.setOptionValue("solver", "ipm")
    pass_model(
        solver,
        full_programme(indexed, options, interpreter_flows(indexed, options), indexed.values),
        integral=False,
    )
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"The LP relaxation ended with {solver.getModelStatus()}.")
    return indexed.fixed_value + float(solver.getInfo().objective_function_value)
