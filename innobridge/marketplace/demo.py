"""Demo listings: marketplace/demo/listings.json, published, owned by the demo members.

They go through the same validation and bulk writing as a secretariat import; listings
already present (same owner and title) are left alone, so loading twice changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model

from innobridge.core.exchange import ImportReport, join_list
from innobridge.core.tabular import Row
from innobridge.marketplace.exchange import listings_import
from innobridge.marketplace.models import Listing
from innobridge.organizations.demo import DEMO_SECRETARIAT_EMAIL, load_demo_records
from innobridge.organizations.models import Organization

DEMO_FILE = Path(__file__).parent / "demo" / "listings.json"
LIST_FIELDS = ("keywords", "sectors", "cooperation_types", "target_countries")


def _owners_by_key() -> dict[str, Organization]:
    """Demo organization keys → organizations, matched as the organization loader does."""
    owners = {}
    for record in load_demo_records():
        organization = Organization.objects.filter(
            name__iexact=record["name"], country=record["country"]
        ).first()
        if organization is not None:
            owners[record["key"]] = organization
    return owners


def _row(line: int, record: dict, owner: Organization) -> Row:
    values = {
        key: ("" if value is None else str(value))
        for key, value in record.items()
        if key not in {"key", "owner", *LIST_FIELDS}
    }
    values.update({key: join_list(record.get(key) or []) for key in LIST_FIELDS})
    values.update(owner=str(owner.pk), status="published")
    return Row(line, values)


def demo_load(path: Path = DEMO_FILE) -> ImportReport:
    """Publish the demo listings that are not there yet; raises if the file is invalid."""
    records = json.loads(path.read_text(encoding="utf-8"))
    owners = _owners_by_key()
    existing = set(Listing.objects.filter(is_demo=True).values_list("owner_id", "title"))
    rows = [
        _row(index, record, owners[record["owner"]])
        for index, record in enumerate(records, start=1)
        if record["owner"] in owners
        and (owners[record["owner"]].pk, record["title"]) not in existing
    ]
    actor = get_user_model().objects.get(email=DEMO_SECRETARIAT_EMAIL)
    report = listings_import(rows=rows, actor=actor, is_demo=True)
    if not report.ok:
        raise ValueError("invalid demo listings: " + "; ".join(map(str, report.errors[:10])))
    return report
