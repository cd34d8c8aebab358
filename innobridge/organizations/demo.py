"""`innobridge demo`: a realistic alliance to look at and test against, loaded idempotently.

The organizations come from demo/organizations.json: every organization named in the
Mianyang Daily article on the 2025-06-12 Chengdu dialogue, plus plausible members in many
Belt and Road countries. All are marked is_demo. Running the loader again changes nothing
unless the file changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from innobridge.accounts.choices import Role
from innobridge.core.models import Sector
from innobridge.organizations.models import ContactPerson, Organization

DEMO_FILE = Path(__file__).parent / "demo" / "organizations.json"
DEMO_REASON = "demo data"
DEMO_SECRETARIAT_EMAIL = "secretariat@demo.innobridge.local"
DEMO_SECRETARIAT_PASSWORD = "demo-secretariat"  # noqa: S105 - printed for local demos only  # nosec B105
DEMO_MEMBER_PASSWORD = "demo-member"  # noqa: S105  # nosec B105
# Demo member editors: organization key -> e-mail address.
DEMO_EDITORS = {
    "mianyang-academy-agricultural-sciences": "editor@maas.demo.innobridge.local",
    "ha-xuyen-seed": "editor@haxuyen.demo.innobridge.local",
    "suzhou-industrial-park": "editor@sip.demo.innobridge.local",
}


@dataclass
class DemoSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return "\n".join([counts, *demo_logins()])


def demo_logins() -> list[str]:
    """The demo's sign-ins, as `innobridge demo` prints them."""
    return [
        f"Demo secretariat: {DEMO_SECRETARIAT_EMAIL} / {DEMO_SECRETARIAT_PASSWORD}",
        f"Demo member editors: {', '.join(DEMO_EDITORS.values())} / {DEMO_MEMBER_PASSWORD}",
    ]


def demo_login_hint() -> str:
    """The demo secretariat's sign-in for `innobridge serve` to print, if this database has
    the demo account with its published password; else "" (settings.DEMO_LOGIN_HINT)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email=DEMO_SECRETARIAT_EMAIL).first()
    if user is None or not user.check_password(DEMO_SECRETARIAT_PASSWORD):
        return ""
    return f"Demo secretariat login: {DEMO_SECRETARIAT_EMAIL} / {DEMO_SECRETARIAT_PASSWORD}"


def load_demo_records(path: Path = DEMO_FILE) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


def _organization_fields(record: dict[str, Any]) -> dict[str, Any]:
    def coordinate(value: float | None) -> Decimal | None:
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))

    return {
        "type": record["type"],
        "name_language": record["name_language"],
        "translated_names": record["translated_names"],
        "short_name": record.get("short_name", ""),
        "region": record.get("region", ""),
        "city": record.get("city", ""),
        "latitude": coordinate(record.get("latitude")),
        "longitude": coordinate(record.get("longitude")),
        "website": record.get("website", ""),
        "description": record.get("description", ""),
        "membership_status": record["membership_status"],
        "joined_on": date.fromisoformat(record["joined_on"]) if record.get("joined_on") else None,
        "roles": record.get("roles", []),
        "is_demo": True,
    }


def _upsert_organization(
    record: dict[str, Any], sectors: dict[str, Sector]
) -> tuple[Organization, str]:
    fields = _organization_fields(record)
    organization = Organization.objects.filter(
        name__iexact=record["name"], country=record["country"]
    ).first()
    outcome = "unchanged"
    if organization is None:
        organization = Organization(name=record["name"], country=record["country"], **fields)
        outcome = "created"
    else:
        changed = {k: v for k, v in fields.items() if getattr(organization, k) != v}
        for key, value in changed.items():
            setattr(organization, key, value)
        outcome = "updated" if changed else outcome
    if outcome != "unchanged":
        organization.full_clean()
        organization._change_reason = DEMO_REASON
        organization.save()
    wanted = {sectors[code].pk for code in record.get("sectors", [])}
    if set(organization.sectors.values_list("pk", flat=True)) != wanted:
        organization.sectors.set(wanted)
        outcome = "updated" if outcome == "unchanged" else outcome
    for contact in record.get("contacts", []):
        ContactPerson.objects.update_or_create(
            organization=organization, email=contact["email"], defaults=contact
        )
    return organization, outcome


def _ensure_user(
    email: str, *, password: str, role: str, organization: Organization | None, **extra
):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, role=role, organization=organization, **extra
        )
    return user


@transaction.atomic
def demo_load(path: Path = DEMO_FILE) -> DemoSummary:
    """Create or refresh the demo alliance; returns what it did."""
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    summary = DemoSummary()
    by_key: dict[str, Organization] = {}
    for record in load_demo_records(path):
        organization, outcome = _upsert_organization(record, sectors)
        by_key[record["key"]] = organization
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    _ensure_user(
        DEMO_SECRETARIAT_EMAIL,
        password=DEMO_SECRETARIAT_PASSWORD,
        role=Role.SECRETARIAT,
        organization=by_key.get("torch-center"),
        is_staff=True,
        first_name="Demo",
        last_name="Secretariat",
    )
    for key, email in DEMO_EDITORS.items():
        if key in by_key:
            _ensure_user(
                email,
                password=DEMO_MEMBER_PASSWORD,
                role=Role.MEMBER_EDITOR,
                organization=by_key[key],
            )
    return summary
