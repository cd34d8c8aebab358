"""The markdown section of bench/load.py: every figure of a run, as RESULTS.md shows it.

`context` is what load.py gathered: the plan (mixes, targets, query languages), the
services and server it ran, the corpus, and the figures of each phase it ran."""

from __future__ import annotations

from importlib.metadata import version

from load_services import Endpoint, LoadRun, cpu_model
from results import machine

P95_LIMIT_MS = 500
MINIMAL = "minimal view"


def ms(value: float) -> str:
    return "—" if value != value else f"{value:.0f}"


def counts(by_status: dict) -> str:
    """{500: 3, 0: 1} as "1 × no answer, 3 × 500"."""
    return ", ".join(
        f"{count} × {status or 'no answer'}" for status, count in sorted(by_status.items())
    )


def weights(mix: dict) -> str:
    return ", ".join(f"{name} {weight}" for name, weight in mix.items())


def report(args, context: dict) -> str:
    lines = header(args, context)
    if context.get("levels"):
        lines += levels(args, context["plan"], context["levels"])
    if context.get("saturation"):
        lines += saturation(args, context["plan"], context["saturation"])
    faults = context.get("faults", {})
    if faults:
        lines += ["### Faults", ""]
    for label, fault in faults.items():
        if "error" in fault:
            lines += [f"**{label}**: the fault run failed: `{fault['error']}`", ""]
        elif label.startswith("redis"):
            lines += redis_fault(args, label, fault)
        elif label == "postgres":
            lines += postgres_fault(args, context["plan"], fault)
        else:
            lines += reindex_fault(args, fault)
    if faults:
        lines += [f"After the faults: {context['restored']}.", ""]
    lines.append(
        f"Reproduce: `.venv/bin/python bench/load.py --write` (this run: `{context['command']}`)."
    )
    return "\n".join(lines)


def header(args, context: dict) -> list[str]:
    corpus, server = context["corpus"], context["server"]
    extra = f"; also {', '.join(args.env)}" if args.env else ""
    return [
        f"## Load ({server.kind})",
        "",
        f"Run: {machine()}, CPU {cpu_model()}. {corpus['published']:,} published listings "
        "(search_speed.py's corpus, with dates, stages, sectors, cooperation types and "
        f"target countries added), search index {corpus['embedder']}.",
        "",
        f"- Server: {server.describe()} (`{server.shown_command()}`), DEBUG=0, tasks "
        f"{args.tasks_backend}, the app's database connections (kept 60 s, checked before "
        "reuse); the API's rate limits raised (API_RATE_ANONYMOUS and API_RATE_USER "
        f"1000000/second: every user comes from one address){extra}.",
        f"- PostgreSQL {context['pg'].major} and Redis {context['redis_version']} of the "
        "benchmark's own on this machine, default settings; Redis is the cache (CACHE_URL) "
        "and the session store.",
        f"- Load: locust {version('locust')} (FastHttpUser) on the same two cores; its CPU "
        "time is given with each run. A user thinks "
        f"{args.think[0]:g}–{args.think[1]:g} s between requests in the mixed and fault runs, "
        "not at all in the saturation runs. Pages in en, zh-hans, zh-hant and vi; queries in "
        f"{', '.join(context['plan']['query_languages'])} (NTREX sentences, and as a search "
        "box gets them, their first three words or four characters).",
        "",
    ]


def level_rows(runs: list[LoadRun], order: list[str]) -> list[str]:
    lines = [
        "| users | endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx | other failures |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        for name in [*order, "all"]:
            endpoint = run.endpoints.get(name)
            if endpoint is None:
                continue
            shown = "**all**" if name == "all" else name
            lines.append(
                f"| {run.users} | {shown} | {endpoint.requests:,} | {endpoint.rps:.1f} "
                f"| {ms(endpoint.p50)} | {ms(endpoint.p95)} | {ms(endpoint.p99)} "
                f"| {endpoint.server_errors} | {counts(endpoint.other_kinds()) or 0} |"
            )
    return lines


def levels(args, plan: dict, runs: list[LoadRun]) -> list[str]:
    lines = [
        f"### Mixed load, {args.duration} s per level",
        "",
        f"Weights: {weights(plan['mix'])}. An API write creates a draft listing as a member's "
        "editor (API token).",
        "",
        *level_rows(runs, list(plan["mix"])),
        "",
        "| users | req/s | server CPU (cores) | locust CPU (cores) | server log: 500s "
        "| worker timeouts |",
        "|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run.users} | {run.total().rps:.1f} | {run.server_cpu / run.seconds:.2f} "
            f"| {run.locust_cpu / run.seconds:.2f} | {run.server_log['internal errors']} "
            f"| {run.server_log['worker timeouts']} |"
        )
    passed = next((run for run in runs if run.total().p95 > P95_LIMIT_MS), None)
    below = [run for run in runs if passed is None or run.users < passed.users]
    over = {
        run.users: [
            name for name in plan["mix"] if run.endpoints.get(name, Endpoint()).p95 > P95_LIMIT_MS
        ]
        for run in runs
    }
    lines += [
        "",
        "**p95 of all requests passes 500 ms at "
        + (f"{passed.users} users**" if passed else "none of the levels measured**")
        + f"; server errors below that: {sum(r.total().server_errors for r in below)}. "
        + "Endpoints with p95 above 500 ms: "
        + "; ".join(f"{users} users: {', '.join(names) or 'none'}" for users, names in over.items())
        + ".",
        "",
    ]
    first = next((r.server_log["first error"] for r in runs if r.server_log["first error"]), "")
    if first:
        lines += [f"First exception in the server's log: `{first}`", ""]
    return lines


def saturation(args, plan: dict, runs: list[LoadRun]) -> list[str]:
    warmups = {r.label.removeprefix("warm-up "): r for r in runs if r.label.startswith("warm-up ")}
    measured = [r for r in runs if r.label.startswith("saturation ")]
    minimal = next(
        (r.endpoints["minimal view"] for r in measured if "minimal view" in r.endpoints), None
    )
    title = (
        f"### Capacity: one endpoint at a time, {args.saturation_users} users without think "
        f"time, {args.saturation_duration} s each"
    )
    cold_header, cold_rule = "", ""
    if warmups:
        title += (
            f", after {args.saturation_warmup} s of the same load from an empty cache "
            "(its throughput: the cold column)"
        )
        cold_header, cold_rule = " cold: req/s | share |", "---|---|"
    lines = [
        title,
        "",
        "| endpoint | req/s | p50 / p95 / p99 ms | failures | share of the minimal view's "
        f"| target |{cold_header} server CPU (cores) | locust CPU (cores) |",
        f"|---|---|---|---|---|---|{cold_rule}---|---|",
    ]
    cold_minimal = warmups.get("minimal view")
    cold_minimal_rps = (
        cold_minimal.endpoints.get("minimal view", Endpoint()).rps if cold_minimal else 0
    )
    for run in measured:
        name = run.label.removeprefix("saturation ")
        endpoint = run.endpoints.get(name, Endpoint())
        ratio = endpoint.rps / minimal.rps if minimal and minimal.rps else float("nan")
        target = plan["targets"].get(name)
        verdict = (
            "—" if target is None else f"≥ {target:.2f}: {'met' if ratio >= target else 'missed'}"
        )
        cold = ""
        if warmups:
            warm_up = warmups.get(name)
            rps = warm_up.endpoints.get(name, Endpoint()).rps if warm_up else float("nan")
            share = rps / cold_minimal_rps if cold_minimal_rps else float("nan")
            cold = f" {rps:.1f} | {share:.2f} |"
        lines.append(
            f"| {name} | {endpoint.rps:.1f} | {ms(endpoint.p50)} / {ms(endpoint.p95)} / "
            f"{ms(endpoint.p99)} | {counts(endpoint.failure_kinds) or 0} | {ratio:.2f} "
            f"| {verdict} |{cold} {run.server_cpu / run.seconds:.2f} "
            f"| {run.locust_cpu / run.seconds:.2f} |"
        )
    return [*lines, ""]


def window_rows(fault: dict, with_load: bool) -> list[str]:
    if with_load:
        lines = [
            "| window | probe answers | statuses | p50 / p95 ms | load: answers | statuses "
            "| p50 / p95 ms |",
            "|---|---|---|---|---|---|---|",
        ]
    else:
        lines = ["| window | probe answers | statuses | p50 / p95 ms |", "|---|---|---|---|"]
    for part in ("before", "during", "after"):
        probe = fault["probe"][part]
        row = (
            f"| {part} | {probe['answers']} | {counts(probe['statuses'])} "
            f"| {ms(probe['p50'])} / {ms(probe['p95'])} |"
        )
        if with_load:
            load = fault["load"][part]
            row += (
                f" {load['answers']} | {counts(load['statuses'])} "
                f"| {ms(load['p50'])} / {ms(load['p95'])} |"
            )
        lines.append(row)
    return lines


def server_log(run: LoadRun) -> str:
    found = run.server_log
    first = f" (first exception: `{found['first error']}`)" if found["first error"] else ""
    return (
        f"The server logged {found['internal errors']} internal errors and "
        f"{found['worker timeouts']} worker timeouts{first}."
    )


def redis_fault(args, label: str, fault: dict) -> list[str]:
    how = "hung (SIGSTOP: connections open, no answers)" if label == "redis-hang" else "stopped"
    recovered = fault["recovered_after"]
    return [
        f"**Redis {how}** for {fault['outage_seconds']:.0f} s, the middle third of "
        f"{args.fault_duration} s of the mixed load at {args.fault_users} users (the app's "
        f"CACHE_TIMEOUT_SECONDS, {fault['cache_timeout']} s). A probe read the listing page "
        'every 0.25 s; "load" is every answer locust got (each in the window it came in):',
        "",
        *window_rows(fault, with_load=True),
        "",
        "Back to normal (three probe answers in a row no slower than twice the median "
        "before): "
        + (f"{recovered:.1f} s after Redis returned" if recovered is not None else "never")
        + f"; the cache held {fault['keys_after']} keys again at the end. "
        + server_log(fault["run"]),
        "",
    ]


def postgres_fault(args, plan: dict, fault: dict) -> list[str]:
    recovered, last = fault["recovered_after"], fault["last_failure_after_back"]
    return [
        "**PostgreSQL restarted** (`pg_ctl stop -m fast`, then `pg_ctl start`: "
        f"{fault['restart_seconds']:.1f} s) a third into {args.fault_duration} s of a "
        f"write-heavy load at {args.fault_users} users (weights: {weights(plan['write_mix'])}):",
        "",
        f"- writes answered 201: {fault['accepted']}; of these, missing from the database "
        f"afterwards: **{fault['lost']}**. Writes refused: "
        f"{counts(fault['writes_refused']) or 'none'}; of these, stored all the same: "
        f"{fault['refused_but_stored']}.",
        "- answers other than 200/201 in the whole run: "
        f"{counts(fault['failed_answers']) or 'none'}; after the server was back: "
        f"{fault['failures_after_back']}"
        + (f", the last {last:.1f} s after" if last is not None else "")
        + ".",
        "- the probe's (API list) first 200 after the restart: "
        + (f"{recovered:.1f} s after the server was back." if recovered is not None else "never."),
        f"- {server_log(fault['run'])}",
        "",
        *window_rows(fault, with_load=False),
        "",
    ]


def reindex_fault(args, fault: dict) -> list[str]:
    done, killed = fault.get("complete_after"), fault.get("killed_at")
    if killed is not None:
        resumed = fault.get("resumed_after")
        kill = (
            f"the one running the job was SIGKILLed {killed:.0f} s in, with "
            f"{fault['indexed_when_killed']:,} listings indexed, and a replacement started at "
            "once; "
            + (
                f"indexing went on {resumed:.0f} s after the kill"
                if resumed is not None
                else "indexing did not go on"
            )
        )
    else:
        kill = "no worker was killed (the job was never seen running)"
    if done is not None:
        outcome = (
            f"The index held every published listing ({fault['target']:,}) after {done:.0f} s."
        )
    else:
        outcome = (
            f"**The index was still incomplete after {args.reindex_timeout} s**: "
            f"{fault['indexed']:,} of {fault['listings']:,} listings indexed again."
        )
    return [
        f"**Worker killed during a reindex**: {fault['listings']:,} published listings taken "
        "out of the index, as after a change of model, and two `innobridge worker` "
        "processes started, whose schedule queues the stale-index job "
        "(`index_stale_listings`, 1,000 listings a job, queuing the next itself; "
        f"TASKS_BACKEND {args.tasks_backend}, STALE_INDEX_INTERVAL_SECONDS "
        f"{args.stale_interval}); {kill}. {outcome} The stale-index jobs at the end, by "
        f"status: {', '.join(f'{n} {status}' for status, n in fault['jobs'].items())}.",
        "",
    ]
