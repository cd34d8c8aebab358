"""Running HiGHS: solver options, passing a programme, warm starts, and reading a solution
of the full model back as a `Choice` with one concrete interpreter per meeting.

The full model only says how much of each interpreter serves each class of meetings in a
slot; `_assign_interpreters` turns that into one interpreter per meeting by bipartite
matching, which the transportation structure of those rows guarantees to exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import highspy
import numpy as np

from innobridge.events.scheduling.indexed import Choice, Indexed, Options
from innobridge.events.scheduling.model import (
    Programme,
    full_programme,
    interpreter_flows,
    start_vector,
)
from innobridge.events.scheduling.types import Id, Placement


def new_solver(seconds: float, gap: float) -> highspy.Highs:
    """A quiet HiGHS with a fixed seed, so that the same event gives the same schedule."""
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", max(seconds, 0.05))
    solver.setOptionValue("mip_rel_gap", gap)
    solver.setOptionValue("random_seed", 0)
    return solver


def pass_model(solver: highspy.Highs, programme: Programme, integral: bool) -> None:
    """Hand the arrays over in one call (no per-row API calls, which cost seconds at
    event size); with `integral` False, the LP relaxation."""
    count = len(programme.values)
    status = solver.passModel(
        count,
        len(programme.upper),
        len(programme.rows),
        1,  # column-wise matrix
        -1,  # maximize
        0.0,
        programme.values,
        np.zeros(count),
        programme.column_upper,
        np.full(len(programme.upper), -highspy.kHighsInf),
        programme.upper,
        programme.starts,
        programme.rows,
        programme.entries,
        programme.integral if integral else np.zeros(count, dtype=np.int32),
    )
    if status != highspy.HighsStatus.kOk:
        raise RuntimeError(f"HiGHS refused the model: {status}.")


@dataclass
class Solved:
    """What a HiGHS run left: its best solution and the bound it proved."""

    values: np.ndarray  # column values of the best solution found
    bound: float  # the solver's dual bound
    optimal: bool


def run_highs(
    programme: Programme, start: np.ndarray | None, seconds: float, gap: float
) -> Solved | None:
    """HiGHS on `programme` from `start` (a full column vector); None when it returns no
    feasible solution (time out before the first, or a failure)."""
    solver = new_solver(seconds, gap)
    pass_model(solver, programme, integral=True)
    if start is not None:
        solver.setSolution(_start_solution(start))
    solver.run()
    info = solver.getInfo()
    if info.primal_solution_status != 2:  # 2: a feasible solution exists
        return None
    return Solved(
        values=np.asarray(solver.getSolution().col_value),
        bound=float(info.mip_dual_bound),
        optimal=solver.getModelStatus() == highspy.HighsModelStatus.kOptimal,
    )


def _start_solution(values: np.ndarray) -> highspy.HighsSolution:
    solution = highspy.HighsSolution()
    solution.col_value = values.tolist()
    solution.value_valid = True
    return solution


def place_exactly(
    indexed: Indexed,
    options: Options,
    start: Choice,
    seconds: float,
    gap: float,
    current: Mapping[Id, Placement] | None = None,
) -> tuple[Choice, float] | None:
    """The full model solved by HiGHS from `start`: the schedule, with concrete
    interpreters (a moved meeting back in its old slot keeps its interpreter when it can,
    given `current`), and the solver's dual bound (on the worth)."""
    flows = interpreter_flows(indexed, options)
    programme = full_programme(indexed, options, flows, indexed.worth)
    solved = run_highs(programme, start_vector(indexed, options, flows, start), seconds, gap)
    if solved is None:
        return None
    chosen = np.flatnonzero(solved.values[: len(options)] > 0.5)
    return _assign_interpreters(indexed, options, chosen, current or {}), solved.bound


# -- Concrete interpreters ------------------------------------------------------------------


def _assign_interpreters(
    indexed: Indexed, options: Options, chosen: np.ndarray, current: Mapping[Id, Placement]
) -> Choice:
    """Concrete interpreters, slot by slot, as a bipartite matching (augmenting paths).
    The programme guarantees one exists; a meeting left unmatched all the same (rounding)
    is dropped rather than placed without an interpreter. A moved meeting that stays in
    its slot tries its old interpreter first."""
    by_slot: dict[int, list[int]] = {}
    for k in chosen.tolist():
        if indexed.needs_interpreter[options.meeting[k]]:
            by_slot.setdefault(int(options.slot[k]), []).append(k)
    interpreters: dict[int, int] = {}
    for s, members in by_slot.items():
        owner: dict[int, int] = {}
        for k in sorted(members, key=lambda k: -indexed.worth[options.meeting[k]]):
            _augment(indexed, options, current, s, k, owner, set())
        interpreters.update({k: n for n, k in owner.items()})
    kept = [k for k in chosen.tolist() if k in interpreters or not _needs(indexed, options, k)]
    return Choice(np.array(kept, dtype=np.int64), interpreters)


def _needs(indexed: Indexed, options: Options, k: int) -> bool:
    return bool(indexed.needs_interpreter[options.meeting[k]])


def _augment(
    indexed: Indexed,
    options: Options,
    current: Mapping[Id, Placement],
    s: int,
    k: int,
    owner: dict[int, int],
    seen: set[int],
) -> bool:
    m = options.meeting[k]
    candidates = list(indexed.covering[m])
    before = current.get(indexed.event.requests[m].id)
    if before is not None and before.slot == indexed.slots[s].id:
        old = indexed.interpreter_position.get(before.interpreter)
        if old in candidates:
            candidates.remove(old)
            candidates.insert(0, old)
    for n in candidates:
        if not indexed.interpreter_free[n, s] or n in seen:
            continue
        seen.add(n)
        if n not in owner or _augment(indexed, options, current, s, owner[n], owner, seen):
            owner[n] = k
            return True
    return False
