"""Meeting scheduler: time and quality of innobridge.events.scheduling on generated events.

Each instance is generated from a seed: participants speak one or two of six languages,
requests pair them with a skewed popularity (some people are asked by many), 15 % of the
requests pair people who share no language and need one of the interpreters (each of the
15 language pairs is covered by two of them), 30 % of participants are away for one to four
slots and every interpreter for one. Weights and priorities are 1, so the objective is the
summed match score. Each instance is solved by HiGHS (schedule_meetings, 10 s limit) and by
the greedy pass alone, and both are compared with the LP relaxation's optimum, an upper
bound on any schedule (its own solve is not part of the time).

    base      500 participants, 3,000 requests, 12 slots × 100 tables, 10 interpreters,
              at most 8 meetings each (tables bind)
    tables    the same people with 300 tables (people bind)
    large     2,000 participants, 20,000 requests, 12 slots × 400 tables, 40 interpreters
    re-plan   base's schedule after 50 cancellations and 50 new acceptances; and once more
              with 5 participants losing a slot and 3 tables gone (some meetings must move,
              and they go before the new requests: a new one is added only where no
              meeting that must move can use the seat)

    .venv/bin/python bench/scheduler.py [--repeats 3] [--write]

Prints a Markdown section; --write also stores it in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # innobridge, when not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import machine, write_section

from innobridge.events.scheduling import (
    Event,
    Interpreter,
    MeetingRequest,
    Participant,
    Placement,
    Schedule,
    Slot,
    Table,
    relaxation_bound,
    schedule_meetings,
    schedule_meetings_greedy,
)

LANGUAGES = ("en", "zh", "vi", "ru", "th", "ar")
SLOTS = 12
MAX_MEETINGS = 8
TIME_LIMIT = 10.0


@dataclass(frozen=True)
class Size:
    participants: int
    requests: int
    tables: int
    interpreters: int


SIZES = {
    "base": Size(500, 3_000, 100, 10),
    "tables": Size(500, 3_000, 300, 10),
    "large": Size(2_000, 20_000, 400, 40),
}


def generate(size: Size, seed: int) -> Event:
    """A random event; the same seed gives the same people and requests at every size
    with the same participant and request counts (only tables differ between base and
    tables)."""
    rng = np.random.default_rng(seed)
    participants = [_participant(rng, n) for n in range(size.participants)]
    popularity = rng.lognormal(0.0, 0.6, size.participants)
    popularity /= popularity.sum()
    requests = _requests(rng, participants, popularity, size.requests, set())
    slots = [Slot(id=f"s{n}", order=n) for n in range(SLOTS)]
    return Event(
        participants=tuple(participants),
        slots=tuple(slots),
        tables=tuple(Table(id=f"t{n}") for n in range(size.tables)),
        interpreters=tuple(_interpreters(rng, size.interpreters)),
        requests=tuple(requests),
        max_meetings_per_participant=MAX_MEETINGS,
    )


def _participant(rng: np.random.Generator, n: int) -> Participant:
    count = 1 if rng.random() < 0.6 else 2
    languages = frozenset(rng.choice(LANGUAGES, size=count, replace=False).tolist())
    away = frozenset()
    if rng.random() < 0.3:
        away = frozenset(
            f"s{s}" for s in rng.choice(SLOTS, size=int(rng.integers(1, 5)), replace=False)
        )
    return Participant(id=n, languages=languages, unavailable_slots=away)


def _interpreters(rng: np.random.Generator, count: int) -> list[Interpreter]:
    """Every language pair covered by two interpreters (more when there are many); each
    interpreter is away for one slot (a break)."""
    pairs = [(a, b) for i, a in enumerate(LANGUAGES) for b in LANGUAGES[i + 1 :]]
    deck = [pairs[k] for k in rng.permutation(len(pairs) * 2) % len(pairs)]
    covered: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    for k, pair in enumerate(deck * max(1, count // 10)):
        covered[k % count].append(pair)
    return [
        Interpreter(
            id=f"i{n}",
            language_pairs=frozenset(frozenset(pair) for pair in pairs_of_one),
            unavailable_slots=frozenset({f"s{int(rng.integers(SLOTS))}"}),
        )
        for n, pairs_of_one in enumerate(covered)
    ]


def _requests(
    rng: np.random.Generator,
    participants: list[Participant],
    popularity: np.ndarray,
    count: int,
    taken: set[frozenset[int]],
    first_id: int = 0,
) -> list[MeetingRequest]:
    """`count` requests between new pairs; 15 % of them between people who share no
    language."""
    requests = []
    while len(requests) < count:
        needs_interpreter = rng.random() < 0.15
        while True:
            a, b = (int(p) for p in rng.choice(len(participants), size=2, p=popularity))
            shared = participants[a].languages & participants[b].languages
            if a != b and frozenset((a, b)) not in taken and bool(shared) != needs_interpreter:
                break
        taken.add(frozenset((a, b)))
        score = round(float(rng.uniform(0.2, 1.0)), 3)
        requests.append(MeetingRequest(first_id + len(requests), a, b, score))
    return requests


def changed_event(event: Event, seed: int, disruption: bool) -> Event:
    """50 requests cancelled and 50 new ones accepted; with `disruption`, 5 participants
    also lose a slot and the last 3 tables are gone."""
    rng = np.random.default_rng(seed + 1000)
    cancelled = set(rng.choice(len(event.requests), size=50, replace=False).tolist())
    kept = [r for n, r in enumerate(event.requests) if n not in cancelled]
    taken = {frozenset((r.participant_a, r.participant_b)) for r in event.requests}
    popularity = np.full(len(event.participants), 1 / len(event.participants))
    new = _requests(rng, list(event.participants), popularity, 50, taken, len(event.requests))
    participants, tables = list(event.participants), event.tables
    if disruption:
        for n in rng.choice(len(participants), size=5, replace=False):
            person = participants[n]
            lost = f"s{int(rng.integers(SLOTS))}"
            participants[n] = replace(person, unavailable_slots=person.unavailable_slots | {lost})
        tables = tables[:-3]
    return replace(
        event, participants=tuple(participants), tables=tables, requests=tuple(kept + new)
    )


@dataclass
class Replan:
    """One re-plan and what the change forced: `had_to_move` are the placed meetings,
    still requested, whose slot, table or participants are no longer available; `dropped`
    those of them (or of the rest) that found no room again."""

    schedule: Schedule
    cancelled: set[int]  # placed before and cancelled
    had_to_move: set[int]

    @property
    def moved_without_need(self) -> set[int]:
        return set(self.schedule.changes.moved) - self.had_to_move

    @property
    def dropped(self) -> set[int]:
        return set(self.schedule.changes.removed) - self.cancelled


def replan(after: Event, current: dict[int, Placement]) -> Replan:
    requests = {r.id: r for r in after.requests}
    people = {p.id: p for p in after.participants}
    tables = {t.id for t in after.tables}
    had_to_move = set()
    for meeting, placement in current.items():
        if meeting not in requests:
            continue
        request = requests[meeting]
        away = (
            people[request.participant_a].unavailable_slots
            | people[request.participant_b].unavailable_slots
        )
        if placement.slot in away or placement.table not in tables:
            had_to_move.add(meeting)
    return Replan(
        schedule=schedule_meetings(event=after, current=current, time_limit=TIME_LIMIT),
        cancelled=set(current) - set(requests),
        had_to_move=had_to_move,
    )


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


@dataclass
class Run:
    solved: Schedule
    greedy: Schedule
    lp_bound: float


def run(event: Event, current: dict[int, Placement] | None = None) -> Run:
    solved = schedule_meetings(event=event, current=current, time_limit=TIME_LIMIT)
    greedy = schedule_meetings_greedy(event=event, current=current)
    return Run(solved, greedy, relaxation_bound(event=event, current=current, time_limit=600))


def median(values: list[float]) -> float:
    return statistics.median(values)


def ratios(schedules: list[Schedule], runs: list[Run]) -> str:
    """Median and worst objective / LP bound over the seeds."""
    found = [s.objective / r.lp_bound for s, r in zip(schedules, runs, strict=True)]
    return f"{median(found):.2%} (worst {min(found):.2%})"


def instance_row(name: str, runs: list[Run]) -> str:
    solved = [r.solved for r in runs]
    return (
        f"| {name} | {median([s.seconds for s in solved]):.1f} s "
        f"({', '.join(f'{s.seconds:.1f}' for s in solved)}) "
        f"| {median([s.meetings_placed for s in solved]):,.0f} "
        f"| {median([s.objective for s in solved]):,.1f} "
        f"| {median([r.lp_bound for r in runs]):,.1f} "
        f"| {median([s.bound for s in solved]):,.1f} "
        f"| {ratios([r.solved for r in runs], runs)} "
        f"| {', '.join(s.status.value for s in solved)} "
        f"| {ratios([r.greedy for r in runs], runs)} "
        f"in {median([r.greedy.seconds for r in runs]):.2f} s |"
    )


def replan_row(name: str, results: list[Replan]) -> str:
    def middle(count) -> str:
        return f"{median([float(count(r)) for r in results]):,.0f}"

    return (
        f"| {name} | {median([r.schedule.seconds for r in results]):.2f} s "
        f"| {middle(lambda r: len(r.schedule.changes.added))} "
        f"| {middle(lambda r: len(r.cancelled))} "
        f"| {middle(lambda r: len(r.had_to_move))} "
        f"| {middle(lambda r: len(r.schedule.changes.moved))} "
        f"| {middle(lambda r: len(r.dropped))} "
        f"| {sum(len(r.moved_without_need) for r in results)} "
        f"| {middle(lambda r: len(r.schedule.changes.unchanged))} "
        f"| {', '.join(r.schedule.status.value for r in results)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3, help="seeds per instance")
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--write", action="store_true", help="store in bench/RESULTS.md")
    args = parser.parse_args()
    rows, replans, disrupted = [], [], []
    for name in args.sizes:
        runs = []
        for seed in range(args.repeats):
            event = generate(SIZES[name], seed)
            runs.append(run(event))
            print(f"{name} seed {seed}: {_summary(runs[-1])}", file=sys.stderr, flush=True)
            if name == "base":
                current = dict(runs[-1].solved.placements)
                for disruption, into in ((False, replans), (True, disrupted)):
                    changed = changed_event(event, seed, disruption)
                    into.append(replan(changed, current))
                    print(f"  re-plan: {_replan_summary(into[-1])}", file=sys.stderr, flush=True)
        rows.append(instance_row(name, runs))
    markdown = section(rows, replans, disrupted, args.repeats)
    print(markdown)
    if args.write:
        write_section("scheduler", markdown)


def _summary(result: Run) -> str:
    s = result.solved
    return (
        f"{s.seconds:.1f} s, {s.meetings_placed} meetings, objective {s.objective:.1f}, "
        f"LP {result.lp_bound:.1f} ({s.objective / result.lp_bound:.2%}), dual bound "
        f"{s.bound:.1f}, {s.status.value}; greedy {result.greedy.objective:.1f} "
        f"({result.greedy.objective / result.lp_bound:.2%})"
    )


def _replan_summary(result: Replan) -> str:
    c = result.schedule.changes
    return (
        f"{result.schedule.seconds:.2f} s, added {len(c.added)}, cancelled "
        f"{len(result.cancelled)}, had to move {len(result.had_to_move)}, moved {len(c.moved)}, "
        f"dropped {len(result.dropped)}, moved without need {len(result.moved_without_need)}, "
        f"unchanged {len(c.unchanged)}"
    )


def section(rows: list[str], replans: list, disrupted: list, repeats: int) -> str:
    arch = subprocess.run(["uname", "-m"], capture_output=True, text=True, check=False)  # noqa: S607
    lines = [
        "## Meeting scheduler",
        "",
        f"Last run: {machine()}, `uname -m` {arch.stdout.strip()}, CPU {cpu_model()}; "
        f"HiGHS through highspy, time limit {TIME_LIMIT:.0f} s; medians of {repeats} seeds "
        "(each seed's time in brackets).",
        "",
        "| instance | time | meetings | objective | LP bound | dual bound | objective / LP "
        "| status | greedy / LP |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
    ]
    if replans:
        lines += [
            "",
            "Re-planning base's schedule (the time includes checking what may stay):",
            "",
            "| change | time | added | cancelled (were placed) | had to move | moved "
            "| dropped (no room left) | moved without need (all seeds) | unchanged | status |",
            "|---|---|---|---|---|---|---|---|---|---|",
            replan_row("50 cancelled, 50 accepted", replans),
            replan_row("the same, 5 people lose a slot, 3 tables gone", disrupted),
        ]
    lines += ["", "Reproduce: `.venv/bin/python bench/scheduler.py --repeats 3`."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
