"""One-to-one meetings at a matchmaking event, placed into slots, tables and interpreters.

Pure Python with no Django: the events app builds the input from its rows, calls
`schedule_meetings`, and stores the `Schedule` it gets back. Keeping it free of the ORM
lets the rules be tested on thousands of random events in seconds.

**Full model.** Tables within a slot are interchangeable, so the model only decides which
meeting goes into which slot; concrete tables are handed out afterwards, and so are
concrete interpreters. x[m, s] ∈ {0, 1} places meeting m in slot s and exists only where
both participants, a table and (if m needs one) a covering interpreter are free. Meetings
that need an interpreter fall into classes c, one per set of interpreters able to cover
them; f[c, i, s] ∈ [0, 1] is how much of interpreter i serves class c in slot s. This is the
x[m, s] / y[m, s, i] model with y summed over the meetings of a class, which is exact: the
interpreter rows form a transportation problem, so whole x always have whole interpreters
(found per slot by bipartite matching), with far fewer columns and no symmetry between
meetings of one class. Rows, each written only when it can bind:

    Σ_s x[m,s] ≤ 1                               each meeting at most once
    Σ_(m∋p) x[m,s] ≤ 1                            a participant in one meeting per slot
    Σ_m x[m,s] ≤ free tables in s                 no table double-booked
    Σ_(m∋p, s) x[m,s] ≤ N                         at most N meetings per participant
    Σ_(m∈c) x[m,s] − Σ_i f[c,i,s] ≤ 0             class c's meetings in s have interpreters
    Σ_c f[c,i,s] ≤ 1                              an interpreter in one meeting per slot

    maximize Σ value(m) · x[m,s]

**Solving.** HiGHS (through highspy) cannot take the full model whole at event size: its
LP relaxation is highly degenerate, because slots are nearly interchangeable, and on
3,000 requests the root LP alone took longer than the time limit. So there are two
phases, both solved by HiGHS under the time limit and started from the greedy schedule:

1. *Selection*: which meetings. The slots are summed out (see `model.selection_programme`), and
   its optimum bounds every schedule's value from above: this is the reported bound.
2. *Placement*: the selected meetings are packed into slots, most constrained first; each
   one left over is fitted in by solving the full model exactly on a neighbourhood (every
   meeting of its two participants and of their partners; in a second round, of their
   partners' partners too) with all else held still.

Events of up to SMALL_MODEL feasible (meeting, slot) pairs not proved optimal by then are
also given to HiGHS whole, from the best schedule so far.

Free capacity is then filled greedily, and the greedy schedule is kept if it is better.
When every selected meeting is placed, the schedule is optimal and says so.

**Value of a meeting.** value = score × (weight_a × priority_a + weight_b × priority_b) / 2:
the match score, scaled by the mean over both sides of (participant weight × that side's
priority for this meeting). The mean rather than a product, so that a meeting one side
needs badly keeps its value when the other side is lukewarm. With every weight and
priority at 1 (the defaults) a meeting is worth its score.

**Re-planning.** Given the current placement, a meeting stays exactly where it is unless it
must move: its request is gone, its slot or table is gone or unavailable, a participant or
its interpreter became unavailable, or its interpreter no longer covers it. Meetings that
stay are fixed before solving (they take their capacity out of both models), so nothing
that could stay can be moved by the solver. A meeting that lost only its interpreter is
first given another free interpreter in the same slot and keeps its table, so only the
interpreters hear of it. Everything else is solved into the capacity that is left, and
there a meeting that was placed and must move goes before every other request: people
already hold that appointment, so a new request never takes the place of one that can
still be placed. Each such meeting's value gets a bonus above the value of all open
meetings together (a lexicographic objective written as one, see `replan`); the bonus is
never reported.

**Modules**, each importing only those listed before it: `types` (input, output and their
checks), `indexed` (the event as arrays, options, choices), `replan` (what stays),
`greedy`, `model` (the programmes as arrays), `highs` (running HiGHS, concrete
interpreters), `result` (tables, reasons, changes, the Schedule) and `solve` (the phases
and the entry points). Import from the package itself: the modules are its inside.
"""

from innobridge.events.scheduling.solve import (
    relaxation_bound,
    schedule_meetings,
    schedule_meetings_greedy,
)
from innobridge.events.scheduling.types import (
    Changes,
    Event,
    Id,
    Interpreter,
    MeetingRequest,
    Participant,
    Placement,
    Schedule,
    SchedulingInputError,
    Slot,
    SolveStatus,
    Table,
    UnplacedReason,
    meeting_value,
)

__all__ = [
    "Changes",
    "Event",
    "Id",
    "Interpreter",
    "MeetingRequest",
    "Participant",
    "Placement",
    "Schedule",
    "SchedulingInputError",
    "Slot",
    "SolveStatus",
    "Table",
    "UnplacedReason",
    "meeting_value",
    "relaxation_bound",
    "schedule_meetings",
    "schedule_meetings_greedy",
]
