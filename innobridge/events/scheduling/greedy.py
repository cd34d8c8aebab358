"""The greedy pass: meetings in a given order, each in its first feasible slot with the
first free interpreter that covers it. Orders go by worth, not value, so that on
re-planning the displaced meetings are placed before any other (see replan.py).

One routine serves four purposes: the baseline (`schedule_meetings_greedy`), the warm
start of every HiGHS model, the packing of the meetings phase 1 selected (most
constrained first), and the filling of capacity left free at the end.
"""

from __future__ import annotations

import numpy as np

from innobridge.events.scheduling.indexed import Choice, Indexed, Options


def by_worth(indexed: Indexed, options: Options) -> list[int]:
    """Highest worth first (displaced meetings, then the others, each by value), ties in
    input order."""
    return sorted(np.unique(options.meeting).tolist(), key=lambda m: (-indexed.worth[m], m))


def most_constrained(indexed: Indexed, options: Options) -> list[int]:
    """Fewest feasible slots first, then highest worth: the order that packs a set of
    meetings known to fit with the fewest left over."""
    meetings, counts = np.unique(options.meeting, return_counts=True)
    order = np.lexsort((meetings, -indexed.worth[meetings], counts))
    return meetings[order].tolist()


def fill_greedily(
    indexed: Indexed, options: Options, order: list[int], start: Choice | None = None
) -> Choice:
    """Adds meetings in `order` to `start` (nothing by default), each in its first feasible
    slot with the first free interpreter that covers it. With the `by_worth` order this is
    the greedy baseline."""
    people_busy = ~indexed.free
    interpreters_busy = ~indexed.interpreter_free
    tables_left = indexed.tables_left.copy()
    meetings_left = indexed.meetings_left.copy()
    chosen = [] if start is None else start.options.tolist()
    interpreters = {} if start is None else dict(start.interpreters)
    for k in chosen:
        m, s = options.meeting[k], options.slot[k]
        _occupy(indexed, m, s, interpreters.get(k), people_busy, interpreters_busy)
        tables_left[s] -= 1
        meetings_left[[indexed.side_a[m], indexed.side_b[m]]] -= 1
    placed = set(options.meeting[chosen].tolist())
    starts = np.searchsorted(options.meeting, np.arange(len(indexed.values) + 1))
    for m in order:
        a, b = indexed.side_a[m], indexed.side_b[m]
        if m in placed or meetings_left[a] <= 0 or meetings_left[b] <= 0:
            continue
        for k in range(starts[m], starts[m + 1]):
            s = options.slot[k]
            if people_busy[a, s] or people_busy[b, s] or tables_left[s] <= 0:
                continue
            helper = next((n for n in indexed.covering[m] if not interpreters_busy[n, s]), None)
            if indexed.needs_interpreter[m]:
                if helper is None:
                    continue
                interpreters[k] = helper
            _occupy(indexed, m, s, interpreters.get(k), people_busy, interpreters_busy)
            tables_left[s] -= 1
            meetings_left[a] -= 1
            meetings_left[b] -= 1
            chosen.append(k)
            break
    return Choice(np.array(sorted(chosen), dtype=np.int64), interpreters)


def _occupy(
    indexed: Indexed,
    m: int,
    s: int,
    interpreter: int | None,
    people_busy: np.ndarray,
    interpreters_busy: np.ndarray,
) -> None:
    people_busy[indexed.side_a[m], s] = people_busy[indexed.side_b[m], s] = True
    if interpreter is not None:
        interpreters_busy[interpreter, s] = True
