"""Benchmark: import a valid file of 10,000 listings (CSV and XLSX), all or nothing.

Runs against a fresh SQLite database in a temporary data folder (or the database given in
BENCH_DATABASE_URL, e.g. a scratch PostgreSQL database), loads the demo organizations as
owners, writes the files, then times read + validate + write for each format, `--runs`
times, deleting the imported listings between runs. Prints the figures for RESULTS.md.

    .venv/bin/python bench/import_listings.py --rows 10000 --runs 3
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup_django() -> None:
    data_dir = tempfile.mkdtemp(prefix="innobridge-bench-")
    os.environ["INNOBRIDGE_DATA_DIR"] = data_dir
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobridge.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())


def build_rows(count: int, seed: int = 7) -> list[list[str]]:
    from innobridge.core.models import CooperationType, Sector
    from innobridge.marketplace.exchange import COLUMNS
    from innobridge.organizations.models import Organization

    rng = random.Random(seed)
    owners = list(Organization.objects.values_list("pk", flat=True))
    sectors = list(Sector.objects.values_list("code", flat=True))
    cooperation = list(CooperationType.objects.values_list("code", flat=True))
    kinds = ["offer", "need", "resource", "talent", "call"]
    rows = []
    for n in range(count):
        kind = kinds[n % 5]
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            kind=kind,
            owner=str(rng.choice(owners)),
            status="published",
            language="en",
            title=f"Benchmark listing {n}: membrane bioreactor for textile wastewater",
            summary="A compact membrane bioreactor that cuts chemical oxygen demand by 90 % "
            "in dyeing-plant effluent, offered for licensing and joint pilots.",
            description="First paragraph.\n\nSecond paragraph with details.",
            keywords="membrane; wastewater; textile",
            sectors="; ".join(rng.sample(sectors, 2)),
            work_area="technology-transfer",
            stage="pilot_transformation",
            trl=str(rng.randint(4, 8)) if kind != "talent" else "",
            cooperation_types="; ".join(rng.sample(cooperation, 2)),
            target_countries="VN; KZ",
            valid_until="2028-06-30",
        )
        if kind == "resource":
            row.update(resource_type="laboratory", location="Mianyang", capacity="200 m²")
        if kind == "talent":
            row.update(
                programme_type="exchange", starts_on="2027-03-01", ends_on="2027-06-30", seats="12"
            )
        if kind == "call":
            row.update(
                call_type="joint_rnd", budget_min="10000", budget_max="50000", budget_currency="USD"
            )
        rows.append([row[c] for c in COLUMNS])
    return rows


def time_import(data: bytes, name: str) -> tuple[float, int]:
    from django.contrib.auth import get_user_model

    from innobridge.core.tabular import read_table
    from innobridge.marketplace.exchange import COLUMNS, REQUIRED, listings_import
    from innobridge.marketplace.models import Listing

    actor = get_user_model().objects.get(email="secretariat@demo.innobridge.local")
    Listing.objects.all().delete()
    Listing.history.all().delete()
    start = time.perf_counter()
    rows = read_table(io.BytesIO(data), name=name, required=REQUIRED, known=COLUMNS)
    report = listings_import(rows=rows, actor=actor)
    elapsed = time.perf_counter() - start
    if not report.ok:
        sys.exit(f"import failed: {report.errors[:5]}")
    return elapsed, report.created


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    setup_django()
    from django.db import connection

    from innobridge.core.tabular import write_table
    from innobridge.marketplace.exchange import COLUMNS

    rows = build_rows(args.rows)
    files = {fmt: write_table(COLUMNS, rows, fmt=fmt) for fmt in ("csv", "xlsx")}
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, database {connection.vendor}"
    )
    for fmt, data in files.items():
        times = []
        for _ in range(args.runs):
            elapsed, created = time_import(data, f"bench.{fmt}")
            times.append(elapsed)
        print(
            f"{fmt}: {created} listings, {len(data) / 1e6:.1f} MB; "
            f"median {statistics.median(times):.1f} s, min {min(times):.1f} s, "
            f"max {max(times):.1f} s over {args.runs} runs"
        )


if __name__ == "__main__":
    main()
