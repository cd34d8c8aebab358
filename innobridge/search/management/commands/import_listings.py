"""`innobridge import-listings FILE.jsonl [--owner ORG] [--draft]`: bulk load and index.

One JSON object a line: kind (offer, need, resource, talent, call), lang, title,
description, country (the target country or countries), sectors, owner (organization id
or name; or --owner for lines that name none), ref (an external reference kept with the
listing). Good lines are loaded and indexed before the command returns; every rejected
line is reported with its number and reason.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innobridge.accounts.selectors import secretariat_actor
from innobridge.core.exchange import RowError, join_list
from innobridge.core.tabular import Row
from innobridge.marketplace.exchange import listings_bulk_load
from innobridge.search import services
from innobridge.search.progress import ProgressBar

SUMMARY_LENGTH = 480


def _as_list(value) -> list[str]:
    if value in (None, ""):
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def line_to_row(number: int, record: dict, owner: str | None) -> Row:
    """A JSONL record in the column names of a listings import."""
    description = str(record.get("description") or "")
    summary = str(record.get("summary") or description[:SUMMARY_LENGTH] or record.get("title", ""))
    values = {
        "kind": str(record.get("kind") or ""),
        "language": str(record.get("lang") or record.get("language") or ""),
        "title": str(record.get("title") or ""),
        "summary": summary,
        "description": description,
        "target_countries": join_list(_as_list(record.get("country"))),
        "sectors": join_list(_as_list(record.get("sectors"))),
        "owner": str(record.get("owner") or owner or ""),
        "ref": str(record.get("ref") or ""),
    }
    kind = values["kind"]
    values["resource_type"] = str(
        record.get("resource_type") or ("laboratory" if kind == "resource" else "")
    )
    values["programme_type"] = str(
        record.get("programme_type") or ("exchange" if kind == "talent" else "")
    )
    values["call_type"] = str(
        record.get("call_type") or ("project_partners" if kind == "call" else "")
    )
    return Row(number, values)


class Command(BaseCommand):
    help = "Load listings from a JSON Lines file and index them for search."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--owner", help="organization id or name for lines without one")
        parser.add_argument("--draft", action="store_true", help="load as drafts, unpublished")
        parser.add_argument("--user", help="e-mail of the secretariat account doing the load")

    def handle(
        self, *args, file: Path, owner: str | None, draft: bool, user: str | None, **options
    ):
        actor = self._actor(user)
        rows, rejected = self._read(file, owner)
        report = listings_bulk_load(rows=rows, actor=actor, draft=draft)
        report.rejected = sorted([*rejected, *report.rejected], key=lambda e: e.line)
        if not draft and report.listing_ids:
            bar = ProgressBar(report.published, "indexing", stream=self.stderr._out)
            services.index_listings(report.listing_ids, progress=bar.advance)
            bar.close()
        self.stdout.write(
            f"{report.published} published, {report.held_for_moderation} held for moderation, "
            f"{report.drafts} drafts, {len(report.rejected)} lines rejected."
        )
        for error in report.rejected:
            self.stderr.write(str(error))

    def _actor(self, email: str | None):
        actor = secretariat_actor(email)
        if actor is None:
            raise CommandError(
                "No secretariat account to load as: create one with createsecretariat."
            )
        return actor

    def _read(self, file: Path, owner: str | None) -> tuple[list[Row], list[RowError]]:
        if not file.exists():
            raise CommandError(f"No such file: {file}")
        rows, rejected = [], []
        with file.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise ValueError("not a JSON object")
                except ValueError as error:
                    rejected.append(RowError(number, "", f"not valid JSON: {error}"))
                    continue
                rows.append(line_to_row(number, record, owner))
        return rows, rejected
