"""The two mixed integer programmes as column-wise arrays, ready for HiGHS: the full model
of the package docstring, and the selection model that sums the slots out.

Both are built straight from the index arrays with numpy (no per-row Python objects), and
rows that cannot bind are left out (see `_assemble`), so that building them stays a small
part of the time limit at event size.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from innobridge.events.scheduling.indexed import Choice, Indexed, Options


@dataclass
class Flows:
    """The interpreter columns f[c, i, s]: how much of interpreter i serves, in slot s,
    meetings of class c (the meetings that the same set of interpreters covers)."""

    group: np.ndarray  # class × slots + slot: the (class, slot) row the column feeds
    interpreter: np.ndarray
    slot: np.ndarray


def interpreter_flows(indexed: Indexed, options: Options) -> Flows:
    slots = len(indexed.slots)
    helped = indexed.needs_interpreter[options.meeting]
    groups = np.unique(
        indexed.interpreter_class[options.meeting[helped]] * slots + options.slot[helped]
    )
    group, interpreter = [], []
    for key in groups.tolist():
        c, s = divmod(key, slots)
        for n in indexed.classes[c]:
            if indexed.interpreter_free[n, s]:
                group.append(key)
                interpreter.append(n)
    group_array = np.array(group, dtype=np.int64)
    return Flows(group_array, np.array(interpreter, dtype=np.int64), group_array % slots)


@dataclass
class Programme:
    """Column-wise constraint matrix with its right-hand sides and columns."""

    starts: np.ndarray
    rows: np.ndarray
    entries: np.ndarray
    upper: np.ndarray  # row right-hand sides (every row is ≤)
    values: np.ndarray  # objective
    integral: np.ndarray  # 1 for integer columns, 0 for continuous ones
    column_upper: np.ndarray


def _assemble(
    parts: list[tuple[np.ndarray, np.ndarray, float]],
    capacity: np.ndarray,
    values: np.ndarray,
    integral: np.ndarray,
    column_upper: np.ndarray,
    always: np.ndarray | None = None,
) -> Programme:
    """(row key, column, coefficient) parts into a column-wise matrix. A row is kept only
    when more columns enter it than its right-hand side allows: the others cannot bind
    (all their columns are 0/1 with coefficient 1), and rows with right-hand side 0 always
    stay, as do the rows marked `always`."""
    keys = np.concatenate([key for key, _c, _e in parts])
    owners = np.concatenate([owner for _k, owner, _e in parts])
    entries = np.concatenate([np.full(len(key), entry) for key, _c, entry in parts])
    used, entries_per_key = np.unique(keys, return_counts=True)
    forced = np.zeros(len(used), dtype=bool) if always is None else always[used]
    binding = used[(entries_per_key > capacity[used]) | forced]
    keep = np.isin(keys, binding)
    rows, owners, entries = np.searchsorted(binding, keys[keep]), owners[keep], entries[keep]
    order = np.lexsort((rows, owners))
    return Programme(
        starts=np.searchsorted(owners[order], np.arange(len(values) + 1)).astype(np.int32),
        rows=rows[order].astype(np.int32),
        entries=entries[order],
        upper=capacity[binding].astype(np.float64),
        values=values,
        integral=integral.astype(np.int32),
        column_upper=column_upper.astype(np.float64),
    )


def full_programme(
    indexed: Indexed, options: Options, flows: Flows, objective: np.ndarray
) -> Programme:
    """The full model of the package docstring, maximizing `objective` (per request: the
    worth when solving, the value for the reported LP bound). Row keys are laid out in
    blocks (meeting | participant×slot | slot | participant | class×slot |
    interpreter×slot)."""
    meetings, people = len(indexed.values), indexed.free.shape[0]
    slots, interpreters = len(indexed.slots), indexed.interpreter_free.shape[0]
    blocks = np.cumsum([0, meetings, people * slots, slots, people, len(indexed.classes) * slots])
    count, flow_count = len(options), len(flows.group)
    columns, flow_columns = np.arange(count), count + np.arange(flow_count)
    a, b = indexed.side_a[options.meeting], indexed.side_b[options.meeting]
    helped = indexed.needs_interpreter[options.meeting]
    class_slot = indexed.interpreter_class[options.meeting[helped]] * slots + options.slot[helped]
    parts = [
        (options.meeting, columns, 1.0),
        (blocks[1] + a * slots + options.slot, columns, 1.0),
        (blocks[1] + b * slots + options.slot, columns, 1.0),
        (blocks[2] + options.slot, columns, 1.0),
        (blocks[3] + a, columns, 1.0),
        (blocks[3] + b, columns, 1.0),
        (blocks[4] + class_slot, columns[helped], 1.0),
        (blocks[4] + flows.group, flow_columns, -1.0),
        (blocks[5] + flows.interpreter * slots + flows.slot, flow_columns, 1.0),
    ]
    capacity = np.ones(blocks[5] + interpreters * slots)
    capacity[blocks[2] : blocks[3]] = indexed.tables_left
    capacity[blocks[3] : blocks[4]] = indexed.meetings_left
    capacity[blocks[4] : blocks[5]] = 0.0
    return _assemble(
        parts,
        capacity,
        values=np.concatenate([objective[options.meeting], np.zeros(flow_count)]),
        integral=np.concatenate([np.ones(count), np.zeros(flow_count)]),
        column_upper=np.ones(count + flow_count),
    )


def selection_programme(indexed: Indexed, candidates: np.ndarray) -> Programme:
    """The selection model: which meetings, with the slots summed out. Columns w[m] per
    candidate meeting and g[c, i] (interpreter i's meetings for class c, continuous).

        Σ_(m∋p) w[m] ≤ min(N left, free slots of p)     each participant
        Σ_m w[m] ≤ free tables summed over slots          the whole event
        Σ_(m∈c) w[m] − Σ_i g[c, i] ≤ 0                    each interpreter class
        Σ_c g[c, i] ≤ free slots of i                     each interpreter

    Every schedule satisfies these, so this model's optimum bounds the full model's. It
    maximizes the worth: it only serves the solve."""
    people, count = indexed.free.shape[0], len(candidates)
    a, b = indexed.side_a[candidates], indexed.side_b[candidates]
    helped = indexed.needs_interpreter[candidates]
    classes = np.unique(indexed.interpreter_class[candidates[helped]])
    flow_class = np.array([c for c in classes for _n in indexed.classes[c]], dtype=np.int64)
    flow_interpreter = np.array([n for c in classes for n in indexed.classes[c]], dtype=np.int64)
    columns, flow_columns = np.arange(count), count + np.arange(len(flow_class))
    blocks = np.cumsum([0, people, 1, len(indexed.classes)])
    parts = [
        (a, columns, 1.0),
        (b, columns, 1.0),
        (np.full(count, blocks[1]), columns, 1.0),
        (blocks[2] + indexed.interpreter_class[candidates[helped]], columns[helped], 1.0),
        (blocks[2] + flow_class, flow_columns, -1.0),
        (blocks[3] + flow_interpreter, flow_columns, 1.0),
    ]
    capacity = np.concatenate(
        [
            np.minimum(indexed.meetings_left, indexed.free.sum(axis=1)),
            [indexed.tables_left.sum()],
            np.zeros(len(indexed.classes)),
            indexed.interpreter_free.sum(axis=1),
        ]
    ).astype(np.float64)
    kept = np.zeros(len(capacity), dtype=bool)
    kept[blocks[3] :] = True  # g is not 0/1: these rows can bind with one column
    return _assemble(
        parts,
        capacity,
        always=kept,
        values=np.concatenate([indexed.worth[candidates], np.zeros(len(flow_class))]),
        integral=np.concatenate([np.ones(count), np.zeros(len(flow_class))]),
        column_upper=np.concatenate([np.ones(count), np.full(len(flow_class), highspy.kHighsInf)]),
    )


def start_vector(indexed: Indexed, options: Options, flows: Flows, start: Choice) -> np.ndarray:
    """The greedy schedule as a full column vector, interpreter columns included."""
    solution = np.zeros(len(options) + len(flows.group))
    solution[start.options] = 1.0
    slots = len(indexed.slots)
    column = {
        (int(group), int(n)): len(options) + k
        for k, (group, n) in enumerate(zip(flows.group, flows.interpreter, strict=True))
    }
    for k, n in start.interpreters.items():
        group = indexed.interpreter_class[options.meeting[k]] * slots + options.slot[k]
        solution[column[(int(group), n)]] = 1.0
    return solution
